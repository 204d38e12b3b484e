/// A monotone priority queue of (distance, node) pairs for Dijkstra-style searches: the
/// radix heap of R. K. Ahuja, K. Mehlhorn, J. B. Orlin and R. E. Tarjan, "Faster algorithms
/// for the shortest path problem", J. ACM 37(2), 213–223, 1990, doi:10.1145/77600.77615, in
/// the one-level form over 64-bit keys (bucket b holds the keys whose highest bit differing
/// from the last key popped is bit b − 1; bucket 0 holds keys equal to it).
///
/// It pops in the same (distance, node id) order as `DistanceHeap`, so a search settles the
/// same nodes in the same order and gives the same bits; `RadixHeapTests` checks that order
/// against a plain minimum and against `DistanceHeap`. Keys must be non-negative, non-NaN doubles (whose bit patterns order like
/// the numbers) and never smaller than the last key popped, which holds for Dijkstra with
/// non-negative weights: d + w ≥ d in floating point too. It is not for A*, whose keys need not
/// be monotone after rounding.
///
/// Why: popping a 4-ary heap compares random keys down the tree, and the mispredicted branches
/// were a third of exact betweenness (`perf`, BENCHMARKS.md). Here a push is one XOR and a
/// count-leading-zeros; a pop scans one bucket, and each entry moves to a lower bucket at most
/// 64 times (in practice a few).
///
/// A value holding unsafe storage, so that a search keeps it in a local `var` (its fields in
/// registers, no exclusivity checks as on a class's properties); its owner calls `free()`
/// once. Copies share the buckets: use one copy at a time.
///
/// - Complexity: push O(1); pop O(64) amortized per entry (the number of key bits), plus
///   sorting the entries of equal key by node id (k log k for k equal keys, usually k = 1).
struct RadixHeap {
    private typealias Entry = QueueBucket.Entry

    private static let bucketCount = 65
    private let buckets: UnsafeMutablePointer<QueueBucket>
    /// Bit b − 1 set when bucket b (1...64) is non-empty.
    private var occupied: UInt64 = 0
    /// The last key popped (bit pattern); every key in the heap is at least this.
    private var last: UInt64 = 0
    /// Bucket 0 is kept sorted by node id, descending, so its end is the next to pop.
    private var zeroSorted = true

    init(capacity: Int = 64) {
        buckets = .allocate(capacity: RadixHeap.bucketCount)
        for b in 0..<RadixHeap.bucketCount {
            let c = b == 0 ? 16 : max(16, capacity / 8)
            buckets[b] = QueueBucket(capacity: c)
        }
    }

    func free() {
        for b in 0..<RadixHeap.bucketCount { buckets[b].free() }
        buckets.deallocate()
    }

    /// Entries held (a sum over the buckets: for tests, not for hot loops).
    var count: Int { (0..<RadixHeap.bucketCount).reduce(0) { $0 + buckets[$1].count } }

    mutating func removeAll() {
        for b in 0..<RadixHeap.bucketCount { buckets[b].count = 0 }
        occupied = 0
        last = 0
        zeroSorted = true
    }

    @inline(__always)
    private func bucketIndex(_ key: UInt64) -> Int {
        key == last ? 0 : 64 - (key ^ last).leadingZeroBitCount
    }

    /// Adds `node` with distance `key` (≥ 0 and ≥ the last key popped).
    @inline(__always)
    mutating func push(_ key: Double, _ node: Int32) {
        // + 0 turns −0 into +0, whose bit pattern is the smallest.
        let bits = (key + 0).bitPattern
        let b = bucketIndex(bits)
        buckets[b].append(Entry(key: bits, node: node))
        if b == 0 {
            if buckets.pointee.count > 1 { zeroSorted = false }
        } else {
            occupied |= 1 &<< UInt64(b - 1)
        }
    }

    /// The entry of least distance, the least node id among equal distances.
    @inline(__always)
    mutating func pop() -> (key: Double, node: Int32)? {
        let zero = buckets
        if zero.pointee.count == 0 {
            guard occupied != 0 else { return nil }
            refill()
        } else if !zeroSorted {
            sortZero()
        }
        zero.pointee.count -= 1
        let entry = zero.pointee.entries[zero.pointee.count]
        return (Double(bitPattern: entry.key), entry.node)
    }

    /// Empties the lowest non-empty bucket into lower ones around its least key, which
    /// becomes `last`; bucket 0 then holds that key's entries.
    private mutating func refill() {
        let b = occupied.trailingZeroBitCount + 1
        let bucket = buckets + b
        let entries = bucket.pointee.entries
        let n = bucket.pointee.count
        var least = entries[0].key
        for i in 1..<n where entries[i].key < least { least = entries[i].key }
        last = least
        bucket.pointee.count = 0
        occupied &= ~(1 &<< UInt64(b - 1))
        for i in 0..<n {
            let entry = entries[i]
            let target = bucketIndex(entry.key)
            buckets[target].append(entry)
            if target != 0 { occupied |= 1 &<< UInt64(target - 1) }
        }
        zeroSorted = false
        sortZero()
    }

    private mutating func sortZero() {
        let zero = buckets
        let n = zero.pointee.count
        if n > 1 {
            var buffer = UnsafeMutableBufferPointer(rebasing: zero.pointee.entries[0..<n])
            buffer.sort { $0.node > $1.node }
        }
        zeroSorted = true
    }
}
