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
        return distanceSums(closures: closures, reciprocal: false).map { s in
            guard s.total > 0, n > 1 else { return 0 }
            let r = Double(s.reached)
            return (r - 1) / s.total * ((r - 1) / Double(n - 1))
        }
    }
}
