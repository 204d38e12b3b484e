/// Point-to-point search with a consistent potential (P. E. Hart, N. J. Nilsson and
/// B. Raphael, "A formal basis for the heuristic determination of minimum cost paths",
/// IEEE Trans. SSC 4(2), 100–107, 1968). With the exact distance-to-target of an
/// unrestricted graph as the potential, a search under extra closures expands little more
/// than the path it finds; this is how Yen's spur searches reuse the reverse shortest-path tree.
///
/// The workspace is reused across searches and reset only where a search touched it.
///
/// - Complexity: O((n + m) log n) worst case; typically far less with a tight potential.
struct AStarWorkspace {
    private var distance: [Double]
    private var predecessor: [Int32]
    private var predecessorEdge: [Int32]
    private var settled: [Bool]
    private var touched: [Int32] = []
    private var heap = DistanceHeap(capacity: 256)

    init(nodeCount n: Int) {
        distance = [Double](repeating: .infinity, count: n)
        predecessor = [Int32](repeating: -1, count: n)
        predecessorEdge = [Int32](repeating: -1, count: n)
        settled = [Bool](repeating: false, count: n)
    }

    /// Shortest path from `source` to `target` under `closures`. `potential[v]` must be a lower
    /// bound on the cost from v to the target that is consistent; `distanceToTarget` from an
    /// unrestricted reverse search is, once each node's own pass cost is added (see below).
    mutating func search(_ g: WeightedGraph, from source: Int32, to target: Int32, closures: Closures,
                         distanceToTarget h: [Double]) -> (nodes: [Int32], edges: [Int32], cost: Double)? {
        reset()
        guard closures.isOpen(node: Int(source)), h[Int(source)].isFinite else { return nil }
        // Leaving v costs passCost(v) (unless v is the source), so the potential of v is
        // h(v) + passCost(v): key(v) − key(u) = w(u,v) + passCost(v) + h(v) − h(u) ≥ 0.
        @inline(__always) func potential(_ v: Int) -> Double {
            v == Int(target) ? 0 : h[v] + g.passCost(v)
        }
        distance[Int(source)] = 0
        touched.append(source)
        heap.push(h[Int(source)], source)
        let offsets = g.offsets, heads = g.heads, weights = g.weights, edges = g.edges
        while let (_, u32) = heap.pop() {
            let u = Int(u32)
            if settled[u] { continue }
            settled[u] = true
            if u32 == target { break }
            let base = distance[u] + (u32 == source ? 0 : g.passCost(u))
            var lastHead: Int32 = -1
            for a in offsets[u]..<offsets[u + 1] {
                let v32 = heads[a]
                if v32 == lastHead { continue }
                let v = Int(v32)
                guard closures.isOpen(edge: Int(edges[a])), closures.isOpen(node: v) else { continue }
                lastHead = v32
                guard h[v].isFinite, !settled[v] else { continue }
                let candidate = base + weights[a]
                if candidate < distance[v] {
                    if distance[v] == .infinity { touched.append(v32) }
                    distance[v] = candidate
                    predecessor[v] = u32
                    predecessorEdge[v] = edges[a]
                    heap.push(candidate + potential(v), v32)
                }
            }
        }
        guard settled[Int(target)] else { return nil }
        let path = tracePath(from: source, to: target, predecessor: predecessor, predecessorEdge: predecessorEdge)
        return (path.nodes, path.edges, distance[Int(target)])
    }

    private mutating func reset() {
        for v32 in touched {
            let v = Int(v32)
            distance[v] = .infinity
            predecessor[v] = -1
            predecessorEdge[v] = -1
            settled[v] = false
        }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
    }
}

extension WeightedGraph {
    /// The cheapest path from `source` to `target`, or nil if there is none.
    ///
    /// With `lowerBound` (for every node, a lower bound on its cost to `target`), the search
    /// is A* and settles far fewer nodes; the bound must be *consistent*:
    /// `lowerBound[u] ≤ w(u, v) + passCost(v) + lowerBound[v]` for every arc, and 0 at the target.
    /// The domain layer supplies one from geometry: geodesic distance to the target times the
    /// cheapest cost per metre of any mode. Without it the search is Dijkstra with early exit.
    /// Either way the cost is exact; ties are broken as in `dijkstra(from:to:)`.
    ///
    /// - Complexity: O((n + m) log n) worst case.
    public func shortestPath(from source: Int32, to target: Int32, lowerBound: [Double]? = nil,
                             closures: Closures? = nil) throws(GraphError) -> Path? {
        let found: (nodes: [Int32], edges: [Int32])?
        if let lowerBound {
            guard lowerBound.count == nodeCount else {
                throw .columnLength("lower bound", expected: nodeCount, got: lowerBound.count)
            }
            guard lowerBound.allSatisfy({ $0 >= 0 && !$0.isNaN }) else {
                throw .invalidArgument("a lower bound must be at least 0 for every node (use .infinity where the target is unreachable)")
            }
            var workspace = AStarWorkspace(nodeCount: nodeCount)
            found = workspace.search(self, from: source, to: target, closures: closures ?? Closures(for: graph),
                                     distanceToTarget: lowerBound).map { ($0.nodes, $0.edges) }
        } else {
            found = dijkstra(from: source, to: target, closures: closures).path(to: target)
        }
        return found.map { Path(nodes: $0.nodes, edges: $0.edges, cost: cost(nodes: $0.nodes, edges: $0.edges)) }
    }
}
