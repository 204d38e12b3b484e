/// Harmonic centrality (M. Marchiori and V. Latora, "Harmony in the small-world", Physica A
/// 285, 539–546, 2000; P. Boldi and S. Vigna, "Axioms for centrality", Internet Math. 10,
/// 2014): H(u) = Σ_{v ≠ u} 1 / d(v, u), with 1/∞ = 0. Unlike closeness it needs no correction
/// for disconnected graphs. Matches NetworkX's `harmonic_centrality(G, distance=weight)`.
///
/// - Complexity: n Dijkstra runs, O(n·(m + n log n)); run on all cores in fixed chunks.
extension WeightedGraph {
    public func harmonicCentrality(closures: Closures? = nil) -> [Double] {
        // The node itself is at distance 0 and contributes nothing (as in NetworkX).
        distanceSums(closures: closures, reciprocal: true).map(\.reciprocal)
    }
}
