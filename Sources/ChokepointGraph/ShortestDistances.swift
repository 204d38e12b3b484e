/// Distances only from one source (Dijkstra 1959), for callers that need no path: no
/// predecessor arrays to fill or copy, the result array is the search's own store, and a
/// stale heap entry is recognised by its key (a node is pushed again only on a strict
/// improvement, so an entry whose key exceeds the node's distance is stale) instead of a
/// settled flag. Same heap, same order of relaxations as `dijkstra(from:)`, so the same
/// bits; `ShortestDistancesTests` checks that on random graphs with closures.
///
/// - Complexity: O(m + n·64) with the radix heap (`RadixHeap`); memory one array of n
///   distances plus the heap.
extension WeightedGraph {
    /// Distance from `source` to every node (`.infinity` where unreachable); `reverse`
    /// searches along incoming arcs, giving distances *to* the source.
    public func distances(from source: Int32, closures: Closures? = nil, reverse: Bool = false) -> [Double] {
        var distance = [Double](repeating: .infinity, count: nodeCount)
        let masks = ClosureMasks(closures)
        defer { masks.free() }
        guard !masks.isClosed(node: Int(source)) else { return distance }
        var heap = RadixHeap(capacity: 1024)
        defer { heap.free() }
        distance.withUnsafeMutableBufferPointer { dist in
            guard let base = dist.baseAddress else { return }
            withRows(reverse: reverse) { rows in
                rows.searchDistances(from: source, into: base, masks: masks, heap: &heap) { _, _ in }
            }
        }
        return distance
    }
}

extension CSRRows {
    /// The distance-only search that `distances(from:)` and `DistanceSums` share: Dijkstra
    /// from `source` over these rows into `distance` (`.infinity` everywhere on entry),
    /// calling `settle(node, distance)` as each node settles, in (distance, id) order. Only
    /// the first open arc to each neighbour is used: the cheapest of parallel links.
    @inline(__always)
    func searchDistances(from source: Int32, into distance: UnsafeMutablePointer<Double>, masks: ClosureMasks,
                         heap: inout RadixHeap, settle: (Int32, Double) -> Void) {
        distance[Int(source)] = 0
        heap.push(0, source)
        while let (d, u32) = heap.pop() {
            let u = Int(u32)
            if d > distance[u] { continue }
            settle(u32, d)
            let base = d + (u32 == source ? 0 : passCost(u))
            var lastHead: Int32 = -1
            for a in offsets[u]..<offsets[u + 1] {
                let v32 = heads[a]
                if v32 == lastHead { continue }
                let v = Int(v32)
                if masks.blocks(edge: Int(edges[a]), node: v) { continue }
                lastHead = v32
                let candidate = base + weights[a]
                if candidate < distance[v] {
                    distance[v] = candidate
                    heap.push(candidate, v32)
                }
            }
        }
    }
}
