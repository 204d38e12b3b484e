import ArgumentParser
import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

extension Chokepoint {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the evidence model against a simulated truth, and against two baselines.",
            discussion: """
                Draws hidden true routes on the bundle (travel time with lognormal noise; official \
                gates --official-avoidance times slower), generates seizures where that flow meets \
                controls (plus noise seizures), ranks crossings blind seven ways (the fitted flow \
                model analyze ranks by; the evidence cost's routed flow and the seizure-implied flow, each with and without the detection-bias \
                correction; raw seizure counts; plain betweenness) and \
                scores each against the true crossing flows: precision@k, Spearman's rank \
                correlation, share of true flow through the top k; and the share of true flow whose \
                true route is among its pair's top --routes routes (the flow model's likeliest, the \
                diverse routes of the evidence cost and plain betweenness, the fitted routes with most flow for the \
                seizure-implied flow; raw counts predict no route). With --hidden-crossings N the \
                truth also uses N border trails the bundle lacks, and the flow model runs again \
                with --candidates (row flow-model-candidates, scored on the known crossings): \
                hidden_recall is the share of hidden crossings with true flow that have a \
                candidate within 10 km among the top 20 candidates, pooled over runs. Averages \
                over --runs seeds from --seed. \
                All simulated data is labelled SYNTHETIC.
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var input: CheckedBundleArguments

        @Option(help: "First seed.") var seed: UInt64 = 1
        @Option(help: "How many seeds to average over.") var runs: Int = 10
        @Option(help: "Official gates are this many times slower in the true cost (1: no avoidance).") var officialAvoidance: Double = 1
        @Option(help: "Seizures drawn along the true flow.") var truthSeizures: Int = 300
        @Option(help: "Seizures drawn anywhere controls are.") var noiseSeizures: Int = 60
        @Option(help: "Crossings in the top k.") var k: Int = 10
        @Option(help: "Evidence strength in the blind cost (default: the scenario's cost.evidence_strength).") var strength: Double?
        @Option(help: "Diverse routes per pair for the route measure, as analyze -k (0 skips it).") var routes: Int = 3
        @Option(help: "Border trails in the truth that the bundle lacks; scores analyze --candidates too (0: none).")
        var hiddenCrossings: Int = 0

        @Option(
            help: ArgumentHelp(
                "Write the first run's synthetic seizures here, as a CSV in the columns of a bundle's seizures.csv (every row's source says SYNTHETIC).",
                valueName: "file"))
        var seizuresOut: String?

        @Option(help: ArgumentHelp("Write the first run's hidden truth here: each crossing's true flow, as CSV.", valueName: "file"))
        var truthOut: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard runs > 0 else { throw ValidationError("--runs must be positive") }
            guard officialAvoidance >= 1 else { throw ValidationError("--official-avoidance must be 1 or more") }
            guard k > 0 else { throw ValidationError("--k must be positive") }
            guard routes >= 0 else { throw ValidationError("--routes must be 0 or more") }
            guard hiddenCrossings >= 0 else { throw ValidationError("--hidden-crossings must be 0 or more") }
            guard output.format != .geojson else { throw ValidationError("--format geojson is not offered here; use json or csv") }
        }

        func run() throws {
            global.bootstrapLogging()
            let loaded = try input.load()
            let data = loaded.data
            let geos = loaded.geos
            var p = SeizureSimulator.Parameters()
            p.seed = seed
            p.officialAvoidance = officialAvoidance
            p.truthSeizures = truthSeizures
            p.noiseSeizures = noiseSeizures
            p.k = k
            p.routesPerPair = routes
            p.hiddenCrossings = hiddenCrossings
            p.evidence = data.scenario?.evidence ?? EvidenceModel.Parameters()
            p.cost = data.scenario?.cost ?? CostModel.Parameters()
            p.estimate = data.scenario?.estimate ?? FlowEstimateParameters()
            if let strength { p.cost.evidenceStrength = strength }
            let (means, first) = try SeizureSimulator(bundle: data, parameters: p, geos: geos).mean(runs: runs)
            if let first {
                if let seizuresOut { try Self.seizureTable(first).write(format: .csv, to: seizuresOut) }
                if let truthOut { try Self.truthTable(first, data).write(format: .csv, to: truthOut) }
            }
            var columns = ["method", "precision_at_k", "spearman", "flow_share_at_k", "route_flow_share", "runs", "k"]
            if hiddenCrossings > 0 { columns += ["hidden_with_flow", "hidden_found", "hidden_recall"] }
            var table = ResultTable(columns: columns)
            for method in SeizureSimulator.Method.allCases {
                guard let s = means[method] else { continue }
                var row: JSONObject = [
                    "method": .string(method.rawValue), "precision_at_k": .number(s.precisionAtK), "spearman": .number(s.spearman),
                    "flow_share_at_k": .number(s.flowShareAtK), "route_flow_share": s.routeFlowShare.map { .number($0) } ?? .null,
                    "runs": .integer(Int64(runs)), "k": .integer(Int64(k)),
                ]
                if hiddenCrossings > 0 {
                    row["hidden_with_flow"] = s.hiddenWithFlow.map { .integer(Int64($0)) } ?? .null
                    row["hidden_found"] = s.hiddenFound.map { .integer(Int64($0)) } ?? .null
                    let withFlow = s.hiddenWithFlow ?? 0, found = s.hiddenFound ?? 0
                    row["hidden_recall"] = withFlow > 0 ? .number(Double(found) / Double(withFlow)) : .null
                }
                table.append(row)
            }
            try table.write(output)
        }

        /// The synthetic seizures in the bundle's seizures.csv columns, so that `analyze
        /// --seizures` and `seizures` read them like an analyst's file.
        static func seizureTable(_ outcome: SeizureSimulator.Outcome) -> ResultTable {
            var table = ResultTable(columns: [
                "id", "date", "date_precision", "place", "lon", "lat", "location_precision",
                "commodity", "amount", "unit", "mode", "agency", "source", "notes",
            ])
            for s in outcome.seizures {
                let round = { (x: Double) in (x * 1e6).rounded() / 1e6 }
                table.append([
                    "id": .string(s.id), "date": .string(s.date.text), "date_precision": .string("day"), "place": .string(""),
                    "lon": .number(round(s.coordinate?.lon ?? .nan)), "lat": .number(round(s.coordinate?.lat ?? .nan)),
                    "location_precision": .string("exact"), "commodity": .string(s.commodity.rawValue),
                    "amount": .number(((s.kilograms ?? 0) * 1000).rounded() / 1000), "unit": .string("kg"), "mode": .string(""),
                    "agency": .string(s.agency), "source": .string(s.source),
                    "notes": .string(
                        s.id.hasPrefix("sim-noise") ? "SYNTHETIC noise seizure, not on the true flow" : "SYNTHETIC seizure on the true flow"
                    ),
                ])
            }
            return table
        }

        /// Each crossing's flow under the hidden true cost, the figure the blind rankings are scored against.
        static func truthTable(_ outcome: SeizureSimulator.Outcome, _ bundle: NetworkBundle) -> ResultTable {
            var table = ResultTable(columns: ["id", "name", "type", "countries", "true_flow", "source"])
            for (k, x) in bundle.crossings.enumerated() {
                table.append([
                    "id": .string(x.id), "name": .string(x.name), "type": .string(x.type.rawValue),
                    "countries": .string("\(x.countryA)-\(x.countryB)"), "true_flow": .number(outcome.trueFlow[k]),
                    "source": .string(outcome.seizures.first?.source ?? "SYNTHETIC: chokepoint simulate"),
                ])
            }
            return table
        }
    }
}
