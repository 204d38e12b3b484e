import ArgumentParser
import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

extension Chokepoint {
    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Weigh the network's nodes and links by seizure evidence, and explain each weight.",
            discussion: """
                Snaps seizures to nodes and links (within --bandwidth-km; area records spread over \
                their province or country), weighs each by log(1 + kg), time decay (--half-life-days) \
                and distance, and divides by how watched the element is (international gate 1, \
                unofficial crossing 0.2, road 0.5, trail 0.2; --no-bias-correction turns that off). \
                Lists elements by score with the seizures that moved them most; --explain ID lists \
                every seizure behind one node or link.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The bundle directory (default: the bundled GeoData/mekong).")
        var bundle: String?

        @Option(help: "Seizure file (CSV, GeoJSON, or any vector file GDAL reads); default: the bundle's seizures.csv.")
        var seizures: String?

        @Option(
            help:
                "The seizure file's character encoding: utf-8 (checked: a byte that is not UTF-8 is an error at its line), windows-1252 or latin-1."
        )
        var encoding: TextEncoding = .utf8

        @OptionGroup var sheet: SheetOptions

        @Option(help: "Kernel bandwidth in km (default: the scenario's evidence.bandwidth_km, 10).")
        var bandwidthKm: Double?

        @Option(help: "Half-life of evidence in days (default: the scenario's evidence.half_life_days, 730).")
        var halfLifeDays: Double?

        @Option(parsing: .upToNextOption, help: "Count only these commodities (canonical names or synonyms).")
        var commodity: [String] = []

        @Flag(help: "Run even when the seizure file holds no usable record (every score is then 0).")
        var allowEmpty = false

        @Flag(help: "Do not divide evidence by control intensity.")
        var noBiasCorrection = false

        @Option(help: "How many elements to list.")
        var top: Int = 20

        @Option(help: "List every seizure behind this node or link id.")
        var explain: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let bandwidthKm, !(bandwidthKm > 0 && bandwidthKm.isFinite) {
                throw ValidationError("--bandwidth-km must be positive, got \(bandwidthKm).")
            }
            if let halfLifeDays, !(halfLifeDays > 0 && halfLifeDays.isFinite) {
                throw ValidationError("--half-life-days must be positive, got \(halfLifeDays).")
            }
            guard top > 0 else { throw ValidationError("--top must be positive, got \(top).") }
            for name in commodity where Commodity(parsing: name) == nil {
                throw ValidationError(
                    "unknown commodity \"\(name)\" (expected one of \(Commodity.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }

        func run() throws {
            global.bootstrapLogging()
            let loaded = try CleanBundle(bundle)
            let (data, geos, proj) = (loaded.data, loaded.geos, loaded.proj)
            var pipeline = SeizurePipeline(bundle: data)
            pipeline.filter = try SeizureFilter(commodities: commodity, from: nil, to: nil, replacing: pipeline.filter)
            let ingested =
                try seizures.map { pipeline.ingest(files: [$0], encoding: encoding, conventions: try sheet.conventions(), proj: proj, geos: geos) } ?? pipeline.ingestBundleSeizures()
            for p in ingested.problems { FileHandle.standardError.write(Data("\(p)\n".utf8)) }
            try ingested.requireRecords(allowEmpty: allowEmpty, files: [seizures ?? BundleFile.seizures])
            var parameters = data.scenario?.evidence ?? EvidenceModel.Parameters()
            if let bandwidthKm { parameters.bandwidthKm = bandwidthKm }
            if let halfLifeDays { parameters.halfLifeDays = halfLifeDays }
            if noBiasCorrection { parameters.correctsDetectionBias = false }
            let model = try SeizurePipeline.snap(ingested.records, to: data, bandwidthKm: parameters.bandwidthKm, geos: geos)
                .evidence(on: data, parameters: parameters)
            let elements = BundleElements(bundle: data)
            if let explain {
                guard let element = elements.element(explain) else {
                    throw ValidationErrorMessage("no node or link with id \(explain) in \(loaded.directory)")
                }
                try Self.explanation(of: element, model: model, records: ingested.records).write(output)
            } else {
                try Self.ranking(model, top: top, elements: elements, records: ingested.records).write(output)
            }
        }

        /// Every seizure behind one element, with its weight and share.
        static func explanation(of element: EvidenceElement, model: EvidenceModel, records: [SeizureRecord]) -> ResultTable {
            var table = ResultTable(columns: [
                "seizure", "date", "commodity", "kg", "distance_km", "weight", "share_of_score", "source", "tlp",
            ])
            let total = model.scores[element] ?? 0
            let contributions = model.contributions(of: element)
            for c in contributions {
                let r = records[c.record]
                table.append(
                    [
                        "seizure": .string(r.id), "date": .string(r.date.text), "commodity": .string(r.commodity.rawValue),
                        "kg": finiteNumber(r.kilograms), "distance_km": .number(c.distanceMetres / 1000),
                        "weight": .number(c.weight), "share_of_score": .number(total > 0 ? c.weight / total : 0),
                        "source": .string(r.source), "tlp": .string(r.marking.description),
                    ], geometry: r.coordinate.map { .point($0) })
            }
            table.marking = contributions.map { records[$0.record].marking }.max()
            return table
        }

        /// The `top` elements by score, with the seizures that moved them most.
        static func ranking(_ model: EvidenceModel, top: Int, elements: BundleElements, records: [SeizureRecord]) -> ResultTable {
            var table = ResultTable(columns: ["rank", "id", "kind", "name", "score", "seizures", "top_seizures", "tlp"])
            for (rank, item) in model.ranked.prefix(top).enumerated() {
                let d = elements.describe(item.element)
                let contributions = model.contributions(of: item.element)
                table.append(
                    [
                        "rank": .integer(Int64(rank + 1)), "id": .string(d.id), "kind": .string(d.kind), "name": .string(d.name),
                        "score": .number(item.score), "seizures": .integer(Int64(contributions.count)),
                        "top_seizures": .array(contributions.prefix(3).map { .string(records[$0.record].id) }),
                        // The strictest marking among every record behind the score.
                        "tlp": .string(contributions.map { records[$0.record].marking }.max()?.description ?? ""),
                    ], geometry: d.geometry)
            }
            table.marking = records.map(\.marking).max()
            return table
        }
    }
}
