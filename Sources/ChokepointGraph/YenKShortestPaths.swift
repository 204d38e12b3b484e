/// The k shortest loopless paths between two nodes, in order of cost, generated lazily.
///
/// Algorithm: J. Y. Yen, "Finding the K shortest loopless paths in a network", Management
/// Science 17(11), 712–716, 1971, doi:10.1287/mnsc.17.11.712, with two standard improvements:
/// - Lawler's deviation index (E. L. Lawler, "A procedure for computing the K best solutions
///   to discrete optimization problems", Management Science 18(7), 1972): a path found by
///   deviating at position d only spawns spurs at positions ≥ d;
/// - spur searches reuse the reverse shortest-path tree to the target as an A* potential
///   (after Martins, Pascoal and Santos, "Deviation algorithms for ranking shortest paths",
///   Int. J. Found. Comput. Sci. 10(3), 1999): closures only lengthen paths, so the
///   unrestricted distance-to-target stays a consistent lower bound.
///
/// Paths are sequences of edges: in a multigraph, the same towns by road and by river are two
/// paths. Ties in cost are ranked by node sequence, then edge sequence.
///
/// - Complexity: O(k·ℓ·(m + n log n)) in the worst case for paths of ℓ nodes; with the A*
///   potential each spur search usually settles only nodes near the path it returns.
public struct YenKShortestPaths: Sequence, IteratorProtocol {
    private let graph: WeightedGraph
    private let source: Int32
    private let target: Int32
    private var closures: Closures
    private let distanceToTarget: [Double]
    private var workspace: AStarWorkspace
    /// Accepted paths with the deviation index they were generated at.
    private var accepted: [(path: Path, deviation: Int)] = []
    private var candidates: [(path: Path, deviation: Int)] = []
    private var seen: Set<[Int32]> = []
    private var started = false

    public init(graph: WeightedGraph, from source: Int32, to target: Int32, closures: Closures? = nil) {
        self.graph = graph
        self.source = source
        self.target = target
        self.closures = closures ?? Closures(for: graph.graph)
        self.distanceToTarget = graph.dijkstra(from: target, closures: closures, reverse: true).distance
        self.workspace = AStarWorkspace(nodeCount: graph.nodeCount)
    }

    public mutating func next() -> Path? {
        if !started {
            started = true
            guard source != target,
                  let first = workspace.search(graph, from: source, to: target, closures: closures, distanceToTarget: distanceToTarget)
            else { return nil }
            let path = Path(nodes: first.nodes, edges: first.edges, cost: graph.cost(nodes: first.nodes, edges: first.edges))
            seen.insert(path.edges)
            accepted.append((path, 0))
            return path
        }
        guard let (last, deviation) = accepted.last else { return nil }
        spawnCandidates(from: last, deviation: deviation)
        guard let best = candidates.indices.min(by: { pathOrder(candidates[$0].path, candidates[$1].path) }) else { return nil }
        let chosen = candidates.remove(at: best)
        accepted.append(chosen)
        return chosen.path
    }

    private mutating func spawnCandidates(from path: Path, deviation: Int) {
        // Root prefix cost up to each node, summed left to right as `cost(nodes:edges:)` does.
        for i in deviation..<(path.nodes.count - 1) {
            let spur = path.nodes[i]
            let rootNodes = Array(path.nodes[0...i])
            let rootEdges = Array(path.edges[0..<i])
            var closedHere: [Int32] = []
            var closedNodesHere: [Int32] = []
            // Edges leaving the spur node along accepted paths that share this root.
            for (other, _) in accepted where other.nodes.count > i + 1 && Array(other.edges.prefix(i)) == rootEdges
                && other.nodes[i] == spur {
                if closures.close(edge: other.edges[i]) { closedHere.append(other.edges[i]) }
            }
            // The root's nodes (except the spur) may not be revisited: paths stay loopless.
            for v in rootNodes.dropLast() where closures.close(node: v) { closedNodesHere.append(v) }

            if let spurPath = workspace.search(graph, from: spur, to: target, closures: closures, distanceToTarget: distanceToTarget) {
                let nodes = rootNodes + spurPath.nodes.dropFirst()
                let edges = rootEdges + spurPath.edges
                if seen.insert(edges).inserted {
                    candidates.append((Path(nodes: nodes, edges: edges, cost: graph.cost(nodes: nodes, edges: edges)), i))
                }
            }
            for e in closedHere { closures.reopen(edge: e) }
            for v in closedNodesHere { closures.reopen(node: v) }
        }
    }
}

extension WeightedGraph {
    /// The `k` cheapest loopless paths from `source` to `target` (fewer if fewer exist).
    public func kShortestPaths(from source: Int32, to target: Int32, k: Int, closures: Closures? = nil) -> [Path] {
        Array(YenKShortestPaths(graph: self, from: source, to: target, closures: closures).prefix(k))
    }

    /// Up to `k` good paths that differ: each shares at most `maxSharedFraction` of its length
    /// with every better-ranked path kept, where length is measured by `length` per edge (the
    /// weight itself when nil). Paths are examined in cost order (Yen), at most `maxExamined`.
    ///
    /// This is the "dissimilar paths by filtering" approach (e.g. Chondrogiannis et al.,
    /// "Finding k-shortest paths with limited overlap", VLDB J. 29, 2020, §3): simple,
    /// exact in its ranking, and bounded by `maxExamined` rather than by an overlap guarantee.
    public func diversePaths(from source: Int32, to target: Int32, k: Int, maxSharedFraction: Double,
                             length: [Double]? = nil, maxExamined: Int = 2_000, closures: Closures? = nil) -> [Path] {
        var kept: [(path: Path, edges: Set<Int32>)] = []
        func edgeLength(_ p: Path, _ i: Int) -> Double {
            if let length { return length[Int(p.edges[i])] }
            return edgeWeight(p.edges[i], from: p.nodes[i], to: p.nodes[i + 1])
        }
        var examined = 0
        for candidate in YenKShortestPaths(graph: self, from: source, to: target, closures: closures) {
            examined += 1
            var total = 0.0
            for i in candidate.edges.indices { total += edgeLength(candidate, i) }
            let acceptable = kept.allSatisfy { other in
                var shared = 0.0
                for i in candidate.edges.indices where other.edges.contains(candidate.edges[i]) { shared += edgeLength(candidate, i) }
                return total > 0 ? shared / total <= maxSharedFraction : false
            }
            if kept.isEmpty || acceptable {
                kept.append((candidate, Set(candidate.edges)))
                if kept.count == k { break }
            }
            if examined >= maxExamined { break }
        }
        return kept.map(\.path)
    }
}
