import ArgumentParser
import ChokepointGraph
import ChokepointSupport

/// Options shared by the commands that run on a plain network (`nodes.csv` + `edges.csv`).
struct NetworkOptions: ParsableArguments {
    @Option(help: "Directory with edges.csv (from, to, numeric columns, optional id and directed) and optionally nodes.csv (id, lon, lat).")
    var network: String

    @Option(help: "Numeric nodes.csv column: cost of passing through a node (a crossing's delay).")
    var nodeCost: String?

    @Option(help: ArgumentHelp("Close these nodes for a what-if (comma-separated ids).", valueName: "ids"))
    var close: String?

    @Option(help: ArgumentHelp("Close these edges for a what-if (comma-separated edge ids).", valueName: "ids"))
    var closeEdges: String?

    func load() throws -> Graph {
        try GraphCSVLoader.load(directory: network)
    }

    func weighted(_ graph: Graph, by column: String) throws -> WeightedGraph {
        let costs = try nodeCost.map { name throws(GraphError) in try graph.nodeColumn(name) }
        return try graph.weighted(by: column, nodeCost: costs)
    }

    func closures(for graph: Graph) throws -> Closures? {
        guard close != nil || closeEdges != nil else { return nil }
        var closures = Closures(for: graph)
        for v in try graph.nodes(splitIDs(close)) { closures.close(node: v) }
        let edgeIndex = Dictionary(uniqueKeysWithValues: graph.edgeIDs.enumerated().map { ($1, Int32($0)) })
        for id in splitIDs(closeEdges) {
            guard let e = edgeIndex[id] else { throw ValidationError("unknown edge \"\(id)\" in --close-edges") }
            closures.close(edge: e)
        }
        return closures
    }
}

/// Source and target node ids, required by the commands that route between them.
struct EndpointOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Source node ids, comma-separated.", valueName: "ids"))
    var from: String

    @Option(help: ArgumentHelp("Target node ids, comma-separated.", valueName: "ids"))
    var to: String

    func validate() throws {
        guard !splitIDs(from).isEmpty, !splitIDs(to).isEmpty else { throw ValidationError("Give at least one id to --from and to --to.") }
    }

    func sources(in graph: Graph) throws(GraphError) -> [Int32] { try graph.nodes(splitIDs(from)) }
    func targets(in graph: Graph) throws(GraphError) -> [Int32] { try graph.nodes(splitIDs(to)) }

    /// Demand 1 for every source–target pair of distinct nodes.
    func unitDemands(in graph: Graph) throws(GraphError) -> [Demand] {
        Demand.allPairs(sources: try sources(in: graph), targets: try targets(in: graph))
    }
}

/// Splits a comma-separated list of ids, dropping surrounding spaces and empty items.
func splitIDs(_ text: String?) -> [String] {
    guard let text else { return [] }
    return text.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv, geojson
}

/// Where and how a command writes its result rows.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: json (a list of objects), csv, or geojson (needs lon/lat in nodes.csv).")
    var format: OutputFormat = .json

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?
}
