import ChokepointGeo
import Foundation
import Testing

@Suite("Geodesics on WGS84 against pyproj/GeographicLib")
struct GeodesicTests {
    @Test("Vientiane to Hanoi, the figure quoted in the issue")
    func vientianeHanoi() throws {
        let result = try Geodesic.wgs84.inverse(from: Coordinate(lon: 102.6331, lat: 17.9757),
                                                to: Coordinate(lon: 105.8342, lat: 21.0278))
        #expect(abs(result.distance - 476_471.744) < 0.0005)
        #expect(abs(result.initialAzimuth - 44.32) < 0.005)
    }

    @Test("Inverse problem for every fixture pair")
    func inverseMatchesFixture() throws {
        let fixture = try Fixture.json("geodesy")
        let cases = try #require(fixture["inverse"] as? [[String: Any]])
        #expect(cases.count >= 10)
        for item in cases {
            let a = try #require((item["from_lonlat"] as? [Any])?.doubles)
            let b = try #require((item["to_lonlat"] as? [Any])?.doubles)
            let expected = try #require(item["distance_m"] as? Double)
            let result = try Geodesic.wgs84.inverse(from: Coordinate(lon: a[0], lat: a[1]), to: Coordinate(lon: b[0], lat: b[1]))
            #expect(abs(result.distance - expected) < 1e-6, "\(item["from"]!) → \(item["to"]!)")
            if expected > 0 {
                let azimuth1 = try #require(item["initial_azimuth_deg"] as? Double)
                let azimuth2 = try #require(item["final_azimuth_deg"] as? Double)
                #expect(abs(result.initialAzimuth - azimuth1) < 1e-9)
                #expect(abs(result.finalAzimuth - azimuth2) < 1e-9)
                // The direct problem with the same azimuth and distance must land on the end point.
                let end = try Geodesic.wgs84.destination(from: Coordinate(lon: a[0], lat: a[1]),
                                                         azimuth: result.initialAzimuth, distance: result.distance)
                #expect(abs(end.lon - b[0]) < 1e-9 && abs(end.lat - b[1]) < 1e-9)
            }
        }
    }

    @Test("Polyline length along the Golden Triangle to Vinh route")
    func routeLength() throws {
        let fixture = try Fixture.json("geodesy")
        let route = try #require(fixture["route"] as? [String: Any])
        let points = try #require(route["lonlat"] as? [[Any]]).map { Coordinate(lon: $0.doubles[0], lat: $0.doubles[1]) }
        let expected = try #require(route["length_m"] as? Double)
        #expect(abs(try Geodesic.wgs84.length(of: points) - expected) < 1e-6)
        #expect(try Geodesic.wgs84.length(of: Array(points.prefix(1))) == 0)
    }

    @Test("Swapped or impossible coordinates are refused with a reason")
    func invalidCoordinates() {
        #expect(throws: GeodesicError.self) {
            try Geodesic.wgs84.distance(from: Coordinate(lon: 17.9757, lat: 102.6331), to: Coordinate(lon: 0, lat: 0))
        }
        do {
            _ = try Geodesic.wgs84.distance(from: Coordinate(lon: 17.9757, lat: 102.6331), to: Coordinate(lon: 0, lat: 0))
        } catch {
            #expect(error.description.contains("are lon and lat swapped?"))
        }
        #expect(throws: GeodesicError.self) {
            try Geodesic.wgs84.distance(from: Coordinate(lon: .nan, lat: 0), to: Coordinate(lon: 0, lat: 0))
        }
    }
}
