@testable import ChokepointGraph
import Testing

/// `distances(from:)`, the distance-only search, against the full `dijkstra(from:)` on the
/// random multigraphs of `LeafFoldingTests` (parallel edges, self-loops, node costs,
/// closures, unreachable pairs), forward and reverse, from every node: the same bits.
@Suite struct ShortestDistancesTests {
    @Test("Distance-only search equals the full search", arguments: 0..<60)
    func distancesEqualTheFullSearch(seed: Int) throws {
        let (g, closures) = try LeafFoldingTests.randomGraph(seed: UInt64(seed) &* 0x9E37_79B9 &+ 11)
        for reverse in [false, true] {
            for s in 0..<Int32(g.nodeCount) {
                let full = g.dijkstra(from: s, closures: closures, reverse: reverse).distance
                let lean = g.distances(from: s, closures: closures, reverse: reverse)
                #expect(lean == full, "seed \(seed), source \(s), reverse \(reverse)")
            }
        }
    }
}
