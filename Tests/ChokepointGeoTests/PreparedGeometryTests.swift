import ChokepointGeo
import Foundation
import Testing

/// A prepared geometry answers `covers` exactly as the plain predicate does.
@Suite struct PreparedGeometryTests {
    @Test func preparedCoversAgreesWithPlainCovers() throws {
        let geos = try GEOSContext()
        // A concave polygon with a hole, and points inside, outside, in the hole, on the
        // boundary and on a vertex.
        let shell = [(0.0, 0.0), (10, 0), (10, 10), (5, 4), (0, 10), (0, 0)].map { Coordinate(lon: $0.0, lat: $0.1) }
        let hole = [(2.0, 1.0), (4, 1), (4, 3), (2, 3), (2, 1)].map { Coordinate(lon: $0.0, lat: $0.1) }
        let polygon = try Geometry(.polygon([shell, hole]), context: geos)
        let prepared = try PreparedGeometry(polygon)
        // A 0.25-degree grid over and around it: vertices, edges and the hole's ring fall on it.
        var points: [(Double, Double)] = []
        for i in 0...48 {
            for j in 0...48 { points.append((Double(i) * 0.25 - 1, Double(j) * 0.25 - 1)) }
        }
        var inside = 0
        for (x, y) in points {
            let p = try Geometry.point(Coordinate(lon: x, lat: y), context: geos)
            let expected = try polygon.covers(p)
            #expect(try prepared.covers(p) == expected, "(\(x), \(y))")
            if expected { inside += 1 }
        }
        // Both outcomes occur, so the agreement means something.
        #expect(inside > 500 && inside < points.count - 500)
        #expect(try prepared.covers(try Geometry.point(Coordinate(lon: 5, lat: 4), context: geos)))  // a vertex
        #expect(try !prepared.covers(try Geometry.point(Coordinate(lon: 3, lat: 2), context: geos)))  // in the hole
    }
}
