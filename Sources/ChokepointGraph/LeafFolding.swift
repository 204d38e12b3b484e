/// Degree-1 reduction for exact betweenness on undirected graphs: every leaf (a node with one
/// open neighbour, which itself has at least two) is folded into that neighbour, its anchor.
///
/// Every shortest path from a leaf runs through its anchor, so a pass from the anchor serves
/// the leaf too: Brandes runs only from the remaining nodes, with each end of a pair standing
/// for 1 + its folded leaves, and what the leaves add to their anchor and to their own edges
/// is counted in closed form. Following M. Baglioni, F. Geraci, M. Pellegrini and E. Lastres,
/// "Fast exact computation of betweenness centrality in social networks", ASONAM 2012,
/// doi:10.1109/ASONAM.2012.82, and A. E. Sarıyüce, E. Saule, K. Kaya and Ü. V. Çatalyürek,
/// "Shattering and compressing networks for betweenness centrality", SDM 2013,
/// doi:10.1137/1.9781611972832.76 (only the first level of leaves is folded here: no chains).
///
/// For an anchor u with L folded leaves whose component has R nodes (R is the weight its own
/// pass reaches), counted over unordered pairs: u lies on every path between one of its
/// leaves and a node outside its group, L·(R − 1 − L) pairs, and between two of its leaves,
/// L(L − 1)/2 pairs; a leaf's edge carries the R − 1 pairs of that leaf (shared equally by
/// parallel edges of the same least weight). Leaves lie on no path.
///
/// Road networks are full of dead ends (10% of the benchmark graphs' nodes): Brandes runs on
/// the core graph (leaves, closed nodes and closed edges dropped, nodes renumbered in the
/// same order so ties break the same way), roughly (1 − f)² of the work for a leaf share f.
///
/// - Complexity: O(n + m) to find the leaves and build the core; the closed-form terms O(1)
///   per leaf.
struct LeafFolding {
    /// The graph without leaves, closed nodes and closed edges, and the original id of each of
    /// its nodes and edges.
    let core: WeightedGraph
    let coreNode: [Int32]
    let coreEdge: [Int32]
    /// For each core node, how many original nodes it stands for: 1 + its leaves.
    let coreWeight: [Double]
    /// Leaves by anchor (original ids), in compressed rows: `leaves[leafOffsets[u]..<leafOffsets[u + 1]]`.
    let leafOffsets: [Int]
    let leaves: [Int32]
    /// The edges each leaf's pairs use (its least-weight open edges to the anchor), in rows
    /// parallel to `leaves`.
    let edgeOffsets: [Int]
    let carryingEdges: [Int32]
    var leafCount: Int { leaves.count }

    /// Nil when the graph is directed (a leaf's paths in and out differ) or has no leaf.
    static func fold(_ g: WeightedGraph, closures: Closures?) throws(GraphError) -> LeafFolding? {
        guard g.graph.isUndirected else { return nil }
        let n = g.nodeCount
        let open = closures ?? Closures(for: g.graph)
        // The single open neighbour of each node, or −1 with none, −2 with two or more.
        var onlyNeighbour = [Int32](repeating: -1, count: n)
        // Each edge's weight, read back from the rows (an undirected edge has it on both arcs).
        var edgeWeight = [Double](repeating: 0, count: g.graph.edgeCount)
        g.withRows { rows in
            for v in 0..<n {
                var found: Int32 = -1
                for a in rows.offsets[v]..<rows.offsets[v + 1] {
                    edgeWeight[Int(rows.edges[a])] = rows.weights[a]
                    let u32 = rows.heads[a]
                    let u = Int(u32)
                    guard found != -2, u != v, open.isOpen(edge: Int(rows.edges[a])), open.isOpen(node: u) else { continue }
                    if found == -1 { found = u32 } else if found != u32 { found = -2 }
                }
                onlyNeighbour[v] = open.isOpen(node: v) ? found : -1
            }
        }
        var anchorOf = [Int32](repeating: -1, count: n)
        var leafOffsets = [Int](repeating: 0, count: n + 1)
        for v in 0..<n {
            let u = onlyNeighbour[v]
            // Two nodes that are each other's only neighbour stay: neither has an anchor.
            guard u >= 0, onlyNeighbour[Int(u)] == -2 else { continue }
            anchorOf[v] = u
            leafOffsets[Int(u) + 1] += 1
        }
        for u in 0..<n { leafOffsets[u + 1] += leafOffsets[u] }
        guard leafOffsets[n] > 0 else { return nil }
        var leaves = [Int32](repeating: 0, count: leafOffsets[n])
        var fill = leafOffsets
        for v in 0..<n where anchorOf[v] >= 0 {
            let u = Int(anchorOf[v])
            leaves[fill[u]] = Int32(v)
            fill[u] += 1
        }
        var edgeOffsets = [0]
        var carrying: [Int32] = []
        g.withRows { rows in
            for leaf in leaves {
                let v = Int(leaf), anchor = anchorOf[v]
                var least = Double.infinity
                for a in rows.offsets[v]..<rows.offsets[v + 1] where rows.heads[a] == anchor && open.isOpen(edge: Int(rows.edges[a])) {
                    least = min(least, rows.weights[a])
                }
                for a in rows.offsets[v]..<rows.offsets[v + 1]
                where rows.heads[a] == anchor && open.isOpen(edge: Int(rows.edges[a])) && rows.weights[a] == least {
                    carrying.append(rows.edges[a])
                }
                edgeOffsets.append(carrying.count)
            }
        }

        // The core, numbered in the original order.
        var coreIndex = [Int32](repeating: -1, count: n)
        var coreNode: [Int32] = []
        var coreWeight: [Double] = []
        for v in 0..<n where open.isOpen(node: v) && anchorOf[v] < 0 {
            coreIndex[v] = Int32(coreNode.count)
            coreNode.append(Int32(v))
            coreWeight.append(Double(1 + leafOffsets[v + 1] - leafOffsets[v]))
        }
        var coreEdges: [(from: Int32, to: Int32, directed: Bool)] = []
        var coreEdge: [Int32] = []
        var coreWeights: [Double] = []
        for e in 0..<g.graph.edgeCount where open.isOpen(edge: e) {
            let a = coreIndex[Int(g.graph.edgeSource[e])], b = coreIndex[Int(g.graph.edgeTarget[e])]
            guard a >= 0, b >= 0 else { continue }
            coreEdges.append((a, b, false))
            coreEdge.append(Int32(e))
            coreWeights.append(edgeWeight[e])
        }
        let graph = try Graph(nodeIDs: coreNode.map { g.graph.nodeIDs[Int($0)] }, edges: coreEdges, edgeIDs: nil,
                              edgeColumns: [:], nodeColumns: [:], nodeLongitude: nil, nodeLatitude: nil, idsKnownUnique: true)
        let core = try graph.weighted(weights: coreWeights, name: g.weightName,
                                      nodeCost: g.hasNodeCosts ? coreNode.map { g.nodeCost[Int($0)] } : nil)
        return LeafFolding(core: core, coreNode: coreNode, coreEdge: coreEdge, coreWeight: coreWeight, leafOffsets: leafOffsets,
                           leaves: leaves, edgeOffsets: edgeOffsets, carryingEdges: carrying)
    }

    /// Adds what the leaves of `anchor` (an original id) contribute, given the weight its pass
    /// reached, to raw (ordered-pair, so doubled) accumulators indexed by original ids.
    func addLeafTerms(anchor u: Int, reached: Double, node: inout [Double], edge: inout [Double]) {
        let first = leafOffsets[u], last = leafOffsets[u + 1]
        guard first < last else { return }
        let l = Double(last - first)
        node[u] += 2 * (l * (reached - 1 - l) + l * (l - 1) / 2)
        for i in first..<last {
            let start = edgeOffsets[i], end = edgeOffsets[i + 1]
            let share = 2 * (reached - 1) / Double(end - start)
            for j in start..<end { edge[Int(carryingEdges[j])] += share }
        }
    }
}
