import ChokepointSupport

/// An amount of flow expected from a source to a target (a market's demand, say).
public struct Demand: Sendable, Hashable {
    public var source: Int32
    public var target: Int32
    public var amount: Double

    public init(source: Int32, target: Int32, amount: Double) {
        self.source = source
        self.target = target
        self.amount = amount
    }

    /// `amount` from every source to every target other than itself.
    public static func allPairs(sources: [Int32], targets: [Int32], amount: Double = 1) -> [Demand] {
        sources.flatMap { s in targets.filter { $0 != s }.map { Demand(source: s, target: $0, amount: amount) } }
    }
}

/// The expected flow on every node and edge when each demand follows its shortest paths.
public struct RouteFlow: Sendable {
    /// Flow passing *through* each node (a demand's own source and target are not counted for it).
    public var node: [Double]
    /// Flow on each edge.
    public var edge: [Double]
    /// Demand whose target cannot be reached from its source (under the closures).
    public var unservedDemand: Double
    public var totalDemand: Double
    /// Σ demand · shortest-path cost over served demands: the network's routing cost.
    public var servedCost: Double
}

/// Route betweenness: betweenness restricted to a set of sources and targets, each pair
/// weighted by its demand, with flow split equally among tied shortest paths.
///
/// This is the "stress with demands" generalisation of betweenness (group/pair-dependency
/// form in U. Brandes, "On variants of shortest-path betweenness centrality and their
/// generic computation", Social Networks 30(2), 136–145, 2008, doi:10.1016/j.socnet.2007.11.001,
/// §3.3 "sources and targets" and §3.6 "edge betweenness"): δ_s(v) = Σ_w σ_sv/σ_sw · (d(s,w) + δ_s(w)),
/// accumulated only from sources with demand.
///
/// - Complexity: one Brandes pass per distinct source, O(|S|·(m + n log n)).
extension WeightedGraph {
    public func routeBetweenness(_ demands: [Demand], closures: Closures? = nil) throws(GraphError) -> RouteFlow {
        let n = nodeCount
        var bySource: [Int32: [(Int32, Double)]] = [:]
        var total = 0.0
        for d in demands {
            guard d.amount.isFinite, d.amount >= 0 else {
                throw .invalidArgument("demand from \"\(graph.nodeIDs[Int(d.source)])\" to \"\(graph.nodeIDs[Int(d.target)])\" must be finite and at least 0, got \(d.amount)")
            }
            guard d.source != d.target, d.amount > 0 else { continue }
            bySource[d.source, default: []].append((d.target, d.amount))
            total += d.amount
        }
        let sources = bySource.keys.sorted()
        let targetsOf = bySource
        let graph = self
        let chunks = ParallelChunks.ranges(count: sources.count, chunks: ParallelChunks.defaultChunkCount)
        let partials = ParallelChunks.map(chunks.count) { c -> ([Double], [Double], Double, Double) in
            let workspace = BrandesWorkspace(graph: self, closures: closures)
            var node = [Double](repeating: 0, count: n)
            var edge = [Double](repeating: 0, count: graph.graph.edgeCount)
            var demand = [Double](repeating: 0, count: n)
            var unserved = 0.0
            var cost = 0.0
            for i in chunks[c] {
                let s = sources[i]
                let targets = targetsOf[s] ?? []
                for (t, amount) in targets { demand[Int(t)] += amount }
                workspace.accumulate(graph: graph, source: s, node: &node, edge: &edge, targetWeight: demand)
                // The pass's own distances give the routing cost: no second search.
                for (t, amount) in targets {
                    let d = workspace.distance(Int(t))
                    if d.isFinite { cost += amount * d } else { unserved += amount }
                }
                for (t, _) in targets { demand[Int(t)] = 0 }
            }
            return (node, edge, unserved, cost)
        }
        var node = [Double](repeating: 0, count: n)
        var edge = [Double](repeating: 0, count: graph.graph.edgeCount)
        var unserved = 0.0
        var cost = 0.0
        for (partNode, partEdge, partUnserved, partCost) in partials {
            for v in 0..<n { node[v] += partNode[v] }
            for e in edge.indices { edge[e] += partEdge[e] }
            unserved += partUnserved
            cost += partCost
        }
        return RouteFlow(node: node, edge: edge, unservedDemand: unserved, totalDemand: total, servedCost: cost)
    }
}
