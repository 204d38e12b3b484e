import CGEOS

/// A read-only STR-packed R-tree (Leutenegger, Lopez & Edgington 1997, "STR: a simple and
/// efficient algorithm for R-tree packing") over geometries, by GEOS's `GEOSSTRtree`.
///
/// Items are identified by their index in the array given at construction. Queries return
/// indices in ascending order, and ties in `nearest` go to the lowest index, so results are
/// deterministic. Distances are in the coordinates' units: project lon/lat to metres (UTM via
/// `CoordinateTransformer`) before indexing when a radius in metres is wanted.
///
/// - Complexity: building O(n log n); an envelope query O(log n + k) for k candidates.
public final class SpatialIndex {
    public var context: GEOSContext { envelopes.context }
    private let envelopes: EnvelopeIndex
    /// The items, for the exact predicates and distances (the tree holds their envelopes).
    private let items: [Geometry]

    public var count: Int { items.count }

    public init(_ geometries: [Geometry], nodeCapacity: Int = 10, context: GEOSContext) throws(GEOSError) {
        items = geometries
        envelopes = try EnvelopeIndex(count: geometries.count, nodeCapacity: nodeCapacity, context: context) { i in geometries[i] }
    }

    public func geometry(at index: Int) -> Geometry { items[index] }

    /// Indices of items whose envelope intersects the envelope of `geometry`.
    public func candidates(intersectingEnvelopeOf geometry: Geometry) -> [Int] {
        envelopes.candidates(intersectingEnvelopeOf: geometry)
    }

    /// Items that truly intersect `geometry` (envelope filter, then the exact predicate).
    public func intersecting(_ geometry: Geometry) throws(GEOSError) -> [Int] {
        var result: [Int] = []
        for i in candidates(intersectingEnvelopeOf: geometry) where try items[i].intersects(geometry) {
            result.append(i)
        }
        return result
    }

    /// Items within `radius` of `geometry`, with their distances, nearest first (ties by index).
    public func within(_ radius: Double, of geometry: Geometry) throws(GEOSError) -> [(index: Int, distance: Double)] {
        guard radius >= 0, radius.isFinite else {
            throw .invalidInput(operation: "radius query", reason: "radius must be finite and not negative, got \(radius)")
        }
        guard let envelope = geometry.envelope else { return [] }
        let window = try Geometry.rectangle(
            Envelope(minX: envelope.minX - radius, minY: envelope.minY - radius, maxX: envelope.maxX + radius, maxY: envelope.maxY + radius),
            context: context)
        var hits: [(index: Int, distance: Double)] = []
        for i in candidates(intersectingEnvelopeOf: window) {
            let d = try items[i].distance(to: geometry)
            if d <= radius { hits.append((i, d)) }
        }
        return hits.sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
    }

    private final class NearestQuery {
        let handle: GEOSContextHandle_t
        let items: [OpaquePointer]
        let query: OpaquePointer
        var failed = false
        init(handle: GEOSContextHandle_t, items: [OpaquePointer], query: OpaquePointer) {
            self.handle = handle
            self.items = items
            self.query = query
        }
        /// Item pointers are index + 1; the query item is the sentinel `UInt.max`.
        func geometry(_ item: UnsafeRawPointer) -> OpaquePointer {
            let tag = UInt(bitPattern: item)
            return tag == UInt.max ? query : items[Int(tag) - 1]
        }
    }

    /// The item nearest to `geometry` and its distance; nil for an empty index.
    /// Among items at the same distance the lowest index wins.
    public func nearest(to geometry: Geometry) throws(GEOSError) -> (index: Int, distance: Double)? {
        precondition(geometry.context === context, "geometries from two GEOS contexts used in one query")
        guard !items.isEmpty, !geometry.isEmpty else { return nil }
        let query = NearestQuery(handle: context.handle, items: items.map(\.pointer), query: geometry.pointer)
        context.clearMessages()
        let found = withExtendedLifetime(query) {
            GEOSSTRtree_nearest_generic_r(
                context.handle, envelopes.tree, UnsafeRawPointer(bitPattern: UInt.max), geometry.pointer,
                { item1, item2, distance, userdata in
                    // GEOS's header says "zero if distance calculation succeeded", but its
                    // implementation (capi/geos_ts_c.cpp, CustomItemDistance) throws when the
                    // callback returns 0: success is non-zero.
                    guard let item1, let item2, let distance, let userdata else { return 0 }
                    let q = Unmanaged<NearestQuery>.fromOpaque(userdata).takeUnretainedValue()
                    if GEOSDistance_r(q.handle, q.geometry(item1), q.geometry(item2), distance) != 1 {
                        q.failed = true
                        return 0
                    }
                    return 1
                },
                Unmanaged.passUnretained(query).toOpaque())
        }
        guard let found, !query.failed else { throw context.failure("nearest-neighbour query") }
        let index = Int(bitPattern: UInt(bitPattern: found)) - 1
        let distance = try items[index].distance(to: geometry)
        // GEOS picks one of several equidistant items; make the choice ours (lowest index).
        let tied = try within(distance, of: geometry).filter { $0.distance == distance }
        return tied.first ?? (index, distance)
    }
}
