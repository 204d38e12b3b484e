import ChokepointGeo
import Foundation
import Testing

@Suite("PROJ transformations against pyproj")
struct CoordinateTransformerTests {
    @Test("Vientiane in UTM 48N, the figure quoted in the issue")
    func vientianeUTM() throws {
        let context = try PROJContext()
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32648", context: context)
        let p = try t.transform(Coordinate(lon: 102.6331, lat: 17.9757))
        #expect(abs(p.x - 249_341.357) < 0.0005)
        #expect(abs(p.y - 1_989_095.545) < 0.0005)
    }

    @Test("Every fixture projection, forward and back")
    func projectionsMatchFixture() throws {
        let context = try PROJContext()
        let fixture = try Fixture.json("geodesy")
        let cases = try #require(fixture["projections"] as? [[String: Any]])
        #expect(cases.count >= 10)
        for item in cases {
            let target = try #require(item["target"] as? String)
            let lonlat = try #require((item["lonlat"] as? [Any])?.doubles)
            let xy = try #require((item["xy"] as? [Any])?.doubles)
            let forward = try CoordinateTransformer(from: "EPSG:4326", to: target, context: context)
            let p = try forward.transform(Coordinate(lon: lonlat[0], lat: lonlat[1]))
            #expect(abs(p.x - xy[0]) < 1e-4 && abs(p.y - xy[1]) < 1e-4, "\(item["place"]!) in \(target): got \(p)")
            let back = try CoordinateTransformer(from: target, to: "EPSG:4326", context: context)
            let q = try back.transform(Coordinate(x: xy[0], y: xy[1]))
            #expect(abs(q.lon - lonlat[0]) < 1e-9 && abs(q.lat - lonlat[1]) < 1e-9)
        }
    }

    @Test("EPSG:4326 in, lon/lat order out, even though the authority says lat, lon")
    func axisOrderIsNormalised() throws {
        let context = try PROJContext()
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "OGC:CRS84", context: context)
        let p = try t.transform(Coordinate(lon: 102.6331, lat: 17.9757))
        #expect(abs(p.x - 102.6331) < 1e-12 && abs(p.y - 17.9757) < 1e-12)
    }

    @Test("An unknown CRS is named in the error")
    func unknownCRS() throws {
        let context = try PROJContext()
        let error = #expect(throws: PROJError.self) {
            try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:999999", context: context)
        }
        guard case let .unknownCRS(crs, reason, searchPaths)? = error else {
            Issue.record("expected unknownCRS, got \(String(describing: error))")
            return
        }
        #expect(crs == "EPSG:999999")
        #expect(reason.contains("not found"))
        #expect(!searchPaths.isEmpty)
    }

    @Test("A missing proj.db says so and names where PROJ looked")
    func missingDatabase() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-no-proj-\(getpid())").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let context = try PROJContext(searchPaths: [empty])
        #expect(context.databasePath == nil)
        do {
            _ = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32648", context: context)
            Issue.record("a transformer was made without proj.db")
        } catch {
            #expect(error.description.contains("proj.db"))
            #expect(error.description.contains(empty))
            #expect(error.description.contains("EPSG:4326"))
        }
        // Pure PROJ strings need no database.
        let t = try CoordinateTransformer(from: "+proj=longlat +datum=WGS84 +type=crs",
                                          to: "+proj=utm +zone=48 +datum=WGS84 +type=crs", context: context)
        let p = try t.transform(Coordinate(lon: 102.6331, lat: 17.9757))
        #expect(abs(p.x - 249_341.357) < 0.0005)
    }

    @Test("A coordinate operation is not a CRS")
    func operationIsNotCRS() throws {
        let context = try PROJContext()
        #expect(throws: PROJError.self) {
            try CoordinateTransformer(from: "+proj=utm +zone=48 +datum=WGS84", to: "EPSG:4326", context: context)
        }
    }

    @Test("A point outside the projection's domain fails with a reason, not a crash")
    func outsideDomain() throws {
        let context = try PROJContext()
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857", context: context)
        #expect(throws: PROJError.self) { try t.transform(Coordinate(lon: 0, lat: 91)) }
        // The transformer still works after a failure.
        #expect(try t.transform(Coordinate(lon: 0, lat: 0)).x == 0)
    }
}
