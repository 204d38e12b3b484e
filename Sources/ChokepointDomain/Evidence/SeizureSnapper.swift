import Foundation
import ChokepointGeo
import ChokepointSupport

/// A network element that evidence can weigh: a node (place or crossing, by its index in
/// `NetworkBundle.nodeIDs`) or a link (by its index in `NetworkBundle.links`).
public enum EvidenceElement: Sendable, Hashable, Comparable {
    case node(Int)
    case link(Int)

    public static func < (a: EvidenceElement, b: EvidenceElement) -> Bool {
        switch (a, b) {
        case let (.node(x), .node(y)), let (.link(x), .link(y)): x < y
        case (.node, .link): true
        case (.link, .node): false
        }
    }
}

/// One seizure attached to one element: a located record at a distance, or an area
/// record's even share.
///
/// Stored in 16 bytes rather than the 40 of an `Int`, an enum and two `Double`s: a
/// country-scale run holds tens of millions of snaps (BENCHMARKS.md, "The main job on a
/// large network"). The record and the element are 32-bit numbers, and one `Double` holds
/// the distance of a located snap (≥ 0) or the negated share of an area snap (< 0): an area
/// snap's distance is 0 and a located snap's share 1, so neither loses a bit.
public struct SeizureSnap: Sendable, Hashable {
    private var record32: Int32
    /// A node v as v, a link j as −(j + 1).
    private var element32: Int32
    private let distanceOrShare: Double

    /// A located record's snap, `distanceMetres` (≥ 0) from the element.
    public init(record: Int, element: EvidenceElement, distanceMetres: Double) {
        record32 = Int32(record)
        element32 = Self.pack(element)
        distanceOrShare = max(0, distanceMetres)
    }

    /// An area record's snap: `share` (in (0, 1]) of it on this element.
    public init(record: Int, element: EvidenceElement, share: Double) {
        record32 = Int32(record)
        element32 = Self.pack(element)
        distanceOrShare = -share
    }

    /// Index into the records given to `snap`.
    public var record: Int {
        get { Int(record32) }
        set { record32 = Int32(newValue) }
    }

    public var element: EvidenceElement {
        get { element32 >= 0 ? .node(Int(element32)) : .link(Int(-1 - element32)) }
        set { element32 = Self.pack(newValue) }
    }

    /// Geodesic metres from the seizure's position to the element; 0 for area records.
    public var distanceMetres: Double { distanceOrShare < 0 ? 0 : distanceOrShare }

    /// 1 for a located record; 1/n when an area record is spread over n elements.
    public var share: Double { distanceOrShare < 0 ? -distanceOrShare : 1 }

    private static func pack(_ element: EvidenceElement) -> Int32 {
        switch element {
        case let .node(v): Int32(v)
        case let .link(j): Int32(-1 - j)
        }
    }
}

/// Attaches seizures to the network: a located seizure (a position, a gazetteer town, a
/// node) to every node and link within `bandwidthMetres`, an area record (provinces, a
/// country) evenly over the nodes inside it and the links whose midpoint is inside it (GEOS
/// covers).
///
/// What `analyze --candidates` adds (candidate crossings, their towns and trails: `isGenerated`)
/// never splits a known crossing's evidence: a located seizure within the bandwidth of a known
/// crossing attaches to none of it unless its `mode` is `trail` (the record itself says the
/// drugs came by path), and area records are spread over the bundle's own elements only. A seizure near
/// a gate belongs to the gate unless the data say otherwise (issue 14).
///
/// Candidates come from GEOS's STR-tree (Leutenegger et al. 1997) over node points and link
/// lines, queried with a box that surely holds the bandwidth. For each candidate the nearest
/// point is found in a local equirectangular frame centred on the seizure (metres east and
/// north; within a few tens of km its distortion is under 0.5%, so a 1% margin keeps every
/// true hit), and the distance to that point is then measured geodesically (`ShortGeodesic`:
/// Karney 2013 to within 0.1 µm). That point lies on the element, so the distance is never
/// below the true one.
///
/// Cost: building the tree O(E log E) for E elements; a located seizure costs one envelope
/// query, O(log E + k), and O(vertices) arithmetic per candidate, with no GEOS call per
/// candidate (BENCHMARKS.md, "Seizure snapping").
public struct SeizureSnapper {
    public var bandwidthMetres: Double
    private let bundle: NetworkBundle
    private let geos: GEOSContext
    private let elements: [EvidenceElement]
    private let index: EnvelopeIndex
    private let nodeIndex: [String: Int]
    private let nodeCoordinates: [Coordinate]
    private let linkMidpoints: [Coordinate?]
    /// The vertices of indexed element i are `vertexCoordinates[vertexStart[i]..<vertexStart[i + 1]]`
    /// (one for a node): flat arrays, so the hot loop touches no reference-counted storage.
    private let vertexStart: [Int]
    private let vertexCoordinates: [Coordinate]
    /// Elements `analyze --candidates` added.
    private let generated: Set<EvidenceElement>
    /// Nodes of the bundle's own crossings.
    private let knownCrossings: Set<EvidenceElement>

    public init(bundle: NetworkBundle, bandwidthMetres: Double, geos: GEOSContext) throws {
        self.bundle = bundle
        self.bandwidthMetres = bandwidthMetres
        self.geos = geos
        let coordinates = bundle.nodeCoordinates
        nodeCoordinates = coordinates
        let nodeIndex = bundle.nodeIndex()
        self.nodeIndex = nodeIndex
        var elements: [EvidenceElement] = []
        var envelopes: [Envelope] = []
        // Flat from the start: a list per element cost 100 bytes a link at 1.35 M links.
        var start = [0]
        var vertexCoordinates: [Coordinate] = []
        elements.reserveCapacity(coordinates.count + bundle.links.count)
        envelopes.reserveCapacity(coordinates.count + bundle.links.count)
        start.reserveCapacity(coordinates.count + bundle.links.count + 1)
        for (i, c) in coordinates.enumerated() {
            elements.append(.node(i))
            envelopes.append(Envelope(minX: c.lon, minY: c.lat, maxX: c.lon, maxY: c.lat))
            vertexCoordinates.append(c)
            start.append(vertexCoordinates.count)
        }
        var midpoints: [Coordinate?] = []
        midpoints.reserveCapacity(bundle.links.count)
        for (j, link) in bundle.links.enumerated() {
            let ends = [nodeIndex[link.from], nodeIndex[link.to]].compactMap { $0 }.map { coordinates[$0] }
            let vertices = link.geometry ?? ends
            guard vertices.count >= 2, link.mode.isOverland, vertices.contains(where: { $0.x != vertices[0].x || $0.y != vertices[0].y })
            else {
                // Sea, air and post lanes cross oceans as straight lines: a seizure near one
                // end belongs to the port, not to the lane's middle. A link of no length (a
                // gateway placed at its city) has no line to snap to: its ends take the seizure.
                midpoints.append(nil)
                continue
            }
            elements.append(.link(j))
            vertexCoordinates.append(contentsOf: vertices)
            start.append(vertexCoordinates.count)
            envelopes.append(Envelope(
                minX: vertices.lazy.map(\.lon).min() ?? 0, minY: vertices.lazy.map(\.lat).min() ?? 0,
                maxX: vertices.lazy.map(\.lon).max() ?? 0, maxY: vertices.lazy.map(\.lat).max() ?? 0))
            // GEOS's interpolation, as the area records' midpoints always were; the line is
            // not kept.
            midpoints.append(try Geometry.lineString(vertices, context: geos).interpolate(fraction: 0.5).coordinates().first)
        }
        self.elements = elements
        self.vertexStart = start
        self.vertexCoordinates = vertexCoordinates
        self.linkMidpoints = midpoints
        self.index = try EnvelopeIndex(envelopes: envelopes, context: geos)
        var generated = Set<EvidenceElement>(), known = Set<EvidenceElement>()
        for (v, p) in bundle.places.enumerated() where p.isGenerated { generated.insert(.node(v)) }
        for (k, x) in bundle.crossings.enumerated() {
            if x.isGenerated { generated.insert(.node(bundle.crossingNode(k))) } else { known.insert(.node(bundle.crossingNode(k))) }
        }
        for (j, link) in bundle.links.enumerated() where link.isGenerated { generated.insert(.link(j)) }
        self.generated = generated
        self.knownCrossings = known
    }

    /// Every snap, area records' spread over their elements too, in record order: for tests
    /// and small inputs. `snapSet` keeps each area once instead.
    public func snap(_ records: [SeizureRecord]) throws -> [SeizureSnap] {
        try snapSet(records).allSnaps
    }

    /// The located records' snaps, and each distinct area of the area records once: an area
    /// record touches every element inside its province or country (thousands on a road
    /// network from OpenStreetMap), and one snap per element and record was most of a
    /// country-scale run's memory (BENCHMARKS.md, "Country scale").
    public func snapSet(_ records: [SeizureRecord]) throws -> SnapSet {
        var out = SnapBlocks()
        var areaCache: [SeizureLocation: Int32] = [:]
        var areas: [[EvidenceElement]] = []
        var recordArea = [Int32](repeating: -1, count: records.count)
        // Records at a town or node share its position: a large file has a few thousand
        // such positions among hundreds of thousands of records. Bounded by the snaps it
        // holds (about 50 MB), as positions given to the metre are mostly distinct and a
        // position on a dense network is near hundreds of elements.
        var nearCache: [Coordinate: [(EvidenceElement, Double)]] = [:]
        var nearCacheRoom = 1 << 21
        let measure = NearestMeasure(
            bandwidthMetres: bandwidthMetres, elements: elements, vertexStart: vertexStart, vertexCoordinates: vertexCoordinates)
        // In batches: the index is queried on this thread (a GEOS context is not shared
        // between threads), then the distances, which are most of the work (geodesics to
        // hundreds of elements per seizure on a dense network), are measured on all cores,
        // then the snaps are appended in record order: the same snaps as one by one.
        for batch in ParallelChunks.ranges(count: records.count, chunks: max(1, (records.count + 2047) / 2048)) {
            var jobs: [(position: Coordinate, candidates: [Int])] = []
            var jobOf: [Coordinate: Int] = [:]
            for r in batch {
                switch records[r].location {
                case .point, .node:
                    guard let c = records[r].coordinate, nearCache[c] == nil, jobOf[c] == nil else { continue }
                    jobOf[c] = jobs.count
                    jobs.append((c, try candidates(near: c)))
                case .provinces, .country:
                    continue
                }
            }
            let chunks = ParallelChunks.ranges(count: jobs.count, chunks: ParallelChunks.defaultChunkCount)
            let pending = jobs
            let measured = ParallelChunks.map(chunks.count) { k in
                Result { () throws(GeodesicError) -> [[(EvidenceElement, Double)]] in
                    try chunks[k].map { j throws(GeodesicError) in try measure.found(near: pending[j].position, candidates: pending[j].candidates) }
                }
            }
            var results: [[(EvidenceElement, Double)]] = []
            results.reserveCapacity(jobs.count)
            for m in measured { results.append(contentsOf: try m.get()) }
            jobs = []
            for r in batch {
                let record = records[r]
                switch record.location {
                case .point, .node:
                    guard let c = record.coordinate else { continue }
                    var found: [(EvidenceElement, Double)]
                    if let known = nearCache[c] {
                        found = known
                    } else {
                        found = jobOf[c].map { results[$0] } ?? []
                        if found.count <= nearCacheRoom {
                            nearCache[c] = found
                            nearCacheRoom -= found.count
                        }
                    }
                    // `found` is in element order (`NearestMeasure`); it stays so.
                    if case let .node(id) = record.location, let v = nodeIndex[id], !found.contains(where: { $0.0 == .node(v) }) {
                        found.insert((.node(v), 0), at: found.firstIndex { $0.0 > .node(v) } ?? found.count)
                    }
                    if !generated.isEmpty, record.mode != .trail, found.contains(where: { knownCrossings.contains($0.0) }) {
                        found.removeAll { generated.contains($0.0) }
                    }
                    for (element, d) in found {
                        out.append(SeizureSnap(record: r, element: element, distanceMetres: d))
                    }
                case .provinces, .country:
                    if let cached = areaCache[record.location] {
                        recordArea[r] = cached
                    } else {
                        let area = Int32(areas.count)
                        areas.append(try elementsInside(record.location).filter { !generated.contains($0) })
                        areaCache[record.location] = area
                        recordArea[r] = area
                    }
                }
            }
        }
        return SnapSet(located: out.joined(), areas: areas, recordArea: recordArea)
    }

    /// The indexed elements whose envelopes meet a box that surely holds the bandwidth
    /// around `c`: a degree of latitude is at least 110.57 km, a degree of longitude at least
    /// 111.32 km × cos(latitude); 1% margin.
    private func candidates(near c: Coordinate) throws -> [Int] {
        let dLat = bandwidthMetres / 110_574 * 1.01
        let dLon = bandwidthMetres / (111_320 * max(cos(c.lat * .pi / 180), 0.01)) * 1.01
        let box = try Geometry.rectangle(Envelope(minX: c.lon - dLon, minY: c.lat - dLat, maxX: c.lon + dLon, maxY: c.lat + dLat), context: geos)
        return index.candidates(intersectingEnvelopeOf: box)
    }

    private func elementsInside(_ location: SeizureLocation) throws -> [EvidenceElement] {
        switch location {
        case let .provinces(ids):
            var area: Geometry?
            for id in ids {
                guard let p = bundle.provinces.first(where: { $0.id == id }) else { continue }
                let g = try Geometry(p.geometry, context: geos)
                area = try area.map { try $0.union(g) } ?? g
            }
            guard let union = area else { return [] }
            let prepared = try PreparedGeometry(union)
            var inside: [EvidenceElement] = []
            for (v, c) in nodeCoordinates.enumerated() where try prepared.covers(try .point(c, context: geos)) { inside.append(.node(v)) }
            for (j, m) in linkMidpoints.enumerated() {
                if let m, try prepared.covers(try .point(m, context: geos)) { inside.append(.link(j)) }
            }
            return inside
        case let .country(cc):
            var members = Set<Int>()
            for (v, p) in bundle.places.enumerated() where p.country == cc { members.insert(v) }
            for (k, x) in bundle.crossings.enumerated() where x.countries.contains(cc) { members.insert(bundle.crossingNode(k)) }
            var inside = members.sorted().map { EvidenceElement.node($0) }
            for (j, link) in bundle.links.enumerated() where linkMidpoints[j] != nil {
                if let a = nodeIndex[link.from], let b = nodeIndex[link.to], members.contains(a), members.contains(b) { inside.append(.link(j)) }
            }
            return inside
        case .point, .node:
            return []
        }
    }
}

/// The geodesic distances from a position to the candidate elements within the bandwidth:
/// the nearest point of each in a `LocalFrame`, then the geodesic to it (`ShortGeodesic`,
/// within 0.1 µm of Karney's at these lengths and ten times faster). Plain values
/// only (no GEOS), so that the snapper can measure many positions on all cores.
struct NearestMeasure: Sendable {
    let bandwidthMetres: Double
    /// Nodes in order, then links in order: index order is element order.
    let elements: [EvidenceElement]
    let vertexStart: [Int]
    let vertexCoordinates: [Coordinate]

    /// The elements within the bandwidth of `c` and their distances, in element order
    /// (`candidates` are ascending indices, as `EnvelopeIndex` gives them).
    func found(near c: Coordinate, candidates: [Int]) throws(GeodesicError) -> [(EvidenceElement, Double)] {
        let frame = LocalFrame(origin: c)
        var hits: [(Int, Coordinate)] = []
        vertexCoordinates.withUnsafeBufferPointer { coordinates in
            for i in candidates {
                let (nearest, approx) = frame.nearest(on: UnsafeBufferPointer(rebasing: coordinates[vertexStart[i]..<vertexStart[i + 1]]))
                if approx <= bandwidthMetres * 1.01 { hits.append((i, nearest)) }
            }
        }
        var found: [(EvidenceElement, Double)] = []
        found.reserveCapacity(hits.count)
        let geodesic = try ShortGeodesic(origin: c)
        for (i, nearest) in hits {
            let d = try geodesic.distance(to: nearest)
            if d <= bandwidthMetres { found.append((elements[i], d)) }
        }
        return found
    }
}

/// Metres east and north of an origin, by the equirectangular approximation: exact enough to
/// pick the nearest point of a nearby line (the distance itself is then measured geodesically).
struct LocalFrame {
    let origin: Coordinate
    let metresPerDegreeLon: Double
    static let metresPerDegreeLat = 110_574.0

    init(origin: Coordinate) {
        self.origin = origin
        metresPerDegreeLon = 111_320 * cos(origin.lat * .pi / 180)
    }

    /// The nearest point of a point or polyline to the origin, and its approximate distance.
    func nearest(on vertices: UnsafeBufferPointer<Coordinate>) -> (Coordinate, Double) {
        func xy(_ c: Coordinate) -> (Double, Double) {
            ((c.lon - origin.lon) * metresPerDegreeLon, (c.lat - origin.lat) * Self.metresPerDegreeLat)
        }
        guard vertices.count > 1 else {
            let (x, y) = xy(vertices[0])
            return (vertices[0], (x * x + y * y).squareRoot())
        }
        var best = (vertices[0], Double.infinity)
        for k in 0..<(vertices.count - 1) {
            let a = vertices[k], b = vertices[k + 1]
            let (ax, ay) = xy(a), (bx, by) = xy(b)
            let dx = bx - ax, dy = by - ay
            let length2 = dx * dx + dy * dy
            let t = length2 > 0 ? min(1, max(0, -(ax * dx + ay * dy) / length2)) : 0
            let px = ax + t * dx, py = ay + t * dy
            let d = (px * px + py * py).squareRoot()
            if d < best.1 {
                best = (Coordinate(lon: a.lon + t * (b.lon - a.lon), lat: a.lat + t * (b.lat - a.lat)), d)
            }
        }
        return best
    }
}
