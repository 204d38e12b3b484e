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
        var index: [String: Int32] = [:]
        var lon: [Double]?
        var lat: [Double]?
        var nodeColumns: [String: [Double]] = [:]
        let hasNodeFile = FileManager.default.fileExists(atPath: nodesPath)
        if hasNodeFile {
            var reader = try CSVReader(path: nodesPath)
            let idColumn = try reader.column("id")
            let lonColumn = reader.optionalColumn("lon")
            let latColumn = reader.optionalColumn("lat")
            if (lonColumn == nil) != (latColumn == nil) {
                throw InputError(InputLocation(file: nodesPath, line: 1), "give both lon and lat columns, or neither")
            }
            var lons: [Double] = [], lats: [Double] = []
            let extra = reader.header.indices.filter { ![idColumn, lonColumn, latColumn].contains($0) }
            var extraValues = [[Double]](repeating: [], count: extra.count)
            var extraNumeric = [Bool](repeating: true, count: extra.count)
            while try reader.next() {
                for (k, column) in extra.enumerated() where extraNumeric[k] {
                    do { extraValues[k].append(try reader.optionalDouble(column) ?? .nan) } catch {
                        extraNumeric[k] = false
                        extraValues[k] = []
                    }
                }
                let id = reader.string(idColumn)
                guard !id.isEmpty else { throw InputError(reader.location(column: idColumn), "empty node id") }
                guard index[id] == nil else { throw InputError(reader.location(column: idColumn), "node \"\(id)\" is defined twice") }
                index[id] = Int32(nodeIDs.count)
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
            for (k, column) in extra.enumerated() where extraNumeric[k] { nodeColumns[reader.header[column]] = extraValues[k] }
        }

        var reader = try CSVReader(path: edgesPath)
        let fromColumn = try reader.column("from")
        let toColumn = try reader.column("to")
        let idColumn = reader.optionalColumn("id")
        let directedColumn = reader.optionalColumn("directed")
        let reserved = Set([fromColumn, toColumn] + [idColumn, directedColumn].compactMap { $0 })
        let valueColumns = reader.header.indices.filter { !reserved.contains($0) }
        var values = [[Double]](repeating: [], count: valueColumns.count)
        var numeric = [Bool](repeating: true, count: valueColumns.count)
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var edgeIDs: [String] = []
        var seenEdgeIDs: Set<String> = []

        func nodeID(_ column: Int) throws(InputError) -> Int32 {
            let id = reader.string(column)
            if let v = index[id] { return v }
            guard !id.isEmpty else { throw InputError(reader.location(column: column), "empty node id") }
            guard !hasNodeFile else {
                throw InputError(reader.location(column: column), "node \"\(id)\" is not in nodes.csv")
            }
            let v = Int32(nodeIDs.count)
            index[id] = v
            nodeIDs.append(id)
            return v
        }

        while try reader.next() {
            let from = try nodeID(fromColumn)
            let to = try nodeID(toColumn)
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
                guard seenEdgeIDs.insert(id).inserted else {
                    throw InputError(reader.location(column: idColumn), "edge \"\(id)\" is defined twice")
                }
                edgeIDs.append(id)
            }
            for (k, column) in valueColumns.enumerated() where numeric[k] {
                do {
                    values[k].append(try reader.optionalDouble(column) ?? .nan)
                } catch {
                    // A text column (a mode, a name): not usable as a weight.
                    numeric[k] = false
                    values[k] = []
                }
            }
            edges.append((from, to, directed))
        }
        var columns: [String: [Double]] = [:]
        for (k, column) in valueColumns.enumerated() where numeric[k] {
            columns[reader.header[column]] = values[k]
        }
        do {
            return try Graph(nodeIDs: nodeIDs, edges: edges, edgeIDs: idColumn == nil ? nil : edgeIDs,
                             edgeColumns: columns, nodeColumns: nodeColumns, nodeLongitude: lon, nodeLatitude: lat)
        } catch {
            throw InputError(InputLocation(file: edgesPath), error.description)
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return String(self[start..<end])
    }
}
