/// Degree-1 reduction for exact betweenness on undirected graphs: trees hanging off the rest
/// of the graph (dead ends, and dead ends of dead ends) are folded, node by node, into the
/// node they hang from.
///
/// Every shortest path from a folded node runs through the node it was folded into, so a
/// pass from there serves it too: Brandes runs only on the core that remains, with each core
/// node standing for itself and everything folded into it (its *reach*), and what the folded
/// trees add is counted in closed form. Following M. Baglioni, F. Geraci, M. Pellegrini and
/// E. Lastres, "Fast exact computation of betweenness centrality in social networks", ASONAM
/// 2012, doi:10.1109/ASONAM.2012.82, and the iterated removal of A. E. Sarıyüce, E. Saule,
/// K. Kaya and Ü. V. Çatalyürek, "Shattering and compressing networks for betweenness
/// centrality", SDM 2013, doi:10.1137/1.9781611972832.76.
///
/// A node c with one open neighbour v, which has at least two, is folded into v. With r(·)
/// the reach (1 + what was folded in) and N the size of their connected component, counted
/// over unordered pairs:
/// - v lies on every path between c's tree and the trees folded into v before it:
///   r(c)·(r(v) − 1) pairs, added before r(v) grows by r(c);
/// - any node u lies on every path between what was folded into it and the rest of its
///   component: (r(u) − 1)·(N − r(u)) pairs;
/// - c's edge to v carries every pair between c's tree and the rest: r(c)·(N − r(c)),
///   shared equally by parallel edges of the same least weight.
/// Two nodes that are each other's only neighbour stay in the core.
///
/// Road networks are full of dead ends (12% of the benchmark graphs' nodes hang in trees):
/// Brandes runs on the core graph (folded nodes, closed nodes and closed edges dropped,
/// nodes renumbered in the same order so ties break the same way), roughly (1 − f)² of the
/// work for a folded share f.
///
/// - Complexity: O(n + m) to fold and build the core; the closed-form terms O(1) per node.
struct LeafFolding {
    /// The graph without folded nodes, closed nodes and closed edges, and the original id of
    /// each of its nodes and edges.
    let core: WeightedGraph
    let coreNode: [Int32]
    let coreEdge: [Int32]
    /// For each core node, how many original nodes it stands for (its reach).
    let coreWeight: [Double]
    /// By original id: how many nodes each stands for, itself included, once nothing more can
    /// be folded into it (a folded node's subtree size; a core node's reach).
    let reach: [Double]
    /// The closed-form terms, over ordered pairs (twice the counts above), by original id.
    let nodeTerms: [(node: Int32, value: Double)]
    let edgeTerms: [(edge: Int32, value: Double)]
    /// How many nodes were folded.
    let foldedCount: Int
    /// Each fold in the order made: `node` went into `into` over its least open arc `weight`.
    /// A node is folded before anything is folded into what it went into, so the reverse
    /// order visits every tree from its core node outwards (closeness uses this).
    let folds: [Fold]

    struct Fold {
        let node: Int32
        let into: Int32
        let weight: Double
    }

    /// Nil when the graph is directed (a leaf's paths in and out differ) or nothing folds.
    static func fold(_ g: WeightedGraph, closures: Closures?) throws(GraphError) -> LeafFolding? {
        guard g.graph.isUndirected else { return nil }
        let n = g.nodeCount
        let open = closures ?? Closures(for: g.graph)
        // Distinct open neighbours of each open node (self-loops aside); each edge's weight,
        // read back from the rows (an undirected edge has it on both arcs).
        var degree = [Int](repeating: 0, count: n)
        var edgeWeight = [Double](repeating: 0, count: g.graph.edgeCount)
        g.withRows { rows in
            for v in 0..<n {
                var last: Int32 = -1
                for a in rows.offsets[v]..<rows.offsets[v + 1] {
                    edgeWeight[Int(rows.edges[a])] = rows.weights[a]
                    let u32 = rows.heads[a]
                    guard open.isOpen(node: v), u32 != last, Int(u32) != v,
                          open.isOpen(edge: Int(rows.edges[a])), open.isOpen(node: Int(u32)) else { continue }
                    last = u32
                    degree[v] += 1
                }
            }
        }
        let componentSize = Self.componentSizes(g, open: open)

        var folded = [Bool](repeating: false, count: n)
        var reach = [Double](repeating: 1, count: n)
        var cross = [Double](repeating: 0, count: n)
        var edgeTerms: [(edge: Int32, value: Double)] = []
        var folds: [Fold] = []
        var queue = (0..<n).filter { open.isOpen(node: $0) && degree[$0] == 1 }
        var head = 0
        var foldedCount = 0
        g.withRows { rows in
            while head < queue.count {
                let c = queue[head]
                head += 1
                guard !folded[c], degree[c] == 1 else { continue }
                // c's one remaining neighbour, and the least weight of the open arcs to it.
                var v = -1
                var least = Double.infinity
                for a in rows.offsets[c]..<rows.offsets[c + 1] {
                    let u = Int(rows.heads[a])
                    guard u != c, !folded[u], open.isOpen(edge: Int(rows.edges[a])), open.isOpen(node: u) else { continue }
                    v = u
                    least = min(least, rows.weights[a])
                }
                guard v >= 0, degree[v] >= 2 else { continue }
                folded[c] = true
                foldedCount += 1
                folds.append(Fold(node: Int32(c), into: Int32(v), weight: least))
                degree[v] -= 1
                let size = componentSize[c]
                let carrying = (rows.offsets[c]..<rows.offsets[c + 1]).filter { a in
                    Int(rows.heads[a]) == v && open.isOpen(edge: Int(rows.edges[a])) && rows.weights[a] == least
                }
                let share = 2 * reach[c] * (size - reach[c]) / Double(carrying.count)
                for a in carrying { edgeTerms.append((rows.edges[a], share)) }
                cross[v] += 2 * reach[c] * (reach[v] - 1)
                reach[v] += reach[c]
                if degree[v] == 1 { queue.append(v) }
            }
        }
        guard foldedCount > 0 else { return nil }
        var nodeTerms: [(node: Int32, value: Double)] = []
        for u in 0..<n where reach[u] > 1 {
            nodeTerms.append((Int32(u), 2 * (reach[u] - 1) * (componentSize[u] - reach[u]) + cross[u]))
        }

        // The core, numbered in the original order.
        var coreIndex = [Int32](repeating: -1, count: n)
        var coreNode: [Int32] = []
        var coreWeight: [Double] = []
        for v in 0..<n where open.isOpen(node: v) && !folded[v] {
            coreIndex[v] = Int32(coreNode.count)
            coreNode.append(Int32(v))
            coreWeight.append(reach[v])
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
        return LeafFolding(core: core, coreNode: coreNode, coreEdge: coreEdge, coreWeight: coreWeight,
                           reach: reach, nodeTerms: nodeTerms, edgeTerms: edgeTerms, foldedCount: foldedCount, folds: folds)
    }

    /// The number of open nodes in each open node's connected component (breadth-first).
    private static func componentSizes(_ g: WeightedGraph, open: Closures) -> [Double] {
        let n = g.nodeCount
        var size = [Double](repeating: 0, count: n)
        var component = [Int32](repeating: -1, count: n)
        var members: [Int32] = []
        g.withRows { rows in
            for start in 0..<n where open.isOpen(node: start) && component[start] < 0 {
                members.removeAll(keepingCapacity: true)
                component[start] = Int32(start)
                members.append(Int32(start))
                var i = 0
                while i < members.count {
                    let v = Int(members[i])
                    i += 1
                    for a in rows.offsets[v]..<rows.offsets[v + 1] {
                        let u = Int(rows.heads[a])
                        guard component[u] < 0, open.isOpen(edge: Int(rows.edges[a])), open.isOpen(node: u) else { continue }
                        component[u] = Int32(start)
                        members.append(Int32(u))
                    }
                }
                for v in members { size[Int(v)] = Double(members.count) }
            }
        }
        return size
    }

    /// Adds the closed-form terms to raw (ordered-pair) accumulators indexed by original ids.
    func addTerms(node: inout [Double], edge: inout [Double]) {
        for (v, value) in nodeTerms { node[Int(v)] += value }
        for (e, value) in edgeTerms { edge[Int(e)] += value }
    }
}
