/// A priority queue of (distance, node) pairs for Dijkstra-style searches, popping in an order
/// that settles every node after its shortest-path predecessors: `RadixHeap` by (distance,
/// node id), for any non-negative weights; `BucketQueue` bucket by bucket, for positive
/// weights in a moderate range. Each states what keys it accepts after a pop. Searches are
/// generic over it so that one loop serves both.
protocol MonotoneQueue {
    mutating func push(_ key: Double, _ node: Int32)
    mutating func pop() -> (key: Double, node: Int32)?
    mutating func removeAll()
}

extension RadixHeap: MonotoneQueue {}
extension BucketQueue: MonotoneQueue {}
