import CGEOS

extension Geometry {
    /// A GEOS coordinate sequence built from `coordinates` (2-D); the caller hands it to a
    /// constructor that takes ownership.
    static func makeSequence(_ coordinates: [Coordinate], context: GEOSContext, operation: String) throws(GEOSError) -> OpaquePointer {
        var buffer = [Double]()
        buffer.reserveCapacity(coordinates.count * 2)
        for c in coordinates {
            guard c.x.isFinite, c.y.isFinite else {
                throw .invalidInput(operation: operation, reason: "coordinate \(c) is not finite")
            }
            buffer.append(c.x)
            buffer.append(c.y)
        }
        let sequence = buffer.withUnsafeBufferPointer { raw in
            GEOSCoordSeq_copyFromBuffer_r(context.handle, raw.baseAddress, UInt32(coordinates.count), 0, 0)
        }
        guard let sequence else { throw context.failure(operation) }
        return sequence
    }

    public static func point(_ coordinate: Coordinate, context: GEOSContext) throws(GEOSError) -> Geometry {
        guard coordinate.x.isFinite, coordinate.y.isFinite else {
            throw .invalidInput(operation: "make a point", reason: "coordinate \(coordinate) is not finite")
        }
        guard let p = GEOSGeom_createPointFromXY_r(context.handle, coordinate.x, coordinate.y) else {
            throw context.failure("make a point")
        }
        return Geometry(owning: p, context: context)
    }

    public static func lineString(_ coordinates: [Coordinate], context: GEOSContext) throws(GEOSError) -> Geometry {
        guard coordinates.count >= 2 else {
            throw .invalidInput(operation: "make a line", reason: "a line needs at least 2 points, got \(coordinates.count)")
        }
        let sequence = try makeSequence(coordinates, context: context, operation: "make a line")
        guard let line = GEOSGeom_createLineString_r(context.handle, sequence) else {
            throw context.failure("make a line")
        }
        return Geometry(owning: line, context: context)
    }

    static func linearRing(_ coordinates: [Coordinate], context: GEOSContext, role: String) throws(GEOSError) -> OpaquePointer {
        let operation = "make a polygon"
        guard coordinates.count >= 4 else {
            throw .invalidInput(operation: operation, reason: "the \(role) ring needs at least 4 points (closed), got \(coordinates.count)")
        }
        guard let first = coordinates.first, let last = coordinates.last, first.x == last.x, first.y == last.y else {
            throw .invalidInput(operation: operation, reason: "the \(role) ring is not closed: it must end where it starts")
        }
        let sequence = try makeSequence(coordinates, context: context, operation: operation)
        guard let ring = GEOSGeom_createLinearRing_r(context.handle, sequence) else {
            throw context.failure(operation)
        }
        return ring
    }

    /// A polygon from a closed exterior ring and closed holes. The result is not checked
    /// for validity (self-intersection and the like): call `isValid`/`makeValid()`.
    public static func polygon(exterior: [Coordinate], holes: [[Coordinate]] = [], context: GEOSContext) throws(GEOSError) -> Geometry {
        let shell = try linearRing(exterior, context: context, role: "exterior")
        var holeRings: [OpaquePointer?] = []
        holeRings.reserveCapacity(holes.count)
        do {
            for (i, hole) in holes.enumerated() {
                holeRings.append(try linearRing(hole, context: context, role: "hole \(i)"))
            }
        } catch {
            GEOSGeom_destroy_r(context.handle, shell)
            for ring in holeRings { if let ring { GEOSGeom_destroy_r(context.handle, ring) } }
            throw error
        }
        // GEOSGeom_createPolygon_r takes ownership of the shell and holes.
        let polygon = holeRings.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(context.handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let polygon else { throw context.failure("make a polygon") }
        return Geometry(owning: polygon, context: context)
    }

    /// A multi-geometry or collection of copies of `parts`. Multi types require parts of
    /// the matching single type.
    public static func collection(_ type: GeometryType, parts: [Geometry], context: GEOSContext) throws(GEOSError) -> Geometry {
        guard let typeID = type.geosCollectionTypeID else {
            throw .invalidInput(operation: "make a collection", reason: "\(type.rawValue) is not a collection type")
        }
        let expected: GeometryType? = switch type {
        case .multiPoint: .point
        case .multiLineString: .lineString
        case .multiPolygon: .polygon
        default: nil
        }
        var copies: [OpaquePointer?] = []
        copies.reserveCapacity(parts.count)
        for (i, part) in parts.enumerated() {
            precondition(part.context === context, "geometries from two GEOS contexts used in one operation")
            if let expected, part.type != expected {
                for copy in copies { if let copy { GEOSGeom_destroy_r(context.handle, copy) } }
                throw .invalidInput(operation: "make a \(type.rawValue)", reason: "part \(i) is a \(part.type.rawValue), expected \(expected.rawValue)")
            }
            guard let copy = GEOSGeom_clone_r(context.handle, part.pointer) else {
                for copy in copies { if let copy { GEOSGeom_destroy_r(context.handle, copy) } }
                throw context.failure("copy part \(i)")
            }
            copies.append(copy)
        }
        // GEOSGeom_createCollection_r takes ownership of the parts.
        let collection = copies.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(context.handle, typeID, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let collection else { throw context.failure("make a \(type.rawValue)") }
        return Geometry(owning: collection, context: context)
    }

    public static func rectangle(_ envelope: Envelope, context: GEOSContext) throws(GEOSError) -> Geometry {
        guard let r = GEOSGeom_createRectangle_r(context.handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY) else {
            throw context.failure("make a rectangle")
        }
        return Geometry(owning: r, context: context)
    }
}
