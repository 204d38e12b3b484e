import ArgumentParser
import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

extension Chokepoint {
    struct BacktestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "Check the flow model on the bundle's real seizures, held out in time, against baselines.",
            discussion: """
                For each --cutoff year, fits the flow model on the seizures dated before 1 January \
                of that year and scores where the later ones were made: hit rate of the top 20 \
                and top 10% of nodes and links, the predictive accuracy index (PAI) of the top 10%, \
                and the held-out log likelihood per unit of seizure weight; then the same pooled \
                over the cut-offs. Baselines fitted on the same past: past seizure counts, a \
                kernel density of past seizures, plain betweenness on travel time, and the \
                cheapest-route ranking analyze gave before the flow model. --curve-out writes \
                every method's hit rate as a function of the share of elements flagged; \
                --elements-out a GeoJSON layer of the latest cut-off: each node and link with \
                the flow model's flow, every method's expected share of the held-out seizures, \
                and the held-out seizure weight found there.
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var input: CheckedBundleArguments

        @Option(name: .customLong("cutoff"), help: "Cut-off years (repeatable; default 2021 2022 2023 2024).")
        var cutoffs: [Int] = [2021, 2022, 2023, 2024]

        @Option(help: ArgumentHelp("Write the hit-rate curves here, as CSV (per cut-off and pooled).", valueName: "file"))
        var curveOut: String?

        @Option(
            help: ArgumentHelp(
                "Write the latest cut-off's predictions and held-out seizures per node and link here, as GeoJSON.", valueName: "file"))
        var elementsOut: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !cutoffs.isEmpty else { throw ValidationError("give at least one --cutoff year") }
            guard cutoffs.allSatisfy({ (1900...2200).contains($0) }) else { throw ValidationError("--cutoff years must lie in 1900–2200") }
            guard output.format != .geojson else { throw ValidationError("--format geojson is not offered here; use json or csv") }
        }

        func run() throws {
            global.bootstrapLogging()
            let loaded = try input.load()
            let seizures = SeizurePipeline(bundle: loaded.data).ingestBundleSeizures()
            try seizures.requireRecords(allowEmpty: false, files: [BundleFile.seizures])
            let folds = try Backtest.folds(bundle: loaded.data, seizures: seizures, cutoffs: cutoffs, geos: loaded.geos)
            let scores = Backtest.scores(folds)
            if let curveOut { try Self.curveTable(folds).write(format: .csv, to: curveOut) }
            if let elementsOut, let last = folds.last {
                // Every fold is built from the bundle's records: the strictest of them marks it.
                var elements = Self.elementTable(last, loaded.data)
                elements.marking = seizures.records.map(\.marking).max()
                try elements.write(format: .geojson, to: elementsOut)
            }
            var table = ResultTable(columns: [
                "cutoff", "method", "train_records", "test_records", "test_weight", "hit_rate_top20", "hit_rate_top10pct",
                "pai_top10pct", "log_likelihood",
            ])
            for s in scores {
                table.append([
                    "cutoff": s.cutoff.map { .string(String($0)) } ?? .string("pooled"), "method": .string(s.method.rawValue),
                    "train_records": .integer(Int64(s.trainRecords)), "test_records": .integer(Int64(s.testRecords)),
                    "test_weight": .number(s.testWeight), "hit_rate_top20": .number(s.hitRateTop20),
                    "hit_rate_top10pct": .number(s.hitRateTop10Percent), "pai_top10pct": .number(s.pai10Percent),
                    "log_likelihood": .number(s.logLikelihood),
                ])
            }
            try table.write(output)
        }

        static func curveTable(_ folds: [Backtest.Fold]) -> ResultTable {
            var table = ResultTable(columns: ["cutoff", "method", "flagged", "flagged_share", "hit_rate"])
            for p in Backtest.curves(folds) {
                table.append([
                    "cutoff": .string(p.cutoff.map(String.init) ?? "pooled"), "method": .string(p.method.rawValue),
                    "flagged": .integer(Int64(p.flagged)), "flagged_share": .number(p.flaggedShare), "hit_rate": .number(p.hitRate),
                ])
            }
            return table
        }

        /// One feature per node and link: the fold's flow, each method's share of its total
        /// intensity (the distribution the log likelihood scores), and the held-out weight.
        static func elementTable(_ fold: Backtest.Fold, _ bundle: NetworkBundle) -> ResultTable {
            let methods = Backtest.Method.allCases
            let expected = methods.map { "expected_" + $0.rawValue.replacingOccurrences(of: "-", with: "_") }
            var table = ResultTable(columns: ["id", "kind", "name", "cutoff", "flow", "held_out_weight"] + expected)
            let totals = methods.map { m in (fold.predictions[m] ?? []).reduce(0, +) }
            let elements = BundleElements(bundle: bundle)
            for e in 0..<fold.heldOut.count {
                let d = elements.describe(e < bundle.nodeCount ? .node(e) : .link(e - bundle.nodeCount))
                // Property order as first written: the fold's figures, then the element.
                var row: JSONObject = [
                    "cutoff": .integer(Int64(fold.cutoff)), "flow": .number(fold.flow[e]), "held_out_weight": .number(fold.heldOut[e]),
                ]
                row["id"] = .string(d.id)
                row["name"] = .string(d.name)
                row["kind"] = .string(d.kind)
                for (k, m) in methods.enumerated() {
                    let p = fold.predictions[m] ?? []
                    row[expected[k]] = .number(totals[k] > 0 && e < p.count ? p[e] / totals[k] : 0)
                }
                table.append(row, geometry: d.geometry)
            }
            return table
        }
    }
}
