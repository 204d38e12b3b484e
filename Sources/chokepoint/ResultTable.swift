import ChokepointDomain
import ChokepointExport
import ChokepointGeo
import ChokepointGraph
import ChokepointSupport
import Foundation

/// Result rows of a command, each an ordered set of named values with an optional geometry,
/// written as a JSON list, CSV or a GeoJSON FeatureCollection by one code path.
///
/// Rows are appended, or made one at a time while they are written (`init(columns:count:row:)`),
/// so a table of a 750k-row seizure file is never held whole. JSON and CSV rows are made and
/// formatted in pieces on all cores, and the pieces written in order (the bytes do not depend
/// on the core count).
struct ResultTable {
    struct Row {
        var values: JSONObject
        var geometry: GeoJSONGeometry?
    }

    var rows: [Row] = []
    /// CSV columns when there are no rows to take them from.
    var columns: [String]
    /// The handling marking of what the rows were built from, for the GeoJSON metadata
    /// (`tlp`); nil for tables built from no seizure record.
    var marking: TLP?
    private var generated: (count: Int, row: @Sendable (Int) -> Row)?

    init(columns: [String]) {
        self.columns = columns
    }

    /// A table whose `count` rows `row` makes as they are written.
    init(columns: [String], count: Int, row: @escaping @Sendable (Int) -> Row) {
        self.columns = columns
        generated = (count, row)
    }

    mutating func append(_ values: JSONObject, geometry: GeoJSONGeometry? = nil) {
        precondition(generated == nil, "rows are appended to a table of appended rows only")
        rows.append(Row(values: values, geometry: geometry))
    }

    private var count: Int { generated?.count ?? rows.count }
    private func row(_ i: Int) -> Row { generated.map { $0.row(i) } ?? rows[i] }

    /// Formats every row with `format` (row index, bytes to append to) in pieces of rows made
    /// and formatted concurrently, and hands the pieces to `send` in row order.
    private func formatPieces(send: ([UInt8]) throws -> Void, _ format: @Sendable (Int, inout [UInt8]) throws -> Void) throws {
        let rowsPerPiece = 2048, pieces = ParallelChunks.defaultChunkCount
        var start = 0
        while start < count {
            let round = ParallelChunks.ranges(count: min(count - start, rowsPerPiece * pieces), chunks: pieces)
            let first = start
            let formatted = ParallelChunks.map(round.count) { k -> Result<[UInt8], any Error> in
                Result {
                    var piece: [UInt8] = []
                    piece.reserveCapacity(round[k].count * 256)
                    for i in round[k] { try format(first + i, &piece) }
                    return piece
                }
            }
            for piece in formatted { try send(piece.get()) }
            start += round.last?.upperBound ?? 0
        }
    }

    func write(_ options: OutputOptions) throws {
        try write(format: options.format, to: options.output)
    }

    /// Writes to `path` atomically, or to standard output when `path` is nil.
    func write(format: OutputFormat, to path: String?) throws {
        let file = try path.map { path throws(FileOutputError) in try AtomicFileWriter(destination: path) }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        // A file gets 64 KB pieces (its temporary file vanishes on error); standard output
        // gets everything at the end, so a failure part-way prints nothing.
        func send(ifFull: Bool = true) throws {
            guard !ifFull || (file != nil && out.count >= 1 << 16) else { return }
            if let file { try file.write(out) } else { FileHandle.standardOutput.write(Data(out)) }
            out.removeAll(keepingCapacity: true)
        }
        func sendPiece(_ piece: [UInt8]) throws {
            out.append(contentsOf: piece)
            try send()
        }
        switch format {
        case .json:
            out.append(UInt8(ascii: "["))
            try formatPieces(send: sendPiece) { i, piece in
                piece.append(contentsOf: i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                try JSONWriter.appendObject(row(i).values, to: &piece, path: "$[\(i)]")
            }
            out.append(contentsOf: Array("\n]\n".utf8))
        case .csv:
            for (c, column) in columns.enumerated() {
                if c > 0 { out.append(UInt8(ascii: ",")) }
                CSVWriter.append(field: column, to: &out)
            }
            out.append(0x0A)
            let columns = columns
            try formatPieces(send: sendPiece) { i, piece in
                let values = row(i).values
                for (c, column) in columns.enumerated() {
                    if c > 0 { piece.append(UInt8(ascii: ",")) }
                    values.value(column, expectedAt: c)?.appendCSVField(to: &piece)
                }
                piece.append(0x0A)
            }
        case .geojson:
            var features: [GeoJSONFeature] = []
            for i in 0..<count {
                let r = row(i)
                guard let geometry = r.geometry else {
                    throw ValidationErrorMessage(
                        "row \(i + 1) (\(r.values["id"].flatMap(\.stringValue) ?? "?")) has no coordinates: GeoJSON output needs lon and lat for every node in nodes.csv"
                    )
                }
                features.append(GeoJSONFeature(geometry: geometry, properties: r.values))
            }
            var metadata: JSONObject = [:]
            if let marking { metadata["tlp"] = .string(marking.description) }
            metadata["tool"] = .string("chokepoint \(ChokepointVersion.string)")
            let collection = GeoJSONFeatureCollection(features: features, foreignMembers: ["metadata": .object(metadata)])
            out = try GeoJSONEncoder().encode(collection)
        }
        try send(ifFull: false)
        try file?.commit()
    }
}

/// An error whose text is the whole message.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Graph {
    /// The point of a node, when nodes.csv gave coordinates.
    func point(_ v: Int32) -> Coordinate? {
        guard let lon = nodeLongitude?[Int(v)], let lat = nodeLatitude?[Int(v)], lon.isFinite, lat.isFinite else { return nil }
        return Coordinate(lon: lon, lat: lat)
    }

    /// A line through the nodes' points, when all have coordinates.
    func line(_ nodes: [Int32]) -> GeoJSONGeometry? {
        var points: [Coordinate] = []
        for v in nodes {
            guard let p = point(v) else { return nil }
            points.append(p)
        }
        return points.count >= 2 ? .lineString(points) : nil
    }

    func edgeLine(_ e: Int32) -> GeoJSONGeometry? {
        line([edgeSource[Int(e)], edgeTarget[Int(e)]])
    }
}

/// A number, or null when missing or not finite (JSON has no NaN).
func finiteNumber(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .number(value)
}
