import ChokepointSupport
import Foundation

/// Loads a plain network from a directory holding `edges.csv` and, optionally, `nodes.csv`,
/// so that anyone can check Chokepoint with their own tools on the same files.
///
/// - `nodes.csv`: `id` (string), optional `lon`, `lat`, and any other columns; numeric ones
///   (a crossing's delay, a node capacity) are kept as node columns. Dense ids follow file order.
///   Without the file, nodes are taken from the edges in order of first appearance.
/// - `edges.csv`: `from`, `to`, optional `id`, optional `directed` (true/false, 1/0,
///   yes/no; default false), and any other columns. A column whose every non-empty cell is
///   a number is a numeric column usable as a weight; empty cells are missing values.
///
/// Errors name the file, the line and the column.
///
/// With a nodes.csv, the two files are read at the same time on two threads: edge endpoints
/// are kept as bytes and resolved once the node index is complete, so that an unknown node
/// is still reported at the first line where it occurs.
public enum GraphCSVLoader {
    public static func load(directory: String) throws(InputError) -> Graph {
        let edgesPath = (directory as NSString).appendingPathComponent("edges.csv")
        let nodesPath = (directory as NSString).appendingPathComponent("nodes.csv")
        guard FileManager.default.fileExists(atPath: edgesPath) else {
            throw InputError(InputLocation(file: edgesPath), "no edges.csv in the network directory")
        }
        var nodes: NodeTable
        var edges: EdgeTable
        if FileManager.default.fileExists(atPath: nodesPath) {
            let slots = LoadSlots()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 {
                    slots.nodes = Result { () throws(InputError) in try readNodes(path: nodesPath) }
                } else {
                    var unused = NodeTable()
                    slots.edges = readEdges(path: edgesPath, nodes: &unused, deferred: true)
                }
            }
            guard let readNodes = slots.nodes, let readEdges = slots.edges else {
                throw InputError(InputLocation(file: directory), "the network files were not read")
            }
            nodes = try readNodes.get()
            edges = readEdges
            try edges.resolve(with: nodes.index)
        } else {
            nodes = NodeTable()
            edges = readEdges(path: edgesPath, nodes: &nodes, deferred: false)
        }
        if let error = edges.error { throw error }
        do {
            var graph = try Graph(
                nodeIDs: trimmed(nodes.ids), edges: edges.edges, edgeIDs: edges.ids.map(trimmed),
                edgeColumns: edges.columns, nodeColumns: nodes.columns, nodeLongitude: nodes.lon,
                nodeLatitude: nodes.lat, idsKnownUnique: true)
            graph.source = GraphSource(edgesFile: edgesPath, textEdgeColumns: edges.textColumns, textNodeColumns: nodes.textColumns)
            return graph
        } catch {
            throw InputError(InputLocation(file: edgesPath), error.description)
        }
    }

    /// nodes.csv: ids interned from their bytes (a String is made once per node, not per
    /// lookup), coordinates checked, numeric columns kept.
    static func readNodes(path: String) throws(InputError) -> NodeTable {
        var reader = try CSVReader(path: path)
        var nodes = NodeTable()
        nodes.index = ByteKeyTable(expectedCount: reader.estimatedRowCount)
        nodes.ids.reserveCapacity(reader.estimatedRowCount)
        let idColumn = try reader.column("id")
        let lonColumn = reader.optionalColumn("lon")
        let latColumn = reader.optionalColumn("lat")
        if (lonColumn == nil) != (latColumn == nil) {
            throw InputError(InputLocation(file: path, line: 1), "give both lon and lat columns, or neither")
        }
        var lons: [Double] = [], lats: [Double] = []
        var extra = NumericColumns(reader.header.indices.filter { ![idColumn, lonColumn, latColumn].contains($0) })
        while try reader.next() {
            extra.read(reader)
            let id = reader.string(idColumn)
            guard !id.isEmpty else { throw InputError(reader.location(column: idColumn), "empty node id") }
            guard reader.withBytes(idColumn, { nodes.index.insert($0).inserted }) else {
                throw InputError(reader.location(column: idColumn), "node \"\(id)\" is defined twice")
            }
            nodes.ids.append(id)
            if let lonColumn, let latColumn {
                let x = try reader.optionalDouble(lonColumn) ?? .nan
                let y = try reader.optionalDouble(latColumn) ?? .nan
                if y.isFinite, !(-90...90).contains(y) {
                    throw InputError(reader.location(column: latColumn), "latitude \(y) is outside -90...90 (are lon and lat swapped?)")
                }
                if x.isFinite, !(-180...180).contains(x) {
                    throw InputError(reader.location(column: lonColumn), "longitude \(x) is outside -180...180")
                }
                lons.append(x)
                lats.append(y)
            }
        }
        if lonColumn != nil { nodes.lon = lons; nodes.lat = lats }
        nodes.columns = extra.columns(named: reader.header)
        nodes.textColumns = extra.textColumns(named: reader.header)
        return nodes
    }

    /// edges.csv. `deferred`: endpoints are kept as bytes for `EdgeTable.resolve` (nodes.csv
    /// is being read meanwhile); otherwise they are interned into `nodes` in order of first
    /// appearance. Stops at the first bad row and returns what it read with the error, so
    /// that an earlier unknown endpoint can still be reported first.
    static func readEdges(path: String, nodes: inout NodeTable, deferred: Bool) -> EdgeTable {
        var table = EdgeTable(file: path)
        do throws(InputError) {
            var reader = try CSVReader(path: path)
            let fromColumn = try reader.column("from")
            let toColumn = try reader.column("to")
            let idColumn = reader.optionalColumn("id")
            let directedColumn = reader.optionalColumn("directed")
            table.endpointFields = (reader.header[fromColumn], reader.header[toColumn])
            let reserved = Set([fromColumn, toColumn] + [idColumn, directedColumn].compactMap { $0 })
            let rowEstimate = reader.estimatedRowCount
            var values = NumericColumns(reader.header.indices.filter { !reserved.contains($0) }, reserving: rowEstimate)
            var seenEdgeIDs = ByteKeyTable(expectedCount: idColumn == nil ? 16 : rowEstimate)
            if !deferred { nodes.index = ByteKeyTable(expectedCount: rowEstimate) }
            table.edges.reserveCapacity(rowEstimate)
            if idColumn != nil { table.ids = []; table.ids?.reserveCapacity(rowEstimate) }
            if deferred { table.pending = PendingEndpoints(reserving: rowEstimate) }
            defer {
                table.columns = values.columns(named: reader.header)
                table.textColumns = values.textColumns(named: reader.header)
            }

            while try reader.next() {
                var from: Int32 = -1, to: Int32 = -1
                if deferred {
                    try deferEndpoint(fromColumn, reader: reader, pending: &table.pending)
                    try deferEndpoint(toColumn, reader: reader, pending: &table.pending)
                    table.pending.lines.append(Int32(clamping: reader.line))
                } else {
                    from = try endpoint(fromColumn, reader: reader, index: &nodes.index, nodeIDs: &nodes.ids)
                    to = try endpoint(toColumn, reader: reader, index: &nodes.index, nodeIDs: &nodes.ids)
                }
                var directed = false
                if let directedColumn {
                    switch reader.string(directedColumn).trimmingWhitespace().lowercased() {
                    case "true", "1", "yes", "y": directed = true
                    case "false", "0", "no", "n", "": directed = false
                    case let other:
                        throw InputError(reader.location(column: directedColumn), "expected true or false, got \"\(other)\"")
                    }
                }
                if let idColumn {
                    let id = reader.string(idColumn)
                    guard !id.isEmpty else { throw InputError(reader.location(column: idColumn), "empty edge id") }
                    guard reader.withBytes(idColumn, { seenEdgeIDs.insert($0).inserted }) else {
                        throw InputError(reader.location(column: idColumn), "edge \"\(id)\" is defined twice")
                    }
                    table.ids?.append(id)
                }
                values.read(reader)
                table.edges.append((from, to, directed))
            }
        } catch {
            table.error = error
        }
        return table
    }
}

/// What nodes.csv holds (or, without it, the nodes met in edges.csv).
struct NodeTable {
    var ids: [String] = []
    var index = ByteKeyTable(expectedCount: 16)
    var lon: [Double]?
    var lat: [Double]?
    var columns: [String: [Double]] = [:]
    var textColumns: [String: InputError] = [:]
}

/// What edges.csv holds, with the first error met, if any.
struct EdgeTable {
    let file: String
    var edges: [(from: Int32, to: Int32, directed: Bool)] = []
    var ids: [String]?
    var columns: [String: [Double]] = [:]
    var textColumns: [String: InputError] = [:]
    var pending = PendingEndpoints(reserving: 0)
    var endpointFields = ("from", "to")
    var error: InputError?

    init(file: String) { self.file = file }

    /// Turns pending endpoint bytes into node ids, in two halves on two threads (the index
    /// is only read). An unknown node becomes the error, unless the reader had already
    /// stopped at an earlier line.
    mutating func resolve(with index: ByteKeyTable) throws(InputError) {
        let m = edges.count
        let halves = ParallelChunks.ranges(count: m, chunks: 2)
        let unknownAt = ResolveSlots(count: halves.count)
        let shared = SharedIndex(index: index)
        let pending = self.pending
        edges.withUnsafeMutableBufferPointer { edges in
            let out = SharedEdges(edges: edges)
            pending.bytes.withUnsafeBufferPointer { bytes in
                let input = SharedBytes(bytes: bytes)
                DispatchQueue.concurrentPerform(iterations: halves.count) { h in
                    for e in halves[h] {
                        guard let from = shared.index.find(UnsafeBufferPointer(rebasing: input.bytes[pending.range(2 * e)])) else {
                            unknownAt.record(2 * e, half: h)
                            return
                        }
                        guard let to = shared.index.find(UnsafeBufferPointer(rebasing: input.bytes[pending.range(2 * e + 1)])) else {
                            unknownAt.record(2 * e + 1, half: h)
                            return
                        }
                        out.edges[e].from = from
                        out.edges[e].to = to
                    }
                }
            }
        }
        // The first half's unknown node, if any, comes first in the file.
        guard let k = unknownAt.first.compactMap({ $0 }).first else { return }
        let id = pending.bytes.withUnsafeBufferPointer { String(decoding: $0[pending.range(k)], as: UTF8.self) }
        throw InputError(
            InputLocation(file: file, line: Int(pending.lines[k / 2]), field: k % 2 == 0 ? endpointFields.0 : endpointFields.1),
            "node \"\(id)\" is not in nodes.csv")
    }
}

/// Read-only views shared by the resolving threads; each thread writes only its own half of
/// the edges and its own slot.
private struct SharedIndex: @unchecked Sendable { let index: ByteKeyTable }
private struct SharedBytes: @unchecked Sendable { let bytes: UnsafeBufferPointer<UInt8> }
private struct SharedEdges: @unchecked Sendable { let edges: UnsafeMutableBufferPointer<(from: Int32, to: Int32, directed: Bool)> }
private final class ResolveSlots: @unchecked Sendable {
    private var slots: [Int?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func record(_ k: Int, half: Int) {
        lock.lock()
        slots[half] = k
        lock.unlock()
    }
    var first: [Int?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

/// Endpoint ids as bytes, back to back, two per edge, with each edge's line.
struct PendingEndpoints {
    var bytes: [UInt8] = []
    var ends: [Int] = [0]
    var lines: [Int32] = []

    init(reserving edges: Int) {
        bytes.reserveCapacity(edges * 14)
        ends.reserveCapacity(2 * edges + 1)
        lines.reserveCapacity(edges)
    }

    mutating func append(_ key: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
    }

    func range(_ k: Int) -> Range<Int> { ends[k]..<ends[k + 1] }
}

/// The two readers' results, each written by its own thread before either is read.
private final class LoadSlots: @unchecked Sendable {
    var nodes: Result<NodeTable, InputError>?
    var edges: EdgeTable?
}

/// The columns of a CSV file that hold numbers. A column stays numeric while every non-empty
/// cell parses; its first text cell (a mode, a name) drops it, since it cannot be a weight.
/// Empty cells are missing values (NaN).
struct NumericColumns {
    private let positions: [Int]
    private var values: [[Double]]
    private var numeric: [Bool]
    /// Why each dropped column is not numeric: its first cell that is not a number, located.
    private var firstText: [Int: InputError] = [:]

    init(_ positions: [Int], reserving capacity: Int = 0) {
        self.positions = positions
        values = positions.map { _ in
            var column: [Double] = []; column.reserveCapacity(capacity); return column
        }
        numeric = [Bool](repeating: true, count: positions.count)
    }

    mutating func read(_ reader: CSVReader) {
        for (k, column) in positions.enumerated() where numeric[k] {
            do {
                values[k].append(try reader.optionalDouble(column) ?? .nan)
            } catch {
                numeric[k] = false
                values[k] = []
                firstText[k] = error
            }
        }
    }

    /// The numeric columns by header name, trimmed to their length (they may have been
    /// reserved from an estimate of the row count).
    func columns(named header: [String]) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        for (k, column) in positions.enumerated() where numeric[k] { result[header[column]] = trimmed(values[k]) }
        return result
    }

    /// The columns that are not numeric, each with its first cell that is not a number.
    func textColumns(named header: [String]) -> [String: InputError] {
        Dictionary(uniqueKeysWithValues: firstText.map { (header[positions[$0.key]], $0.value) })
    }
}

/// `array` with capacity equal to its count (a copy only when it is over 2% too large).
/// Copied through a buffer pointer: `Array(array[...])` would keep the oversized buffer.
func trimmed<T>(_ array: [T]) -> [T] {
    guard array.capacity > array.count + array.count / 50 + 16 else { return array }
    return array.withUnsafeBufferPointer { Array($0) }
}

extension GraphCSVLoader {
    /// The dense id of the node named in `column` of the reader's current row, added if new
    /// (there is no nodes.csv). A static function with inout parameters rather than a local
    /// closure: a closure capturing these vars would box them on the heap.
    static func endpoint(_ column: Int, reader: CSVReader, index: inout ByteKeyTable, nodeIDs: inout [String]) throws(InputError) -> Int32 {
        if let v = reader.withBytes(column, { index.find($0) }) { return v }
        let id = reader.string(column)
        guard !id.isEmpty else { throw InputError(reader.location(column: column), "empty node id") }
        nodeIDs.append(id)
        return reader.withBytes(column) { index.insert($0).id }
    }

    /// Keeps the endpoint in `column` as bytes for `EdgeTable.resolve`; an empty one is an
    /// error at once, as in `endpoint`.
    static func deferEndpoint(_ column: Int, reader: CSVReader, pending: inout PendingEndpoints) throws(InputError) {
        guard reader.withBytes(column, { $0.count }) > 0 else { throw InputError(reader.location(column: column), "empty node id") }
        reader.withBytes(column) { pending.append($0) }
    }
}
