/// A graph with one weight per arc, ready for path and centrality queries.
///
/// Within each node's row, arcs are ordered by (neighbour, weight, edge id). Parallel arcs
/// to the same neighbour are therefore adjacent with the cheapest first, and every algorithm
/// uses only the first *open* arc per neighbour: the multigraph behaves as the simple graph
/// of its cheapest links (as NetworkX treats a MultiGraph), even under what-if closures.
///
/// Node costs (a crossing's delay or risk) are paid when a path passes *through* a node, not
/// at its ends, so undirected path costs stay symmetric:
/// cost(path) = Σ arc weights + Σ cost(v) for every intermediate node v.
public struct WeightedGraph: Sendable {
    public let graph: Graph
    public let weightName: String
    public var nodeCount: Int { graph.nodeCount }

    let offsets: [Int]
    let heads: [Int32]
    let weights: [Double]
    let edges: [Int32]
    let reverseOffsets: [Int]
    let reverseTails: [Int32]
    let reverseWeights: [Double]
    let reverseEdges: [Int32]
    /// Cost of passing through each node; empty when there are none.
    let nodeCost: [Double]
    public var hasNodeCosts: Bool { !nodeCost.isEmpty }
    /// Bounds on what one relaxation adds to a distance: the least arc weight, and the greatest
    /// plus the greatest pass cost (0 without edges). `BucketQueue` sizes its buckets by them.
    let minimumStep: Double
    let maximumStep: Double

    init(graph: Graph, weights edgeWeights: [Double], column: String, nodeCost: [Double]?) throws(GraphError) {
        for e in 0..<graph.edgeCount {
            let w = edgeWeights[e]
            guard w.isFinite, w >= 0 else {
                throw .invalidWeight(
                    column: column, edge: graph.edgeIDs[e], value: w, location: graph.source?.location(ofEdge: e, column: column))
            }
        }
        if let nodeCost {
            guard nodeCost.count == graph.nodeCount else {
                throw .columnLength("node cost", expected: graph.nodeCount, got: nodeCost.count)
            }
            for (v, c) in nodeCost.enumerated() where !(c.isFinite && c >= 0) {
                throw .invalidNodeCost(node: graph.nodeIDs[v], value: c)
            }
            self.nodeCost = nodeCost.contains { $0 != 0 } ? nodeCost : []
        } else {
            self.nodeCost = []
        }
        self.graph = graph
        self.weightName = column
        minimumStep = edgeWeights.min() ?? 0
        maximumStep = (edgeWeights.max() ?? 0) + (self.nodeCost.max() ?? 0)
        (offsets, heads, weights, edges) = WeightedGraph.sortedRows(
            offsets: graph.outOffsets, heads: graph.outHead,
            edges: graph.outEdge, edgeWeights: edgeWeights)
        if graph.isUndirected {
            (reverseOffsets, reverseTails, reverseWeights, reverseEdges) = (offsets, heads, weights, edges)
        } else {
            (reverseOffsets, reverseTails, reverseWeights, reverseEdges) = WeightedGraph.sortedRows(
                offsets: graph.inOffsets, heads: graph.inTail, edges: graph.inEdge, edgeWeights: edgeWeights)
        }
    }

    private static func sortedRows(
        offsets: [Int], heads: [Int32], edges: [Int32], edgeWeights: [Double]
    )
        -> ([Int], [Int32], [Double], [Int32])
    {
        var outHeads = heads
        var outEdges = edges
        var outWeights = [Double](repeating: 0, count: heads.count)
        var row: [(Int32, Double, Int32)] = []
        for u in 0..<(offsets.count - 1) {
            let start = offsets[u], end = offsets[u + 1]
            if end - start <= 1 {
                if end > start { outWeights[start] = edgeWeights[Int(edges[start])] }
                continue
            }
            row.removeAll(keepingCapacity: true)
            for a in start..<end { row.append((heads[a], edgeWeights[Int(edges[a])], edges[a])) }
            row.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            for (i, arc) in row.enumerated() {
                outHeads[start + i] = arc.0
                outWeights[start + i] = arc.1
                outEdges[start + i] = arc.2
            }
        }
        return (offsets, outHeads, outWeights, outEdges)
    }

    /// The cost of passing through `v` (0 without node costs).
    @inline(__always)
    func passCost(_ v: Int) -> Double { nodeCost.isEmpty ? 0 : nodeCost[v] }
}

/// What-if closures: nodes and edges taken out of a query without rebuilding the graph.
/// Closing and reopening are O(1), so searches can apply and undo closures cheaply.
public struct Closures: Sendable, Hashable {
    public private(set) var closedNodes: [Bool]
    public private(set) var closedEdges: [Bool]
    private var closedCount = 0

    public init(nodeCount: Int, edgeCount: Int) {
        closedNodes = [Bool](repeating: false, count: nodeCount)
        closedEdges = [Bool](repeating: false, count: edgeCount)
    }

    public init(for graph: Graph) {
        self.init(nodeCount: graph.nodeCount, edgeCount: graph.edgeCount)
    }

    public var isEmpty: Bool { closedCount == 0 }

    /// Closes a node; returns false if it was closed already.
    @discardableResult
    public mutating func close(node v: Int32) -> Bool {
        guard !closedNodes[Int(v)] else { return false }
        closedNodes[Int(v)] = true
        closedCount += 1
        return true
    }

    /// Closes an edge; returns false if it was closed already.
    @discardableResult
    public mutating func close(edge e: Int32) -> Bool {
        guard !closedEdges[Int(e)] else { return false }
        closedEdges[Int(e)] = true
        closedCount += 1
        return true
    }

    public mutating func reopen(node v: Int32) {
        guard closedNodes[Int(v)] else { return }
        closedNodes[Int(v)] = false
        closedCount -= 1
    }

    public mutating func reopen(edge e: Int32) {
        guard closedEdges[Int(e)] else { return }
        closedEdges[Int(e)] = false
        closedCount -= 1
    }

    public var closedNodeIDs: [Int32] { closedNodes.indices.filter { closedNodes[$0] }.map(Int32.init) }
    public var closedEdgeIDs: [Int32] { closedEdges.indices.filter { closedEdges[$0] }.map(Int32.init) }

    @inline(__always) func isOpen(node v: Int) -> Bool { closedCount == 0 || !closedNodes[v] }
    @inline(__always) func isOpen(edge e: Int) -> Bool { closedCount == 0 || !closedEdges[e] }
}
