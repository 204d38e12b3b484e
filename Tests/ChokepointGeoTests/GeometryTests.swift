import ChokepointGeo
import Foundation
import Testing

/// Hand-worked shapes: every expected value below is derivable on paper.
@Suite("GEOS geometry wrapper")
struct GeometryTests {
    let context: GEOSContext
    init() throws { context = try GEOSContext() }

    func wkt(_ text: String) throws -> Geometry { try Geometry(wkt: text, context: context) }

    @Test("WKT round trip, area and length of a 4×4 square")
    func wktRoundTrip() throws {
        let square = try wkt("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))")
        #expect(square.type == .polygon)
        #expect(try square.wkt() == "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))")
        #expect(try square.area() == 16)
        #expect(try square.length() == 16)
        #expect(square.envelope == Envelope(minX: 0, minY: 0, maxX: 4, maxY: 4))
        #expect(try wkt("POINT (102.63314159 17.9757)").wkt(precision: 3) == "POINT (102.633 17.976)")
    }

    @Test("WKB of POINT (1 2) is the standard little-endian encoding, and reads back")
    func wkbRoundTrip() throws {
        // byte order 01, type 1 (uint32 LE), x = 1.0, y = 2.0 as IEEE-754 LE doubles.
        let expected: [UInt8] = [0x01, 0x01, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F,
                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40]
        let point = try Geometry.point(Coordinate(x: 1, y: 2), context: context)
        #expect(try point.wkb() == expected)
        let line = try wkt("LINESTRING (0 0, 3 4)")
        #expect(try Geometry(wkb: try line.wkb(), context: context).topologicallyEquals(line))
    }

    @Test("GeoJSON geometry through GEOS's own reader and writer")
    func geosGeoJSON() throws {
        let g = try Geometry(geoJSONGeometry: #"{"type":"LineString","coordinates":[[0,0],[3,4]]}"#, context: context)
        #expect(try g.length() == 5)
        #expect(try g.geoJSONGeometryText() == #"{"type":"LineString","coordinates":[[0.0,0.0],[3.0,4.0]]}"#)
    }

    @Test("Predicates on a square, a point inside, one on the edge, one outside")
    func predicates() throws {
        let square = try wkt("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))")
        let inside = try wkt("POINT (1 1)")
        let onEdge = try wkt("POINT (0 2)")
        let outside = try wkt("POINT (5 5)")
        #expect(try square.contains(inside))
        #expect(try !square.contains(onEdge))   // the boundary is not the interior
        #expect(try square.covers(onEdge))
        #expect(try !square.contains(outside))
        #expect(try inside.within(square))
        #expect(try square.intersects(try wkt("LINESTRING (-1 2, 5 2)")))
        #expect(try !square.intersects(outside))
        #expect(try square.touches(try wkt("POLYGON ((4 0, 6 0, 6 4, 4 4, 4 0))")))
        #expect(try square.distance(to: outside) == 2.squareRoot())
        #expect(try inside.distance(to: try wkt("POINT (4 5)")) == 5)
    }

    @Test("Overlays of two 2×2 squares offset by (1, 1)")
    func overlays() throws {
        let a = try wkt("POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))")
        let b = try wkt("POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))")
        let i = try a.intersection(b)
        #expect(try i.area() == 1)
        #expect(i.envelope == Envelope(minX: 1, minY: 1, maxX: 2, maxY: 2))
        #expect(try a.union(b).area() == 7)
        #expect(try a.difference(b).area() == 3)
        let both = try Geometry.collection(.multiPolygon, parts: [a, b], context: context)
        #expect(both.partCount == 2)
        #expect(try both.unaryUnion().area() == 7)
    }

    @Test("Boundary, line merge, centroid and point on surface")
    func constructive() throws {
        let square = try wkt("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))")
        let boundary = try square.boundary()
        #expect(try boundary.length() == 16)
        #expect(try square.centroid().coordinates() == [Coordinate(x: 2, y: 2)])
        #expect(try square.contains(try square.pointOnSurface()))
        let pieces = try wkt("MULTILINESTRING ((0 0, 1 0), (1 0, 2 0), (2 0, 2 1))")
        let merged = try pieces.lineMerge()
        #expect(merged.type == .lineString)
        #expect(try merged.coordinates() == [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 2, y: 0), Coordinate(x: 2, y: 1)])
    }

    @Test("Buffer of a point is a 32-gon of area 16·sin(π/16)")
    func buffer() throws {
        // 8 segments per quadrant → a regular 32-gon inscribed in the unit circle:
        // area = (n/2)·r²·sin(2π/n) = 16·sin(π/16).
        let disc = try Geometry.point(Coordinate(x: 0, y: 0), context: context).buffer(1, quadrantSegments: 8)
        #expect(abs(try disc.area() - 16 * sin(Double.pi / 16)) < 1e-12)
        guard case let .polygon(rings) = try disc.geoJSON() else {
            Issue.record("a buffered point should be a polygon")
            return
        }
        #expect(rings.count == 1 && rings[0].count == 33)
    }

    @Test("Linear referencing along an L-shaped line")
    func linearReferencing() throws {
        let line = try wkt("LINESTRING (0 0, 10 0, 10 10)")
        #expect(try line.interpolate(distance: 15).coordinates() == [Coordinate(x: 10, y: 5)])
        #expect(try line.interpolate(fraction: 0.25).coordinates() == [Coordinate(x: 5, y: 0)])
        #expect(try line.interpolate(distance: 99).coordinates() == [Coordinate(x: 10, y: 10)])
        #expect(try line.project(try wkt("POINT (12 3)")) == 13)
        let (onLine, query) = try line.nearestPoints(to: try wkt("POINT (12 3)"))
        #expect(onLine == Coordinate(x: 10, y: 3) && query == Coordinate(x: 12, y: 3))
        #expect(throws: GEOSError.self) { try wkt("POINT (0 0)").interpolate(distance: 1) }
    }

    @Test("Simplify drops a vertex closer than the tolerance")
    func simplify() throws {
        let line = try wkt("LINESTRING (0 0, 1 0.05, 2 0)")
        #expect(try line.simplify(tolerance: 0.1).coordinates().count == 2)
        #expect(try line.simplify(tolerance: 0.01, preserveTopology: false).coordinates().count == 3)
    }

    @Test("A bow-tie is invalid, GEOS says why, and makeValid yields its two unit triangles")
    func validity() throws {
        let bowTie = try wkt("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")
        #expect(try !bowTie.isValid)
        #expect(try bowTie.validityReason().contains("Self-intersection"))
        let fixed = try bowTie.makeValid()
        #expect(try fixed.isValid)
        #expect(fixed.type == .multiPolygon)
        #expect(try fixed.area() == 2)
    }

    @Test("Bad WKT and bad WKB carry GEOS's own message")
    func parseErrors() throws {
        let error = #expect(throws: GEOSError.self) { try wkt("POLYGON ((0 0, 1 1") }
        guard case let .library(operation, message)? = error else {
            Issue.record("expected a library error, got \(String(describing: error))")
            return
        }
        #expect(operation == "read WKT")
        #expect(message.contains("ParseException"))
        #expect(throws: GEOSError.self) { try Geometry(wkb: [0x01, 0x01, 0x00], context: context) }
        #expect(throws: GEOSError.self) { try wkt("TRIANGLE ((0 0, 1 0, 0 1, 0 0))") }
    }

    @Test("Constructors refuse open rings, one-point lines and mixed multi types")
    func constructorChecks() throws {
        let open = [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1)]
        #expect(throws: GEOSError.invalidInput(operation: "make a polygon", reason: "the exterior ring is not closed: it must end where it starts")) {
            try Geometry.polygon(exterior: open, context: context)
        }
        #expect(throws: GEOSError.self) { try Geometry.lineString([Coordinate(x: 0, y: 0)], context: context) }
        #expect(throws: GEOSError.self) { try Geometry.point(Coordinate(x: .nan, y: 0), context: context) }
        let point = try Geometry.point(Coordinate(x: 0, y: 0), context: context)
        let line = try wkt("LINESTRING (0 0, 1 1)")
        #expect(throws: GEOSError.self) { try Geometry.collection(.multiPoint, parts: [point, line], context: context) }
        let hole = [Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 1), Coordinate(x: 2, y: 2), Coordinate(x: 1, y: 2), Coordinate(x: 1, y: 1)]
        let frame = try Geometry.polygon(
            exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 4, y: 0), Coordinate(x: 4, y: 4), Coordinate(x: 0, y: 4), Coordinate(x: 0, y: 0)],
            holes: [hole], context: context)
        #expect(try frame.area() == 15)
    }

    @Test("GeoJSON values convert to GEOS and back unchanged")
    func geoJSONValueRoundTrip() throws {
        let values: [GeoJSONGeometry] = [
            .point(Coordinate(x: 102.6, y: 17.9)),
            .lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 2)]),
            .polygon([[Coordinate(x: 0, y: 0), Coordinate(x: 4, y: 0), Coordinate(x: 4, y: 4), Coordinate(x: 0, y: 0)]]),
            .multiPoint([Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 2)]),
            .multiLineString([[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0)], [Coordinate(x: 5, y: 5), Coordinate(x: 6, y: 6)]]),
            .multiPolygon([[[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 0)]]]),
            .geometryCollection([.point(Coordinate(x: 3, y: 3)), .lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)])]),
        ]
        for value in values {
            #expect(try Geometry(value, context: context).geoJSON() == value)
        }
    }
}

@Suite("STRtree spatial index")
struct SpatialIndexTests {
    let context: GEOSContext
    let grid: SpatialIndex
    /// Points (x, y) for x, y in 0...9; item index = 10·x + y.
    init() throws {
        context = try GEOSContext()
        var points: [Geometry] = []
        for x in 0..<10 { for y in 0..<10 { points.append(try .point(Coordinate(x: Double(x), y: Double(y)), context: context)) } }
        grid = try SpatialIndex(points, context: context)
    }

    func point(_ x: Double, _ y: Double) throws -> Geometry { try .point(Coordinate(x: x, y: y), context: context) }

    @Test("Nearest neighbour on a grid, with ties going to the lowest index")
    func nearest() throws {
        let hit = try #require(try grid.nearest(to: point(2.2, 3.4)))
        #expect(hit.index == 23)
        #expect(abs(hit.distance - (0.04 + 0.16).squareRoot()) < 1e-12)
        // (0.5, 0) is equally far from (0,0) → index 0 and (1,0) → index 10.
        #expect(try grid.nearest(to: point(0.5, 0))?.index == 0)
    }

    @Test("Radius query returns the four neighbours at distance 1 after the centre")
    func radius() throws {
        let hits = try grid.within(1.0, of: point(5, 5))
        #expect(hits.map(\.index) == [55, 45, 54, 56, 65])
        #expect(hits.map(\.distance) == [0, 1, 1, 1, 1])
        #expect(try grid.within(0.1, of: point(20, 20)).isEmpty)
        #expect(throws: GEOSError.self) { try grid.within(-1, of: point(0, 0)) }
    }

    @Test("Envelope and exact intersection queries")
    func intersecting() throws {
        let box = try Geometry.rectangle(Envelope(minX: 1.5, minY: 1.5, maxX: 3.5, maxY: 2.5), context: context)
        #expect(grid.candidates(intersectingEnvelopeOf: box) == [22, 32])
        let diagonal = try Geometry(wkt: "LINESTRING (0 0, 3 3)", context: context)
        #expect(try grid.intersecting(diagonal) == [0, 11, 22, 33])
    }

    @Test("Nearest and radius agree with brute force on random lines")
    func bruteForce() throws {
        var rng = SplitMix64(seed: 7)
        var lines: [Geometry] = []
        for _ in 0..<300 {
            let x = rng.unit() * 100, y = rng.unit() * 100
            lines.append(try Geometry.lineString([Coordinate(x: x, y: y), Coordinate(x: x + rng.unit() * 5, y: y + rng.unit() * 5)], context: context))
        }
        let index = try SpatialIndex(lines, context: context)
        for _ in 0..<100 {
            let q = try point(rng.unit() * 100, rng.unit() * 100)
            let distances = try lines.map { try $0.distance(to: q) }
            let best = distances.enumerated().min { ($0.element, $0.offset) < ($1.element, $1.offset) }!
            let hit = try #require(try index.nearest(to: q))
            #expect(hit.index == best.offset && hit.distance == best.element)
            let expected = distances.enumerated().filter { $0.element <= 7 }.sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }.map(\.offset)
            #expect(try index.within(7, of: q).map(\.index) == expected)
        }
    }

    @Test("An empty index has no nearest item")
    func empty() throws {
        let index = try SpatialIndex([], context: context)
        #expect(try index.nearest(to: point(0, 0)) == nil)
    }

    @Test("The envelope-only index finds what brute force finds, points and flat boxes included")
    func envelopeIndexAgreesWithBruteForce() throws {
        var rng = SplitMix64(seed: 11)
        var boxes: [Envelope] = []
        for i in 0..<400 {
            let x = (rng.unit() * 100).rounded(), y = (rng.unit() * 100).rounded()
            // Every third a point, every fifth a flat box (a vertical or horizontal segment's).
            let w = i % 3 == 0 ? 0 : (i % 5 == 0 ? 0 : rng.unit() * 6), h = i % 3 == 0 ? 0 : rng.unit() * 6
            boxes.append(Envelope(minX: x, minY: y, maxX: x + w, maxY: y + h))
        }
        let index = try EnvelopeIndex(envelopes: boxes, context: context)
        #expect(index.count == 400)
        for _ in 0..<200 {
            let x = rng.unit() * 100, y = rng.unit() * 100
            let q = Envelope(minX: x, minY: y, maxX: x + rng.unit() * 10, maxY: y + rng.unit() * 10)
            let expected = boxes.indices.filter { i in
                let b = boxes[i]
                return b.minX <= q.maxX && q.minX <= b.maxX && b.minY <= q.maxY && q.minY <= b.maxY
            }
            #expect(index.candidates(intersectingEnvelopeOf: try Geometry.rectangle(q, context: context)) == expected)
        }
    }
}

/// A small deterministic generator so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
