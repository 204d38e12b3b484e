/// An RFC 7946 geometry as plain values. Coordinates are (lon, lat[, altitude]) in WGS84
/// for any conforming file; a legacy `crs` member on the collection says otherwise.
public indirect enum GeoJSONGeometry: Sendable, Hashable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    /// Rings: the first is the exterior, the rest are holes; each is closed.
    case polygon([[Coordinate]])
    case multiPolygon([[[Coordinate]]])
    case geometryCollection([GeoJSONGeometry])

    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .geometryCollection: return "GeometryCollection"
        }
    }

    /// Every position, in order (for bounding boxes and range checks).
    public var allCoordinates: [Coordinate] {
        switch self {
        case let .point(c): return [c]
        case let .multiPoint(cs), let .lineString(cs): return cs
        case let .multiLineString(lines), let .polygon(lines): return lines.flatMap { $0 }
        case let .multiPolygon(polygons): return polygons.flatMap { $0.flatMap { $0 } }
        case let .geometryCollection(parts): return parts.flatMap(\.allCoordinates)
        }
    }

    /// The 2-D bounding box [west, south, east, north], or nil for an empty geometry.
    /// (Collections that straddle the antimeridian are outside this tool's region.)
    public var boundingBox: Envelope? {
        Envelope(enclosing: allCoordinates)
    }
}

extension Envelope {
    /// The smallest envelope holding every coordinate, or nil for none.
    public init?(enclosing coordinates: some Sequence<Coordinate>) {
        var iterator = coordinates.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = Envelope(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let c = iterator.next() {
            box.minX = min(box.minX, c.x)
            box.minY = min(box.minY, c.y)
            box.maxX = max(box.maxX, c.x)
            box.maxY = max(box.maxY, c.y)
        }
        self = box
    }

    /// The union of two envelopes.
    public func union(_ other: Envelope) -> Envelope {
        Envelope(minX: min(minX, other.minX), minY: min(minY, other.minY),
                 maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }
}

/// A feature's `id`: RFC 7946 allows a string or a number.
public enum GeoJSONFeatureID: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case number(Double)

    var jsonValue: JSONValue {
        switch self {
        case let .string(s): return .string(s)
        case let .integer(i): return .integer(i)
        case let .number(d): return .number(d)
        }
    }
}

/// An RFC 7946 Feature. `foreignMembers` holds every member the RFC does not define,
/// in file order, so a round trip keeps what other tools put there.
public struct GeoJSONFeature: Sendable, Hashable {
    public var id: GeoJSONFeatureID?
    public var geometry: GeoJSONGeometry?
    /// nil when the file had `"properties": null` or no properties member.
    public var properties: JSONObject?
    public var bbox: [Double]?
    public var foreignMembers: JSONObject

    public init(id: GeoJSONFeatureID? = nil, geometry: GeoJSONGeometry?, properties: JSONObject? = JSONObject(),
                bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }
}

/// An RFC 7946 FeatureCollection.
public struct GeoJSONFeatureCollection: Sendable, Hashable {
    public var features: [GeoJSONFeature]
    public var bbox: [Double]?
    /// Members beyond `type`, `features` and `bbox` (a `metadata` object, say). On reading,
    /// a legacy `crs` member is kept here so the caller can honour it; the writer never emits one.
    public var foreignMembers: JSONObject

    public init(features: [GeoJSONFeature] = [], bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) {
        self.features = features
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }

    /// The CRS named by a legacy (GeoJSON 2008) `crs` member, such as "EPSG:32648" from
    /// `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}}`; nil when absent.
    /// OGC:CRS84 and EPSG:4326 both mean the RFC 7946 default and return nil.
    public var declaredCRS: String? {
        guard let crs = foreignMembers["crs"]?.objectValue,
              let name = crs["properties"]?.objectValue?["name"]?.stringValue else { return nil }
        let normalised = Self.normaliseCRSName(name)
        switch normalised {
        case "OGC:CRS84", "EPSG:4326": return nil
        default: return normalised
        }
    }

    static func normaliseCRSName(_ name: String) -> String {
        // urn:ogc:def:crs:EPSG::32648 → EPSG:32648; urn:ogc:def:crs:OGC:1.3:CRS84 → OGC:CRS84
        let parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 6, parts[0].lowercased() == "urn", parts[2] == "def", parts[3] == "crs" {
            return "\(parts[4]):\(parts.last ?? "")"
        }
        return name
    }
}

/// Any top-level GeoJSON object.
public enum GeoJSONObject: Sendable, Hashable {
    case featureCollection(GeoJSONFeatureCollection)
    case feature(GeoJSONFeature)
    case geometry(GeoJSONGeometry)

    /// The object as a collection: a lone feature or geometry becomes a one-feature collection.
    public var asFeatureCollection: GeoJSONFeatureCollection {
        switch self {
        case let .featureCollection(c): return c
        case let .feature(f): return GeoJSONFeatureCollection(features: [f])
        case let .geometry(g): return GeoJSONFeatureCollection(features: [GeoJSONFeature(geometry: g)])
        }
    }
}

extension GeoJSONGeometry {
    /// The same geometry with every position passed through `transform` (a CRS change, say).
    public func mapCoordinates<E: Error>(_ transform: (Coordinate) throws(E) -> Coordinate) throws(E) -> GeoJSONGeometry {
        func list(_ cs: [Coordinate]) throws(E) -> [Coordinate] {
            var out: [Coordinate] = []
            out.reserveCapacity(cs.count)
            for c in cs { out.append(try transform(c)) }
            return out
        }
        func lists(_ css: [[Coordinate]]) throws(E) -> [[Coordinate]] {
            var out: [[Coordinate]] = []
            for cs in css { out.append(try list(cs)) }
            return out
        }
        switch self {
        case let .point(c): return .point(try transform(c))
        case let .multiPoint(cs): return .multiPoint(try list(cs))
        case let .lineString(cs): return .lineString(try list(cs))
        case let .multiLineString(lines): return .multiLineString(try lists(lines))
        case let .polygon(rings): return .polygon(try lists(rings))
        case let .multiPolygon(polygons):
            var out: [[[Coordinate]]] = []
            for rings in polygons { out.append(try lists(rings)) }
            return .multiPolygon(out)
        case let .geometryCollection(parts):
            var out: [GeoJSONGeometry] = []
            for part in parts { out.append(try part.mapCoordinates(transform)) }
            return .geometryCollection(out)
        }
    }
}
