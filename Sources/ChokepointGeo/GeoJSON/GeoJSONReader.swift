import ChokepointSupport
import Foundation

/// Reads RFC 7946 GeoJSON from text or a file.
///
/// Every problem becomes an `InputError` naming the file, the feature index (for a
/// FeatureCollection) and the JSON path of the offending member, e.g.
/// `provinces.geojson: feature 12: field "$.features[12].geometry.coordinates[0]": a polygon ring needs at least 4 positions, got 3`.
/// Syntax errors give the line and column instead.
///
/// Reading is tolerant where RFC 7946 says tolerant readers should be: a Feature without
/// `properties` or `geometry` reads as having null ones, and positions may carry more than
/// three numbers (the extras are dropped). Coordinates are not range-checked here, since a
/// legacy `crs` member may declare projected ones; bundle validation checks ranges.
public struct GeoJSONReader {
    public let file: String

    public init(file: String) {
        self.file = file
    }

    /// Reads and decodes a file; the error for a missing or unreadable file names it.
    /// Reads the file at `path`, in `encoding` (RFC 8259 wants UTF-8; others are transcoded).
    public static func read(path: String, encoding: TextEncoding = .utf8) throws(InputError) -> GeoJSONObject {
        try GeoJSONReader(file: path).decode(try encoding.utf8(try TextEncoding.read(path: path), file: path))
    }

    public func decode(_ text: String) throws(InputError) -> GeoJSONObject {
        try decode(Array(text.utf8))
    }

    public func decode(_ bytes: [UInt8]) throws(InputError) -> GeoJSONObject {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw InputError(InputLocation(file: file, line: error.line, column: error.column), "invalid JSON: \(error.message)")
        }
        return try decode(value)
    }

    public func decode(_ value: JSONValue) throws(InputError) -> GeoJSONObject {
        let object = try expectObject(value, path: "$", feature: nil)
        let type = try typeName(object, path: "$", feature: nil)
        switch type {
        case "FeatureCollection":
            return .featureCollection(try decodeCollection(object))
        case "Feature":
            return .feature(try decodeFeature(object, path: "$", feature: nil))
        default:
            return .geometry(try decodeGeometry(object, type: type, path: "$", feature: nil))
        }
    }

    // MARK: Objects

    private func decodeCollection(_ object: JSONObject) throws(InputError) -> GeoJSONFeatureCollection {
        guard let featuresValue = object["features"] else {
            throw fail("$", nil, "a FeatureCollection needs a \"features\" array")
        }
        guard let items = featuresValue.arrayValue else {
            throw fail("$.features", nil, "expected an array of features, got \(featuresValue.kindDescription)")
        }
        var features: [GeoJSONFeature] = []
        features.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let path = "$.features[\(i)]"
            let featureObject = try expectObject(item, path: path, feature: i)
            let type = try typeName(featureObject, path: path, feature: i)
            guard type == "Feature" else {
                throw fail("\(path).type", i, "expected \"Feature\", got \"\(type)\"")
            }
            features.append(try decodeFeature(featureObject, path: path, feature: i))
        }
        return GeoJSONFeatureCollection(
            features: features,
            bbox: try decodeBBox(object["bbox"], path: "$.bbox", feature: nil),
            foreignMembers: object.removingKeys(["type", "features", "bbox"])
        )
    }

    private func decodeFeature(_ object: JSONObject, path: String, feature: Int?) throws(InputError) -> GeoJSONFeature {
        var id: GeoJSONFeatureID?
        switch object["id"] {
        case nil, .null?: id = nil
        case let .string(s)?: id = .string(s)
        case let .integer(i)?: id = .integer(i)
        case let .number(d)?: id = .number(d)
        case let other?: throw fail("\(path).id", feature, "a feature id must be a string or a number, got \(other.kindDescription)")
        }
        var geometry: GeoJSONGeometry?
        switch object["geometry"] {
        case nil, .null?: geometry = nil
        case let value?:
            let geometryObject = try expectObject(value, path: "\(path).geometry", feature: feature)
            let type = try typeName(geometryObject, path: "\(path).geometry", feature: feature)
            geometry = try decodeGeometry(geometryObject, type: type, path: "\(path).geometry", feature: feature)
        }
        var properties: JSONObject?
        switch object["properties"] {
        case nil, .null?: properties = nil
        case let .object(o)?: properties = o
        case let other?: throw fail("\(path).properties", feature, "expected an object or null, got \(other.kindDescription)")
        }
        return GeoJSONFeature(
            id: id, geometry: geometry, properties: properties,
            bbox: try decodeBBox(object["bbox"], path: "\(path).bbox", feature: feature),
            foreignMembers: object.removingKeys(["type", "id", "geometry", "properties", "bbox"])
        )
    }

    private func decodeGeometry(_ object: JSONObject, type: String, path: String, feature: Int?) throws(InputError) -> GeoJSONGeometry {
        if type == "GeometryCollection" {
            guard let partsValue = object["geometries"] else {
                throw fail(path, feature, "a GeometryCollection needs a \"geometries\" array")
            }
            guard let parts = partsValue.arrayValue else {
                throw fail("\(path).geometries", feature, "expected an array, got \(partsValue.kindDescription)")
            }
            var geometries: [GeoJSONGeometry] = []
            for (i, part) in parts.enumerated() {
                let partPath = "\(path).geometries[\(i)]"
                let partObject = try expectObject(part, path: partPath, feature: feature)
                geometries.append(try decodeGeometry(partObject, type: try typeName(partObject, path: partPath, feature: feature),
                                                     path: partPath, feature: feature))
            }
            return .geometryCollection(geometries)
        }
        let coordinatesPath = "\(path).coordinates"
        guard let coordinates = object["coordinates"] else {
            throw fail(path, feature, "a \(type) needs a \"coordinates\" member")
        }
        switch type {
        case "Point":
            return .point(try position(coordinates, path: coordinatesPath, feature: feature))
        case "MultiPoint":
            return .multiPoint(try positions(coordinates, path: coordinatesPath, feature: feature, minimum: 0, what: "multipoint"))
        case "LineString":
            return .lineString(try positions(coordinates, path: coordinatesPath, feature: feature, minimum: 2, what: "line"))
        case "MultiLineString":
            return .multiLineString(try nested(coordinates, path: coordinatesPath, feature: feature) { value, p throws(InputError) in
                try positions(value, path: p, feature: feature, minimum: 2, what: "line")
            })
        case "Polygon":
            return .polygon(try rings(coordinates, path: coordinatesPath, feature: feature))
        case "MultiPolygon":
            return .multiPolygon(try nested(coordinates, path: coordinatesPath, feature: feature) { value, p throws(InputError) in
                try rings(value, path: p, feature: feature)
            })
        default:
            throw fail("\(path).type", feature, "unknown geometry type \"\(type)\" (expected Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection)")
        }
    }

    // MARK: Coordinates

    private func position(_ value: JSONValue, path: String, feature: Int?) throws(InputError) -> Coordinate {
        guard let items = value.arrayValue else {
            throw fail(path, feature, "a position must be an array of numbers [lon, lat], got \(value.kindDescription)")
        }
        guard items.count >= 2 else {
            throw fail(path, feature, "a position needs at least 2 numbers [lon, lat], got \(items.count)")
        }
        var numbers: [Double] = []
        for (i, item) in items.prefix(3).enumerated() {
            guard let d = item.doubleValue else {
                throw fail("\(path)[\(i)]", feature, "expected a number, got \(item.kindDescription)")
            }
            numbers.append(d)
        }
        return Coordinate(x: numbers[0], y: numbers[1], z: numbers.count > 2 ? numbers[2] : nil)
    }

    private func positions(_ value: JSONValue, path: String, feature: Int?, minimum: Int, what: String) throws(InputError) -> [Coordinate] {
        guard let items = value.arrayValue else {
            throw fail(path, feature, "expected an array of positions, got \(value.kindDescription)")
        }
        guard items.count >= minimum else {
            throw fail(path, feature, "a \(what) needs at least \(minimum) positions, got \(items.count)")
        }
        var result: [Coordinate] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            result.append(try position(item, path: "\(path)[\(i)]", feature: feature))
        }
        return result
    }

    private func rings(_ value: JSONValue, path: String, feature: Int?) throws(InputError) -> [[Coordinate]] {
        let result = try nested(value, path: path, feature: feature) { ring, p throws(InputError) in
            let positions = try positions(ring, path: p, feature: feature, minimum: 4, what: "polygon ring")
            guard let first = positions.first, let last = positions.last, first.x == last.x, first.y == last.y else {
                throw fail(p, feature, "a polygon ring must be closed: its last position must equal its first")
            }
            return positions
        }
        guard !result.isEmpty else { throw fail(path, feature, "a polygon needs at least its exterior ring") }
        return result
    }

    private func nested<T>(_ value: JSONValue, path: String, feature: Int?,
                           _ element: (JSONValue, String) throws(InputError) -> T) throws(InputError) -> [T] {
        guard let items = value.arrayValue else {
            throw fail(path, feature, "expected an array, got \(value.kindDescription)")
        }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            result.append(try element(item, "\(path)[\(i)]"))
        }
        return result
    }

    private func decodeBBox(_ value: JSONValue?, path: String, feature: Int?) throws(InputError) -> [Double]? {
        guard let value else { return nil }
        guard let items = value.arrayValue else {
            throw fail(path, feature, "a bbox must be an array of numbers, got \(value.kindDescription)")
        }
        guard items.count >= 4, items.count % 2 == 0 else {
            throw fail(path, feature, "a bbox needs 2×n numbers (4 for [west, south, east, north]), got \(items.count)")
        }
        var numbers: [Double] = []
        for (i, item) in items.enumerated() {
            guard let d = item.doubleValue else { throw fail("\(path)[\(i)]", feature, "expected a number, got \(item.kindDescription)") }
            numbers.append(d)
        }
        return numbers
    }

    // MARK: Helpers

    private func expectObject(_ value: JSONValue, path: String, feature: Int?) throws(InputError) -> JSONObject {
        guard let object = value.objectValue else {
            throw fail(path, feature, "expected a GeoJSON object, got \(value.kindDescription)")
        }
        return object
    }

    private func typeName(_ object: JSONObject, path: String, feature: Int?) throws(InputError) -> String {
        guard let type = object["type"] else {
            throw fail(path, feature, "missing the \"type\" member")
        }
        guard let name = type.stringValue else {
            throw fail("\(path).type", feature, "\"type\" must be a string, got \(type.kindDescription)")
        }
        return name
    }

    private func fail(_ path: String, _ feature: Int?, _ message: String) -> InputError {
        InputError(InputLocation(file: file, feature: feature, field: path), message)
    }
}
