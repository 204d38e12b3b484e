@testable import ChokepointExport
import ChokepointGeo
import Foundation
import Testing

@Suite("GeoPackage geometry encoding and layer styles")
struct GeoPackageTests {
    /// Little-endian bytes of a double, written out by hand below for the values used.
    static func bytes(_ x: Double) -> [UInt8] { withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) } }

    @Test("A point's BLOB is the GeoPackage header, its envelope and ISO WKB, byte for byte")
    func pointBlob() {
        let blob = GeoPackageGeometry.blob(.point(Coordinate(lon: 1.5, lat: -2.25)), srsID: 4326)
        // 1.5 = 0x3FF8000000000000, -2.25 = 0xC002000000000000 (IEEE 754), little-endian.
        let x: [UInt8] = [0, 0, 0, 0, 0, 0, 0xF8, 0x3F], y: [UInt8] = [0, 0, 0, 0, 0, 0, 0x02, 0xC0]
        #expect(Self.bytes(1.5) == x && Self.bytes(-2.25) == y)
        let expected: [UInt8] = [0x47, 0x50, 0x00, 0x03, 0xE6, 0x10, 0x00, 0x00]  // "GP", v0, LE + xy envelope, srs 4326
            + x + x + y + y                                                        // minx maxx miny maxy
            + [0x01, 0x01, 0x00, 0x00, 0x00] + x + y                               // WKB Point, LE
        #expect(blob == expected)
    }

    @Test("A polygon with a hole: ring and point counts, envelope over every position")
    func polygonBlob() {
        let outer = [(0.0, 0.0), (4, 0), (4, 3), (0, 3), (0, 0)].map { Coordinate(lon: $0.0, lat: $0.1) }
        let hole = [(1.0, 1.0), (1, 2), (2, 2), (1, 1)].map { Coordinate(lon: $0.0, lat: $0.1) }
        let blob = GeoPackageGeometry.blob(.polygon([outer, hole]), srsID: 4326)
        #expect(blob.count == 8 + 32 + 1 + 4 + 4 + (4 + 5 * 16) + (4 + 4 * 16))
        #expect(Array(blob[8..<40]) == Self.bytes(0) + Self.bytes(4) + Self.bytes(0) + Self.bytes(3))
        #expect(Array(blob[40..<53]) == [0x01, 0x03, 0, 0, 0, 0x02, 0, 0, 0, 0x05, 0, 0, 0])
    }

    @Test("Mixed polygons and multipolygons become one multipolygon layer")
    func unifiedTypes() {
        let ring = [(0.0, 0.0), (1, 0), (1, 1), (0, 0)].map { Coordinate(lon: $0.0, lat: $0.1) }
        let mixed: [GeoJSONGeometry] = [.polygon([ring]), .multiPolygon([[ring], [ring]])]
        let unified = GeoPackageGeometry.unified(mixed)
        #expect(GeoPackageGeometry.typeName(mixed) == "GEOMETRY")
        #expect(GeoPackageGeometry.typeName(unified) == "MULTIPOLYGON")
        #expect(unified[0] == .multiPolygon([[ring]]))
    }

    @Test("Province classes: no flow, then quartile breaks that rise to the largest flow")
    func provinceClasses() throws {
        let features = [0.0, 0, 10, 20, 30, 40, 50, 60, 70, 80].map {
            GeoJSONFeature(geometry: nil, properties: ["flow": .number($0)])
        }
        let qml = try #require(LayerStyle.qml(layer: "provinces", features: features))
        let lowers = qml.matches(of: /lower="([0-9.]+)" upper="([0-9.]+)"/).map { (Double($0.1)!, Double($0.2)!) }
        // 8 positive flows: quartile uppers at sorted[2], [4], [6] and the top.
        #expect(lowers.map(\.1) == [0, 30, 50, 70, 80])
        #expect(zip(lowers.dropFirst(), lowers.dropFirst(2)).allSatisfy { $0.1 == $1.0 })
    }

    @Test("Every layer the analysis writes has a style; unknown layers have none")
    func everyLayerStyled() {
        for name in ["routes", "crossings", "provinces", "links", "seizures", "candidates", "controls", "displacement", "displacement_links"] {
            #expect(LayerStyle.qml(layer: name, features: []) != nil, "\(name)")
        }
        #expect(LayerStyle.qml(layer: "nope", features: []) == nil)
    }
}
