/// A 4-ary min-heap of (distance, node) pairs, ordered by distance and then by node id, so
/// that equal distances settle in id order and every search is deterministic. A* uses it,
/// whose keys (distance plus potential) need not grow monotonically after rounding; the
/// searches whose keys do (Dijkstra, Brandes, closeness) use the faster `RadixHeap`.
///
/// Decrease-key is done lazily: a node is pushed again with its better distance and stale
/// entries are skipped when popped. That is simpler than an indexed heap, and sparse
/// road-like graphs improve few distances twice (an indexed heap is not measured here). The 4-ary layout (d-heaps: D. B. Johnson, "Priority queues with update and
/// finding minimum spanning trees", Inf. Process. Lett. 4(3), 53–57, 1975) halves the depth
/// of a binary heap and keeps a node's children together in memory. Entries live in one
/// unsafe buffer owned by this object and sifts move a hole rather than swapping, because
/// the heap is the hot spot of every search (about half of Brandes' instructions, measured
/// with callgrind; see BENCHMARKS.md).
///
/// - Complexity: `push` O(log₄ n), `pop` O(4·log₄ n) comparisons.
final class DistanceHeap {
    private struct Entry {
        var key: Double
        var node: Int32
    }

    private var storage: UnsafeMutablePointer<Entry>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(16, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    func removeAll() { count = 0 }

    @inline(__always)
    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.key < b.key || (a.key == b.key && a.node < b.node)
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }

    // push and pop read the stored properties into locals once and write back once, which
    // avoids repeated exclusivity checks on a class's `var`s in principle; the difference was
    // below the noise of the benchmark (BENCHMARKS.md).

    @inline(__always)
    func push(_ key: Double, _ node: Int32) {
        if count == capacity { grow() }
        let heap = storage
        let entry = Entry(key: key, node: node)
        var hole = count
        count = hole + 1
        while hole > 0 {
            let parent = (hole - 1) >> 2
            let p = heap[parent]
            guard DistanceHeap.less(entry, p) else { break }
            heap[hole] = p
            hole = parent
        }
        heap[hole] = entry
    }

    @inline(__always)
    func pop() -> (key: Double, node: Int32)? {
        let n = count - 1
        guard n >= 0 else { return nil }
        let heap = storage
        let top = heap[0]
        count = n
        if n > 0 {
            let last = heap[n]
            var hole = 0
            while true {
                let first = 4 * hole + 1
                if first >= n { break }
                var best = first
                var bestEntry = heap[first]
                let end = min(first + 4, n)
                var c = first + 1
                while c < end {
                    let candidate = heap[c]
                    if DistanceHeap.less(candidate, bestEntry) {
                        best = c
                        bestEntry = candidate
                    }
                    c += 1
                }
                guard DistanceHeap.less(bestEntry, last) else { break }
                heap[hole] = bestEntry
                hole = best
            }
            heap[hole] = last
        }
        return (top.key, top.node)
    }
}
