import ArgumentParser
import ChokepointAnalysis
import ChokepointDomain
import ChokepointExport
import ChokepointGeo
import ChokepointSupport
import Foundation

extension Chokepoint {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The main job: rank routes, crossings and provinces from the evidence, and write GIS layers.",
            discussion: """
            Runs the whole pipeline on a bundle (default: the bundled GeoData/mekong) and its \
            scenario: seizures are read, normalised and merged, snapped and weighed into an \
            evidence score per node and link; the generalised cost (travel time by mode, \
            crossing delays, evidence) routes the scenario's demand. Writes to --out (default \
            out/): routes, crossings, provinces, links and seizures as GeoJSON layers, and the \
            rankings as CSV; prints a short summary. Same inputs, same outputs, byte for byte.
            """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The bundle directory (default: the bundled GeoData/mekong).")
        var bundle: String?

        @Option(help: "Scenario file (default: the bundle's scenario.yaml).")
        var scenario: String?

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key by its dotted path, for example --set evidence.half_life_days=365 --set cost.speed_kmh.road=50 (repeatable; every key of the scenario file, checked the same way).", valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: "Directory for the layers and tables (created if missing).")
        var out: String = "out"

        @Option(help: "Seizure file (CSV or GeoJSON, the columns of a bundle's seizures.csv) to use instead of the bundle's seizures.csv; check it first with chokepoint seizures.")
        var seizures: String?

        @Option(name: .shortAndLong, help: "Routes per source→target pair.")
        var k: Int = 3

        @Option(help: "A route may share at most this fraction of its length with better-ranked ones.")
        var diverse: Double = 0.5

        @Option(help: "Yen candidates examined per pair for diverse routes (lower it on large networks; a pair may then get fewer routes).")
        var maxExamined: Int = 2_000

        @Option(parsing: .upToNextOption, help: "Count only these commodities (canonical names or synonyms).")
        var commodity: [String] = []

        @Option(help: "Only seizures from this date (YYYY[-MM[-DD]]).")
        var from: String?

        @Option(help: "Only seizures up to this date (YYYY[-MM[-DD]]).")
        var to: String?

        @Option(help: "Choose this many crossings whose control most disrupts the flow (controls.geojson/csv).")
        var controls: Int?

        @Option(help: "What-if: close these crossings or places (comma-separated ids) and report where the flow goes (displacement.geojson/csv).")
        var close: String?

        @Option(help: "Re-run the crossing ranking this many times on resampled seizures and perturbed costs (uncertainty.csv).")
        var samples: Int = 0

        @Option(help: "Seed for --samples.")
        var seed: UInt64 = 1

        @Flag(help: "Generate unofficial crossing candidates along the shared borders, score them with the rest (candidates.geojson/csv).")
        var candidates = false

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func validate() throws {
            guard k > 0 else { throw ValidationError("-k must be positive, got \(k).") }
            guard maxExamined >= k else { throw ValidationError("--max-examined must be at least -k, got \(maxExamined).") }
            if let controls, controls <= 0 { throw ValidationError("--controls must be positive, got \(controls).") }
            guard samples >= 0 else { throw ValidationError("--samples must be 0 or more, got \(samples).") }
            guard (0...1).contains(diverse) else { throw ValidationError("--diverse must be between 0 and 1, got \(diverse).") }
            for name in commodity where Commodity(parsing: name) == nil {
                throw ValidationError("unknown commodity \"\(name)\" (expected one of \(Commodity.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            for (flag, value) in [("--from", from), ("--to", to)] {
                if let value, SeizureDate(value) == nil { throw ValidationError("\(flag): \"\(value)\" is not a date YYYY[-MM[-DD]]") }
            }
        }

        /// Progress goes to stderr only on a terminal and without --quiet, so pipes, logs and
        /// tests see none of it.
        var showsProgress: Bool { !quiet && isatty(STDERR_FILENO) != 0 }

        func progress(_ message: String) {
            guard showsProgress else { return }
            FileHandle.standardError.write(Data("\(Self.clearLine)\(message)\n".utf8))
        }

        static let clearLine = "\r\u{1B}[K"

        /// A counter rewritten in place ("  samples 12/50"), nil when progress is not shown.
        func counter(_ label: String) -> (@Sendable (Int, Int) -> Void)? {
            guard showsProgress else { return nil }
            let clear = Self.clearLine
            return { done, total in
                let text = done == total ? clear : "\(clear)  \(label) \(done)/\(total)"
                FileHandle.standardError.write(Data(text.utf8))
            }
        }

        func run() throws {
            global.bootstrapLogging()
            progress("reading the bundle")
            let loaded = try CleanBundle(bundle)
            var data = loaded.data
            if scenario != nil || !overrides.isEmpty {
                let parsed = try overrides.map { text throws(InputError) in try ScenarioOverride(parsing: text) }
                data.scenario = try BundleReader.scenario(path: scenario ?? (loaded.directory as NSString).appendingPathComponent(BundleFile.scenario),
                                                          overrides: parsed)
            }
            let seizureFile = seizures ?? (loaded.directory as NSString).appendingPathComponent(BundleFile.seizures)
            if seizures != nil && !FileManager.default.fileExists(atPath: seizureFile) {
                throw ValidationErrorMessage("--seizures: no such file \(seizureFile)")
            }
            let (rows, readProblems) = FileManager.default.fileExists(atPath: seizureFile)
                ? SeizureFileReader(proj: loaded.proj, geos: loaded.geos).read(path: seizureFile) : ([], [])
            var options = Analysis.Options()
            options.routesPerPair = k
            options.maxSharedFraction = diverse
            options.maxExamined = maxExamined
            if !commodity.isEmpty { options.commodities = Set(commodity.compactMap { Commodity(parsing: $0) }) }
            if from != nil || to != nil {
                options.window = (from.flatMap { SeizureDate($0)?.firstDay } ?? Int.min)...(to.flatMap { SeizureDate($0)?.lastDay } ?? Int.max)
            }
            var generated: [CrossingCandidates.Candidate] = []
            if candidates {
                progress("generating crossing candidates along the borders")
                let generator = CrossingCandidates()
                generated = try generator.generate(data, geos: loaded.geos)
                data = try generator.augment(data, with: generated)
            }
            progress("weighing the evidence and routing the demand")
            options.progress = counter("source→target pairs routed")
            let analysis = try Analysis(bundle: data, seizureRows: rows, seizureFile: seizureFile, options: options, geos: loaded.geos)
            for p in (readProblems + analysis.problems).sorted() { FileHandle.standardError.write(Data("\(p)\n".utf8)) }
            progress("writing layers, the GeoPackage and the styles to \(out)")
            let parameters: JSONObject = [
                "bundle": .string(loaded.directory), "scenario": .string(scenario ?? "scenario.yaml"),
                "seizures": .string(seizures ?? BundleFile.seizures), "overrides": .string(overrides.joined(separator: ";")),
                "routes_per_pair": .integer(Int64(k)), "max_shared_fraction": .number(diverse),
                "commodities": .string(commodity.joined(separator: ";")), "from": .string(from ?? ""), "to": .string(to ?? ""),
                "evidence_strength": .number(analysis.costs.parameters.evidenceStrength),
                "bandwidth_km": .number(analysis.evidence.parameters.bandwidthKm),
                "half_life_days": .number(analysis.evidence.parameters.halfLifeDays),
                "estimate_stretch": .number(data.scenario?.estimate.stretch ?? FlowEstimateParameters().stretch),
                "estimate_max_iterations": .integer(Int64(data.scenario?.estimate.maxIterations ?? FlowEstimateParameters().maxIterations)),
                "samples": .integer(Int64(samples)), "seed": .integer(Int64(seed)),
            ]
            let bundleFiles = [BundleFile.places, BundleFile.crossings, BundleFile.links, BundleFile.provinces, BundleFile.countries,
                               BundleFile.borders, BundleFile.gazetteer, BundleFile.demand]
                .map { (loaded.directory as NSString).appendingPathComponent($0) }
            let scenarioFile = scenario ?? (loaded.directory as NSString).appendingPathComponent(BundleFile.scenario)
            let inputs = try InputDigest.object(bundleFiles + [scenarioFile, seizureFile])
            let export = AnalysisExport(directory: out, tool: "chokepoint \(ChokepointVersion.string)", parameters: parameters, inputs: inputs)
            var files = try export.write(analysis)
            if candidates { files += try export.writeCandidates(analysis, generated) }
            files.append(try export.writeMap(analysis, title: "\(data.scenario?.name ?? "Chokepoint") — expected flow from seizure evidence"))
            var chosen: [Analysis.Control] = []
            if let controls {
                progress("choosing \(controls) controls")
                chosen = try analysis.controls(k: controls).controls
                files += try export.writeControls(analysis, chosen)
            }
            var whatIf: Analysis.WhatIf?
            if let close {
                let ids = close.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let result = try analysis.whatIf(closing: ids)
                files += try export.writeDisplacement(analysis, result)
                whatIf = result
            }
            var stability: [Analysis.RankStability] = []
            if samples > 0 {
                progress("sampling \(samples) rankings")
                stability = try analysis.rankStability(samples: samples, seed: seed, geos: loaded.geos, progress: counter("samples"))
                files.append(try export.writeUncertainty(analysis, stability, k: 10, samples: samples))
            }
            files.append(try export.writeGeoPackage(timestamp: Self.timestamp()))
            var report = Report()
            report.stability = stability
            report.samples = samples
            report.controls = chosen
            report.whatIf = whatIf
            report.candidates = generated
            report.parameters = parameters.map { key, value -> (String, String) in
                switch value {
                case let .integer(i): return (key, String(i))
                case let .number(x): return (key, String(format: "%g", x))
                default: return (key, value.stringValue ?? "")
                }
            }.filter { !$0.1.isEmpty }
            let reportPath = (out as NSString).appendingPathComponent("report.md")
            try AtomicFileWriter.write(Array(report.render(analysis, title: data.scenario?.name ?? "Chokepoint analysis").utf8), to: reportPath)
            files.append(reportPath)
            guard !quiet else { return }
            var lines: [String] = []
            lines.append("\(data.scenario?.name ?? "scenario"): \(analysis.seizures.count) seizures (\(analysis.merges.count) merges, \(analysis.problems.count + readProblems.count) bad rows skipped), demand \(Self.number(analysis.totalDemand)), unserved \(Self.number(analysis.unservedDemand))")
            lines.append("Crossings by expected flow (evidence, bias-corrected):")
            for (rank, c) in analysis.crossings.prefix(8).enumerated() {
                let x = data.crossings[c.index]
                lines.append("  \(rank + 1). \(x.name) [\(x.typeLabel), \(x.countryA)-\(x.countryB)]  flow \(Self.number(c.flow))  evidence \(String(format: "%.1f", c.evidence))")
            }
            lines.append("Provinces by flow through their towns:")
            for (rank, p) in analysis.provinces.prefix(5).enumerated() {
                let name = data.provinces.first { $0.id == p.id }?.name ?? p.id
                lines.append("  \(rank + 1). \(name)  flow \(Self.number(p.flow))  seizures \(p.seizures)")
            }
            lines.append("Best routes to the heaviest destinations:")
            let weight = Dictionary(data.demand.map { ($0.target, $0.weight) }, uniquingKeysWith: { a, _ in a })
            let best = analysis.routes.filter { $0.rank == 1 }.sorted { (weight[$1.target] ?? 0, $0.source, $0.target) < (weight[$0.target] ?? 0, $1.source, $1.target) }
            for r in best.prefix(5) {
                lines.append("  \(r.source) → \(r.target): \(String(format: "%.0f km, %.1f h", r.lengthKm, r.travelHours)) via \(r.crossings.isEmpty ? "no crossing" : r.crossings.joined(separator: ", "))")
            }
            if candidates {
                let byID = Set(generated.map(\.id))
                let top = analysis.crossings.filter { byID.contains(data.crossings[$0.index].id) }.prefix(5)
                lines.append("Unofficial crossing candidates (\(generated.count) generated; targets for patrols):")
                for c in top {
                    let x = data.crossings[c.index]
                    lines.append("  \(x.id): \(x.nameA) (\(x.countryA)) – \(x.nameB) (\(x.countryB))  flow \(Self.number(c.flow))  evidence \(String(format: "%.1f", c.evidence))")
                }
            }
            if !chosen.isEmpty {
                lines.append("Controls that most disrupt the flow (greedy interdiction):")
                for (rank, c) in chosen.enumerated() {
                    lines.append("  \(rank + 1). \(data.crossings[c.crossing].name)  adds \(Self.number(c.marginalUnserved)) demand cut off, +\(Self.number(c.marginalCostHours)) demand-hours")
                }
            }
            if let whatIf {
                lines.append("Closing \(whatIf.closed.joined(separator: ", ")): demand cut off \(Self.number(whatIf.unservedBefore)) → \(Self.number(whatIf.unservedAfter)); flow moves to")
                let gains = data.crossings.indices.filter { whatIf.after[$0] > whatIf.before[$0] }
                    .sorted { (whatIf.after[$1] - whatIf.before[$1], data.crossings[$0].id) < (whatIf.after[$0] - whatIf.before[$0], data.crossings[$1].id) }
                for k in gains.prefix(5) {
                    lines.append("  \(data.crossings[k].name): \(Self.number(whatIf.before[k])) → \(Self.number(whatIf.after[k]))")
                }
                if gains.isEmpty { lines.append("  (no crossing gains flow)") }
            }
            lines.append("Wrote \(files.count) files to \(out)/")
            print(lines.joined(separator: "\n"))
        }

        static func number(_ x: Double) -> String { String(format: "%.0f", x) }

        /// The GeoPackage's change dates: $SOURCE_DATE_EPOCH (the reproducible-builds
        /// convention) when set, else the Unix epoch, so that the same inputs give the same
        /// bytes; the run's own date would not.
        static func timestamp() -> String {
            let seconds = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? 0
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
    }
}
