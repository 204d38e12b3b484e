import ChokepointExport
import ChokepointGeo
import ChokepointGraph
import ChokepointSupport
import Foundation

/// Result rows of a command, each an ordered set of named values with an optional geometry,
/// written as a JSON list, CSV or a GeoJSON FeatureCollection by one code path.
struct ResultTable {
    struct Row {
        var values: JSONObject
        var geometry: GeoJSONGeometry?
    }

    var rows: [Row] = []
    /// CSV columns when there are no rows to take them from.
    var columns: [String]

    mutating func append(_ values: JSONObject, geometry: GeoJSONGeometry? = nil) {
        rows.append(Row(values: values, geometry: geometry))
    }

    func write(_ options: OutputOptions) throws {
        try write(format: options.format, to: options.output)
    }

    /// Writes to `path` atomically, or to standard output when `path` is nil.
    func write(format: OutputFormat, to path: String?) throws {
        let bytes: [UInt8]
        switch format {
        case .json:
            var out: [UInt8] = [UInt8(ascii: "[")]
            for (i, row) in rows.enumerated() {
                out.append(contentsOf: i == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                try JSONWriter.appendObject(row.values, to: &out, path: "$[\(i)]")
            }
            out.append(contentsOf: Array("\n]\n".utf8))
            bytes = out
        case .csv:
            let text = CSVWriter.table(columns: columns, rows: rows) { row, key in row.values[key]?.csvField ?? "" }
            bytes = Array(text.utf8)
        case .geojson:
            for (i, row) in rows.enumerated() where row.geometry == nil {
                throw ValidationErrorMessage(
                    "row \(i + 1) (\(row.values["id"].flatMap(\.stringValue) ?? "?")) has no coordinates: GeoJSON output needs lon and lat for every node in nodes.csv"
                )
            }
            let collection = GeoJSONFeatureCollection(
                features: rows.map { GeoJSONFeature(geometry: $0.geometry, properties: $0.values) },
                foreignMembers: ["metadata": .object(["tool": .string("chokepoint \(ChokepointVersion.string)")])])
            bytes = try GeoJSONEncoder().encode(collection)
        }
        if let path {
            try AtomicFileWriter.write(bytes, to: path)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
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
