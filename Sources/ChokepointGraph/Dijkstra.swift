/// Shortest paths from one source with non-negative weights (Dijkstra 1959, "A note on two
/// problems in connexion with graphs", Numer. Math. 1, 269–271).
///
/// Ties are deterministic: nodes at equal distance settle in id order, and a node's
/// predecessor changes only on a strict improvement, so the first-settled of equal
/// predecessors wins.
///
/// - Complexity: O((n + m) log n) with the lazy binary heap.
public struct ShortestPathTree: Sendable {
    public let source: Int32
    /// Distance from the source; `.infinity` where unreachable.
    public let distance: [Double]
    /// Predecessor node on the chosen shortest path, -1 for the source and unreachable nodes.
    public let predecessor: [Int32]
    /// The edge used to reach each node, -1 where none.
    public let predecessorEdge: [Int32]

    /// The node path from the source to `target`, or nil if unreachable.
    public func path(to target: Int32) -> (nodes: [Int32], edges: [Int32])? {
        guard distance[Int(target)].isFinite else { return nil }
        var nodes: [Int32] = [target]
        var edges: [Int32] = []
        var v = target
        while v != source {
            edges.append(predecessorEdge[Int(v)])
            v = predecessor[Int(v)]
            nodes.append(v)
        }
        return (nodes.reversed(), edges.reversed())
    }
}

extension WeightedGraph {
    /// Single-source shortest paths. With `target`, stops as soon as it is settled.
    /// `reverse` searches along incoming arcs: distances *to* the source.
    public func dijkstra(from source: Int32, to target: Int32? = nil, closures: Closures? = nil, reverse: Bool = false) -> ShortestPathTree {
        let n = nodeCount
        var distance = [Double](repeating: .infinity, count: n)
        var predecessor = [Int32](repeating: -1, count: n)
        var predecessorEdge = [Int32](repeating: -1, count: n)
        var settled = [Bool](repeating: false, count: n)
        let open = closures ?? Closures(nodeCount: 0, edgeCount: 0)
        guard open.isOpen(node: Int(source)) else {
            return ShortestPathTree(source: source, distance: distance, predecessor: predecessor, predecessorEdge: predecessorEdge)
        }
        let rowOffsets = reverse ? reverseOffsets : offsets
        let rowHeads = reverse ? reverseTails : heads
        let rowWeights = reverse ? reverseWeights : weights
        let rowEdges = reverse ? reverseEdges : edges
        var heap = DistanceHeap(capacity: 64)
        distance[Int(source)] = 0
        heap.push(0, source)
        while let (d, u32) = heap.pop() {
            let u = Int(u32)
            if settled[u] { continue }
            settled[u] = true
            if u32 == target { break }
            let base = d + (u32 == source ? 0 : passCost(u))
            var lastHead: Int32 = -1
            for a in rowOffsets[u]..<rowOffsets[u + 1] {
                let v = rowHeads[a]
                // Only the first open arc to each neighbour: the cheapest of parallel links.
                if v == lastHead { continue }
                let e = Int(rowEdges[a])
                guard open.isOpen(edge: e), open.isOpen(node: Int(v)) else { continue }
                lastHead = v
                let candidate = base + rowWeights[a]
                if candidate < distance[Int(v)] {
                    distance[Int(v)] = candidate
                    predecessor[Int(v)] = u32
                    predecessorEdge[Int(v)] = Int32(e)
                    heap.push(candidate, v)
                }
            }
        }
        return ShortestPathTree(source: source, distance: distance, predecessor: predecessor, predecessorEdge: predecessorEdge)
    }
}
