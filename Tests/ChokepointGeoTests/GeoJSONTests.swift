import ChokepointGeo
import ChokepointSupport
import Foundation
import Testing

@Suite("RFC 7946 GeoJSON reading and writing")
struct GeoJSONTests {
    let reader = GeoJSONReader(file: "test.geojson")

    static let sample = #"""
    {"type": "FeatureCollection",
     "name": "crossings",
     "bbox": [100.0, 17.0, 106.0, 22.0],
     "features": [
      {"type": "Feature", "id": "VN-LA-TAYTRANG",
       "geometry": {"type": "Point", "coordinates": [102.8706123456, 21.1830987654]},
       "properties": {"name": "Tây Trang", "type": "international", "lanes": 4, "score": 0.5, "open": true, "note": null},
       "source": "public report"},
      {"type": "Feature", "id": 7,
       "geometry": null,
       "properties": null}
     ]}
    """#

    @Test("A FeatureCollection decodes with ids, typed properties in order, bbox and foreign members")
    func decode() throws {
        let collection = try reader.decode(Self.sample).asFeatureCollection
        #expect(collection.features.count == 2)
        #expect(collection.bbox == [100, 17, 106, 22])
        #expect(collection.foreignMembers["name"] == "crossings")
        let first = collection.features[0]
        #expect(first.id == .string("VN-LA-TAYTRANG"))
        #expect(first.geometry == .point(Coordinate(x: 102.8706123456, y: 21.1830987654)))
        #expect(first.properties?.keys == ["name", "type", "lanes", "score", "open", "note"])
        #expect(first.properties?["lanes"] == .integer(4))
        #expect(first.properties?["score"] == .number(0.5))
        #expect(first.properties?["note"] == .null)
        #expect(first.foreignMembers["source"] == "public report")
        #expect(collection.features[1].id == .integer(7))
        #expect(collection.features[1].geometry == nil && collection.features[1].properties == nil)
    }

    @Test("Writing: exact golden text, 6 decimals by default, foreign members kept")
    func golden() throws {
        let collection = try reader.decode(Self.sample).asFeatureCollection
        let text = String(decoding: try GeoJSONEncoder().encode(collection), as: UTF8.self)
        let expected = """
        {"type":"FeatureCollection","bbox":[100.0,17.0,106.0,22.0],"name":"crossings","features":[
        {"type":"Feature","id":"VN-LA-TAYTRANG","geometry":{"type":"Point","coordinates":[102.870612,21.183099]},\
        "properties":{"name":"Tây Trang","type":"international","lanes":4,"score":0.5,"open":true,"note":null},"source":"public report"},
        {"type":"Feature","id":7,"geometry":null,"properties":null}
        ]}

        """
        #expect(text == expected)
        // And it reads back to the same collection, up to the rounding.
        let again = try reader.decode(text).asFeatureCollection
        #expect(again.features[0].geometry == .point(Coordinate(x: 102.870612, y: 21.183099)))
        #expect(again.features[0].properties == collection.features[0].properties)
    }

    @Test("Precision is configurable and rounds half away from zero")
    func precision() throws {
        let point = GeoJSONGeometry.point(Coordinate(x: 102.12345, y: -0.0000004))
        #expect(String(decoding: try GeoJSONEncoder(precision: 4).encode(point), as: UTF8.self)
                == #"{"type":"Point","coordinates":[102.1235,0.0]}"#)
        #expect(String(decoding: try GeoJSONEncoder(precision: nil).encode(point), as: UTF8.self)
                == #"{"type":"Point","coordinates":[102.12345,-4e-07]}"#)
        #expect(GeoJSONEncoder(precision: 2).round(-1.005000001) == -1.01)
    }

    @Test("Exterior rings are written counter-clockwise and holes clockwise (RFC 7946 §3.1.6)")
    func windingOrder() throws {
        // Exterior given clockwise, hole given counter-clockwise: both must be reversed.
        let clockwiseSquare = [Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 4), Coordinate(x: 4, y: 4), Coordinate(x: 4, y: 0), Coordinate(x: 0, y: 0)]
        let ccwHole = [Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 1), Coordinate(x: 2, y: 2), Coordinate(x: 1, y: 2), Coordinate(x: 1, y: 1)]
        let text = String(decoding: try GeoJSONEncoder().encode(GeoJSONGeometry.polygon([clockwiseSquare, ccwHole])), as: UTF8.self)
        #expect(text == #"{"type":"Polygon","coordinates":[[[0.0,0.0],[4.0,0.0],[4.0,4.0],[0.0,4.0],[0.0,0.0]],[[1.0,1.0],[1.0,2.0],[2.0,2.0],[2.0,1.0],[1.0,1.0]]]}"#)
        // Already-correct rings are left as they are.
        let correct = GeoJSONGeometry.multiPolygon([[Array(clockwiseSquare.reversed())]])
        let kept = String(decoding: try GeoJSONEncoder().encode(correct), as: UTF8.self)
        #expect(kept == #"{"type":"MultiPolygon","coordinates":[[[[0.0,0.0],[4.0,0.0],[4.0,4.0],[0.0,4.0],[0.0,0.0]]]]}"#)
    }

    @Test("A legacy crs member is read as a declared CRS and never written")
    func crsMember() throws {
        let text = #"""
        {"type":"FeatureCollection",
         "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},
         "features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[249341.357,1989095.545]},"properties":{},"crs":{}}]}
        """#
        let collection = try reader.decode(text).asFeatureCollection
        #expect(collection.declaredCRS == "EPSG:32648")
        let written = String(decoding: try GeoJSONEncoder(precision: 3).encode(collection), as: UTF8.self)
        #expect(!written.contains("crs"))
        let crs84 = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}"#
        #expect(try reader.decode(crs84).asFeatureCollection.declaredCRS == nil)
    }

    @Test("Bounding boxes are computed on request")
    func bboxes() throws {
        let collection = GeoJSONFeatureCollection(features: [
            GeoJSONFeature(geometry: .lineString([Coordinate(x: 100, y: 20), Coordinate(x: 102, y: 18)])),
            GeoJSONFeature(geometry: .point(Coordinate(x: 105.5, y: 21))),
        ])
        let text = String(decoding: try GeoJSONEncoder(writesBoundingBoxes: true).encode(collection), as: UTF8.self)
        #expect(text.hasPrefix(#"{"type":"FeatureCollection","bbox":[100.0,18.0,105.5,21.0],"features":["#))
        #expect(text.contains(#"{"type":"Feature","bbox":[100.0,18.0,102.0,20.0],"geometry""#))
    }

    @Test("Every geometry type survives a write-read round trip at full precision (property test)")
    func roundTripProperty() throws {
        var rng = SplitMix64(seed: 2024)
        func c() -> Coordinate { Coordinate(x: 95 + rng.unit() * 15, y: 8 + rng.unit() * 17) }
        func ring() -> [Coordinate] {
            // A counter-clockwise triangle around a random centre, closed.
            let o = c()
            let pts = [o, Coordinate(x: o.x + 1, y: o.y), Coordinate(x: o.x, y: o.y + 1)]
            return pts + [o]
        }
        let encoder = GeoJSONEncoder(precision: nil)
        for i in 0..<200 {
            let geometry: GeoJSONGeometry = switch i % 6 {
            case 0: .point(c())
            case 1: .multiPoint([c(), c(), c()])
            case 2: .lineString([c(), c(), c()])
            case 3: .multiLineString([[c(), c()], [c(), c(), c()]])
            case 4: .polygon([ring()])
            default: .multiPolygon([[ring()], [ring()]])
            }
            let feature = GeoJSONFeature(id: .integer(Int64(i)), geometry: geometry, properties: ["i": .integer(Int64(i)), "x": .number(rng.unit())])
            let back = try reader.decode(try encoder.encode(feature))
            #expect(back == .feature(feature))
        }
    }

    @Test("Malformed documents name the file, the feature and the JSON path", arguments: [
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]},"properties":{}}]}"#,
         0, "$.features[0].geometry.coordinates[0]", "at least 4 positions"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}}]}"#,
         1, "$.features[1].geometry.coordinates[0]", "must be closed"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[102.5,"18"]},"properties":{}}]}"#,
         0, "$.features[0].geometry.coordinates[1]", "expected a number, got a string"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Circle","coordinates":[0,0]},"properties":{}}]}"#,
         0, "$.features[0].geometry.type", "unknown geometry type \"Circle\""),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0]]},"properties":{}}]}"#,
         0, "$.features[0].geometry.coordinates", "at least 2 positions"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":[1,2]}]}"#,
         0, "$.features[0].properties", "expected an object or null"),
        (#"{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[0,0]}]}"#,
         0, "$.features[0].type", "expected \"Feature\""),
        (#"{"type":"FeatureCollection","features":[{"geometry":null}]}"#,
         0, "$.features[0]", "missing the \"type\" member"),
    ])
    func structuralErrors(text: String, feature: Int, path: String, fragment: String) {
        do {
            _ = try reader.decode(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.location == InputLocation(file: "test.geojson", feature: feature, field: path), "\(error)")
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.description.hasPrefix("test.geojson: feature \(feature): field \"\(path)\": "))
        }
    }

    @Test("Document-level errors have no feature index")
    func documentErrors() {
        #expect(throws: InputError(InputLocation(file: "test.geojson", field: "$"), "a FeatureCollection needs a \"features\" array")) {
            try reader.decode(#"{"type":"FeatureCollection"}"#)
        }
        #expect(throws: InputError(InputLocation(file: "test.geojson", field: "$"), "expected a GeoJSON object, got an array")) {
            try reader.decode("[]")
        }
    }

    @Test("A truncated file reports the line and column where it stops")
    func truncated() throws {
        let full = String(decoding: try GeoJSONEncoder().encode(try reader.decode(Self.sample).asFeatureCollection), as: UTF8.self)
        let cut = String(full.prefix(150))
        do {
            _ = try reader.decode(cut)
            Issue.record("accepted a truncated document")
        } catch {
            #expect(error.location.line == 2)
            #expect(error.location.column != nil)
            #expect(error.message.contains("truncated"))
        }
    }

    @Test("A missing file is named")
    func missingFile() {
        do {
            _ = try GeoJSONReader.read(path: "/nonexistent/provinces.geojson")
            Issue.record("read a missing file")
        } catch {
            #expect(error.location.file == "/nonexistent/provinces.geojson")
            #expect(error.message == "no such file")
        }
    }

    @Test("Coordinates can be mapped through a CRS transformation")
    func mapCoordinates() throws {
        let context = try PROJContext()
        let t = try CoordinateTransformer(from: "EPSG:32648", to: "EPSG:4326", context: context)
        let line = GeoJSONGeometry.lineString([Coordinate(x: 249341.357, y: 1989095.545), Coordinate(x: 249341.357, y: 1989095.545)])
        guard case let .lineString(cs) = try line.mapCoordinates({ c throws(PROJError) in try t.transform(c) }) else {
            Issue.record("type changed")
            return
        }
        #expect(abs(cs[0].lon - 102.6331) < 1e-8 && abs(cs[0].lat - 17.9757) < 1e-8)
    }
}
