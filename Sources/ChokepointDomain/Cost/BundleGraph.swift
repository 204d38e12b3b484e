import ChokepointGraph

/// The bundle as a `Graph` (ChokepointGraph's CSR arrays): nodes are places then crossings
/// in `nodeIDs` order, edges are the links in file order, with the columns `length_km`,
/// `time_h` (travel time) and `cost_h` (generalised cost), and node columns `cost_h`
/// (crossing delays, evidence-adjusted) and `lon`/`lat`. Ids are mapped here, at the edge
/// of the domain; the algorithms only see integers.
public struct BundleGraph: Sendable {
    public let graph: Graph
    public let costs: CostModel

    public init(bundle: NetworkBundle, costs: CostModel) throws(GraphError) {
        let ids = bundle.nodeIDs
        var index: [String: Int32] = [:]
        for (i, id) in ids.enumerated() { index[id] = Int32(i) }
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var edgeIDs: [String] = []
        var length: [Double] = [], time: [Double] = [], cost: [Double] = []
        for (j, link) in bundle.links.enumerated() {
            // A link to an unknown node is a validation error; the graph leaves it out.
            guard let u = index[link.from], let v = index[link.to] else { continue }
            edges.append((u, v, link.directed))
            edgeIDs.append(link.id)
            length.append(link.lengthMetres / 1000)
            time.append(costs.linkTravelHours[j])
            cost.append(costs.linkCost[j])
        }
        let coordinates = bundle.places.map(\.coordinate) + bundle.crossings.map(\.coordinate)
        graph = try Graph(nodeIDs: ids, edges: edges, edgeIDs: edgeIDs,
                          edgeColumns: ["length_km": length, "time_h": time, "cost_h": cost],
                          nodeColumns: ["cost_h": costs.nodeCost],
                          nodeLongitude: coordinates.map(\.lon), nodeLatitude: coordinates.map(\.lat))
        self.costs = costs
    }

    /// The graph weighted by generalised cost, crossings' delays as node costs.
    public func byCost() throws(GraphError) -> WeightedGraph {
        try graph.weighted(by: "cost_h", nodeCost: costs.nodeCost)
    }
}
