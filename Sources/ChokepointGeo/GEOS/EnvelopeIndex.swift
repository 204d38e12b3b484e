import CGEOS

/// A read-only STR-packed R-tree (Leutenegger, Lopez & Edgington 1997) over rectangles, by
/// GEOS's `GEOSSTRtree`, for callers that measure exact distances themselves and need only
/// the candidates. It holds no geometry: since GEOS 3.9 the tree copies each envelope at
/// insertion (`geos_c.h`, `GEOSSTRtree_insert`), so a country-scale network's two million
/// elements cost the tree's own nodes, not a GEOS geometry each as well (BENCHMARKS.md,
/// "The main job on a large network"). `SpatialIndex` adds the geometries for exact queries.
///
/// Items are identified by their index in the array given at construction; queries return
/// indices in ascending order.
///
/// - Complexity: building O(n log n); an envelope query O(log n + k) for k candidates.
public final class EnvelopeIndex {
    public let context: GEOSContext
    let tree: OpaquePointer
    public let count: Int

    /// An index over `envelopes` (a point is an envelope of no width and height).
    public convenience init(envelopes: [Envelope], nodeCapacity: Int = 10, context: GEOSContext) throws(GEOSError) {
        try self.init(count: envelopes.count, nodeCapacity: nodeCapacity, context: context) { i throws(GEOSError) in
            // The rectangle lives only for the insertion: the tree keeps a copy of its envelope.
            let rectangle = try Geometry.rectangle(envelopes[i], context: context)
            return rectangle
        }
    }

    /// An index over the envelopes of `geometry(i)` for i in 0..<count, each geometry
    /// needed only while it is inserted.
    init(count: Int, nodeCapacity: Int, context: GEOSContext, geometry: (Int) throws(GEOSError) -> Geometry) throws(GEOSError) {
        self.context = context
        self.count = count
        guard let tree = GEOSSTRtree_create_r(context.handle, max(2, nodeCapacity)) else {
            throw context.failure("create a spatial index")
        }
        self.tree = tree
        for i in 0..<count {
            let g = try geometry(i)
            precondition(g.context === context, "geometries from two GEOS contexts used in one index")
            // The item is the index + 1 encoded as a pointer (never null).
            withExtendedLifetime(g) {
                GEOSSTRtree_insert_r(context.handle, tree, g.pointer, UnsafeMutableRawPointer(bitPattern: i + 1))
            }
        }
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, tree)
    }

    private final class QueryResults {
        var indices: [Int] = []
    }

    /// Indices of items whose envelope intersects the envelope of `geometry`.
    public func candidates(intersectingEnvelopeOf geometry: Geometry) -> [Int] {
        precondition(geometry.context === context, "geometries from two GEOS contexts used in one query")
        let results = QueryResults()
        withExtendedLifetime(results) {
            GEOSSTRtree_query_r(context.handle, tree, geometry.pointer, { item, userdata in
                guard let item, let userdata else { return }
                let box = Unmanaged<QueryResults>.fromOpaque(userdata).takeUnretainedValue()
                box.indices.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(results).toOpaque())
        }
        return results.indices.sorted()
    }
}
