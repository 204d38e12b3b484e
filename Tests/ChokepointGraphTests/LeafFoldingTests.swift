@testable import ChokepointGraph
import Testing

/// Folding hanging trees must not change exact betweenness: on random road-like multigraphs
/// full of dead ends (stars, chains, branches, parallel edges of equal and unequal weight,
/// isolated pairs, self-loops), with node costs and closures, the folded run equals plain
/// Brandes from every node, for nodes and edges. (The NetworkX fixture `dead_ends` checks
/// the same against an independent implementation.)
@Suite("Folding hanging trees leaves exact betweenness unchanged")
struct LeafFoldingTests {
    /// `nodeCosts: false` drops the node costs (drawn all the same, so the graph is otherwise equal).
    static func randomGraph(seed: UInt64, nodeCosts: Bool = true) throws -> (WeightedGraph, Closures) {
        var rng = SplitMix64(seed: seed)
        let core = 3 + Int(rng.next() % 20)
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var weights: [Double] = []
        func add(_ a: Int, _ b: Int, _ w: Double) {
            edges.append((Int32(a), Int32(b), false))
            weights.append(w)
        }
        for _ in 0..<(core + Int(rng.next() % UInt64(core))) {
            add(Int(rng.next() % UInt64(core)), Int(rng.next() % UInt64(core)), Double(1 + rng.next() % 4))
        }
        var n = core
        // Trees hanging off core nodes: each new node joins the core node or an earlier
        // node of its tree, so there are leaves, chains and branches to fold.
        for anchor in 0..<core {
            var tree = [anchor]
            for _ in 0..<Int(rng.next() % 4) {
                let parent = tree[Int(rng.next() % UInt64(tree.count))]
                let w = Double(1 + rng.next() % 4)
                add(parent, n, w)
                switch rng.next() % 6 {
                case 0: add(n, parent, w)          // parallel, equal weight
                case 1: add(parent, n, w + 1)      // parallel, heavier
                case 2: add(n, n, 1)               // self-loop
                default: break
                }
                tree.append(n)
                n += 1
            }
        }
        add(n, n + 1, 2)                           // a pair joined only to each other
        n += 2
        let graph = try Graph(nodeIDs: (0..<n).map { "v\($0)" }, edges: edges)
        let nodeCost = (0..<n).map { _ in rng.next() % 3 == 0 ? Double(rng.next() % 3) : 0 }
        var closures = Closures(for: graph)
        if rng.next() % 2 == 0 {
            for _ in 0..<2 {
                closures.close(node: Int32(rng.next() % UInt64(n)))
                closures.close(edge: Int32(rng.next() % UInt64(edges.count)))
            }
        }
        return (try graph.weighted(weights: weights, nodeCost: nodeCosts ? nodeCost : nil), closures)
    }

    @Test("Folded equals unfolded, nodes and edges", arguments: 0..<80)
    func foldedEqualsUnfolded(seed: Int) throws {
        let (g, closures) = try Self.randomGraph(seed: UInt64(seed) &* 0x2545_F491 &+ 3)
        for normalized in [false, true] {
            let folded = try g.betweenness(normalized: normalized, sampleSize: nil, seed: 0, delta: 0.1, closures: closures, foldingLeaves: true)
            let plain = try g.betweenness(normalized: normalized, sampleSize: nil, seed: 0, delta: 0.1, closures: closures, foldingLeaves: false)
            for v in 0..<g.nodeCount {
                #expect(abs(folded.node[v] - plain.node[v]) <= 1e-9 * max(1, abs(plain.node[v])), "node \(v)")
            }
            for e in 0..<g.graph.edgeCount {
                #expect(abs(folded.edge[e] - plain.edge[e]) <= 1e-9 * max(1, abs(plain.edge[e])), "edge \(e)")
            }
        }
    }

    @Test("The random graphs do have leaves to fold")
    func casesExerciseTheFolding() throws {
        var folded = 0, leaves = 0
        for seed in 0..<80 {
            let (g, closures) = try Self.randomGraph(seed: UInt64(seed) &* 0x2545_F491 &+ 3)
            if let f = try LeafFolding.fold(g, closures: closures) {
                folded += 1
                leaves += f.foldedCount
            }
        }
        #expect(folded >= 70 && leaves >= 500, "\(folded) graphs, \(leaves) nodes folded")
    }
}
