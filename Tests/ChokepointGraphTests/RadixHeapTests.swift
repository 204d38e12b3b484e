@testable import ChokepointGraph
import Testing

/// `RadixHeap` pops in (distance, node id) order, as `DistanceHeap` does, when fed as Dijkstra
/// feeds it: every key pushed is at least the last key popped. The reference is a plain
/// minimum over the entries held, so a wrong bucket, a lost entry or a wrong tie order fails.
@Suite struct RadixHeapTests {
    /// Keys from a mix that makes ties (whole steps), zero steps, tiny steps and large jumps.
    private static func step(_ rng: inout SplitMix64) -> Double {
        switch rng.next() % 5 {
        case 0: return 0
        case 1: return Double(rng.next() % 4)
        case 2: return Double(rng.next() % 1000) * 1e-9
        case 3: return Double(rng.next() % 1_000_000) / 997
        default: return Double(rng.next() % 1000) * 1e6
        }
    }

    @Test("Pops in (distance, node) order under monotone pushes", arguments: 0..<40)
    func popsInOrder(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &+ 101)
        var radix = RadixHeap(capacity: 16)
        defer { radix.free() }
        let reference = DistanceHeap(capacity: 16)
        var held: [(key: Double, node: Int32)] = []
        var last = 0.0
        for round in 0..<3 {
            radix.removeAll()
            reference.removeAll()
            held.removeAll()
            last = 0
            for _ in 0..<(200 + 300 * round) {
                if rng.next() % 3 != 0 || held.isEmpty {
                    let key = last + RadixHeapTests.step(&rng)
                    let node = Int32(rng.next() % 64)
                    radix.push(key, node)
                    reference.push(key, node)
                    held.append((key, node))
                } else {
                    let least = held.indices.min { (held[$0].key, held[$0].node) < (held[$1].key, held[$1].node) }!
                    let expected = held.remove(at: least)
                    let got = radix.pop()
                    #expect(got?.key == expected.key && got?.node == expected.node, "seed \(seed): \(String(describing: got)) vs \(expected)")
                    #expect(reference.pop()?.node == expected.node)
                    last = expected.key
                }
                #expect(radix.count == held.count)
            }
            while let got = radix.pop() {
                let expected = reference.pop()
                #expect(got.key == expected?.key && got.node == expected?.node)
            }
            #expect(reference.isEmpty)
        }
    }

    @Test("Negative zero is the least key, not the greatest")
    func negativeZero() {
        var heap = RadixHeap()
        defer { heap.free() }
        heap.push(1, 3)
        heap.push(-0.0, 7)
        heap.push(0, 5)
        #expect(heap.pop()?.node == 5)
        #expect(heap.pop()?.node == 7)
        #expect(heap.pop()?.node == 3)
        #expect(heap.pop() == nil)
    }
}
