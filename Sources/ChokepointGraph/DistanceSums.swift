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

    /// The sums over every node that reaches `target` (a search on the reverse arcs, the one
    /// `distances(from:)` runs: `CSRRows.searchDistances`), taken as nodes settle.
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
                rows.searchDistances(from: target, into: distance.pointer, masks: masks, heap: &heap) { u32, d in
                    order[settledCount] = u32
                    settledCount += 1
                    result.total += weighted ? nodeWeight[Int(u32)] * d : d
                    if wantsReciprocal, d > 0 { result.reciprocal += 1 / d }
                }
            }
        }
        result.reached = settledCount
        return result
    }
}
