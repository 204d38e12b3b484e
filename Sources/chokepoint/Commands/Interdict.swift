import ArgumentParser
import ChokepointGeo
import ChokepointGraph
import Foundation

extension Chokepoint {
    struct Interdict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose k nodes or edges to close that most disrupt routing on a plain network.",
            discussion: """
                Disruption is first the demand cut off from its target, then the total shortest-path \
                cost of the rest (each --from/--to pair carries demand 1). One row per chosen \
                element, in order, with the disruption after it and its marginal effect. \
                  chokepoint interdict --network net --weight time_h --from A --to X,Y -k 3
                """
        )

        enum Candidates: String, ExpressibleByArgument, CaseIterable { case nodes, edges }
        enum Method: String, ExpressibleByArgument, CaseIterable { case greedy, lazy, exact }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var net: NetworkOptions
        @OptionGroup var out: OutputOptions
        @OptionGroup var ends: EndpointOptions

        @Option(help: "Numeric edges.csv column used as the routing cost.")
        var weight: String

        @Option(name: .short, help: "Number of elements to close.")
        var k: Int = 1

        @Option(help: "Close nodes or edges.")
        var candidates: Candidates = .nodes

        @Option(
            help: ArgumentHelp("Only these ids may be closed (comma-separated; default: all but sources and targets).", valueName: "ids"))
        var only: String?

        @Option(help: "greedy (plain), lazy (lazy greedy: faster, exact only when gains diminish) or exact (all k-subsets).")
        var method: Method = .greedy

        @Option(help: "Largest number of k-subsets --method exact may evaluate.")
        var maxSubsets: Int = 200_000

        func validate() throws {
            guard k >= 1 else { throw ValidationError("-k must be at least 1, got \(k).") }
        }

        func run() throws {
            global.bootstrapLogging()
            let graph = try net.load()
            let g = try net.weighted(graph, by: weight)
            let demands = try ends.unitDemands(in: graph)
            let endpoints = Set(try ends.sources(in: graph) + ends.targets(in: graph))
            var pool: [NetworkElement]
            switch candidates {
            case .nodes:
                let ids =
                    only.map { try? graph.nodes(splitIDs($0)) } ?? (0..<graph.nodeCount).map(Int32.init).filter { !endpoints.contains($0) }
                guard let ids else { throw ValidationErrorMessage("unknown node in --only: \(only ?? "")") }
                pool = ids.map(NetworkElement.node)
            case .edges:
                let index = Dictionary(uniqueKeysWithValues: graph.edgeIDs.enumerated().map { ($1, Int32($0)) })
                if let only {
                    pool = try splitIDs(only).map { id in
                        guard let e = index[id] else { throw ValidationErrorMessage("unknown edge \"\(id)\" in --only") }
                        return .edge(e)
                    }
                } else {
                    pool = (0..<graph.edgeCount).map { .edge(Int32($0)) }
                }
            }
            let chosenMethod: InterdictionMethod =
                switch method {
                case .greedy: .greedy(lazy: false)
                case .lazy: .greedy(lazy: true)
                case .exact: .exact(maxSubsets: maxSubsets)
                }
            let result = try g.interdict(demands: demands, candidates: pool, k: k, method: chosenMethod, closures: net.closures(for: graph))
            FileHandle.standardError.write(
                Data(
                    "baseline: \(formatFixed(result.baseline.unserved, 0)) pair(s) cut off, total cost \(formatFixed(result.baseline.cost, 6)); \(result.evaluations) evaluations\n"
                        .utf8))
            var table = ResultTable(columns: ["rank", "kind", "id", "unserved", "cost", "marginal_unserved", "marginal_cost"])
            for (i, step) in result.steps.enumerated() {
                let (kind, id, geometry): (String, String, GeoJSONGeometry?) =
                    switch step.element {
                    case let .node(v): ("node", graph.nodeIDs[Int(v)], graph.point(v).map { .point($0) })
                    case let .edge(e): ("edge", graph.edgeIDs[Int(e)], graph.edgeLine(e))
                    }
                table.append(
                    [
                        "rank": .integer(Int64(i + 1)), "kind": .string(kind), "id": .string(id),
                        "unserved": .number(step.disruption.unserved), "cost": .number(step.disruption.cost),
                        "marginal_unserved": .number(step.marginal.unserved), "marginal_cost": .number(step.marginal.cost),
                    ],
                    geometry: geometry)
            }
            try table.write(out)
        }
    }
}
