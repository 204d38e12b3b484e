import ArgumentParser
import ChokepointGeo
import ChokepointGraph
import Foundation

extension Chokepoint {
    struct Cut: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Maximum flow and a minimum cut between node sets of a plain network.",
            discussion: """
                Only elements with a capacity can be cut: edges with --capacity, nodes with
                --node-capacity (a missing value means "not controllable"). Lists the cut's edges and \
                nodes; the flow value goes to stderr. Without any finite cut, says so and exits 1. \
                  chokepoint cut --network net --node-capacity controls --from Tachileik --to Hanoi
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var net: NetworkOptions
        @OptionGroup var out: OutputOptions
        @OptionGroup var ends: EndpointOptions

        @Option(help: "Numeric edges.csv column with edge capacities.")
        var capacity: String?

        @Option(help: "Numeric nodes.csv column with node capacities (empty: not controllable).")
        var nodeCapacity: String?

        func validate() throws {
            guard capacity != nil || nodeCapacity != nil else {
                throw ValidationError("Give --capacity, --node-capacity or both: without capacities nothing can be cut.")
            }
        }

        func run() throws {
            global.bootstrapLogging()
            let graph = try net.load()
            let edgeCapacity = try capacity.map { name throws(GraphError) in try graph.edgeColumn(name) }
            let nodeCap = try nodeCapacity.map { name throws(GraphError) in try graph.nodeColumn(name) }
            let result = try graph.maxFlow(
                sources: ends.sources(in: graph), targets: ends.targets(in: graph),
                edgeCapacity: edgeCapacity, nodeCapacity: nodeCap, closures: net.closures(for: graph))
            guard !result.isUnbounded else {
                throw ValidationErrorMessage(
                    "no finite cut: some source reaches some target through elements without capacity (add capacities to the nodes or edges that can be controlled)"
                )
            }
            FileHandle.standardError.write(
                Data(
                    "max flow \(formatFixed(result.value, 6)); cut: \(result.cutNodes.count) node(s), \(result.cutEdges.count) edge(s)\n"
                        .utf8))
            var table = ResultTable(columns: ["kind", "id", "capacity"])
            for v in result.cutNodes {
                table.append(
                    ["kind": "node", "id": .string(graph.nodeIDs[Int(v)]), "capacity": finiteNumber(nodeCap?[Int(v)])],
                    geometry: graph.point(v).map { .point($0) })
            }
            for e in result.cutEdges {
                table.append(
                    ["kind": "edge", "id": .string(graph.edgeIDs[Int(e)]), "capacity": finiteNumber(edgeCapacity?[Int(e)])],
                    geometry: graph.edgeLine(e))
            }
            try table.write(out)
        }
    }
}
