/// A priority queue of (distance, node) pairs for Dijkstra-style searches, whose keys never
/// fall below the last one popped, popping in (distance, node id) order. Searches are generic
/// over it so one loop serves `BucketQueue` (arc weights in a moderate range) and `RadixHeap`
/// (any non-negative weights).
protocol MonotoneQueue {
    mutating func push(_ key: Double, _ node: Int32)
    mutating func pop() -> (key: Double, node: Int32)?
    mutating func removeAll()
}

extension RadixHeap: MonotoneQueue {}
extension BucketQueue: MonotoneQueue {}
