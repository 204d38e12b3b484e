import ArgumentParser
import ChokepointAnalysis
import ChokepointDomain
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
                cheapest-route ranking analyze gave before the flow model.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The bundle directory (default: the bundled GeoData/mekong).")
        var bundle: String?

        @Option(
            name: .customLong("set"),
            help: ArgumentHelp("Override a scenario key by its dotted path (repeatable), as for analyze.", valueName: "key=value"))
        var overrides: [String] = []

        @Option(name: .customLong("cutoff"), help: "Cut-off years (repeatable; default 2021 2022 2023 2024).")
        var cutoffs: [Int] = [2021, 2022, 2023, 2024]

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !cutoffs.isEmpty else { throw ValidationError("give at least one --cutoff year") }
            guard cutoffs.allSatisfy({ (1900...2200).contains($0) }) else { throw ValidationError("--cutoff years must lie in 1900–2200") }
            guard output.format != .geojson else { throw ValidationError("--format geojson is not offered here; use json or csv") }
        }

        func run() throws {
            global.bootstrapLogging()
            let loaded = try CleanBundle(bundle, overrides: overrides)
            let seizures = SeizurePipeline(bundle: loaded.data).ingestBundleSeizures()
            try seizures.requireRecords(allowEmpty: false, files: [BundleFile.seizures])
            let scores = try Backtest.run(bundle: loaded.data, seizures: seizures, cutoffs: cutoffs, geos: loaded.geos)
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
    }
}
