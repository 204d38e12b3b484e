/// Writes RFC 7946 GeoJSON.
///
/// What the RFC asks of writers, done here so no caller has to remember it:
/// - polygon exterior rings counter-clockwise and holes clockwise (§3.1.6, the right-hand rule);
/// - coordinates rounded to `precision` decimals (§11.2: 6 decimals is about 0.1 m, beyond any
///   seizure report's accuracy, and keeps files small);
/// - no `crs` member (§4): output is always WGS84 lon/lat, so a legacy `crs` foreign member
///   read from an input is dropped at every level.
/// Feature property order is kept, so QGIS shows columns in the order the caller chose.
public struct GeoJSONEncoder: Sendable {
    /// Decimal places for coordinates; nil writes full double precision.
    public var precision: Int?
    /// Adds a `bbox` member to each feature and to the collection, computed from the geometry.
    public var writesBoundingBoxes: Bool

    public init(precision: Int? = 6, writesBoundingBoxes: Bool = false) {
        precondition(precision.map { (0...15).contains($0) } ?? true, "GeoJSON precision must be 0...15 decimals")
        self.precision = precision
        self.writesBoundingBoxes = writesBoundingBoxes
    }

    // MARK: Whole documents

    public func encode(_ collection: GeoJSONFeatureCollection) throws(JSONWriteError) -> [UInt8] {
        var bbox = collection.bbox
        if writesBoundingBoxes {
            let boxes = collection.features.compactMap { $0.geometry?.boundingBox }
            bbox = boxes.dropFirst().reduce(boxes.first) { $0?.union($1) }.map(Self.bboxArray)
        }
        var out = collectionHeader(bbox: bbox, foreignMembers: collection.foreignMembers)
        for (i, feature) in collection.features.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\n"))
            try appendFeature(feature, to: &out, path: "$.features[\(i)]")
        }
        out.append(contentsOf: collectionFooter)
        return out
    }

    public func encode(_ feature: GeoJSONFeature) throws(JSONWriteError) -> [UInt8] {
        var out: [UInt8] = []
        try appendFeature(feature, to: &out, path: "$")
        return out
    }

    public func encode(_ geometry: GeoJSONGeometry) throws(JSONWriteError) -> [UInt8] {
        var out: [UInt8] = []
        try appendGeometry(geometry, to: &out, path: "$")
        return out
    }

    // MARK: Pieces, for streaming writers

    /// `{"type":"FeatureCollection",…,"features":[` — members other than features come first
    /// so that a streaming writer can emit them before it has seen any feature.
    public func collectionHeader(bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) -> [UInt8] {
        var out = Array(#"{"type":"FeatureCollection""#.utf8)
        if let bbox {
            out.append(contentsOf: #","bbox":"#.utf8)
            appendNumbers(bbox, to: &out)
        }
        for (key, value) in foreignMembers where key != "crs" {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            // Foreign members come from our own metadata or a parsed file: both finite.
            try? JSONWriter.append(value, to: &out, path: "$.\(key)")
        }
        out.append(contentsOf: #","features":["#.utf8)
        return out
    }

    public var collectionFooter: [UInt8] { Array("\n]}\n".utf8) }

    public func appendFeature(_ feature: GeoJSONFeature, to out: inout [UInt8], path: String) throws(JSONWriteError) {
        out.append(contentsOf: #"{"type":"Feature""#.utf8)
        if let id = feature.id {
            out.append(contentsOf: #","id":"#.utf8)
            try JSONWriter.append(id.jsonValue, to: &out, path: "\(path).id")
        }
        let bbox = writesBoundingBoxes ? feature.geometry?.boundingBox.map(Self.bboxArray) : feature.bbox
        if let bbox {
            out.append(contentsOf: #","bbox":"#.utf8)
            appendNumbers(bbox, to: &out)
        }
        out.append(contentsOf: #","geometry":"#.utf8)
        if let geometry = feature.geometry {
            try appendGeometry(geometry, to: &out, path: "\(path).geometry")
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","properties":"#.utf8)
        if let properties = feature.properties {
            try JSONWriter.appendObject(properties, to: &out, path: "\(path).properties")
        } else {
            out.append(contentsOf: "null".utf8)
        }
        for (key, value) in feature.foreignMembers where key != "crs" {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            try JSONWriter.append(value, to: &out, path: "\(path).\(key)")
        }
        out.append(UInt8(ascii: "}"))
    }

    public func appendGeometry(_ geometry: GeoJSONGeometry, to out: inout [UInt8], path: String) throws(JSONWriteError) {
        out.append(contentsOf: #"{"type":""#.utf8)
        out.append(contentsOf: geometry.typeName.utf8)
        out.append(UInt8(ascii: "\""))
        if case let .geometryCollection(parts) = geometry {
            out.append(contentsOf: #","geometries":["#.utf8)
            for (i, part) in parts.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try appendGeometry(part, to: &out, path: "\(path).geometries[\(i)]")
            }
            out.append(contentsOf: "]}".utf8)
            return
        }
        out.append(contentsOf: #","coordinates":"#.utf8)
        let coordinatesPath = "\(path).coordinates"
        switch geometry {
        case let .point(c):
            try appendPosition(c, to: &out, path: coordinatesPath)
        case let .multiPoint(cs), let .lineString(cs):
            try appendPositions(cs, to: &out, path: coordinatesPath)
        case let .multiLineString(lines):
            try appendList(lines, to: &out, path: coordinatesPath) { line, out, p throws(JSONWriteError) in
                try appendPositions(line, to: &out, path: p)
            }
        case let .polygon(rings):
            try appendPolygon(rings, to: &out, path: coordinatesPath)
        case let .multiPolygon(polygons):
            try appendList(polygons, to: &out, path: coordinatesPath) { rings, out, p throws(JSONWriteError) in
                try appendPolygon(rings, to: &out, path: p)
            }
        case .geometryCollection:
            break
        }
        out.append(UInt8(ascii: "}"))
    }

    // MARK: Coordinates

    private func appendPolygon(_ rings: [[Coordinate]], to out: inout [UInt8], path: String) throws(JSONWriteError) {
        try appendList(Array(rings.enumerated()), to: &out, path: path) { item, out, p throws(JSONWriteError) in
            let (index, ring) = item
            let wantCounterClockwise = index == 0
            let isCounterClockwise = Self.signedArea(ring) > 0
            try appendPositions(isCounterClockwise == wantCounterClockwise ? ring : ring.reversed(), to: &out, path: p)
        }
    }

    private func appendList<T>(_ items: [T], to out: inout [UInt8], path: String,
                               _ element: (T, inout [UInt8], String) throws(JSONWriteError) -> Void) throws(JSONWriteError) {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            try element(item, &out, "\(path)[\(i)]")
        }
        out.append(UInt8(ascii: "]"))
    }

    private func appendPositions(_ coordinates: [Coordinate], to out: inout [UInt8], path: String) throws(JSONWriteError) {
        out.append(UInt8(ascii: "["))
        for (i, c) in coordinates.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            try appendPosition(c, to: &out, path: "\(path)[\(i)]")
        }
        out.append(UInt8(ascii: "]"))
    }

    private func appendPosition(_ c: Coordinate, to out: inout [UInt8], path: String) throws(JSONWriteError) {
        guard c.x.isFinite, c.y.isFinite, c.z?.isFinite ?? true else {
            throw JSONWriteError(path: path, message: "position \(c) is not finite")
        }
        out.append(UInt8(ascii: "["))
        JSONWriter.appendNumber(round(c.x), to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendNumber(round(c.y), to: &out)
        if let z = c.z {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendNumber(round(z), to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private func appendNumbers(_ numbers: [Double], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, d) in numbers.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendNumber(d.isFinite ? round(d) : 0, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Rounds half away from zero at `precision` decimals. Dividing the rounded integer by
    /// a power of ten yields the double nearest the decimal, so 102.633100000004 prints as 102.6331.
    public func round(_ value: Double) -> Double {
        guard let precision else { return value }
        let scale = Self.powersOfTen[precision]
        let scaled = value * scale
        // Beyond 2^52 every double is an integer already: nothing to round.
        guard abs(scaled) < 4.5e15 else { return value }
        return scaled.rounded(.toNearestOrAwayFromZero) / scale
    }

    private static let powersOfTen: [Double] = (0...15).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }

    /// Twice the shoelace area; positive for a counter-clockwise ring in lon/lat axes.
    static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return sum
    }

    static func bboxArray(_ e: Envelope) -> [Double] {
        [e.minX, e.minY, e.maxX, e.maxY]
    }
}
