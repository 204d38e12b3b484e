import ChokepointSupport

/// Closeness centrality with the Wasserman–Faust correction for disconnected graphs
/// (S. Wasserman and K. Faust, "Social Network Analysis", Cambridge University Press, 1994;
/// as NetworkX's `closeness_centrality(G, distance=weight, wf_improved=True)`):
///
///     C(u) = (r − 1) / Σ_v d(v, u) · (r − 1) / (n − 1)
///
/// where the sum runs over the r − 1 other nodes that can reach u. Distances are measured
/// *to* u (incoming), which matters only for directed graphs. C(u) = 0 when nothing reaches u.
///
/// On undirected graphs without node costs, the trees hanging off the graph are folded first
/// (`LeafFolding`), as for betweenness: every path from a tree node x to the rest of the graph
/// runs through the core node a its tree hangs from, so the searches run on the core only,
/// each core node c weighted by the W(c) nodes it stands for, and
///
///     Σ_v d(v, a) = Σ_c W(c)·d(c, a) + Σ_c D(c)          (c over a's component in the core)
///     Σ_v d(v, x) = (N − W(a))·d(x, a) + Σ_v d(v, a) − D(a) + S(x)
///
/// with D(c) the sum of tree distances from c's tree to c, N the component's size and S(x)
/// the sum of distances from x within its tree, found by rerooting (S(child) = S(parent) +
/// w·(W(a) − 2·size(child))). The sums then differ from the plain ones only by rounding;
/// `ClosenessFoldingTests` checks them against the plain searches on random graphs.
///
/// - Complexity: n Dijkstra runs, O(n·(m + n log n)) (k runs on the core of k nodes when
///   folded, plus O(n) for the trees); run on all cores in fixed chunks.
extension WeightedGraph {
    public func closeness(closures: Closures? = nil) -> [Double] {
        closeness(closures: closures, foldingLeaves: true)
    }

    /// `foldingLeaves: false` runs one search per node: the tests' reference for the folding.
    func closeness(closures: Closures?, foldingLeaves: Bool) -> [Double] {
        let n = nodeCount
        guard n > 1 else { return [Double](repeating: 0, count: n) }
        func value(reached r: Double, total: Double) -> Double {
            guard total > 0 else { return 0 }
            return (r - 1) / total * ((r - 1) / Double(n - 1))
        }
        // Building the core cannot fail on a graph that was built already; if it did, the
        // plain searches give the same values.
        if foldingLeaves, !hasNodeCosts, let folding = try? LeafFolding.fold(self, closures: closures) {
            return foldedCloseness(folding, value: value)
        }
        return distanceSums(closures: closures, reciprocal: false).map { s in
            value(reached: Double(s.reached), total: s.total)
        }
    }

    private func foldedCloseness(_ folding: LeafFolding, value: (Double, Double) -> Double) -> [Double] {
        let n = nodeCount
        let core = folding.core
        // Distance sum of each folded subtree to its root, in fold order (children first);
        // subtree sizes are the folding's reach.
        let size = folding.reach
        var down = [Double](repeating: 0, count: n)
        for fold in folding.folds {
            let c = Int(fold.node), v = Int(fold.into)
            down[v] += down[c] + size[c] * fold.weight
        }
        // Components of the core: their size N and Σ D(c).
        var components = UnionFind(count: core.nodeCount)
        for e in 0..<core.graph.edgeCount {
            components.union(Int(core.graph.edgeSource[e]), Int(core.graph.edgeTarget[e]))
        }
        var componentSize = [Double](repeating: 0, count: core.nodeCount)
        var componentDown = [Double](repeating: 0, count: core.nodeCount)
        for i in 0..<core.nodeCount {
            let root = components.root(of: i)
            componentSize[root] += folding.coreWeight[i]
            componentDown[root] += down[Int(folding.coreNode[i])]
        }
        let sums = core.distanceSums(closures: nil, reciprocal: false, nodeWeight: folding.coreWeight)
        var result = [Double](repeating: 0, count: n)
        // For every node of a tree: its core node, distance to it, and S (sum within the tree).
        var anchor = [Int32](repeating: -1, count: n)
        var toAnchor = [Double](repeating: 0, count: n)
        var within = [Double](repeating: 0, count: n)
        var total = [Double](repeating: 0, count: n)
        var reached = [Double](repeating: 0, count: n)
        for i in 0..<core.nodeCount {
            let a = Int(folding.coreNode[i])
            let root = components.root(of: i)
            anchor[a] = Int32(a)
            within[a] = down[a]
            total[a] = sums[i].total + componentDown[root]
            reached[a] = componentSize[root]
            result[a] = value(reached[a], total[a])
        }
        for fold in folding.folds.reversed() {
            let c = Int(fold.node), v = Int(fold.into)
            let a = Int(anchor[v])
            anchor[c] = Int32(a)
            toAnchor[c] = toAnchor[v] + fold.weight
            within[c] = within[v] + fold.weight * (size[a] - 2 * size[c])
            total[c] = (reached[a] - size[a]) * toAnchor[c] + total[a] - down[a] + within[c]
            result[c] = value(reached[a], total[c])
        }
        return result
    }
}
