import CGEOS

extension Geometry {
    /// Builds the GEOS geometry for a GeoJSON value (2-D; altitudes are dropped).
    public convenience init(_ value: GeoJSONGeometry, context: GEOSContext) throws(GEOSError) {
        let built: Geometry
        switch value {
        case let .point(c):
            built = try .point(c, context: context)
        case let .lineString(cs):
            built = try .lineString(cs, context: context)
        case let .polygon(rings):
            guard let exterior = rings.first else {
                throw .invalidInput(operation: "make a polygon", reason: "no exterior ring")
            }
            built = try .polygon(exterior: exterior, holes: Array(rings.dropFirst()), context: context)
        case let .multiPoint(cs):
            built = try .collection(.multiPoint, parts: cs.map { c throws(GEOSError) in try .point(c, context: context) }, context: context)
        case let .multiLineString(lines):
            built = try .collection(.multiLineString, parts: lines.map { l throws(GEOSError) in try .lineString(l, context: context) }, context: context)
        case let .multiPolygon(polygons):
            built = try .collection(.multiPolygon, parts: polygons.map { p throws(GEOSError) in try Geometry(.polygon(p), context: context) }, context: context)
        case let .geometryCollection(parts):
            built = try .collection(.geometryCollection, parts: parts.map { p throws(GEOSError) in try Geometry(p, context: context) }, context: context)
        }
        // Take over the built object's handle: clone once rather than juggle ownership.
        guard let copy = GEOSGeom_clone_r(context.handle, built.pointer) else { throw context.failure("copy geometry") }
        self.init(owning: copy, context: context)
    }

    /// The geometry as a GeoJSON value. A LinearRing becomes a LineString; empty points
    /// cannot be written in GeoJSON and raise an error.
    public func geoJSON() throws(GEOSError) -> GeoJSONGeometry {
        try Geometry.geoJSON(borrowed: pointer, context: context)
    }

    /// The vertices of a point, line or ring.
    public func coordinates() throws(GEOSError) -> [Coordinate] {
        switch type {
        case .point, .lineString, .linearRing:
            return try Geometry.sequenceCoordinates(of: pointer, context: context)
        default:
            throw .invalidInput(operation: "read coordinates", reason: "a \(type.rawValue) has no single coordinate list")
        }
    }

    static func geoJSON(borrowed g: OpaquePointer, context: GEOSContext) throws(GEOSError) -> GeoJSONGeometry {
        let handle = context.handle
        guard let type = GeometryType(geosTypeID: GEOSGeomTypeId_r(handle, g)) else { throw context.failure("read geometry type") }
        switch type {
        case .point:
            guard let c = try sequenceCoordinates(of: g, context: context).first else {
                throw .invalidInput(operation: "write GeoJSON", reason: "an empty point has no GeoJSON form")
            }
            return .point(c)
        case .lineString, .linearRing:
            return .lineString(try sequenceCoordinates(of: g, context: context))
        case .polygon:
            return .polygon(try polygonRings(g, context: context))
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            var parts: [GeoJSONGeometry] = []
            for i in 0..<GEOSGetNumGeometries_r(handle, g) {
                guard let part = GEOSGetGeometryN_r(handle, g, i) else { throw context.failure("read part \(i)") }
                parts.append(try geoJSON(borrowed: part, context: context))
            }
            switch type {
            case .multiPoint:
                return .multiPoint(parts.compactMap { if case let .point(c) = $0 { c } else { nil } })
            case .multiLineString:
                return .multiLineString(parts.compactMap { if case let .lineString(cs) = $0 { cs } else { nil } })
            case .multiPolygon:
                return .multiPolygon(parts.compactMap { if case let .polygon(rings) = $0 { rings } else { nil } })
            default:
                return .geometryCollection(parts)
            }
        }
    }

    private static func polygonRings(_ g: OpaquePointer, context: GEOSContext) throws(GEOSError) -> [[Coordinate]] {
        let handle = context.handle
        if GEOSisEmpty_r(handle, g) == 1 { return [] }
        guard let shell = GEOSGetExteriorRing_r(handle, g) else { throw context.failure("read exterior ring") }
        var rings = [try sequenceCoordinates(of: shell, context: context)]
        let holeCount = GEOSGetNumInteriorRings_r(handle, g)
        guard holeCount >= 0 else { throw context.failure("count holes") }
        for i in 0..<holeCount {
            guard let hole = GEOSGetInteriorRingN_r(handle, g, i) else { throw context.failure("read hole \(i)") }
            rings.append(try sequenceCoordinates(of: hole, context: context))
        }
        return rings
    }

    static func sequenceCoordinates(of g: OpaquePointer, context: GEOSContext) throws(GEOSError) -> [Coordinate] {
        if GEOSisEmpty_r(context.handle, g) == 1 { return [] }
        guard let sequence = GEOSGeom_getCoordSeq_r(context.handle, g) else { throw context.failure("read coordinates") }
        return try readSequence(sequence, context: context)
    }

    static func readSequence(_ sequence: OpaquePointer, context: GEOSContext) throws(GEOSError) -> [Coordinate] {
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(context.handle, sequence, &size) == 1 else { throw context.failure("read coordinates") }
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        let ok = buffer.withUnsafeMutableBufferPointer { raw in
            GEOSCoordSeq_copyToBuffer_r(context.handle, sequence, raw.baseAddress, 0, 0)
        }
        guard ok == 1 else { throw context.failure("read coordinates") }
        return (0..<Int(size)).map { Coordinate(x: buffer[2 * $0], y: buffer[2 * $0 + 1]) }
    }
}
