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
            dist[Int(source)] = 0
            heap.push(0, source)
            withRows(reverse: reverse) { rows in
                while let (d, u32) = heap.pop() {
                    let u = Int(u32)
                    if d > dist[u] { continue }
                    let base = d + (u32 == source ? 0 : rows.passCost(u))
                    var lastHead: Int32 = -1
                    for a in rows.offsets[u]..<rows.offsets[u + 1] {
                        let v32 = rows.heads[a]
                        // Only the first open arc to each neighbour: the cheapest of parallel links.
                        if v32 == lastHead { continue }
                        let v = Int(v32)
                        if masks.blocks(edge: Int(rows.edges[a]), node: v) { continue }
                        lastHead = v32
                        let candidate = base + rows.weights[a]
                        if candidate < dist[v] {
                            dist[v] = candidate
                            heap.push(candidate, v32)
                        }
                    }
                }
            }
        }
        return distance
    }
}
