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
public enum GraphCSVLoader {
    public static func load(directory: String) throws(InputError) -> Graph {
        let edgesPath = (directory as NSString).appendingPathComponent("edges.csv")
        let nodesPath = (directory as NSString).appendingPathComponent("nodes.csv")
        guard FileManager.default.fileExists(atPath: edgesPath) else {
            throw InputError(InputLocation(file: edgesPath), "no edges.csv in the network directory")
        }
        var nodeIDs: [String] = []
        // Ids are interned from their bytes: a String is made once per node, not per lookup.
        var index = ByteKeyTable(expectedCount: 1024)
        var indexSized = false
        var lon: [Double]?
        var lat: [Double]?
        var nodeColumns: [String: [Double]] = [:]
        let hasNodeFile = FileManager.default.fileExists(atPath: nodesPath)
        if hasNodeFile {
            var reader = try CSVReader(path: nodesPath)
            index = ByteKeyTable(expectedCount: reader.estimatedRowCount)
            nodeIDs.reserveCapacity(reader.estimatedRowCount)
            indexSized = true
            let idColumn = try reader.column("id")
            let lonColumn = reader.optionalColumn("lon")
            let latColumn = reader.optionalColumn("lat")
            if (lonColumn == nil) != (latColumn == nil) {
                throw InputError(InputLocation(file: nodesPath, line: 1), "give both lon and lat columns, or neither")
            }
            var lons: [Double] = [], lats: [Double] = []
            var extra = NumericColumns(reader.header.indices.filter { ![idColumn, lonColumn, latColumn].contains($0) })
            while try reader.next() {
                extra.read(reader)
                let id = reader.string(idColumn)
                guard !id.isEmpty else { throw InputError(reader.location(column: idColumn), "empty node id") }
                guard reader.withBytes(idColumn, { index.insert($0).inserted }) else {
                    throw InputError(reader.location(column: idColumn), "node \"\(id)\" is defined twice")
                }
                nodeIDs.append(id)
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
            if lonColumn != nil { lon = lons; lat = lats }
            nodeColumns = extra.columns(named: reader.header)
        }

        var reader = try CSVReader(path: edgesPath)
        let fromColumn = try reader.column("from")
        let toColumn = try reader.column("to")
        let idColumn = reader.optionalColumn("id")
        let directedColumn = reader.optionalColumn("directed")
        let reserved = Set([fromColumn, toColumn] + [idColumn, directedColumn].compactMap { $0 })
        let rowEstimate = reader.estimatedRowCount
        var values = NumericColumns(reader.header.indices.filter { !reserved.contains($0) }, reserving: rowEstimate)
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var edgeIDs: [String] = []
        var seenEdgeIDs = ByteKeyTable(expectedCount: idColumn == nil ? 16 : rowEstimate)
        if !indexSized { index = ByteKeyTable(expectedCount: rowEstimate) }
        edges.reserveCapacity(rowEstimate)
        if idColumn != nil { edgeIDs.reserveCapacity(rowEstimate) }

        while try reader.next() {
            let from = try endpoint(fromColumn, reader: reader, index: &index, nodeIDs: &nodeIDs, open: !hasNodeFile)
            let to = try endpoint(toColumn, reader: reader, index: &index, nodeIDs: &nodeIDs, open: !hasNodeFile)
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
                edgeIDs.append(id)
            }
            values.read(reader)
            edges.append((from, to, directed))
        }
        let columns = values.columns(named: reader.header)
        nodeIDs = trimmed(nodeIDs)
        if idColumn != nil { edgeIDs = trimmed(edgeIDs) }
        do {
            return try Graph(nodeIDs: nodeIDs, edges: edges, edgeIDs: idColumn == nil ? nil : edgeIDs,
                             edgeColumns: columns, nodeColumns: nodeColumns, nodeLongitude: lon, nodeLatitude: lat,
                             idsKnownUnique: true)
        } catch {
            throw InputError(InputLocation(file: edgesPath), error.description)
        }
    }
}

/// The columns of a CSV file that hold numbers. A column stays numeric while every non-empty
/// cell parses; its first text cell (a mode, a name) drops it, since it cannot be a weight.
/// Empty cells are missing values (NaN).
struct NumericColumns {
    private let positions: [Int]
    private var values: [[Double]]
    private var numeric: [Bool]

    init(_ positions: [Int], reserving capacity: Int = 0) {
        self.positions = positions
        values = positions.map { _ in var column: [Double] = []; column.reserveCapacity(capacity); return column }
        numeric = [Bool](repeating: true, count: positions.count)
    }

    mutating func read(_ reader: CSVReader) {
        for (k, column) in positions.enumerated() where numeric[k] {
            do {
                values[k].append(try reader.optionalDouble(column) ?? .nan)
            } catch {
                numeric[k] = false
                values[k] = []
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
}

/// `array` with capacity equal to its count (a copy only when it is over 2% too large).
/// Copied through a buffer pointer: `Array(array[...])` would keep the oversized buffer.
func trimmed<T>(_ array: [T]) -> [T] {
    guard array.capacity > array.count + array.count / 50 + 16 else { return array }
    return array.withUnsafeBufferPointer { Array($0) }
}

extension GraphCSVLoader {
    /// The dense id of the node named in `column` of the reader's current row; added if new
    /// when `open` (there is no nodes.csv). A static function with inout parameters rather
    /// than a local closure: a closure capturing these vars would box them on the heap.
    static func endpoint(_ column: Int, reader: CSVReader, index: inout ByteKeyTable, nodeIDs: inout [String],
                         open: Bool) throws(InputError) -> Int32 {
        if let v = reader.withBytes(column, { index.find($0) }) { return v }
        let id = reader.string(column)
        guard !id.isEmpty else { throw InputError(reader.location(column: column), "empty node id") }
        guard open else { throw InputError(reader.location(column: column), "node \"\(id)\" is not in nodes.csv") }
        nodeIDs.append(id)
        return reader.withBytes(column) { index.insert($0).id }
    }
}
