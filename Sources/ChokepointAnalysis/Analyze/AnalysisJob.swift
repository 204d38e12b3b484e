import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

/// The main job, once: options in, one `AnalysisResult` out. It reads and checks the bundle
/// (`CheckedBundle`, with the scenario file and `--set` overrides applied), runs the seizure
/// chain (`SeizurePipeline`), generates crossing candidates when asked, and runs the
/// analysis with its controls, what-if and rank intervals. `AnalysisExport` writes the
/// result; `chokepoint analyze` only maps flags to `Options`.
public enum AnalysisJob {
    public struct Options: Sendable {
        public var bundleDirectory: String
        /// A scenario file to use instead of the bundle's scenario.yaml.
        public var scenarioFile: String?
        /// `KEY=VALUE` overrides of scenario keys (`--set`).
        public var overrides: [String] = []
        /// An analyst's seizure file to use instead of the bundle's seizures.csv.
        public var seizureFile: String?
        /// The seizure file's character encoding.
        public var seizureEncoding = TextEncoding.utf8
        /// How that file writes dates, numbers, units and modes.
        public var seizureConventions = SeizureConventions()
        public var analysis = Analysis.Options()
        /// Commodity names or synonyms to keep (empty: the scenario's, else all).
        public var commodities: [String] = []
        /// The date window's ends, YYYY[-MM[-DD]] (nil: open).
        public var from: String?
        public var to: String?
        /// Generate unofficial crossing candidates and score them with the rest.
        public var candidates = false
        /// Choose this many controls.
        public var controls: Int?
        /// Close these node ids and report where the flow goes.
        public var close: [String] = []
        /// Run even when no seizure record is usable (every evidence score then 0).
        public var allowEmpty = false
        /// Rank-stability samples (0: none) and their seed.
        public var samples = 0
        public var seed: UInt64 = 1
        /// Told of each step as it starts ("weighing the evidence ..."), for a terminal.
        public var step: (@Sendable (String) -> Void)?
        /// Told how many rank-stability samples are done.
        public var sampleProgress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

        public init(bundleDirectory: String) {
            self.bundleDirectory = bundleDirectory
        }
    }

    public static func run(_ options: Options) throws -> AnalysisResult {
        let geos = try GEOSContext()
        let proj = try PROJContext()
        options.step?("reading and checking the bundle")
        let overrides = try options.overrides.map { text throws(InputError) in try ScenarioOverride(parsing: text) }
        var bundle = try CheckedBundle.read(
            directory: options.bundleDirectory, scenario: options.scenarioFile,
            overrides: overrides, proj: proj, geos: geos)
        let seizures = try ingestSeizures(options, bundle: bundle, proj: proj, geos: geos)
        var generated: [CrossingCandidates.Candidate] = []
        if options.candidates {
            options.step?("generating crossing candidates along the borders")
            let generator = CrossingCandidates()
            generated = try generator.generate(bundle, geos: geos)
            bundle = try generator.augment(bundle, with: generated)
        }
        options.step?("weighing the evidence and routing the demand")
        let analysis = try Analysis(bundle: bundle, seizures: seizures, options: options.analysis, geos: geos)
        var result = AnalysisResult(analysis: analysis, candidates: generated, options: options)
        if let k = options.controls {
            options.step?("choosing \(k) controls")
            result.controls = analysis.controls(k: k)
        }
        if !options.close.isEmpty { result.whatIf = try analysis.whatIf(closing: options.close) }
        if options.samples > 0 {
            options.step?("sampling \(options.samples) rankings")
            result.stability = try analysis.rankStability(
                samples: options.samples, seed: options.seed,
                progress: options.sampleProgress)
        }
        return result
    }

    /// The bundle's seizures as the bundle reader read them, or the analyst's file.
    private static func ingestSeizures(
        _ options: Options, bundle: NetworkBundle, proj: PROJContext,
        geos: GEOSContext
    ) throws -> SeizureSet {
        var pipeline = SeizurePipeline(bundle: bundle)
        pipeline.sharing = options.analysis.sharing
        pipeline.filter = try SeizureFilter(
            commodities: options.commodities, from: options.from, to: options.to,
            replacing: pipeline.filter)
        let set: SeizureSet
        if let file = options.seizureFile {
            guard FileManager.default.fileExists(atPath: file) else {
                throw InputError(InputLocation(file: file, field: "--seizures"), "no such file")
            }
            set = pipeline.ingest(
                files: [file], encoding: options.seizureEncoding, conventions: options.seizureConventions, proj: proj, geos: geos)
        } else {
            set = pipeline.ingestBundleSeizures()
        }
        try set.requireRecords(allowEmpty: options.allowEmpty, files: [options.seizureFile ?? BundleFile.seizures])
        try checkReferenceDateMayBeShown(set, options: options, bundle: bundle)
        return set
    }

    /// Without `evidence.as_of` the evidence is weighed as of the newest record's last day,
    /// and every file's parameters show that date. When only records that may not be named
    /// (aggregate mode) carry it, it would show a date of theirs, which the banner promises
    /// it does not: the analyst sets the reference date instead, or withholds them.
    private static func checkReferenceDateMayBeShown(_ set: SeizureSet, options: Options, bundle: NetworkBundle) throws(InputError) {
        guard let sharing = options.analysis.sharing, sharing.mode == .aggregate, bundle.scenario?.evidence.referenceDay == nil,
            let newestDay = set.records.map(\.date.lastDay).max()
        else { return }
        let newest = set.records.filter { $0.date.lastDay == newestDay }
        guard !newest.contains(where: { sharing.shares($0.marking) }) else { return }
        throw InputError(
            InputLocation(file: options.scenarioFile ?? BundleFile.scenario, field: "evidence.as_of"),
            "the newest seizure record (\(newest[0].id)) is marked above the share level, and without evidence.as_of the evidence is weighed as of its date, which every file would show: set the date yourself (--set evidence.as_of=YYYY-MM-DD, on or after \(SeizureDate.isoDate(dayNumber: newestDay))) or use --share-mode withhold"
        )
    }
}

/// Everything one run of the main job found, for `AnalysisExport` to write and the CLI to
/// summarise.
public struct AnalysisResult {
    public var analysis: Analysis
    /// Generated unofficial crossing candidates (with `--candidates`), now crossings of
    /// `analysis.bundle`.
    public var candidates: [CrossingCandidates.Candidate]
    public var controls: [Analysis.Control] = []
    public var whatIf: Analysis.WhatIf?
    public var stability: [Analysis.RankStability] = []
    public var samples: Int
    /// The scenario's name, for titles.
    public var title: String
    /// The date the evidence is weighed as of (ISO 8601), and where it comes from: the
    /// scenario's `evidence.as_of`, or the newest record, named.
    public var evidenceAsOf: String
    public var evidenceAsOfFrom: String
    /// The run's parameters as the exports' metadata records them, in a fixed order.
    public var parameters: JSONObject
    /// Every file the run read (bundle tables, scenario, seizure file), for their digests.
    public var inputFiles: [String]

    init(analysis: Analysis, candidates: [CrossingCandidates.Candidate], options o: AnalysisJob.Options) {
        self.analysis = analysis
        self.candidates = candidates
        samples = o.samples
        let scenario = analysis.bundle.scenario
        title = scenario?.name ?? "Chokepoint analysis"
        let evidence = analysis.evidence.parameters
        evidenceAsOf = SeizureDate.isoDate(dayNumber: analysis.evidence.referenceDay)
        evidenceAsOfFrom = Self.asOfOrigin(analysis)
        parameters = [
            "bundle": .string(o.bundleDirectory), "scenario": .string(o.scenarioFile ?? BundleFile.scenario),
            "seizures": .string(o.seizureFile ?? BundleFile.seizures), "overrides": .string(o.overrides.joined(separator: ";")),
            "routes_per_pair": .integer(Int64(o.analysis.routesPerPair)), "max_shared_fraction": .number(o.analysis.maxSharedFraction),
            "commodities": .string(o.commodities.joined(separator: ";")), "from": .string(o.from ?? ""), "to": .string(o.to ?? ""),
            "evidence_strength": .number(analysis.costs.parameters.evidenceStrength),
            "bandwidth_km": .number(evidence.bandwidthKm), "half_life_days": .number(evidence.halfLifeDays),
            "evidence_as_of": .string(evidenceAsOf), "evidence_as_of_from": .string(evidenceAsOfFrom),
            "estimate_stretch": .number(analysis.estimate.stretch),
            "estimate_max_iterations": .integer(Int64(analysis.estimate.maxIterations)),
            "samples": .integer(Int64(o.samples)), "seed": .integer(Int64(o.seed)),
            "markets": .string(scenario?.markets.joined(separator: ";") ?? ""),
            "share_level": .string(o.analysis.sharing?.level.description ?? ""),
            "share_mode": .string(o.analysis.sharing?.mode.rawValue ?? ""),
        ]
        let directory = o.bundleDirectory as NSString
        let bundleFiles = [
            BundleFile.places, BundleFile.crossings, BundleFile.links, BundleFile.provinces, BundleFile.countries,
            BundleFile.borders, BundleFile.gazetteer, BundleFile.demand,
        ]
        inputFiles =
            bundleFiles.map { directory.appendingPathComponent($0) }
            + [
                o.scenarioFile ?? directory.appendingPathComponent(BundleFile.scenario),
                o.seizureFile ?? directory.appendingPathComponent(BundleFile.seizures),
            ]
    }

    /// Where the evidence's reference date comes from: the scenario's `evidence.as_of`, or
    /// the newest record (named, since that one record sets every other record's weight).
    static func asOfOrigin(_ a: Analysis) -> String {
        if a.bundle.scenario?.evidence.referenceDay != nil { return "scenario evidence.as_of" }
        let newest = a.seizures.indices.max { i, j in
            (a.seizures[i].date.lastDay, a.seizures[j].id) < (a.seizures[j].date.lastDay, a.seizures[i].id)
        }
        guard let newest else { return "no record (day 0)" }
        // A record that may not be named is not named here either.
        guard a.disclosure.names(newest) else { return "the newest record, not named at this share level" }
        return "the newest record, \(a.seizures[newest].id)"
    }

    /// What the seizure chain did: rows read, skipped as bad, filtered out, merged away, used.
    public var seizureAccount: SeizureAccount { analysis.seizureSet.account }
}
