@testable import ChokepointGraph

/// Small random multigraphs for the tests that hold a shortcut against the plain algorithm,
/// built to make shortcuts hard: parallel edges (of equal or other weight), directed and
/// undirected edges mixed, node costs, a closed node and edge (`closures`, to apply or not),
/// and per-target weights as route betweenness passes them.
struct RandomMultigraph {
    let graph: WeightedGraph
    let closures: Closures
    let targets: [Double]

    /// - Parameters:
    ///   - nodes: up to 1 + this many nodes (at least 2).
    ///   - nodeCosts: a quarter of the nodes cost a whole number below this to pass through.
    ///   - weight: draws an edge's weight.
    ///   - parallel: draws a parallel edge's weight from the edge's.
    init(seed: UInt64, nodes: Int, nodeCosts: UInt64, weight: (inout SplitMix64) -> Double,
         parallel: (inout SplitMix64, Double) -> Double) throws {
        var rng = SplitMix64(seed: seed)
        let n = 2 + Int(rng.next() % UInt64(nodes))
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var weights: [Double] = []
        for _ in 0..<(n + Int(rng.next() % UInt64(2 * n))) {
            let a = Int32(rng.next() % UInt64(n)), b = Int32(rng.next() % UInt64(n))
            let w = weight(&rng)
            edges.append((a, b, rng.next() % 3 == 0))
            weights.append(w)
            if rng.next() % 5 == 0 {
                edges.append((b, a, edges[edges.count - 1].directed))
                weights.append(parallel(&rng, w))
            }
        }
        let g = try Graph(nodeIDs: (0..<n).map { "v\($0)" }, edges: edges)
        let nodeCost = (0..<n).map { _ in rng.next() % 4 == 0 ? Double(rng.next() % nodeCosts) : 0 }
        var closures = Closures(for: g)
        if rng.next() % 2 == 0 {
            closures.close(node: Int32(rng.next() % UInt64(n)))
            closures.close(edge: Int32(rng.next() % UInt64(edges.count)))
        }
        self.closures = closures
        targets = (0..<n).map { _ in Double(rng.next() % 5) / 2 }
        graph = try g.weighted(weights: weights, nodeCost: nodeCost)
    }
}
