@testable import ChokepointGraph
import Testing

/// Brandes' backward pass reads a node's only predecessor from the forward pass instead of
/// scanning its incoming arcs. Both ways must give the same bits, on graphs built to make
/// that shortcut hard: small integer weights (many equal-length paths), zero weights (a
/// settled node tied across a zero arc), parallel edges of equal and unequal weight,
/// directed and undirected edges mixed, node costs, closed nodes and edges, and targets
/// weighted as route betweenness weighs them.
@Suite struct BrandesPredecessorTests {
    /// Small integer weights (many equal-length paths) with zeros (a settled node tied across
    /// a zero arc): most of these graphs run on the radix heap, those without a zero weight on
    /// the bucket queue.
    static func randomGraph(seed: UInt64) throws -> RandomMultigraph {
        try RandomMultigraph(seed: seed, nodes: 24, nodeCosts: 2, weight: { Double($0.next() % 4) },
                             parallel: { $1 + Double($0.next() % 2) })
    }

    @Test("Reading the only predecessor gives the scan's bits", arguments: 0..<150)
    func shortcutEqualsScan(seed: Int) throws {
        try BrandesPredecessorTests.compare(try BrandesPredecessorTests.randomGraph(seed: UInt64(seed) &* 0x2545_F491 &+ 7), seed: seed)
    }

    /// Positive weights, so that the searches run on `BucketQueue` rather than the radix heap.
    @Test("Reading the only predecessor gives the scan's bits on the bucket queue", arguments: 0..<100)
    func shortcutEqualsScanOnBuckets(seed: Int) throws {
        let random = try BucketQueueTests.randomGraph(seed: UInt64(seed) &* 0x2545_F491 &+ 11)
        #expect(BrandesWorkspace(graph: random.graph, closures: nil).usesBuckets)
        try BrandesPredecessorTests.compare(random, seed: seed)
    }

    private static func compare(_ random: RandomMultigraph, seed: Int) throws {
        let (g, closures, targets) = (random.graph, random.closures, random.targets)
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
