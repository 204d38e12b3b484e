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

        @Option(
            name: .customLong("set"),
            help: ArgumentHelp(
                "Override a scenario key by its dotted path, for example --set evidence.half_life_days=365 --set cost.speed_kmh.road=50 (repeatable; every key of the scenario file, checked the same way).",
                valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: "Directory for the layers and tables (created if missing).")
        var out: String = "out"

        @Option(
            help:
                "Seizure file (CSV, GeoJSON, XLSX, ODS, Shapefile, KML/KMZ, GeoPackage, FlatGeobuf...: the columns of a bundle's seizures.csv) to use instead of the bundle's seizures.csv; check it first with chokepoint seizures."
        )
        var seizures: String?

        @Option(
            help:
                "The seizure file's character encoding: utf-8 (checked: a byte that is not UTF-8 is an error at its line), windows-1252 or latin-1."
        )
        var encoding: TextEncoding = .utf8

        @OptionGroup var sheet: SheetOptions

        @OptionGroup var sharing: SharingOptions

        @Option(
            name: .customLong("format"), parsing: .upToNextOption,
            help: ArgumentHelp(
                "Also write every layer as kml (Google Earth, styled like the QGIS layers), fgb (FlatGeobuf) or shp (Shapefile with .prj and .cpg), through GDAL; the GeoJSON layers and the GeoPackage are always written.",
                valueName: "format"))
        var formats: [VectorFormat] = []

        @Option(name: .shortAndLong, help: "Routes per source→target pair.")
        var k: Int = 3

        @Option(help: "A route may share at most this fraction of its length with likelier ones kept.")
        var diverse: Double = 0.5

        @Option(parsing: .upToNextOption, help: "Count only these commodities (canonical names or synonyms).")
        var commodity: [String] = []

        @Option(help: "Only seizures from this date (YYYY[-MM[-DD]]).")
        var from: String?

        @Option(help: "Only seizures up to this date (YYYY[-MM[-DD]]).")
        var to: String?

        @Option(help: "Choose this many crossings whose control most disrupts the flow (controls.geojson/csv).")
        var controls: Int?

        @Option(
            help:
                "What-if: close these crossings or places (comma-separated ids) and report where the flow goes (displacement.geojson/csv).")
        var close: String?

        @Option(help: "Re-run the crossing ranking this many times on resampled seizures and perturbed costs (uncertainty.csv).")
        var samples: Int = 0

        @Option(help: "Seed for --samples.")
        var seed: UInt64 = 1

        @Flag(help: "Generate unofficial crossing candidates along the shared borders, score them with the rest (candidates.geojson/csv).")
        var candidates = false

        @Flag(help: "Run even when the seizure file holds no usable record (every evidence score is then 0).")
        var allowEmpty = false

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func validate() throws {
            guard k > 0 else { throw ValidationError("-k must be positive, got \(k).") }
            if let controls, controls <= 0 { throw ValidationError("--controls must be positive, got \(controls).") }
            guard samples >= 0 else { throw ValidationError("--samples must be 0 or more, got \(samples).") }
            guard (0...1).contains(diverse) else { throw ValidationError("--diverse must be between 0 and 1, got \(diverse).") }
            do { _ = try SeizureFilter(commodities: commodity, from: from, to: to) } catch {
                throw ValidationError(error.description)
            }
            _ = try sharing.policy()
        }

        /// Progress goes to stderr only on a terminal and without --quiet, so pipes, logs and
        /// tests see none of it.
        var showsProgress: Bool { !quiet && isatty(STDERR_FILENO) != 0 }

        static let clearLine = "\r\u{1B}[K"

        /// A step's message on its own line, nil when progress is not shown.
        var stepMessage: (@Sendable (String) -> Void)? {
            guard showsProgress else { return nil }
            return { message in FileHandle.standardError.write(Data("\(Self.clearLine)\(message)\n".utf8)) }
        }

        /// A counter rewritten in place ("  samples 12/50"), nil when progress is not shown.
        func counter(_ label: String) -> (@Sendable (Int, Int) -> Void)? {
            guard showsProgress else { return nil }
            let clear = Self.clearLine
            return { done, total in
                let text = done == total ? clear : "\(clear)  \(label) \(done)/\(total)"
                FileHandle.standardError.write(Data(text.utf8))
            }
        }

        func options() throws -> AnalysisJob.Options {
            var o = AnalysisJob.Options(bundleDirectory: try bundle ?? BundleLocation.defaultBundle())
            o.scenarioFile = scenario
            o.overrides = overrides
            o.seizureFile = seizures
            o.seizureEncoding = encoding
            o.seizureConventions = try sheet.conventions()
            o.analysis.routesPerPair = k
            o.analysis.maxSharedFraction = diverse
            o.analysis.sharing = try sharing.policy()
            o.analysis.progress = counter("source→target pairs routed")
            o.commodities = commodity
            (o.from, o.to) = (from, to)
            o.candidates = candidates
            o.allowEmpty = allowEmpty
            o.controls = controls
            o.close = (close ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            (o.samples, o.seed) = (samples, seed)
            o.step = stepMessage
            o.sampleProgress = counter("samples")
            return o
        }

        func run() throws {
            global.bootstrapLogging()
            let result = try AnalysisJob.run(try options())
            for p in result.analysis.seizureSet.problems { FileHandle.standardError.write(Data("\(p)\n".utf8)) }
            for r in result.analysis.seizureSet.resolutions { FileHandle.standardError.write(Data("place: \(r)\n".utf8)) }
            stepMessage?("writing layers, the GeoPackage and the styles to \(out)")
            var export = try AnalysisExport(directory: out, tool: "chokepoint \(ChokepointVersion.string)", result: result)
            export.formats = formats
            let files = try export.writeAll(result, timestamp: Self.timestamp())
            guard !quiet else { return }
            print(AnalysisSummary.lines(result, filesWritten: files.count, directory: out).joined(separator: "\n"))
        }

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

extension VectorFormat: ExpressibleByArgument {}
