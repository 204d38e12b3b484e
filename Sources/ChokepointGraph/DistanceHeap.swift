/// A binary min-heap of (distance, node) pairs for Dijkstra-style searches, ordered by
/// distance and then by node id, so that equal distances settle in id order and every
/// search is deterministic.
///
/// Decrease-key is done lazily (Johnson 1977): a node is pushed again with its better
/// distance and stale entries are skipped when popped. On sparse road-like graphs this beats
/// an indexed heap because pushes are cheap and few entries go stale.
///
/// - Complexity: `push` and `pop` O(log n) comparisons.
struct DistanceHeap {
    private var keys: [Double] = []
    private var nodes: [Int32] = []

    init(capacity: Int = 0) {
        keys.reserveCapacity(capacity)
        nodes.reserveCapacity(capacity)
    }

    var isEmpty: Bool { keys.isEmpty }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && nodes[i] < nodes[j])
    }

    mutating func push(_ key: Double, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) >> 1
            guard less(child, parent) else { break }
            keys.swapAt(child, parent)
            nodes.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (key: Double, node: Int32)? {
        guard let topKey = keys.first, let topNode = nodes.first else { return nil }
        let lastKey = keys.removeLast()
        let lastNode = nodes.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            nodes[0] = lastNode
            var parent = 0
            let count = keys.count
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                var smallest = left
                if left + 1 < count, less(left + 1, left) { smallest = left + 1 }
                guard less(smallest, parent) else { break }
                keys.swapAt(smallest, parent)
                nodes.swapAt(smallest, parent)
                parent = smallest
            }
        }
        return (topKey, topNode)
    }
}
