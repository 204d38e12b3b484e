import CGEOS

extension Geometry {
    /// GEOS predicates return 1 (true), 0 (false) or 2 (exception).
    private func predicate(_ name: String, _ other: Geometry,
                           _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        checkSameContext(other)
        switch call(context.handle, pointer, other.pointer) {
        case 1: return true
        case 0: return false
        default: throw context.failure(name)
        }
    }

    /// True when no point of `other` lies outside this geometry and at least one lies in its interior.
    public func contains(_ other: Geometry) throws(GEOSError) -> Bool {
        try predicate("contains", other) { GEOSContains_r($0, $1, $2) }
    }

    /// Like `contains`, but a point on the boundary counts (the right test for "which province is this town in").
    public func covers(_ other: Geometry) throws(GEOSError) -> Bool {
        try predicate("covers", other) { GEOSCovers_r($0, $1, $2) }
    }

    public func within(_ other: Geometry) throws(GEOSError) -> Bool {
        try predicate("within", other) { GEOSWithin_r($0, $1, $2) }
    }

    public func intersects(_ other: Geometry) throws(GEOSError) -> Bool {
        try predicate("intersects", other) { GEOSIntersects_r($0, $1, $2) }
    }

    public func touches(_ other: Geometry) throws(GEOSError) -> Bool {
        try predicate("touches", other) { GEOSTouches_r($0, $1, $2) }
    }

    /// Topological equality (same point set, whatever the vertex order).
    public func topologicallyEquals(_ other: Geometry) throws(GEOSError) -> Bool {
        try predicate("equals", other) { GEOSEquals_r($0, $1, $2) }
    }
}
