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
            let workspace = DistanceWorkspace(nodeCount: n)
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
