/// Unchecked read access to a weighted view's rows for the duration of one search. The hot
/// loops of Dijkstra and Brandes spend most of their time reading these arrays; going
/// through buffers drops Swift's per-access bounds checks there (measured in BENCHMARKS.md).
/// Only valid inside `WeightedGraph.withRows`.
struct CSRRows {
    let offsets: UnsafeBufferPointer<Int>
    let heads: UnsafeBufferPointer<Int32>
    let weights: UnsafeBufferPointer<Double>
    let edges: UnsafeBufferPointer<Int32>
    /// Pass-through cost per node; empty when the view has none.
    let nodeCost: UnsafeBufferPointer<Double>

    @inline(__always) func passCost(_ v: Int) -> Double { nodeCost.isEmpty ? 0 : nodeCost[v] }
}

extension WeightedGraph {
    /// Calls `body` with the forward rows (or the reverse rows, incoming arcs, when `reverse`).
    func withRows<R>(reverse: Bool = false, _ body: (CSRRows) throws -> R) rethrows -> R {
        let o = reverse ? reverseOffsets : offsets
        let h = reverse ? reverseTails : heads
        let w = reverse ? reverseWeights : weights
        let e = reverse ? reverseEdges : edges
        return try o.withUnsafeBufferPointer { o in
            try h.withUnsafeBufferPointer { h in
                try w.withUnsafeBufferPointer { w in
                    try e.withUnsafeBufferPointer { e in
                        try nodeCost.withUnsafeBufferPointer { c in
                            try body(CSRRows(offsets: o, heads: h, weights: w, edges: e, nodeCost: c))
                        }
                    }
                }
            }
        }
    }
}

/// A fixed-size scratch array owned by a workspace, indexed without checks.
struct ScratchBuffer<Element> {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: value, count: count)
    }

    init(copying array: [Element]) {
        count = array.count
        pointer = .allocate(capacity: max(1, count))
        array.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.initialize(from: base, count: count) }
        }
    }

    func free() { pointer.deallocate() }

    @inline(__always) subscript(_ i: Int) -> Element {
        get { pointer[i] }
        nonmutating set { pointer[i] = newValue }
    }
}

/// What-if closures as two flat masks, copied once per worker: the searches' inner loops then
/// read one Bool per arc instead of going through `Closures`' arrays. Owned by a workspace,
/// which calls `free()` in its `deinit`.
struct ClosureMasks {
    private let closedNode: ScratchBuffer<Bool>
    private let closedEdge: ScratchBuffer<Bool>
    /// False when nothing is closed: every check is then a single branch.
    let any: Bool

    init(_ closures: Closures?) {
        if let closures, !closures.isEmpty {
            any = true
            closedNode = ScratchBuffer(copying: closures.closedNodes)
            closedEdge = ScratchBuffer(copying: closures.closedEdges)
        } else {
            any = false
            closedNode = ScratchBuffer(count: 0, repeating: false)
            closedEdge = ScratchBuffer(count: 0, repeating: false)
        }
    }

    func free() { closedNode.free(); closedEdge.free() }

    @inline(__always) func isClosed(node v: Int) -> Bool { any && closedNode[v] }
    @inline(__always) func isClosed(edge e: Int) -> Bool { any && closedEdge[e] }
    /// The arc along edge `e` into node `v` cannot be used.
    @inline(__always) func blocks(edge e: Int, node v: Int) -> Bool { any && (closedEdge[e] || closedNode[v]) }
}
