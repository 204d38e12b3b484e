import ChokepointSupport
import Foundation

/// An immutable multigraph in compressed sparse row (CSR) form with dense `Int32` node and
/// edge ids; string ids are mapped only at the boundary (`nodeIDs`, `edgeIDs`).
///
/// Edges may be directed or undirected, one by one, and several edges may join the same two
/// nodes (a road and a river link between two ports). An undirected edge contributes an arc
/// in each direction; both arcs carry the edge's id. Numeric edge columns (length, time,
/// capacity, ...) are stored by name; which one is the weight is chosen at query time through
/// `weighted(by:)`.
///
/// Memory: per arc 8 bytes (head + edge id) in each direction, per edge 9 bytes plus 8 per
/// numeric column; the reverse arcs are shared with the forward ones when every edge is undirected.
public struct Graph: Sendable {
    public let nodeCount: Int
    public let edgeCount: Int
    /// Edge endpoints as given (`from`, `to`), by dense node id.
    public let edgeSource: [Int32]
    public let edgeTarget: [Int32]
    public let edgeIsDirected: [Bool]
    /// True when no edge is directed: betweenness then counts each unordered pair once.
    public let isUndirected: Bool

    /// Outgoing arcs of node u: `outHead[outOffsets[u]..<outOffsets[u+1]]`, with their edge ids.
    let outOffsets: [Int]
    let outHead: [Int32]
    let outEdge: [Int32]
    /// Incoming arcs of node v (their tails), the same arrays as outgoing ones when undirected.
    let inOffsets: [Int]
    let inTail: [Int32]
    let inEdge: [Int32]

    /// External ids, index = dense id.
    public let nodeIDs: [String]
    public let edgeIDs: [String]
    /// External id → dense id, built on the first lookup: loading and algorithms never need
    /// it, and for a million nodes it would cost ~40 MB and a quarter of a second up front.
    private let nodeIndex: LazyNodeIndex
    /// Numeric edge columns by name; a missing value is NaN.
    public let edgeColumns: [String: [Double]]
    /// Numeric node columns by name (a crossing's delay, a node capacity); a missing value is NaN.
    public let nodeColumns: [String: [Double]]
    /// Node coordinates (lon, lat) when the input had them.
    /// The files the graph was read from, when it was read (errors point into them).
    public var source: GraphSource?
    public let nodeLongitude: [Double]?
    public let nodeLatitude: [Double]?

    public init(
        nodeIDs: [String], edges: [(from: Int32, to: Int32, directed: Bool)], edgeIDs: [String]? = nil,
        edgeColumns: [String: [Double]] = [:], nodeColumns: [String: [Double]] = [:],
        nodeLongitude: [Double]? = nil, nodeLatitude: [Double]? = nil
    ) throws(GraphError) {
        try self.init(
            nodeIDs: nodeIDs, edges: edges, edgeIDs: edgeIDs, edgeColumns: edgeColumns, nodeColumns: nodeColumns,
            nodeLongitude: nodeLongitude, nodeLatitude: nodeLatitude, idsKnownUnique: false)
    }

    /// `idsKnownUnique`: the caller (the CSV loader, which interns ids as it reads) has
    /// already refused duplicate node ids, so the O(n log n) check is skipped.
    init(
        nodeIDs: [String], edges: [(from: Int32, to: Int32, directed: Bool)], edgeIDs: [String]?,
        edgeColumns: [String: [Double]], nodeColumns: [String: [Double]],
        nodeLongitude: [Double]?, nodeLatitude: [Double]?, idsKnownUnique: Bool
    ) throws(GraphError) {
        let index = LazyNodeIndex(nodeIDs, checkDuplicates: !idsKnownUnique)
        if let duplicate = index.firstDuplicate { throw .duplicateNode(duplicate) }
        let n = nodeIDs.count
        let m = edges.count
        var source = [Int32](repeating: 0, count: m)
        var target = [Int32](repeating: 0, count: m)
        var directed = [Bool](repeating: false, count: m)
        for (e, edge) in edges.enumerated() {
            precondition(edge.from >= 0 && Int(edge.from) < n && edge.to >= 0 && Int(edge.to) < n, "edge endpoint out of range")
            source[e] = edge.from
            target[e] = edge.to
            directed[e] = edge.directed
        }
        for (name, column) in edgeColumns where column.count != m {
            throw .columnLength(name, expected: m, got: column.count)
        }
        for (name, column) in nodeColumns where column.count != n {
            throw .columnLength(name, expected: n, got: column.count)
        }
        let ids = edgeIDs ?? (0..<m).map { String($0) }
        guard ids.count == m else { throw .columnLength("id", expected: m, got: ids.count) }

        self.nodeCount = n
        self.edgeCount = m
        self.edgeSource = source
        self.edgeTarget = target
        self.edgeIsDirected = directed
        self.isUndirected = !directed.contains(true)
        self.nodeIDs = nodeIDs
        self.edgeIDs = ids
        self.nodeIndex = index
        self.edgeColumns = edgeColumns
        self.nodeColumns = nodeColumns
        self.nodeLongitude = nodeLongitude
        self.nodeLatitude = nodeLatitude

        (outOffsets, outHead, outEdge) = Graph.buildCSR(nodeCount: n, source: source, target: target, directed: directed, reverse: false)
        if isUndirected {
            (inOffsets, inTail, inEdge) = (outOffsets, outHead, outEdge)
        } else {
            (inOffsets, inTail, inEdge) = Graph.buildCSR(nodeCount: n, source: source, target: target, directed: directed, reverse: true)
        }
    }

    /// Counting sort of arcs by tail (or head, for the reverse CSR); within a row arcs keep
    /// edge-id order, which makes every traversal deterministic.
    private static func buildCSR(
        nodeCount n: Int, source: [Int32], target: [Int32], directed: [Bool], reverse: Bool
    )
        -> ([Int], [Int32], [Int32])
    {
        var degree = [Int](repeating: 0, count: n + 1)
        for e in source.indices {
            let (a, b) = reverse ? (target[e], source[e]) : (source[e], target[e])
            degree[Int(a) + 1] += 1
            if !directed[e] && a != b { degree[Int(b) + 1] += 1 }
        }
        for u in 0..<n { degree[u + 1] += degree[u] }
        let offsets = degree
        var fill = Array(offsets.dropLast())
        let arcs = offsets[n]
        var heads = [Int32](repeating: 0, count: arcs)
        var edgeOfArc = [Int32](repeating: 0, count: arcs)
        for e in source.indices {
            let (a, b) = reverse ? (target[e], source[e]) : (source[e], target[e])
            heads[fill[Int(a)]] = b
            edgeOfArc[fill[Int(a)]] = Int32(e)
            fill[Int(a)] += 1
            if !directed[e] && a != b {
                heads[fill[Int(b)]] = a
                edgeOfArc[fill[Int(b)]] = Int32(e)
                fill[Int(b)] += 1
            }
        }
        return (offsets, heads, edgeOfArc)
    }

    /// The dense id of an external node id.
    public func node(_ id: String) -> Int32? { nodeIndex.lookup(id) }

    /// Dense ids for external ids, or an error naming the first unknown one.
    public func nodes(_ ids: [String]) throws(GraphError) -> [Int32] {
        var result: [Int32] = []
        for id in ids {
            guard let v = nodeIndex.lookup(id) else { throw .unknownNode(id) }
            result.append(v)
        }
        return result
    }

    /// Bytes held by the graph's arrays and id strings (capacity × stride, plus the heap
    /// storage of ids longer than 15 bytes), excluding the lazy id index and query views.
    public var memoryFootprint: Int {
        func bytes<T>(_ a: [T]) -> Int { a.capacity * MemoryLayout<T>.stride }
        func stringBytes(_ a: [String]) -> Int {
            bytes(a) + a.reduce(0) { $0 + ($1.utf8.count > 15 ? $1.utf8.count + 32 : 0) }
        }
        var total = bytes(edgeSource) + bytes(edgeTarget) + bytes(edgeIsDirected)
        total += bytes(outOffsets) + bytes(outHead) + bytes(outEdge)
        if !isUndirected { total += bytes(inOffsets) + bytes(inTail) + bytes(inEdge) }
        total += stringBytes(nodeIDs) + stringBytes(edgeIDs)
        total += edgeColumns.values.reduce(0) { $0 + bytes($1) } + nodeColumns.values.reduce(0) { $0 + bytes($1) }
        total += (nodeLongitude.map(bytes) ?? 0) + (nodeLatitude.map(bytes) ?? 0)
        return total
    }

    public func outDegree(_ u: Int32) -> Int { outOffsets[Int(u) + 1] - outOffsets[Int(u)] }

    /// A weighted view of the graph for queries, with `column` as the arc weight.
    /// Negative, NaN or missing weights are an error naming the edge.
    public func weighted(by column: String, nodeCost: [Double]? = nil) throws(GraphError) -> WeightedGraph {
        try WeightedGraph(graph: self, weights: try edgeColumn(column), column: column, nodeCost: nodeCost)
    }

    /// A numeric node column, or an error listing those available.
    public func nodeColumn(_ name: String) throws(GraphError) -> [Double] {
        guard let column = nodeColumns[name] else {
            if let why = source?.textNodeColumns[name] { throw .textColumn(name, why) }
            throw .unknownColumn(name, available: nodeColumns.keys.sorted())
        }
        return column
    }

    /// A numeric edge column, or an error listing those available.
    public func edgeColumn(_ name: String) throws(GraphError) -> [Double] {
        guard let column = edgeColumns[name] else {
            if let why = source?.textEdgeColumns[name] { throw .textColumn(name, why) }
            throw .unknownColumn(name, available: edgeColumns.keys.sorted())
        }
        return column
    }

    /// A weighted view with an explicit weight per edge (computed costs).
    public func weighted(weights: [Double], name: String = "weight", nodeCost: [Double]? = nil) throws(GraphError) -> WeightedGraph {
        guard weights.count == edgeCount else { throw .columnLength(name, expected: edgeCount, got: weights.count) }
        return try WeightedGraph(graph: self, weights: weights, column: name, nodeCost: nodeCost)
    }
}

/// Problems with a graph or a query on it; descriptions name the node, edge or column.
public enum GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateNode(String)
    case unknownNode(String)
    case unknownColumn(String, available: [String])
    /// A column asked for as numbers that holds text: its first such cell, located.
    case textColumn(String, InputError)
    case columnLength(String, expected: Int, got: Int)
    case invalidWeight(column: String, edge: String, value: Double, location: InputLocation? = nil)
    case invalidNodeCost(node: String, value: Double)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .duplicateNode(id): return "node \"\(id)\" is defined twice"
        case let .unknownNode(id): return "unknown node \"\(id)\""
        case let .unknownColumn(name, available):
            return "no numeric column \"\(name)\" (available: \(available.isEmpty ? "none" : available.joined(separator: ", ")))"
        case let .columnLength(name, expected, got): return "column \"\(name)\" has \(got) values for \(expected) edges"
        case let .textColumn(name, why):
            return
                "column \"\(name)\" is not numeric: \(why.location): \(why.message) (weights and capacities must be plain numbers, with a decimal point)"
        case let .invalidWeight(column, edge, value, location):
            let what = value.isNaN ? "missing or not a number" : "negative (\(value))"
            let at = location.map { "\($0): " } ?? ""
            return "\(at)edge \"\(edge)\": weight \"\(column)\" is \(what); weights must be finite and at least 0"
        case let .invalidNodeCost(node, value): return "node \"\(node)\": cost \(value) must be finite and at least 0"
        case let .invalidArgument(message): return message
        }
    }
}

/// A string → dense id map built once, on first use, by whichever thread asks first.
final class LazyNodeIndex: @unchecked Sendable {
    private let ids: [String]
    private var table: [String: Int32]?
    private let lock = NSLock()
    /// A repeated id, found by a hash-free scan of sorted ids at construction.
    let firstDuplicate: String?

    init(_ ids: [String], checkDuplicates: Bool) {
        self.ids = ids
        guard checkDuplicates else {
            firstDuplicate = nil
            return
        }
        // Duplicates must be refused at construction; sorting finds them without a dictionary.
        var sorted = ids
        sorted.sort()
        var duplicate: String?
        for i in sorted.indices.dropFirst() where sorted[i] == sorted[i - 1] {
            duplicate = sorted[i]
            break
        }
        firstDuplicate = duplicate
    }

    func lookup(_ id: String) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if table == nil {
            var t: [String: Int32] = [:]
            t.reserveCapacity(ids.count)
            for (i, id) in ids.enumerated() { t[id] = Int32(i) }
            table = t
        }
        return table?[id]
    }
}

/// Where a graph read from CSV came from, so that an error found later (a weight column
/// that holds text, a negative weight) can name the file, line and field.
public struct GraphSource: Sendable, Hashable {
    public var edgesFile: String
    /// Columns that are not numbers, each with its first cell that is not one.
    public var textEdgeColumns: [String: InputError]
    public var textNodeColumns: [String: InputError]

    /// File, line and field of edge `e` (the e-th data row of the edges file) in `column`;
    /// found by reading the file again, which only an error pays for.
    public func location(ofEdge e: Int, column: String) -> InputLocation? {
        guard var reader = try? CSVReader(path: edgesFile) else { return nil }
        var row = -1
        while (try? reader.next()) == true {
            row += 1
            if row == e { return InputLocation(file: edgesFile, line: reader.line, field: column) }
        }
        return nil
    }
}
