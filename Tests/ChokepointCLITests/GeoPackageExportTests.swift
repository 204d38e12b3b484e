import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The GeoPackage, the QGIS styles and the input checksums of `analyze`, read back by
/// independent tools: GDAL's ogrinfo (GPKG driver, and its SQLite dialect for geometry sums),
/// coreutils' sha256sum, and an XML parser.
@Suite struct GeoPackageExportTests {
    static func tool(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static let run: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-gpkg-\(UUID().uuidString)").path
        let result = try? CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", dir, "--quiet", "--controls", "2", "--close", "x-tay-trang"])
        precondition(result?.status == 0, "analyze failed: \(result?.stderr ?? "")")
        return dir
    }()

    static let layers = ["routes", "crossings", "provinces", "links", "seizures", "controls", "displacement", "displacement_links"]

    @Test func geoPackageHoldsEveryLayerWithStylesAndOpensInGDAL() throws {
        let gpkg = Self.run + "/chokepoint.gpkg"
        let info = try Self.tool(["ogrinfo", "-ro", "-so", "-al", gpkg])
        #expect(info.status == 0, "ogrinfo: \(info.err)")
        #expect(!info.err.contains("Warning") && !info.err.contains("ERROR"), "\(info.err)")
        let expected: [(String, String, Int)] = [
            ("routes", "Line String", try ExportedLayersOpenInGDALTests.rows(Self.run + "/routes.csv")), ("crossings", "Point", 60),
            ("provinces", "Multi Polygon", 197), ("links", "Line String", 441), ("seizures", "Point", 336), ("controls", "Point", 2), ("displacement", "Point", 60),
            ("displacement_links", "Line String", 441),
        ]
        let blocks = info.out.components(separatedBy: "Layer name: ").dropFirst()
        for (layer, geometry, count) in expected {
            let block = try #require(blocks.first { $0.hasPrefix(layer + "\n") }, "\(layer) missing")
            #expect(block.contains("Geometry: \(geometry)\n"), "\(layer)")
            #expect(block.contains("Feature Count: \(count)\n"), "\(layer)")
            #expect(block.contains("WGS 84"), "\(layer)")
        }
        // The marking first, so that it is the first thing a reader of the metadata meets.
        #expect(info.out.contains("GPKG_METADATA_ITEM_1={\"tlp\":\"TLP:CLEAR\",\"handling\":{"))
        #expect(info.out.contains(",\"tool\":\"chokepoint"))
        // One default style per layer, in QGIS's layer_styles table.
        let styles = try Self.tool(["ogrinfo", "-ro", "-q", "-sql", "SELECT f_table_name, useAsDefault FROM layer_styles", gpkg])
        for layer in Self.layers {
            #expect(styles.out.contains("f_table_name (String) = \(layer)\n"), "\(layer) has no style")
        }
    }

    @Test func geoPackageGeometriesEqualTheGeoJSONLayers() throws {
        // GDAL reads both files; the SQLite dialect's ST_Area and ST_Length (SpatiaLite) sum
        // every geometry. Equal sums mean the WKB holds the same coordinates.
        for (layer, measure) in [("provinces", "ST_Area"), ("routes", "ST_Length"), ("links", "ST_Length"), ("crossings", "ST_X")] {
            var sums: [String] = []
            for (file, column) in [("\(Self.run)/\(layer).geojson", "geometry"), ("\(Self.run)/chokepoint.gpkg", "geom")] {
                let sql = "SELECT count(*) AS n, round(sum(\(measure)(\(column))), 6) AS s FROM \(layer)"
                let r = try Self.tool(["ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql", sql, file])
                #expect(r.status == 0, "\(r.err)")
                sums.append(r.out.split(separator: "\n").filter { $0.contains("(Integer)") || $0.contains("(Real)") }.joined(separator: " "))
            }
            #expect(sums[0] == sums[1] && !sums[0].isEmpty, "\(layer): \(sums)")
        }
    }

    @Test func metadataRecordsTheInputsSHA256() throws {
        let text = try String(contentsOfFile: Self.run + "/crossings.geojson", encoding: .utf8)
        for name in ["places.csv", "links.csv", "seizures.csv", "scenario.yaml"] {
            let path = SeizuresCommandTests.bundle + "/" + name
            let digest = try Self.tool(["sha256sum", path]).out.prefix(64)
            #expect(digest.count == 64)
            #expect(text.contains("\"\(path)\":\"\(digest)\""), "\(name)")
        }
    }

    /// Collects the renderer's attribute and every quoted field name in the expressions.
    final class StyleReader: NSObject, XMLParserDelegate {
        var root: String?
        var fields: Set<String> = []
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if root == nil { root = element }
            if element == "renderer-v2", let attr = attributes["attr"] { fields.insert(attr) }
            if element == "Option", attributes["name"] == "expression", let expression = attributes["value"] {
                for match in expression.matches(of: /"([^"]+)"/) { fields.insert(String(match.1)) }
            }
        }
    }

    @Test func everyStyleIsWellFormedAndNamesOnlyTheLayersFields() throws {
        for layer in Self.layers {
            let qml = try Data(contentsOf: URL(fileURLWithPath: "\(Self.run)/\(layer).qml"))
            let parser = XMLParser(data: qml)
            let reader = StyleReader()
            parser.delegate = reader
            #expect(parser.parse(), "\(layer).qml is not well-formed XML")
            #expect(reader.root == "qgis")
            let geojson = try String(contentsOfFile: "\(Self.run)/\(layer).geojson", encoding: .utf8)
            for field in reader.fields {
                #expect(geojson.contains("\"\(field)\":"), "\(layer).qml names \(field), which the layer does not have")
            }
        }
    }
}

/// RFC 7946 rules checked on every layer `analyze` writes, with Foundation's JSON parser
/// (independent of our writer): a FeatureCollection without `crs`; WGS 84 positions in range
/// with at most 6 decimals; linear rings closed, with ≥ 4 positions, exterior rings
/// counter-clockwise and holes clockwise (§3.1.6); flat properties (no nested objects).
@Suite struct ExportedLayersFollowRFC7946Tests {
    static func signedArea(_ ring: [[Double]]) -> Double {
        zip(ring, ring.dropFirst()).reduce(0) { $0 + ($1.0[0] * $1.1[1] - $1.1[0] * $1.0[1]) } / 2
    }

    static func check(_ coordinates: Any, type: String, layer: String, problems: inout [String]) {
        func position(_ p: Any) -> [Double]? {
            guard let xs = p as? [NSNumber], xs.count == 2 else { problems.append("\(layer): bad position \(p)"); return nil }
            let v = xs.map(\.doubleValue)
            if !(-180...180).contains(v[0]) || !(-90...90).contains(v[1]) { problems.append("\(layer): position out of range \(v)") }
            for x in v where abs(x * 1e6 - (x * 1e6).rounded()) > 1e-6 { problems.append("\(layer): more than 6 decimals in \(x)") }
            return v
        }
        func rings(_ value: Any) {
            guard let rs = value as? [Any] else { problems.append("\(layer): polygon without rings"); return }
            for (i, r) in rs.enumerated() {
                let ring = (r as? [Any] ?? []).compactMap(position)
                guard ring.count >= 4, ring.first == ring.last else { problems.append("\(layer): ring not closed or too short"); continue }
                let area = signedArea(ring)
                if i == 0 && area <= 0 { problems.append("\(layer): exterior ring clockwise") }
                if i > 0 && area >= 0 { problems.append("\(layer): hole counter-clockwise") }
            }
        }
        switch type {
        case "Point": _ = position(coordinates)
        case "LineString", "MultiPoint": (coordinates as? [Any] ?? []).forEach { _ = position($0) }
        case "MultiLineString": (coordinates as? [[Any]] ?? []).forEach { $0.forEach { _ = position($0) } }
        case "Polygon": rings(coordinates)
        case "MultiPolygon": (coordinates as? [Any] ?? []).forEach(rings)
        default: problems.append("\(layer): unexpected geometry type \(type)")
        }
    }

    @Test func everyExportedLayerFollowsRFC7946() throws {
        let dir = GeoPackageExportTests.run
        let layers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".geojson") }.sorted()
        #expect(layers.count == 8)
        var problems: [String] = []
        for name in layers {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))) as? [String: Any])
            #expect(root["type"] as? String == "FeatureCollection", "\(name)")
            #expect(root["crs"] == nil, "\(name) has a crs member")
            for feature in root["features"] as? [[String: Any]] ?? [] {
                #expect(feature["type"] as? String == "Feature")
                for (key, value) in feature["properties"] as? [String: Any] ?? [:] where value is [String: Any] || value is [Any] {
                    problems.append("\(name): property \(key) is not flat")
                }
                guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String,
                      let coordinates = geometry["coordinates"] else { problems.append("\(name): feature without geometry"); continue }
                Self.check(coordinates, type: type, layer: name, problems: &problems)
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }
}
