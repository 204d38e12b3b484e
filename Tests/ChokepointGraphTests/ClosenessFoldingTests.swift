@testable import ChokepointGraph
import Testing

/// Closeness with hanging trees folded (`closeness(closures:foldingLeaves: true)`) against one
/// plain search per node, on the random multigraphs of `LeafFoldingTests` without node costs
/// (trees of chains and branches, parallel edges, self-loops, closures, a separate pair):
/// equal up to rounding, since the sums are grouped differently.
@Suite struct ClosenessFoldingTests {
    @Test("Folded closeness equals the plain searches")
    func foldedEqualsPlain() throws {
        var foldedGraphs = 0
        for seed in 0..<120 {
            let (g, closures) = try LeafFoldingTests.randomGraph(seed: UInt64(seed) &* 0x9E37_79B9 &+ 5, nodeCosts: false)
            for closed in [nil, closures] {
                if try LeafFolding.fold(g, closures: closed) != nil { foldedGraphs += 1 }
                let folded = g.closeness(closures: closed, foldingLeaves: true)
                let plain = g.closeness(closures: closed, foldingLeaves: false)
                for v in 0..<g.nodeCount {
                    #expect(abs(folded[v] - plain[v]) <= 1e-12 * max(1, abs(plain[v])),
                            "seed \(seed), closures \(closed != nil), node \(v): \(folded[v]) vs \(plain[v])")
                }
            }
        }
        // The comparison means something only if most graphs did fold.
        #expect(foldedGraphs > 200)
    }

    @Test("Node costs keep the plain searches")
    func nodeCostsArePlain() throws {
        let (g, closures) = try LeafFoldingTests.randomGraph(seed: 17, nodeCosts: true)
        #expect(g.hasNodeCosts)
        #expect(g.closeness(closures: closures) == g.closeness(closures: closures, foldingLeaves: false))
    }
}
