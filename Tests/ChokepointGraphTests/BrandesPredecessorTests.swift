@testable import ChokepointGraph
import Testing

/// Brandes' backward pass reads a node's only predecessor from the forward pass instead of
/// scanning its incoming arcs. Both ways must give the same bits, on graphs built to make
/// that shortcut hard: small integer weights (many equal-length paths), zero weights (a
/// settled node tied across a zero arc), parallel edges of equal and unequal weight,
/// directed and undirected edges mixed, node costs, closed nodes and edges, and targets
/// weighted as route betweenness weighs them.
@Suite struct BrandesPredecessorTests {
    static func randomGraph(seed: UInt64) throws -> (WeightedGraph, Closures, [Double]) {
        var rng = SplitMix64(seed: seed)
        let n = 2 + Int(rng.next() % 24)
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var weights: [Double] = []
        for _ in 0..<(n + Int(rng.next() % UInt64(2 * n))) {
            let a = Int32(rng.next() % UInt64(n)), b = Int32(rng.next() % UInt64(n))
            let w = Double(rng.next() % 4)
            edges.append((a, b, rng.next() % 3 == 0))
            weights.append(w)
            if rng.next() % 5 == 0 {                 // a parallel edge, equal or heavier
                edges.append((b, a, edges[edges.count - 1].directed))
                weights.append(w + Double(rng.next() % 2))
            }
        }
        let graph = try Graph(nodeIDs: (0..<n).map { "v\($0)" }, edges: edges)
        let nodeCost = (0..<n).map { _ in rng.next() % 4 == 0 ? Double(rng.next() % 2) : 0 }
        var closures = Closures(for: graph)
        if rng.next() % 2 == 0 {
            closures.close(node: Int32(rng.next() % UInt64(n)))
            closures.close(edge: Int32(rng.next() % UInt64(edges.count)))
        }
        let targets = (0..<n).map { _ in Double(rng.next() % 5) / 2 }
        return (try graph.weighted(weights: weights, nodeCost: nodeCost), closures, targets)
    }

    @Test("Reading the only predecessor gives the scan's bits", arguments: 0..<150)
    func shortcutEqualsScan(seed: Int) throws {
        let (g, closures, targets) = try BrandesPredecessorTests.randomGraph(seed: UInt64(seed) &* 0x2545_F491 &+ 7)
        try BrandesPredecessorTests.compare(g, closures, targets, seed: seed)
    }

    /// Positive weights, so that the searches run on `BucketQueue` rather than the radix heap.
    @Test("Reading the only predecessor gives the scan's bits on the bucket queue", arguments: 0..<100)
    func shortcutEqualsScanOnBuckets(seed: Int) throws {
        let (g, closures, targets) = try BucketQueueTests.randomGraph(seed: UInt64(seed) &* 0x2545_F491 &+ 11)
        #expect(BrandesWorkspace(graph: g, closures: nil).usesBuckets)
        try BrandesPredecessorTests.compare(g, closures, targets, seed: seed)
    }

    private static func compare(_ g: WeightedGraph, _ closures: Closures, _ targets: [Double], seed: Int) throws {
        for (closed, weighted) in [(false, false), (true, false), (false, true), (true, true)] {
            var results: [([Double], [Double])] = []
            for reads in [true, false] {
                let workspace = BrandesWorkspace(graph: g, closures: closed ? closures : nil, readsPredecessors: reads)
                var node = [Double](repeating: 0, count: g.nodeCount)
                var edge = [Double](repeating: 0, count: g.graph.edgeCount)
                for s in 0..<Int32(g.nodeCount) {
                    workspace.accumulate(graph: g, source: s, node: &node, edge: &edge,
                                         targetWeight: weighted ? targets : nil, sourceWeight: weighted ? 1.5 : 1)
                }
                results.append((node, edge))
            }
            #expect(results[0].0 == results[1].0, "seed \(seed), closures \(closed), weighted \(weighted): nodes")
            #expect(results[0].1 == results[1].1, "seed \(seed), closures \(closed), weighted \(weighted): edges")
        }
    }
}
