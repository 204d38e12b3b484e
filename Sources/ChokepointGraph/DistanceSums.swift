import ChokepointSupport

/// Per-node sums over shortest-path distances, the shared kernel of closeness and harmonic
/// centrality: one reverse Dijkstra per node (distances *to* it), summed as nodes settle, so
/// nothing per search is stored but the distances themselves. A leaner search than
/// `DistanceWorkspace` (no predecessors, closures as flat masks, reset by settling order):
/// closeness is n of them.
struct DistanceSums: Sendable {
    /// Nodes that reach this one, itself included.
    var reached: Int
    /// Σ d(v, u) over them, in settling order.
    var total: Double
    /// Σ 1 / d(v, u) over those at a distance above zero, in settling order.
    var reciprocal: Double
}

extension WeightedGraph {
    /// `DistanceSums` for every node, on all cores in fixed chunks; a closed node gets zeros.
    /// `reciprocal: false` leaves `reciprocal` at zero and saves a division per pair. With
    /// `nodeWeight`, `total` is Σ weight(v)·d(v, u) instead (the reciprocal is unweighted).
    func distanceSums(closures: Closures?, reciprocal: Bool, nodeWeight: [Double]? = nil) -> [DistanceSums] {
        let n = nodeCount
        let graph = self
        let chunks = ParallelChunks.ranges(count: n, chunks: ParallelChunks.defaultChunkCount)
        let parts = ParallelChunks.map(chunks.count) { c -> [DistanceSums] in
            let workspace = DistanceSumWorkspace(nodeCount: n, closures: closures)
            return chunks[c].map { workspace.sums(graph, to: Int32($0), reciprocal: reciprocal, nodeWeight: nodeWeight) }
        }
        return parts.flatMap { $0 }
    }
}

/// Per-worker scratch for `distanceSums`, reset only where the last search went.
final class DistanceSumWorkspace {
    private let distance: ScratchBuffer<Double>
    private let order: ScratchBuffer<Int32>
    private let masks: ClosureMasks
    private let heap = RadixHeap(capacity: 1024)
    private var settledCount = 0

    init(nodeCount n: Int, closures: Closures?) {
        distance = ScratchBuffer(count: n, repeating: .infinity)
        order = ScratchBuffer(count: n, repeating: 0)
        masks = ClosureMasks(closures)
    }

    deinit {
        distance.free(); order.free(); masks.free(); heap.free()
    }

    /// The sums over every node that reaches `target` (a search on the reverse arcs). A stale
    /// heap entry is known by its key, as in `distances(from:)`: a node is pushed again only
    /// on a strict improvement, so no settled flag is needed.
    func sums(_ g: WeightedGraph, to target: Int32, reciprocal wantsReciprocal: Bool, nodeWeight: [Double]?) -> DistanceSums {
        let distance = self.distance, order = self.order
        let masks = self.masks
        for i in 0..<settledCount {
            let w = Int(order[i])
            distance[w] = .infinity
        }
        var settledCount = 0
        defer { self.settledCount = settledCount }
        var result = DistanceSums(reached: 0, total: 0, reciprocal: 0)
        guard !masks.isClosed(node: Int(target)) else { return result }
        let weighted = nodeWeight != nil
        let nodeWeight = nodeWeight ?? []
        nodeWeight.withUnsafeBufferPointer { nodeWeight in
            g.withRows(reverse: true) { rows in
                var heap = self.heap
                heap.removeAll()
                distance[Int(target)] = 0
                heap.push(0, target)
                while let (d, u32) = heap.pop() {
                    let u = Int(u32)
                    if d > distance[u] { continue }
                    order[settledCount] = u32
                    settledCount += 1
                    result.total += weighted ? nodeWeight[u] * d : d
                    if wantsReciprocal, d > 0 { result.reciprocal += 1 / d }
                    let base = d + (u32 == target ? 0 : rows.passCost(u))
                    var lastHead: Int32 = -1
                    for a in rows.offsets[u]..<rows.offsets[u + 1] {
                        let v32 = rows.heads[a]
                        // Only the first open arc to each neighbour: the cheapest of parallel links.
                        if v32 == lastHead { continue }
                        let v = Int(v32)
                        if masks.blocks(edge: Int(rows.edges[a]), node: v) { continue }
                        lastHead = v32
                        let candidate = base + rows.weights[a]
                        if candidate < distance[v] {
                            distance[v] = candidate
                            heap.push(candidate, v32)
                        }
                    }
                }
            }
        }
        result.reached = settledCount
        return result
    }
}
