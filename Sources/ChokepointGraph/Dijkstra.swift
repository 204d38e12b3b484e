/// Shortest paths from one source with non-negative weights (Dijkstra 1959, "A note on two
/// problems in connexion with graphs", Numer. Math. 1, 269–271).
///
/// Ties are deterministic: nodes at equal distance settle in id order, and a node's
/// predecessor changes only on a strict improvement, so the first-settled of equal
/// predecessors wins.
///
/// - Complexity: O(m + n·64) with the radix heap (`RadixHeap`, 64 key bits); O((n + m) log n)
///   with any comparison heap.
public struct ShortestPathTree: Sendable {
    public let source: Int32
    /// Distance from the source; `.infinity` where unreachable.
    public let distance: [Double]
    /// Predecessor node on the chosen shortest path, -1 for the source and unreachable nodes.
    public let predecessor: [Int32]
    /// The edge used to reach each node, -1 where none.
    public let predecessorEdge: [Int32]

    /// The node path from the source to `target`, or nil if unreachable.
    public func path(to target: Int32) -> (nodes: [Int32], edges: [Int32])? {
        guard distance[Int(target)].isFinite else { return nil }
        return tracePath(from: source, to: target, predecessor: predecessor, predecessorEdge: predecessorEdge)
    }
}

/// The path to `target` read back through predecessor links to `source` (which must lead there).
func tracePath(from source: Int32, to target: Int32, predecessor: [Int32], predecessorEdge: [Int32]) -> (nodes: [Int32], edges: [Int32]) {
    var nodes: [Int32] = [target]
    var edges: [Int32] = []
    var v = target
    while v != source {
        edges.append(predecessorEdge[Int(v)])
        v = predecessor[Int(v)]
        nodes.append(v)
    }
    return (nodes.reversed(), edges.reversed())
}

extension WeightedGraph {
    /// Single-source shortest paths. With `target`, stops as soon as it is settled.
    /// `reverse` searches along incoming arcs: distances *to* the source.
    public func dijkstra(from source: Int32, to target: Int32? = nil, closures: Closures? = nil, reverse: Bool = false) -> ShortestPathTree {
        let workspace = DistanceWorkspace(nodeCount: nodeCount)
        workspace.run(self, from: source, to: target, closures: closures, reverse: reverse)
        return workspace.tree(source: source)
    }
}

/// Dijkstra's search with its arrays allocated once, for one search or many in a row (each
/// closeness value is one reverse search): a search resets only what the previous one
/// touched. Scratch arrays are unchecked buffers, as in Brandes' workspace: this loop is
/// the whole cost of closeness and harmonic centrality.
final class DistanceWorkspace {
    private let nodeCount: Int
    private let distances: ScratchBuffer<Double>
    private let predecessor: ScratchBuffer<Int32>
    private let predecessorEdge: ScratchBuffer<Int32>
    private let settled: ScratchBuffer<Bool>
    /// Nodes in the order they were settled by the last search.
    private(set) var settledOrder: [Int32] = []
    private var touched: [Int32] = []
    private let heap = RadixHeap(capacity: 1024)

    init(nodeCount n: Int) {
        nodeCount = n
        distances = ScratchBuffer(count: n, repeating: .infinity)
        predecessor = ScratchBuffer(count: n, repeating: -1)
        predecessorEdge = ScratchBuffer(count: n, repeating: -1)
        settled = ScratchBuffer(count: n, repeating: false)
    }

    deinit {
        distances.free(); predecessor.free(); predecessorEdge.free(); settled.free(); heap.free()
    }

    func distance(_ v: Int) -> Double { distances[v] }

    /// The last search's result as a tree (copies of the scratch arrays).
    func tree(source: Int32) -> ShortestPathTree {
        ShortestPathTree(source: source,
                         distance: Array(UnsafeBufferPointer(start: distances.pointer, count: nodeCount)),
                         predecessor: Array(UnsafeBufferPointer(start: predecessor.pointer, count: nodeCount)),
                         predecessorEdge: Array(UnsafeBufferPointer(start: predecessorEdge.pointer, count: nodeCount)))
    }

    func run(_ g: WeightedGraph, from source: Int32, to target: Int32? = nil, closures: Closures?, reverse: Bool) {
        let distances = self.distances, predecessor = self.predecessor, predecessorEdge = self.predecessorEdge, settled = self.settled
        for v in touched {
            distances[Int(v)] = .infinity
            predecessor[Int(v)] = -1
            predecessorEdge[Int(v)] = -1
            settled[Int(v)] = false
        }
        touched.removeAll(keepingCapacity: true)
        settledOrder.removeAll(keepingCapacity: true)
        var heap = self.heap
        heap.removeAll()
        let open = closures ?? Closures(nodeCount: 0, edgeCount: 0)
        guard open.isOpen(node: Int(source)) else { return }
        distances[Int(source)] = 0
        touched.append(source)
        heap.push(0, source)
        g.withRows(reverse: reverse) { rows in
            while let (d, u32) = heap.pop() {
                let u = Int(u32)
                if settled[u] { continue }
                settled[u] = true
                settledOrder.append(u32)
                if u32 == target { break }
                let base = d + (u32 == source ? 0 : rows.passCost(u))
                var lastHead: Int32 = -1
                for a in rows.offsets[u]..<rows.offsets[u + 1] {
                    let v32 = rows.heads[a]
                    // Only the first open arc to each neighbour: the cheapest of parallel links.
                    if v32 == lastHead { continue }
                    guard open.isOpen(edge: Int(rows.edges[a])), open.isOpen(node: Int(v32)) else { continue }
                    lastHead = v32
                    let v = Int(v32)
                    let candidate = base + rows.weights[a]
                    if candidate < distances[v] {
                        if distances[v] == .infinity { touched.append(v32) }
                        distances[v] = candidate
                        predecessor[v] = u32
                        predecessorEdge[v] = rows.edges[a]
                        heap.push(candidate, v32)
                    }
                }
            }
        }
    }
}
