import ArgumentParser
import ChokepointGeo
import ChokepointGraph
import Foundation

extension Chokepoint {
    struct Centrality: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Betweenness, closeness, harmonic or route centrality on a plain network.",
            discussion: """
                Betweenness is printed exactly as NetworkX's betweenness_centrality(G, \
                normalized=False, weight=COLUMN): undirected pairs counted once, endpoints excluded. \
                Results are ranked, highest first (ties by file order). \
                  chokepoint centrality --network net --weight length_km \
                  chokepoint centrality --network net --weight time_h --measure route --from A,B --to X,Y
                """
        )

        enum Measure: String, ExpressibleByArgument, CaseIterable {
            case betweenness
            case edgeBetweenness = "edge-betweenness"
            case closeness
            case harmonic
            case route
            case routeEdges = "route-edges"
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var net: NetworkOptions
        @OptionGroup var out: OutputOptions

        @Option(help: "Numeric edges.csv column used as the distance.")
        var weight: String

        @Option(help: "What to compute.")
        var measure: Measure = .betweenness

        @Flag(help: "Normalise betweenness as NetworkX does (by (n−1)(n−2) for nodes, n(n−1) for edges).")
        var normalized = false

        @Option(help: "Estimate betweenness from this many sampled sources (Brandes–Pich) instead of all.")
        var samples: Int?

        @Option(help: "Seed for --samples.")
        var seed: UInt64 = 0

        @Option(help: ArgumentHelp("Route sources, comma-separated (route measures).", valueName: "ids"))
        var from: String?

        @Option(help: ArgumentHelp("Route targets, comma-separated (route measures); each pair carries demand 1.", valueName: "ids"))
        var to: String?

        @Option(
            help: ArgumentHelp(
                "Route measures: spread each pair over all its routes by logit choice, P ∝ exp(−cost/μ), instead of its shortest routes (Markovian logit assignment; μ in the weight's units).",
                valueName: "μ"))
        var dispersion: Double?

        func validate() throws {
            let isRoute = measure == .route || measure == .routeEdges
            if isRoute && (splitIDs(from).isEmpty || splitIDs(to).isEmpty) {
                throw ValidationError("--measure \(measure.rawValue) needs --from and --to.")
            }
            if !isRoute && (from != nil || to != nil) {
                throw ValidationError("--from and --to apply only to --measure route and route-edges.")
            }
            if let dispersion, !(isRoute && dispersion > 0 && dispersion.isFinite) {
                throw ValidationError("--dispersion applies only to route measures and must be positive, got \(dispersion).")
            }
            if samples != nil && measure != .betweenness && measure != .edgeBetweenness {
                throw ValidationError("--samples applies only to betweenness measures.")
            }
        }

        func run() throws {
            global.bootstrapLogging()
            let graph = try net.load()
            let g = try net.weighted(graph, by: weight)
            let closures = try net.closures(for: graph)
            var nodeValues: [Double]?
            var edgeValues: [Double]?
            switch measure {
            case .betweenness, .edgeBetweenness:
                let b = try g.betweenness(normalized: normalized, sampleSize: samples, seed: seed, closures: closures)
                if measure == .betweenness { nodeValues = b.node } else { edgeValues = b.edge }
                if let epsilon = b.errorBound, let delta = b.confidenceDelta {
                    FileHandle.standardError.write(
                        Data(
                            "estimated from \(b.sampledSources?.count ?? 0) sampled sources (seed \(seed)): normalized values within ±\(formatFixed(epsilon, 4)) of exact for all nodes with probability \(formatFixed(1 - delta, 2))\n"
                                .utf8))
                }
            case .closeness: nodeValues = g.closeness(closures: closures)
            case .harmonic: nodeValues = g.harmonicCentrality(closures: closures)
            case .route, .routeEdges:
                // --from/--to are optional here, so not EndpointOptions (whose ids are required).
                let demands = Demand.allPairs(sources: try graph.nodes(splitIDs(from)), targets: try graph.nodes(splitIDs(to)))
                let flow =
                    try dispersion.map { mu throws(GraphError) in try g.logitAssignment(demands, dispersion: mu, closures: closures) }
                    ?? g.routeBetweenness(demands, closures: closures)
                if measure == .route { nodeValues = flow.node } else { edgeValues = flow.edge }
                if flow.unservedDemand > 0 {
                    FileHandle.standardError.write(
                        Data(
                            "\(formatFixed(flow.unservedDemand, 0)) of \(formatFixed(flow.totalDemand, 0)) source–target pairs have no path\n"
                                .utf8))
                }
            }
            let name = measure.rawValue.replacingOccurrences(of: "-", with: "_")
            var table = ResultTable(columns: ["rank", "id", name])
            if let values = nodeValues {
                let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
                for (rank, v) in order.enumerated() {
                    table.append(
                        ["rank": .integer(Int64(rank + 1)), "id": .string(graph.nodeIDs[v]), name: .number(values[v])],
                        geometry: graph.point(Int32(v)).map { .point($0) })
                }
            } else if let values = edgeValues {
                table.columns = ["rank", "id", "from", "to", name]
                let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
                for (rank, e) in order.enumerated() {
                    table.append(
                        [
                            "rank": .integer(Int64(rank + 1)), "id": .string(graph.edgeIDs[e]),
                            "from": .string(graph.nodeIDs[Int(graph.edgeSource[e])]),
                            "to": .string(graph.nodeIDs[Int(graph.edgeTarget[e])]),
                            name: .number(values[e]),
                        ],
                        geometry: graph.edgeLine(Int32(e)))
                }
            }
            try table.write(out)
        }
    }
}
