@testable import ChokepointGraph
import Foundation
import Testing

/// `BucketQueue` is exact only if every relaxation lands in a later bucket, whatever the
/// rounding; it then pops bucket by bucket, and Brandes' algorithm run on it settles nodes in
/// a valid order: same distances as on `RadixHeap` to the bit, same betweenness up to the
/// rounding of sums taken in another order.
@Suite struct BucketQueueTests {
    @Test("A relaxation from any key lands in a later bucket, whatever the rounding", arguments: 0..<8)
    func relaxationsMoveForward(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 17)
        let wMin = [1.0, 0.414877, 1e-3, 3e4, 0.1, 7.0 / 3.0, 1e-9, 123.456][seed]
        let wMax = wMin * 4000
        // The largest distance bound `init` accepts, so keys reach K ≈ 2⁴⁰ buckets.
        let bound = 0x1p40 * wMin / (1 + 0x1p-10) * 0.999
        let queue = try #require(BucketQueue(minimumStep: wMin, maximumStep: wMax, distanceBound: bound))
        defer { queue.free() }
        let width = wMin / (1 + 0x1p-10)
        for i in 0..<200_000 {
            // Keys on and just below bucket boundaries, where rounding could pull a sum back.
            let k = Double(rng.next() % (1 << 40)) * Double(i % 3 == 0 ? 1 : 1e-6)
            var d = (k * width).nextDown
            if i % 2 == 0 { d = d.nextDown.nextDown }
            if i % 5 == 0 { d = Double(rng.next() % 1_000_000) * wMin / 997 }
            guard d >= 0, d < bound else { continue }
            let pass = i % 4 == 0 ? Double(rng.next() % 100) * wMin / 7 : 0
            let w = i % 3 == 1 ? wMin : wMin * (1 + Double(rng.next() % 1000) / 10)
            let candidate = (d + pass) + w
            #expect(queue.bucket(of: candidate) > queue.bucket(of: d), "d \(d), pass \(pass), w \(w)")
        }
    }

    @Test("Pops every entry once, bucket by bucket, across the whole ring", arguments: 0..<30)
    func popsBucketByBucket(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 5)
        // Ratios from 1 (ring of 64) to 60,000 (ring of 65,536, 16 summary words).
        let wMin = 0.5
        let ratio = [1.0, 3, 25, 61, 200, 1000, 4000, 5000, 30000, 60000][seed % 10]
        var queue = try #require(BucketQueue(minimumStep: wMin, maximumStep: wMin * ratio, distanceBound: 1e9))
        defer { queue.free() }
        for _ in 0..<2 {
            queue.removeAll()
            // Dijkstra's pattern: each push is a popped key plus a step in [wMin, wMin·ratio].
            var held: [Double: Int] = [:]
            var pushed = 0, popped = 0
            queue.push(0, 0)
            held[0, default: 0] += 1
            pushed += 1
            var lastBucket = -1
            while let (key, node) = queue.pop() {
                popped += 1
                #expect(queue.bucket(of: key) >= lastBucket, "key \(key) after bucket \(lastBucket)")
                lastBucket = queue.bucket(of: key)
                let count = try #require(held[key], "popped \(key), never pushed")
                held[key] = count == 1 ? nil : count - 1
                #expect(node == Int32(truncatingIfNeeded: Int(key * 8)))
                guard pushed < 3000 else { continue }
                for _ in 0..<Int(rng.next() % 3) {
                    let step = wMin * (1 + Double(rng.next() % 1_000_000) / 1_000_000 * (ratio - 1))
                    let next = key + (rng.next() % 4 == 0 ? wMin * ratio : step)
                    queue.push(next, Int32(truncatingIfNeeded: Int(next * 8)))
                    held[next, default: 0] += 1
                    pushed += 1
                }
            }
            #expect(popped == pushed && held.isEmpty)
        }
    }

    @Test("Emptied in the middle of a search, it starts the next one clean", arguments: [3000, 50000])
    func removeAllMidway(maximumStep: Int) throws {
        var queue = try #require(BucketQueue(minimumStep: 1, maximumStep: Double(maximumStep), distanceBound: 1e6))
        defer { queue.free() }
        for round in 0..<3 {
            queue.push(0, 0)
            var popped = 0
            while let (key, node) = queue.pop() {
                popped += 1
                if popped == 50 + 100 * round { break }
                // Spread over many bitmap words (and summary words): steps of 1 to maximumStep − 100.
                for i in 1...3 { queue.push(key + Double((Int(node) * 7 + i * 977) % (maximumStep - 100) + 1), node &+ Int32(i)) }
            }
            queue.removeAll()
            #expect(queue.pop() == nil, "round \(round): entries left after removeAll")
            // A fresh search over every bucket of the ring pops exactly what it pushed.
            var fresh = Set<Int32>()
            for k in stride(from: 0, to: maximumStep, by: 1) {
                queue.push(Double(k), Int32(100_000 + k))
                fresh.insert(Int32(100_000 + k))
            }
            while let (_, node) = queue.pop() {
                #expect(fresh.remove(node) != nil, "round \(round): popped \(node), not pushed since removeAll")
            }
            #expect(fresh.isEmpty)
            queue.removeAll()
        }
    }

    @Test("Refuses weights it cannot bucket exactly")
    func refusals() {
        #expect(BucketQueue(minimumStep: 0, maximumStep: 1, distanceBound: 10) == nil)
        #expect(BucketQueue(minimumStep: 1, maximumStep: 70000, distanceBound: 10) == nil)
        #expect(BucketQueue(minimumStep: 1, maximumStep: 5000, distanceBound: 10, ringLimit: 4096) == nil)
        #expect(BucketQueue(minimumStep: 1, maximumStep: 2, distanceBound: 0x1p41) == nil)
        #expect(BucketQueue(minimumStep: 1, maximumStep: .infinity, distanceBound: 10) == nil)
        #expect(BucketQueue(minimumStep: 1, maximumStep: 4000, distanceBound: 1e6, ringLimit: 4096) != nil)
        #expect(BucketQueue(minimumStep: 1, maximumStep: 60000, distanceBound: 1e6) != nil)
    }

    /// Positive weights only (zero weights go to the radix heap): small integers (many ties)
    /// or reals spread over a factor of up to 1000.
    static func randomGraph(seed: UInt64) throws -> RandomMultigraph {
        var pick = SplitMix64(seed: seed ^ 0x5EED)
        let integral = pick.next() % 2 == 0
        let spread = [2.0, 30, 1000][Int(pick.next() % 3)]
        let weight = { (rng: inout SplitMix64) -> Double in
            integral ? Double(1 + rng.next() % 4) : 1 + Double(rng.next() % 1_000_000) / 1_000_000 * (spread - 1)
        }
        return try RandomMultigraph(seed: seed, nodes: 40, nodeCosts: 3, weight: weight,
                                    parallel: { rng, w in rng.next() % 2 == 0 ? w : weight(&rng) })
    }

    @Test("Brandes on a ring of many summary words agrees with the radix heap")
    func brandesOnWideRing() throws {
        // 3,000 nodes on a sparse random graph, weights spread 10,000-fold: a ring of 16,384
        // buckets (4 summary words), most buckets holding one entry or none.
        var rng = SplitMix64(seed: 41)
        let n = 3000
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var weights: [Double] = []
        for v in 1..<n {
            edges.append((Int32(v), Int32(rng.next() % UInt64(v)), false))
            weights.append(1 + Double(rng.next() % 10_000))
        }
        for _ in 0..<n {
            edges.append((Int32(rng.next() % UInt64(n)), Int32(rng.next() % UInt64(n)), rng.next() % 4 == 0))
            weights.append(rng.next() % 3 == 0 ? 1 : 1 + Double(rng.next() % 1_000_000) / 100)
        }
        let g = try Graph(nodeIDs: (0..<n).map { "v\($0)" }, edges: edges).weighted(weights: weights, nodeCost: nil)
        let queue = BucketQueue(for: g)
        defer { queue?.free() }
        #expect(queue?.ringSize == 16384, "ring \(String(describing: queue?.ringSize))")
        let buckets = BrandesWorkspace(graph: g, closures: nil)
        let radix = BrandesWorkspace(graph: g, closures: nil, bucketing: false)
        var node = [[Double]](repeating: [Double](repeating: 0, count: n), count: 2)
        var edge = [[Double]](repeating: [Double](repeating: 0, count: g.graph.edgeCount), count: 2)
        for s in stride(from: 0, to: Int32(n), by: 15) {
            buckets.accumulate(graph: g, source: s, node: &node[0], edge: &edge[0], targetWeight: nil)
            radix.accumulate(graph: g, source: s, node: &node[1], edge: &edge[1], targetWeight: nil)
            #expect((0..<n).allSatisfy { buckets.distance($0) == radix.distance($0) }, "source \(s): distances")
        }
        for (a, b) in zip(node[0] + edge[0], node[1] + edge[1]) {
            #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(a) vs \(b)")
        }
        #expect(node[1].reduce(0, +) > 0)
    }

    @Test("Brandes on buckets: the radix heap's distances to the bit, its betweenness to rounding",
          arguments: 0..<150)
    func brandesAgreesWithRadixHeap(seed: Int) throws {
        let random = try BucketQueueTests.randomGraph(seed: UInt64(seed) &* 0x9E37_79B9 &+ 3)
        let (g, closures, targets) = (random.graph, random.closures, random.targets)
        for (closed, weighted) in [(false, false), (true, true)] {
            let open = closed ? closures : nil
            let buckets = BrandesWorkspace(graph: g, closures: open)
            let radix = BrandesWorkspace(graph: g, closures: open, bucketing: false)
            #expect(buckets.usesBuckets && !radix.usesBuckets)
            var results: [([Double], [Double])] = []
            var distances: [[Double]] = [[], []]
            for (i, workspace) in [buckets, radix].enumerated() {
                var node = [Double](repeating: 0, count: g.nodeCount)
                var edge = [Double](repeating: 0, count: g.graph.edgeCount)
                for s in 0..<Int32(g.nodeCount) {
                    workspace.accumulate(graph: g, source: s, node: &node, edge: &edge,
                                         targetWeight: weighted ? targets : nil, sourceWeight: weighted ? 1.5 : 1)
                    distances[i] += (0..<g.nodeCount).map { workspace.distance($0) }
                }
                results.append((node, edge))
            }
            #expect(distances[0] == distances[1], "seed \(seed): distances")
            for (a, b) in zip(results[0].0 + results[0].1, results[1].0 + results[1].1) {
                #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "seed \(seed), closures \(closed): \(a) vs \(b)")
            }
        }
    }
}
