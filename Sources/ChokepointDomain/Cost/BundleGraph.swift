import ChokepointGraph
import ChokepointSupport

/// The bundle as a `Graph` (ChokepointGraph's CSR arrays): node `v` is the bundle's node
/// `v` (`NetworkBundle`'s numbering), edge `j` is link `j`, with the columns `length_km`,
/// `time_h` (travel time) and `cost_h` (generalised cost), node column `cost_h` (crossing
/// delays, evidence-adjusted) and node positions. Ids are mapped here, at the edge of the
/// domain; the algorithms only see integers. A link with an unknown end is refused, so
/// "edge j is link j" holds for every graph built.
public struct BundleGraph: Sendable {
    public let graph: Graph
    public let costs: CostModel
    /// Length of each link in km (edge j is link j).
    public let lengthKm: [Double]

    public init(bundle: NetworkBundle, costs: CostModel) throws(BundleGraphError) {
        let index = bundle.nodeIndex()
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        edges.reserveCapacity(bundle.links.count)
        for link in bundle.links {
            for (field, end) in [("from", link.from), ("to", link.to)] where index[end] == nil {
                throw .unknownNode(InputError(InputLocation(file: BundleFile.links, line: link.line, field: field),
                                              "link \(link.id) names node \(end), which is neither in \(BundleFile.places) nor in \(BundleFile.crossings)"))
            }
            edges.append((Int32(index[link.from] ?? 0), Int32(index[link.to] ?? 0), link.directed))
        }
        let coordinates = bundle.nodeCoordinates
        lengthKm = bundle.links.map { $0.lengthMetres / 1000 }
        do {
            graph = try Graph(nodeIDs: bundle.nodeIDs, edges: edges, edgeIDs: bundle.links.map(\.id),
                              edgeColumns: [Self.length: lengthKm, Self.time: costs.linkTravelHours, Self.cost: costs.linkCost],
                              nodeColumns: [Self.cost: costs.nodeCost],
                              nodeLongitude: coordinates.map(\.lon), nodeLatitude: coordinates.map(\.lat))
        } catch {
            throw .graph(error)
        }
        self.costs = costs
    }

    static let length = "length_km", time = "time_h", cost = "cost_h"

    /// The graph weighted by generalised cost, crossings' delays as node costs.
    public func byCost() throws(GraphError) -> WeightedGraph {
        try graph.weighted(by: Self.cost, nodeCost: costs.nodeCost)
    }

    /// The graph weighted by travel time without evidence, crossings' plain delays as node costs.
    public func byTravelTime() throws(GraphError) -> WeightedGraph {
        try graph.weighted(by: Self.time, nodeCost: costs.nodeHours)
    }

    /// The same graph weighted by another cost model of the same bundle (a re-weighed
    /// sample), each link's cost times `factors[j]` when given; no graph is rebuilt.
    public func byCost(_ other: CostModel, scaledBy factors: [Double]? = nil) throws(GraphError) -> WeightedGraph {
        let weights = factors.map { zip(other.links, $0).map { $0.cost * $1 } } ?? other.linkCost
        return try graph.weighted(weights: weights, name: Self.cost, nodeCost: other.nodeCost)
    }

    /// Hours and km of a path, its interior nodes' delays included as routing pays them
    /// (links summed first, then nodes, so the figures do not depend on the path's shape).
    public func measure(_ path: Path) -> (hours: Double, km: Double) {
        let km = path.edges.reduce(0) { $0 + lengthKm[Int($1)] }
        let linkHours = path.edges.reduce(0) { $0 + costs.links[Int($1)].hours }
        let nodeHours = path.nodes.dropFirst().dropLast().reduce(0) { $0 + costs.nodes[Int($1)].hours }
        return (linkHours + nodeHours, km)
    }
}

public enum BundleGraphError: Error, CustomStringConvertible {
    /// A link names a node the bundle does not have (a bundle `validate` rejects).
    case unknownNode(InputError)
    case graph(GraphError)

    public var description: String {
        switch self {
        case let .unknownNode(e): e.description
        case let .graph(e): "\(e)"
        }
    }
}
