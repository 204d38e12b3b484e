import CGEOS

extension Geometry {
    private func unary(_ operation: String, _ call: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        context.clearMessages()
        guard let result = call(context.handle, pointer) else { throw context.failure(operation) }
        return Geometry(owning: result, context: context)
    }

    private func binary(_ operation: String, _ other: Geometry,
                        _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        checkSameContext(other)
        context.clearMessages()
        guard let result = call(context.handle, pointer, other.pointer) else { throw context.failure(operation) }
        return Geometry(owning: result, context: context)
    }

    private func measure(_ operation: String, _ call: (GEOSContextHandle_t, OpaquePointer, UnsafeMutablePointer<Double>) -> Int32) throws(GEOSError) -> Double {
        var value = 0.0
        guard call(context.handle, pointer, &value) == 1 else { throw context.failure(operation) }
        return value
    }

    // MARK: Validity

    public var isValid: Bool {
        get throws(GEOSError) {
            switch GEOSisValid_r(context.handle, pointer) {
            case 1: return true
            case 0: return false
            default: throw context.failure("check validity")
            }
        }
    }

    /// GEOS's reason for invalidity, such as "Self-intersection[102.5 18.1]", or "Valid Geometry".
    public func validityReason() throws(GEOSError) -> String {
        guard let text = GEOSisValidReason_r(context.handle, pointer) else { throw context.failure("explain validity") }
        return context.takeString(text)
    }

    /// A valid geometry covering the same points (GEOS's MakeValid: self-intersecting
    /// rings split into parts, collapsed parts kept as lines or points).
    public func makeValid() throws(GEOSError) -> Geometry {
        try unary("make valid") { GEOSMakeValid_r($0, $1) }
    }

    // MARK: Measures (in the coordinates' units: degrees for lon/lat; use Geodesic for metres)

    public func distance(to other: Geometry) throws(GEOSError) -> Double {
        checkSameContext(other)
        var value = 0.0
        guard GEOSDistance_r(context.handle, pointer, other.pointer, &value) == 1 else { throw context.failure("distance") }
        return value
    }

    public func length() throws(GEOSError) -> Double {
        try measure("length") { GEOSLength_r($0, $1, $2) }
    }

    public func area() throws(GEOSError) -> Double {
        try measure("area") { GEOSArea_r($0, $1, $2) }
    }

    /// The closest pair of points, the first on this geometry and the second on `other`.
    public func nearestPoints(to other: Geometry) throws(GEOSError) -> (Coordinate, Coordinate) {
        checkSameContext(other)
        guard let sequence = GEOSNearestPoints_r(context.handle, pointer, other.pointer) else {
            throw context.failure("nearest points")
        }
        defer { GEOSCoordSeq_destroy_r(context.handle, sequence) }
        let points = try Geometry.readSequence(sequence, context: context)
        guard points.count == 2 else {
            throw .library(operation: "nearest points", message: "GEOS returned \(points.count) points")
        }
        return (points[0], points[1])
    }

    // MARK: Constructive operations

    /// The region within `width` of the geometry; `quadrantSegments` sets how finely a
    /// quarter circle is approximated.
    public func buffer(_ width: Double, quadrantSegments: Int = 8) throws(GEOSError) -> Geometry {
        try unary("buffer") { GEOSBuffer_r($0, $1, width, Int32(quadrantSegments)) }
    }

    public func intersection(_ other: Geometry) throws(GEOSError) -> Geometry {
        try binary("intersection", other) { GEOSIntersection_r($0, $1, $2) }
    }

    public func union(_ other: Geometry) throws(GEOSError) -> Geometry {
        try binary("union", other) { GEOSUnion_r($0, $1, $2) }
    }

    public func difference(_ other: Geometry) throws(GEOSError) -> Geometry {
        try binary("difference", other) { GEOSDifference_r($0, $1, $2) }
    }

    /// The union of all parts of this (collection) geometry: dissolves provinces into a country.
    public func unaryUnion() throws(GEOSError) -> Geometry {
        try unary("union") { GEOSUnaryUnion_r($0, $1) }
    }

    /// The boundary: a polygon's rings as lines, a line's two end points.
    public func boundary() throws(GEOSError) -> Geometry {
        try unary("boundary") { GEOSBoundary_r($0, $1) }
    }

    /// Sews line pieces that meet end to end into the longest possible lines.
    public func lineMerge() throws(GEOSError) -> Geometry {
        try unary("line merge") { GEOSLineMerge_r($0, $1) }
    }

    /// A point guaranteed to lie inside the geometry (unlike the centroid of a crescent).
    public func pointOnSurface() throws(GEOSError) -> Geometry {
        try unary("point on surface") { GEOSPointOnSurface_r($0, $1) }
    }

    public func centroid() throws(GEOSError) -> Geometry {
        try unary("centroid") { GEOSGetCentroid_r($0, $1) }
    }

    /// Douglas–Peucker simplification; `preserveTopology` keeps polygons valid at some cost.
    public func simplify(tolerance: Double, preserveTopology: Bool = true) throws(GEOSError) -> Geometry {
        if preserveTopology {
            return try unary("simplify") { GEOSTopologyPreserveSimplify_r($0, $1, tolerance) }
        }
        return try unary("simplify") { GEOSSimplify_r($0, $1, tolerance) }
    }

    // MARK: Linear referencing (lines only)

    /// The point `distance` along the line from its start (clamped to the line's ends).
    public func interpolate(distance: Double) throws(GEOSError) -> Geometry {
        try requireLinear("interpolate")
        return try unary("interpolate") { GEOSInterpolate_r($0, $1, distance) }
    }

    /// The point at `fraction` (0...1) of the line's length.
    public func interpolate(fraction: Double) throws(GEOSError) -> Geometry {
        try requireLinear("interpolate")
        return try unary("interpolate") { GEOSInterpolateNormalized_r($0, $1, fraction) }
    }

    /// How far along the line the point nearest to `point` lies: the snap position of a seizure on a road.
    public func project(_ point: Geometry) throws(GEOSError) -> Double {
        try requireLinear("project")
        guard point.type == .point else {
            throw .invalidInput(operation: "project", reason: "expected a point, got a \(point.type.rawValue)")
        }
        checkSameContext(point)
        let value = GEOSProject_r(context.handle, pointer, point.pointer)
        guard value >= 0 else { throw context.failure("project") }
        return value
    }

    private func requireLinear(_ operation: String) throws(GEOSError) {
        switch type {
        case .lineString, .linearRing, .multiLineString: return
        default: throw .invalidInput(operation: operation, reason: "needs a line, got a \(type.rawValue)")
        }
    }
}
