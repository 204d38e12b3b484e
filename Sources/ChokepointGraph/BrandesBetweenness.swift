import ChokepointSupport
import Foundation

/// Shortest-path betweenness of nodes and edges on weighted graphs.
///
/// Algorithm: U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol.
/// 25(2), 163–177, 2001, doi:10.1080/0022250X.2001.9990249 — one Dijkstra per source that
/// counts shortest paths (σ), then dependencies accumulated in reverse settling order.
/// Predecessor lists are not stored: a node with a single predecessor keeps it (one node and
/// one arc), and the others re-derive theirs from incoming arcs by the exact floating-point
/// test `dist[v] + w == dist[w]`, which repeats the forward computation.
///
/// Values match NetworkX's `betweenness_centrality(G, normalized=False, weight=...)` and
/// `edge_betweenness_centrality` by default: ordered pairs for directed graphs, each
/// unordered pair once for undirected ones (halved), endpoints excluded. Weights should be
/// positive: with zero weights, paths of equal length can be infinitely many.
///
/// Sampled mode (`sampleSize: k`) is the source-sampling estimator of U. Brandes and C. Pich,
/// "Centrality estimation in large networks", Int. J. Bifurcation and Chaos 17(7), 2007,
/// doi:10.1142/S0218127407018403, with NetworkX 3.6's unbiased scaling: a node that is one
/// of the k sampled sources is scaled by (n−1)/(k−1), any other by (n−1)/k. Error bound: each
/// source contributes at most n−2 to a node, so by Hoeffding's inequality (which holds for
/// sampling without replacement, Hoeffding 1963 §6), with probability at least 1 − δ every
/// node's *normalized* estimate is within ε = √(ln(2n/δ) / (2(k−1))) of the exact value.
///
/// Exact runs on undirected graphs first fold the trees hanging off the graph into the nodes
/// they hang from (`LeafFolding`, Baglioni et al. 2012; Sarıyüce et al. 2013): same values,
/// fewer and smaller searches.
///
/// - Complexity: O(n·m + n²·log n) time exact, O(k·(m + n log n)) sampled; O(n + m) memory
///   per worker. Sources are split into 8 fixed chunks run on all cores.
public struct Betweenness: Sendable {
    /// Node betweenness, by dense node id.
    public var node: [Double]
    /// Edge betweenness, by dense edge id. Between two nodes the cheapest open edge carries it;
    /// parallel edges of equal least weight share it equally.
    public var edge: [Double]
    /// The sampled sources, in id order; nil for the exact computation.
    public var sampledSources: [Int32]?
    /// For sampled runs, the additive error ε on normalized values that holds with
    /// probability 1 − `confidenceDelta` for all nodes at once.
    public var errorBound: Double?
    public var confidenceDelta: Double?
}

extension WeightedGraph {
    /// Betweenness of every node and edge.
    /// - Parameters:
    ///   - normalized: divide node values by (n−1)(n−2) and edge values by n(n−1), as NetworkX does.
    ///   - sampleSize: estimate from this many sources drawn with `seed` (nil: exact).
    ///   - delta: confidence parameter for the reported error bound of a sampled run.
    public func betweenness(normalized: Bool = false, sampleSize: Int? = nil, seed: UInt64 = 0,
                            delta: Double = 0.1, closures: Closures? = nil) throws(GraphError) -> Betweenness {
        try betweenness(normalized: normalized, sampleSize: sampleSize, seed: seed, delta: delta, closures: closures, foldingLeaves: true)
    }

    /// `foldingLeaves: false` runs plain Brandes from every node: the tests' reference for the folding.
    func betweenness(normalized: Bool, sampleSize: Int?, seed: UInt64, delta: Double, closures: Closures?,
                     foldingLeaves: Bool) throws(GraphError) -> Betweenness {
        let n = nodeCount
        var sources: [Int32] = (0..<n).map(Int32.init)
        var sampled: [Int32]?
        if let k = sampleSize {
            guard k >= 2, k <= n else {
                throw .invalidArgument("the number of sampled sources must be between 2 and the number of nodes (\(n)), got \(k)")
            }
            var rng = SplitMix64(seed: seed)
            // Partial Fisher–Yates: the first k entries are a uniform sample without replacement.
            for i in 0..<k {
                let j = i + Int(rng.next() % UInt64(n - i))
                sources.swapAt(i, j)
            }
            let chosen = Array(sources.prefix(k)).sorted()
            sampled = chosen
            sources = chosen
        }
        let graph = self
        var node = [Double](repeating: 0, count: n)
        var edge = [Double](repeating: 0, count: graph.graph.edgeCount)
        // Exact runs on undirected graphs fold hanging trees (LeafFolding) and run on the
        // core that remains.
        if sampled == nil, foldingLeaves, let folding = try LeafFolding.fold(self, closures: closures) {
            let core = folding.core
            let chunks = ParallelChunks.ranges(count: core.nodeCount, chunks: ParallelChunks.defaultChunkCount)
            let partials = ParallelChunks.map(chunks.count) { c -> ([Double], [Double]) in
                let workspace = BrandesWorkspace(graph: core, closures: nil)
                var node = [Double](repeating: 0, count: core.nodeCount)
                var edge = [Double](repeating: 0, count: core.graph.edgeCount)
                for s in chunks[c] {
                    workspace.accumulate(graph: core, source: Int32(s), node: &node, edge: &edge,
                                         targetWeight: folding.coreWeight, sourceWeight: folding.coreWeight[s])
                }
                return (node, edge)
            }
            for (partNode, partEdge) in partials {
                for (v, value) in partNode.enumerated() { node[Int(folding.coreNode[v])] += value }
                for (e, value) in partEdge.enumerated() { edge[Int(folding.coreEdge[e])] += value }
            }
            folding.addTerms(node: &node, edge: &edge)
        } else {
            let open = closures
            let sourceList = sources
            let chunks = ParallelChunks.ranges(count: sources.count, chunks: ParallelChunks.defaultChunkCount)
            let partials = ParallelChunks.map(chunks.count) { c -> ([Double], [Double]) in
                let workspace = BrandesWorkspace(graph: graph, closures: open)
                var node = [Double](repeating: 0, count: n)
                var edge = [Double](repeating: 0, count: graph.graph.edgeCount)
                for i in chunks[c] {
                    workspace.accumulate(graph: graph, source: sourceList[i], node: &node, edge: &edge, targetWeight: nil)
                }
                return (node, edge)
            }
            for (partNode, partEdge) in partials {
                for v in 0..<n { node[v] += partNode[v] }
                for e in edge.indices { edge[e] += partEdge[e] }
            }
        }

        // Rescaling, as NetworkX's _rescale (endpoints excluded for nodes, included for edges).
        let directed = !graph.graph.isUndirected
        let correction = directed ? 1.0 : 2.0
        let nodePairs = Double(n - 1)          // N for nodes (endpoints excluded)
        if n - 1 >= 2 {
            if let sampled {
                let k = Double(sampled.count)
                let inSample = Set(sampled)
                let sourceScale = normalized ? 1 / ((k - 1) * (nodePairs - 1)) : nodePairs / ((k - 1) * correction)
                let otherScale = normalized ? 1 / (k * (nodePairs - 1)) : nodePairs / (k * correction)
                for v in 0..<n { node[v] *= inSample.contains(Int32(v)) ? sourceScale : otherScale }
            } else {
                let scale = normalized ? 1 / (nodePairs * (nodePairs - 1)) : 1 / correction
                if scale != 1 { for v in 0..<n { node[v] *= scale } }
            }
        }
        let edgePairs = Double(n)
        if n >= 2 {
            let k = Double(sampled?.count ?? n)
            let scale = normalized ? 1 / (k * (edgePairs - 1)) : edgePairs / (k * correction)
            if scale != 1 { for e in edge.indices { edge[e] *= scale } }
        }
        var result = Betweenness(node: node, edge: edge, sampledSources: sampled)
        if let sampled {
            let k = Double(sampled.count)
            result.errorBound = (log(2 * Double(n) / delta) / (2 * (k - 1))).squareRoot()
            result.confidenceDelta = delta
        }
        return result
    }
}

/// Per-worker scratch for Brandes' algorithm, reset only where a search touched it, and the
/// closures as flat masks (read once per worker, not once per arc through an array).
///
/// A node's state is one 32-byte record (distance, σ, δ, predecessor), so that relaxing an
/// arc or crediting a predecessor touches one cache line rather than one per array; at 100k
/// and 1M nodes the searches wait on memory. There is no settled flag: the radix heap pops in
/// (distance, node id) order, so a node is settled exactly when its (distance, id) is at most
/// the current one's; the bucket queue serves only graphs without zero weights, where a node
/// reached across an arc at its own distance is never settled yet. A stale entry is known by
/// its key.
final class BrandesWorkspace {
    private struct NodeState {
        var distance: Double
        var sigma: Double
        var delta: Double
        /// The only predecessor, or -1 when the node has several, a zero-weight tie, or a
        /// parallel arc from it (whose edge values the scan shares out): the backward pass
        /// then reads one record instead of scanning every incoming arc. Set on every
        /// improvement, so never stale after a pass.
        var predecessor: Int32
        /// The edge from `predecessor`.
        var predecessorEdge: Int32

        static let unreached = NodeState(distance: .infinity, sigma: 0, delta: 0, predecessor: -1, predecessorEdge: -1)
    }

    private let state: ScratchBuffer<NodeState>
    private let order: ScratchBuffer<Int32>
    /// False makes every node scan its incoming arcs: the tests' reference for the shortcut.
    private let readsPredecessors: Bool
    private let masks: ClosureMasks
    private let heap = RadixHeap(capacity: 1024)
    /// Used instead of `heap` when the graph's weights suit it (see `BucketQueue`).
    private let buckets: BucketQueue?
    var usesBuckets: Bool { buckets != nil }
    /// Nodes settled by the last pass; reset at the start of the next one, so that the last
    /// pass's distances stay readable (`distance(_:)`) until then.
    private var settledCount = 0

    /// `bucketing: false` keeps to the radix heap: the tests' reference for the bucket queue.
    init(graph: WeightedGraph, closures: Closures?, readsPredecessors: Bool = true, bucketing: Bool = true) {
        let n = graph.nodeCount
        self.readsPredecessors = readsPredecessors
        buckets = bucketing ? BucketQueue(for: graph) : nil
        state = ScratchBuffer(count: n, repeating: .unreached)
        order = ScratchBuffer(count: n, repeating: 0)
        masks = ClosureMasks(closures)
    }

    deinit {
        state.free(); order.free(); masks.free(); heap.free(); buckets?.free()
    }

    /// One source's Dijkstra with path counting, then dependency accumulation into `node`
    /// and `edge`. A target w counts `sourceWeight × targetWeight[w]` (1 × 1 without them):
    /// route betweenness passes the source's demand per target; exact betweenness on a graph
    /// with its hanging trees folded in passes how many nodes each end stands for.
    func accumulate(graph g: WeightedGraph, source: Int32, node: inout [Double], edge: inout [Double],
                    targetWeight: [Double]?, sourceWeight: Double = 1) {
        let state = self.state.pointer, order = self.order
        let masks = self.masks
        // Reset what the previous source touched (a full search settles every node it reaches).
        for i in 0..<settledCount { state[Int(order[i])] = .unreached }
        var settledCount = 0
        defer { self.settledCount = settledCount }
        guard !masks.isClosed(node: Int(source)) else { return }
        // Forward: shortest-path DAG from `source`, counting shortest paths (σ).
        g.withRows { rows in
            if var buckets = self.buckets {
                settledCount = forward(rows: rows, source: source, queue: &buckets)
            } else {
                var heap = self.heap
                settledCount = forward(rows: rows, source: source, queue: &heap)
            }
        }
        // Backward: dependencies in reverse settling order. A node with one predecessor reads
        // it from its record; otherwise predecessors come from incoming arcs, by the same
        // floating-point sum the forward pass made (every node with a finite distance is
        // settled by now). Either way each predecessor receives its share in the same order,
        // so the sums have the same bits.
        let readsPredecessors = self.readsPredecessors
        node.withUnsafeMutableBufferPointer { node in
            edge.withUnsafeMutableBufferPointer { edge in
                g.withRows(reverse: true) { rows in
                    var i = settledCount - 1
                    while i >= 0 {
                        let w32 = order[i]
                        i -= 1
                        let w = Int(w32)
                        guard w32 != source else { continue }
                        let own = (targetWeight.map { $0[w] } ?? 1) * sourceWeight
                        let coefficient = (own + state[w].delta) / state[w].sigma
                        let only = readsPredecessors ? state[w].predecessor : -1
                        if only >= 0 {
                            let v = Int(only)
                            let c = state[v].sigma * coefficient
                            state[v].delta += c
                            edge[Int(state[w].predecessorEdge)] += c
                            node[w] += state[w].delta
                            continue
                        }
                        var lastTail: Int32 = -1
                        let dw = state[w].distance
                        let end = rows.offsets[w + 1]
                        var a = rows.offsets[w]
                        while a < end {
                            let v32 = rows.heads[a]
                            let arc = a
                            a += 1
                            if v32 == lastTail { continue }
                            let v = Int(v32)
                            if masks.blocks(edge: Int(rows.edges[arc]), node: v) { continue }
                            lastTail = v32
                            guard state[v].distance + (v32 == source ? 0 : rows.passCost(v)) + rows.weights[arc] == dw else { continue }
                            let c = state[v].sigma * coefficient
                            state[v].delta += c
                            // Parallel open edges of the same (minimum) weight share the edge value
                            // equally, as NetworkX does for multigraphs.
                            var ties = 1
                            var b = arc + 1
                            while b < end, rows.heads[b] == v32, rows.weights[b] == rows.weights[arc] {
                                if !masks.isClosed(edge: Int(rows.edges[b])) { ties += 1 }
                                b += 1
                            }
                            if ties == 1 {
                                edge[Int(rows.edges[arc])] += c
                            } else {
                                let share = c / Double(ties)
                                edge[Int(rows.edges[arc])] += share
                                for t in (arc + 1)..<b where !masks.isClosed(edge: Int(rows.edges[t])) { edge[Int(rows.edges[t])] += share }
                            }
                        }
                        node[w] += state[w].delta
                    }
                }
            }
        }
    }

    /// Dijkstra from `source` counting shortest paths (σ) into `state`, the settling order into
    /// `order`; returns how many nodes it settled.
    @inline(__always)
    private func forward<Queue: MonotoneQueue>(rows: CSRRows, source: Int32, queue heap: inout Queue) -> Int {
        let state = self.state.pointer, order = self.order
        let masks = self.masks
        var settledCount = 0
        heap.removeAll()
        state[Int(source)].distance = 0
        state[Int(source)].sigma = 1
        heap.push(0, source)
        while let (d, u32) = heap.pop() {
            let u = Int(u32)
            // Pushed again only on a strict improvement: a larger key is stale.
            if d > state[u].distance { continue }
            order[settledCount] = u32
            settledCount += 1
            let base = d + (u32 == source ? 0 : rows.passCost(u))
            let sigmaU = state[u].sigma
            var lastHead: Int32 = -1
            let end = rows.offsets[u + 1]
            for a in rows.offsets[u]..<end {
                let v32 = rows.heads[a]
                if v32 == lastHead { continue }
                let v = Int(v32)
                if masks.blocks(edge: Int(rows.edges[a]), node: v) { continue }
                lastHead = v32
                let candidate = base + rows.weights[a]
                let current = state[v].distance
                if candidate < current {
                    state[v].distance = candidate
                    state[v].sigma = sigmaU
                    state[v].predecessor = a + 1 < end && rows.heads[a + 1] == v32 ? -1 : u32
                    state[v].predecessorEdge = rows.edges[a]
                    heap.push(candidate, v32)
                } else if candidate == current {
                    // v is settled when it popped before u (or is u, by a self-loop):
                    // it then keeps its σ, as Brandes' algorithm requires. Either way
                    // the backward pass scans: a second predecessor, or a settled one
                    // across a zero-weight arc, which the scan counts.
                    let settled = current < d || (current == d && v32 <= u32)
                    if !settled { state[v].sigma += sigmaU }
                    state[v].predecessor = -1
                }
            }
        }
        return settledCount
    }

    /// Distance from the last pass's source to `v` (`.infinity` if unreached), valid until the next pass.
    func distance(_ v: Int) -> Double { state.pointer[v].distance }
}
