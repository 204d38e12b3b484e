import CGEOS

/// The simple-feature kinds GEOS distinguishes.
public enum GeometryType: String, Sendable, Hashable, CaseIterable {
    case point = "Point"
    case lineString = "LineString"
    case linearRing = "LinearRing"
    case polygon = "Polygon"
    case multiPoint = "MultiPoint"
    case multiLineString = "MultiLineString"
    case multiPolygon = "MultiPolygon"
    case geometryCollection = "GeometryCollection"

    init?(geosTypeID: Int32) {
        switch geosTypeID {
        case Int32(GEOS_POINT.rawValue): self = .point
        case Int32(GEOS_LINESTRING.rawValue): self = .lineString
        case Int32(GEOS_LINEARRING.rawValue): self = .linearRing
        case Int32(GEOS_POLYGON.rawValue): self = .polygon
        case Int32(GEOS_MULTIPOINT.rawValue): self = .multiPoint
        case Int32(GEOS_MULTILINESTRING.rawValue): self = .multiLineString
        case Int32(GEOS_MULTIPOLYGON.rawValue): self = .multiPolygon
        case Int32(GEOS_GEOMETRYCOLLECTION.rawValue): self = .geometryCollection
        default: return nil
        }
    }

    var geosCollectionTypeID: Int32? {
        switch self {
        case .multiPoint: return Int32(GEOS_MULTIPOINT.rawValue)
        case .multiLineString: return Int32(GEOS_MULTILINESTRING.rawValue)
        case .multiPolygon: return Int32(GEOS_MULTIPOLYGON.rawValue)
        case .geometryCollection: return Int32(GEOS_GEOMETRYCOLLECTION.rawValue)
        default: return nil
        }
    }
}

/// A GEOS geometry that this object owns and frees.
///
/// Geometries are immutable: every operation returns a new `Geometry` in the same
/// context. Mixing geometries of two contexts in one operation is a programming error
/// (it would report failures to the wrong handler) and stops with a precondition.
public final class Geometry {
    public let context: GEOSContext
    let pointer: OpaquePointer

    /// Takes ownership of a geometry GEOS just created.
    init(owning pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    /// Copies a geometry that GEOS owns elsewhere (a part of a collection, a ring).
    static func cloning(borrowed pointer: OpaquePointer, context: GEOSContext, operation: String) throws(GEOSError) -> Geometry {
        guard let copy = GEOSGeom_clone_r(context.handle, pointer) else { throw context.failure(operation) }
        return Geometry(owning: copy, context: context)
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }

    func checkSameContext(_ other: Geometry) {
        precondition(other.context === context, "geometries from two GEOS contexts used in one operation")
    }

    public var type: GeometryType {
        // GEOS only returns -1 on an internal error, which an owned, valid handle cannot hit.
        GeometryType(geosTypeID: GEOSGeomTypeId_r(context.handle, pointer)) ?? .geometryCollection
    }

    public var isEmpty: Bool {
        GEOSisEmpty_r(context.handle, pointer) == 1
    }

    /// Number of parts of a collection; 1 for a single geometry.
    public var partCount: Int {
        Int(GEOSGetNumGeometries_r(context.handle, pointer))
    }

    /// A copy of part `index` of a collection (or the geometry itself for index 0 of a single one).
    public func part(_ index: Int) throws(GEOSError) -> Geometry {
        guard index >= 0, index < partCount, let borrowed = GEOSGetGeometryN_r(context.handle, pointer, Int32(index)) else {
            throw .invalidInput(operation: "take part \(index)", reason: "the geometry has \(partCount) part(s)")
        }
        return try Geometry.cloning(borrowed: borrowed, context: context, operation: "copy part \(index)")
    }

    public func copy() throws(GEOSError) -> Geometry {
        try Geometry.cloning(borrowed: pointer, context: context, operation: "clone")
    }

    public var envelope: Envelope? {
        guard !isEmpty else { return nil }
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard GEOSGeom_getXMin_r(context.handle, pointer, &minX) == 1,
              GEOSGeom_getYMin_r(context.handle, pointer, &minY) == 1,
              GEOSGeom_getXMax_r(context.handle, pointer, &maxX) == 1,
              GEOSGeom_getYMax_r(context.handle, pointer, &maxY) == 1
        else { return nil }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }
}
