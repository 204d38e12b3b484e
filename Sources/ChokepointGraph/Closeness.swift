/// Closeness centrality with the Wasserman–Faust correction for disconnected graphs
/// (S. Wasserman and K. Faust, "Social Network Analysis", Cambridge University Press, 1994;
/// as NetworkX's `closeness_centrality(G, distance=weight, wf_improved=True)`):
///
///     C(u) = (r − 1) / Σ_v d(v, u) · (r − 1) / (n − 1)
///
/// where the sum runs over the r − 1 other nodes that can reach u. Distances are measured
/// *to* u (incoming), which matters only for directed graphs. C(u) = 0 when nothing reaches u.
///
/// - Complexity: n Dijkstra runs, O(n·(m + n log n)); run on all cores in fixed chunks.
extension WeightedGraph {
    public func closeness(closures: Closures? = nil) -> [Double] {
        let n = nodeCount
        return perNodeDistances(closures: closures) { _, distances in
            var total = 0.0
            for d in distances { total += d }
            let reached = distances.count
            guard total > 0, n > 1 else { return 0 }
            let r = Double(reached)
            return (r - 1) / total * ((r - 1) / Double(n - 1))
        }
    }

    /// For each node u, `value(u, distances)` where `distances` lists the finite distances
    /// from every node that reaches u (a reverse search), u itself included at 0.
    func perNodeDistances(closures: Closures?, _ value: @escaping @Sendable (Int, [Double]) -> Double) -> [Double] {
        let n = nodeCount
        let graph = self
        let chunks = ParallelChunks.ranges(count: n, chunks: ParallelChunks.defaultChunkCount)
        let parts = ParallelChunks.map(chunks.count) { c -> [Double] in
            var workspace = DistanceWorkspace(nodeCount: n)
            var reached: [Double] = []
            return chunks[c].map { u in
                if let closures, !closures.isOpen(node: u) { return 0 }
                workspace.run(graph, from: Int32(u), closures: closures, reverse: true)
                reached.removeAll(keepingCapacity: true)
                for v in workspace.settledOrder { reached.append(workspace.distance(Int(v))) }
                return value(u, reached)
            }
        }
        return parts.flatMap { $0 }
    }
}

/// Distances-only Dijkstra for many searches in a row: arrays allocated once and reset
/// only where the previous search touched them.
struct DistanceWorkspace {
    private var distances: [Double]
    private var settled: [Bool]
    private(set) var settledOrder: [Int32] = []
    private var touched: [Int32] = []
    private var heap = DistanceHeap(capacity: 1024)

    init(nodeCount n: Int) {
        distances = [Double](repeating: .infinity, count: n)
        settled = [Bool](repeating: false, count: n)
    }

    func distance(_ v: Int) -> Double { distances[v] }

    mutating func run(_ g: WeightedGraph, from source: Int32, closures: Closures?, reverse: Bool) {
        for v in touched {
            distances[Int(v)] = .infinity
            settled[Int(v)] = false
        }
        touched.removeAll(keepingCapacity: true)
        settledOrder.removeAll(keepingCapacity: true)
        heap.removeAll()
        let open = closures ?? Closures(nodeCount: 0, edgeCount: 0)
        guard open.isOpen(node: Int(source)) else { return }
        let offsets = reverse ? g.reverseOffsets : g.offsets
        let heads = reverse ? g.reverseTails : g.heads
        let weights = reverse ? g.reverseWeights : g.weights
        let edges = reverse ? g.reverseEdges : g.edges
        distances[Int(source)] = 0
        touched.append(source)
        heap.push(0, source)
        while let (d, u32) = heap.pop() {
            let u = Int(u32)
            if settled[u] { continue }
            settled[u] = true
            settledOrder.append(u32)
            let base = d + (u32 == source ? 0 : g.passCost(u))
            var lastHead: Int32 = -1
            for a in offsets[u]..<offsets[u + 1] {
                let v32 = heads[a]
                if v32 == lastHead { continue }
                guard open.isOpen(edge: Int(edges[a])), open.isOpen(node: Int(v32)) else { continue }
                lastHead = v32
                let v = Int(v32)
                let candidate = base + weights[a]
                if candidate < distances[v] {
                    if distances[v] == .infinity { touched.append(v32) }
                    distances[v] = candidate
                    heap.push(candidate, v32)
                }
            }
        }
    }
}
