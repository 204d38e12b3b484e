import CGEOS

/// A geometry prepared by GEOS for many predicate tests against it (`GEOSPrepare_r`): its
/// segments indexed once, so that each `covers` of a point costs O(log n) for n vertices
/// instead of the O(n log n) graph a plain predicate builds every time. Owns the prepared
/// handle and keeps the geometry it was made from alive, as GEOS requires.
public final class PreparedGeometry {
    public let geometry: Geometry
    private let pointer: OpaquePointer

    public init(_ geometry: Geometry) throws(GEOSError) {
        geometry.context.clearMessages()
        guard let prepared = GEOSPrepare_r(geometry.context.handle, geometry.pointer) else {
            throw geometry.context.failure("prepare a geometry")
        }
        self.geometry = geometry
        self.pointer = prepared
    }

    deinit {
        GEOSPreparedGeom_destroy_r(geometry.context.handle, pointer)
    }

    /// As `Geometry.covers`: no point of `other` lies outside (a boundary point counts).
    public func covers(_ other: Geometry) throws(GEOSError) -> Bool {
        geometry.checkSameContext(other)
        switch GEOSPreparedCovers_r(geometry.context.handle, pointer, other.pointer) {
        case 1: return true
        case 0: return false
        default: throw geometry.context.failure("covers (prepared)")
        }
    }
}
