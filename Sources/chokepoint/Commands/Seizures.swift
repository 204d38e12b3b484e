import ArgumentParser
import ChokepointDomain
import ChokepointExport
import ChokepointGeo
import ChokepointSupport
import Foundation

extension Chokepoint {
    struct Seizures: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read seizure records, normalise them and merge reports of the same case.",
            discussion: """
                Reads CSV (the columns of a bundle's seizures.csv) or GeoJSON (Point features with the \
                same properties) and, against a bundle's places, provinces, aliases and gazetteer: \
                parses dates with their precision, maps commodity names to canonical ones, converts \
                amounts to kg (tablets by --tablet-mg, heroin cakes 350 g), and resolves place names \
                without regard to case or diacritics ("Nghệ An" = "Nghe An", "Hua Phan" = "Houaphanh"). \
                Reports of one case by two agencies (same commodity, dates within --merge-days, \
                places within --merge-km, amounts within --merge-ratio) are merged and the merges \
                listed. Bad rows are listed with file, line and field and skipped; with --strict any \
                bad row fails the run and nothing is written. Each record keeps its handling marking \
                (tlp column, else --tlp, else AMBER); --share-level leaves out the records marked \
                above a level, and --stix writes the records as a STIX 2.1 bundle with their markings.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Seizure files: CSV, GeoJSON, or any vector file GDAL reads (XLSX, ODS, Shapefile or zipped Shapefile, KML/KMZ, GeoPackage, FlatGeobuf); default: the bundle's seizures.csv.")
        var files: [String] = []

        @Option(help: "The bundle whose places resolve the seizures (default: the bundled GeoData/mekong).")
        var bundle: String?

        @Option(
            help:
                "The seizure files' character encoding: utf-8 (checked: a byte that is not UTF-8 is an error at its line), windows-1252 or latin-1."
        )
        var encoding: TextEncoding = .utf8

        @OptionGroup var sheet: SheetOptions

        @Option(
            help: ArgumentHelp(
                "Write only the records fit to share at this TLP 2.0 level (CLEAR, GREEN, AMBER, AMBER+STRICT): records marked above it are left out before merging.",
                valueName: "marking"))
        var shareLevel: TLP?

        @Option(
            help: ArgumentHelp(
                "Also write the records as a STIX 2.1 bundle (sightings with their locations, each with its TLP 2.0 marking) to this file.",
                valueName: "file"))
        var stix: String?

        @Flag(help: "Fail on any bad row instead of skipping it.")
        var strict = false

        @Flag(help: "Write an empty table when no record is usable, instead of failing.")
        var allowEmpty = false

        @Option(help: "Mass of one methamphetamine tablet, in milligrams (default: the scenario's seizures.tablet_mg, 100).")
        var tabletMg: Double?

        @Option(help: "Reports at most this many days apart may be the same case (default: seizures.merge_days, 3).")
        var mergeDays: Int?

        @Option(help: "Reports at most this many km apart may be the same case (default: seizures.merge_km, 10).")
        var mergeKm: Double?

        @Option(
            help:
                "Reports whose amounts differ by at most this fraction of the larger may be the same case (default: seizures.merge_ratio, 0.2)."
        )
        var mergeRatio: Double?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let tabletMg, !(tabletMg > 0 && tabletMg.isFinite) {
                throw ValidationError("--tablet-mg must be positive, got \(tabletMg).")
            }
            if let mergeDays, mergeDays < 0 { throw ValidationError("--merge-days must be 0 or more, got \(mergeDays).") }
            if let mergeKm, !(mergeKm >= 0 && mergeKm.isFinite) { throw ValidationError("--merge-km must be 0 or more, got \(mergeKm).") }
            if let mergeRatio, !(0...1).contains(mergeRatio) {
                throw ValidationError("--merge-ratio must be between 0 and 1, got \(mergeRatio).")
            }
            guard output.format != .geojson else {
                throw ValidationError("--format geojson is not offered here: area-level records have no point; use json or csv.")
            }
        }

        func run() throws {
            global.bootstrapLogging()
            let loaded = try CleanBundle(bundle)
            let (data, geos, proj) = (loaded.data, loaded.geos, loaded.proj)
            var pipeline = SeizurePipeline(bundle: data)
            if let tabletMg { pipeline.conversion.tabletGrams = tabletMg / 1000 }
            if let mergeDays { pipeline.merger.maxDays = mergeDays }
            if let mergeKm { pipeline.merger.maxKilometres = mergeKm }
            if let mergeRatio { pipeline.merger.maxRelativeDifference = mergeRatio }
            pipeline.sharing = shareLevel.map { SharingPolicy(level: $0, mode: .withhold) }
            let ingested =
                files.isEmpty ? pipeline.ingestBundleSeizures() : pipeline.ingest(
                    files: files, encoding: encoding, conventions: try sheet.conventions(), proj: proj, geos: geos)
            let problems = ingested.problems
            let stderr = FileHandle.standardError
            for p in problems { stderr.write(Data("\(p)\n".utf8)) }
            try ingested.requireRecords(allowEmpty: allowEmpty, files: files.isEmpty ? [BundleFile.seizures] : files)
            if strict && !problems.isEmpty {
                stderr.write(Data("\(problems.count) problem(s); nothing written (--strict)\n".utf8))
                throw ExitCode(1)
            }
            let (merged, merges) = (ingested.records, ingested.merges)
            for m in merges { stderr.write(Data("merged: \(m.merged.joined(separator: ", ")) into \(m.kept) (same case)\n".utf8)) }
            // A withheld row's place is as restricted as the row: not listed either.
            for r in ingested.resolutions where pipeline.sharing?.shares(r.marking) ?? true { stderr.write(Data("place: \(r)\n".utf8)) }
            let columns = [
                "id", "date", "date_precision", "commodity", "amount", "unit", "kg", "location",
                "location_precision", "lon", "lat", "mode", "agency", "merged_from", "source", "tlp",
            ]
            let table = ResultTable(columns: columns, count: merged.count) { i in
                let r = merged[i]
                // In the columns' order; one keys array shared by every row.
                let values: [JSONValue] = [
                    .string(r.id), .string(r.date.text), .string(r.date.precision.rawValue), .string(r.commodity.rawValue),
                    .number(r.amount), .string(r.unit), finiteNumber(r.kilograms), .string(r.location.description),
                    .string(r.precision.rawValue), finiteNumber(r.coordinate?.lon), finiteNumber(r.coordinate?.lat),
                    r.mode.map { .string($0.rawValue) } ?? .null, .string(r.agency), .array(r.mergedFrom.map { .string($0) }),
                    .string(r.source), .string(r.marking.description),
                ]
                return ResultTable.Row(values: JSONObject(distinctKeys: columns, values: values))
            }
            try table.write(output)
            if let stix {
                let bytes = try STIXBundle(records: merged, bundle: data, timestamp: Analyze.timestamp()).render()
                try AtomicFileWriter.write(bytes, to: stix)
            }
            let skipped = problems.isEmpty ? "" : "; \(problems.count) problem(s) in skipped rows"
            let a = ingested.account
            stderr.write(
                Data(
                    "\(a.rowsRead) rows read, \(a.rowsRead - a.skippedAsBad) records, \(shareLevel.map { _ in "\(a.withheld) withheld above the share level, " } ?? "")\(a.mergedAway) merged away, \(a.used) written\(skipped)\n"
                        .utf8))
        }
    }
}
