/// A monotone priority queue of (distance, node) pairs for Dijkstra-style searches whose arcs
/// all cost at least some w_min > 0: the buckets of E. A. Dinitz, "Economical algorithms for
/// finding shortest paths in a network", in Transportation Modeling Systems, 36–44, 1978
/// (Δ-stepping, U. Meyer and P. Sanders, J. Algorithms 49(1), 114–152, 2003, with Δ ≤ w_min,
/// run on one thread). Bucket k holds the keys in [kΔ, (k+1)Δ) with Δ a hair under w_min, so
/// a node popped from bucket k pushes only into later buckets: no shortest-path arc joins
/// two nodes of one bucket, and a bucket is complete when its turn comes. Its entries pop in
/// the reverse order of their pushes, not by distance. That is still a valid settling order
/// for Dijkstra (distances come out the same, to the bit) and for Brandes (every predecessor
/// settles before its successors); only sums taken in settling order, such as Brandes'
/// dependencies (and its path counts σ, once above 2⁵³), round differently than under
/// `RadixHeap`'s (distance, node id) order.
///
/// Why: on road-like graphs (arc weights within a factor of ~25 of each other) an entry is
/// written once and read once, against the radix heap's several moves between buckets and its
/// scans for the least key; the queue was half of exact betweenness (`perf`, BENCHMARKS.md).
///
/// Floating point: keys are bucketed by ⌊fl(key · fl(c / w_min))⌋ with c = 1 + 2⁻¹⁰. A
/// relaxation d → fl(fl(d + p) + w) with p ≥ 0 and w ≥ w_min raises that product by at least
/// c(1 − u)⁴ − 4u·K > 1 (u = 2⁻⁵³) while K = key · c / w_min < 2⁴⁰, which `init` checks
/// against a bound on every path without repeated nodes; so the pushed bucket is always a
/// later one. `BucketQueueTests` checks searches against `RadixHeap` on random graphs.
///
/// Live entries span at most ⌈(w_max + p_max)/Δ⌉ + 2 buckets, kept in a power-of-two ring of
/// up to `maximumRing` ((w_max + p_max)/w_min up to about 65,000, as on road networks with
/// metre-long segments; `init(for:)` also holds the span to 4 buckets per node, so the ring
/// is under 8 per node); an occupancy bitmap under a summary bitmap finds the
/// next non-empty bucket in a few word reads, so sparse buckets cost little. Wider weight
/// ranges are left to `RadixHeap`.
///
/// A value holding unsafe storage, as `RadixHeap`; its owner calls `free()` once.
///
/// - Complexity: push O(1); pop O(1) plus at most `maximumRing`/4096 summary words read.
struct BucketQueue {
    /// The largest ring `init` builds: 1,024 bitmap words under 16 summary words.
    static let maximumRing = 1 << 16

    private let mask: Int
    /// Buckets in the ring.
    var ringSize: Int { mask + 1 }
    private let buckets: UnsafeMutablePointer<QueueBucket>
    /// Bit r & 63 of word r >> 6 is set when ring bucket r holds entries.
    private let occupied: UnsafeMutablePointer<UInt64>
    /// Bit w & 63 of word w >> 6 is set when `occupied[w]` is non-zero.
    private let summary: UnsafeMutablePointer<UInt64>
    private let summaryCount: Int
    private let inverseWidth: Double
    /// The ring position of the bucket being drained.
    private var current = 0

    /// A queue for searches whose relaxations add at least `minimumStep` > 0 and at most
    /// `maximumStep` to a distance (an arc's weight plus the pass cost of its tail), with no
    /// path longer than `distanceBound`; nil when the ring would exceed `ringLimit` (at most
    /// `maximumRing`) or the keys the floating-point bound.
    init?(minimumStep: Double, maximumStep: Double, distanceBound: Double, ringLimit: Int = BucketQueue.maximumRing) {
        guard minimumStep > 0, minimumStep.isFinite, maximumStep.isFinite, distanceBound.isFinite else { return nil }
        let inverse = (1 + 0x1p-10) / minimumStep
        guard distanceBound * inverse < 0x1p40 else { return nil }
        let span = (maximumStep * inverse).rounded(.up) + 3
        guard span <= Double(min(ringLimit, BucketQueue.maximumRing)) else { return nil }
        var ring = 64
        while Double(ring) < span { ring *= 2 }
        mask = ring - 1
        inverseWidth = inverse
        buckets = .allocate(capacity: ring)
        for r in 0..<ring { buckets[r] = QueueBucket() }
        occupied = .allocate(capacity: ring / 64)
        occupied.initialize(repeating: 0, count: ring / 64)
        summaryCount = max(1, ring / 4096)
        summary = .allocate(capacity: summaryCount)
        summary.initialize(repeating: 0, count: summaryCount)
    }

    /// A queue for searches on `graph`, or nil when its weights do not suit one (a zero
    /// weight, or weights too far apart). The span is held to 4 buckets per node (at least
    /// 4,096), so that the ring (24 bytes a bucket, under 8 buckets per node) costs O(n) to
    /// set up, as the workspace's per-node arrays do, however wide the weights.
    init?(for graph: WeightedGraph) {
        self.init(minimumStep: graph.minimumStep, maximumStep: graph.maximumStep,
                  distanceBound: Double(max(graph.nodeCount - 1, 0)) * graph.maximumStep,
                  ringLimit: max(4096, 4 * graph.nodeCount))
    }

    func free() {
        for r in 0...mask { buckets[r].free() }
        buckets.deallocate()
        occupied.deallocate()
        summary.deallocate()
    }

    /// Empties the queue, visiting only the buckets still marked: after a search that ran to
    /// the end there are none, so a new search does not pay for the ring's size.
    mutating func removeAll() {
        for s in 0..<summaryCount {
            var words = summary[s]
            summary[s] = 0
            while words != 0 {
                let w = s << 6 | words.trailingZeroBitCount
                words &= words &- 1
                var bits = occupied[w]
                occupied[w] = 0
                while bits != 0 {
                    buckets[w << 6 | bits.trailingZeroBitCount].count = 0
                    bits &= bits &- 1
                }
            }
        }
        current = 0
    }

    /// The bucket of `key`, counted from 0 (not reduced to the ring).
    @inline(__always)
    func bucket(of key: Double) -> Int { Int(key * inverseWidth) }

    /// Adds `node` with distance `key` (≥ 0, and in a later bucket than the last key popped).
    @inline(__always)
    mutating func push(_ key: Double, _ node: Int32) {
        let r = bucket(of: key) & mask
        buckets[r].append(QueueBucket.Entry(key: key.bitPattern, node: node))
        let w = r >> 6
        if occupied[w] == 0 { summary[w >> 6] |= 1 &<< UInt64(w & 63) }
        occupied[w] |= 1 &<< UInt64(r & 63)
    }

    /// An entry of the least bucket: the last one pushed there.
    @inline(__always)
    mutating func pop() -> (key: Double, node: Int32)? {
        var bucket = buckets + current
        if bucket.pointee.count == 0 {
            guard let next = nextOccupied() else { return nil }
            current = next
            bucket = buckets + current
        }
        bucket.pointee.count -= 1
        if bucket.pointee.count == 0 {
            // Nothing is pushed into the bucket being drained, so it can leave the bitmap now.
            let w = current >> 6
            occupied[w] &= ~(1 &<< UInt64(current & 63))
            if occupied[w] == 0 { summary[w >> 6] &= ~(1 &<< UInt64(w & 63)) }
        }
        let entry = bucket.pointee.entries[bucket.pointee.count]
        return (Double(bitPattern: entry.key), entry.node)
    }

    /// The first non-empty bucket at or after `current` around the ring: every live key lies
    /// less than a ring's length ahead of the current bucket, so the first one met is the least.
    /// Nil when the queue is empty.
    private func nextOccupied() -> Int? {
        let w = current >> 6
        let here = occupied[w] & (~0 &<< UInt64(current & 63))
        if here != 0 { return w << 6 | here.trailingZeroBitCount }
        // The words after w, then around from word 0 (which may come back to w's lower bits).
        let after = w + 1
        var s = after >> 6
        var words = s < summaryCount ? summary[s] & (~0 &<< UInt64(after & 63)) : 0
        var visited = 0
        while words == 0 {
            visited += 1
            if visited > summaryCount { return nil }
            s = s + 1 < summaryCount ? s + 1 : 0
            words = summary[s]
        }
        let next = s << 6 | words.trailingZeroBitCount
        return next << 6 | occupied[next].trailingZeroBitCount
    }
}
