import Foundation
import Testing

/// `analyze --format kml fgb shp`: every layer written through GDAL, read back by GDAL's own
/// ogrinfo with the GeoJSON layer's feature count, WGS 84, a Shapefile's .prj and .cpg, KML
/// styles; nothing left half-written; the same bytes twice.
@Suite struct GDALFormatsExportTests {
    static func analyze(_ dir: String) throws {
        let result = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", dir, "--quiet", "--controls", "2", "--format", "kml", "fgb", "shp"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func everyLayerInEveryFormatOpensWithItsFeatures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-formats-\(UUID().uuidString)").path
        let again = dir + "-again"
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: again)
        }
        try Self.analyze(dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!files.contains { $0.contains(".tmp") }, "\(files)")
        for layer in ["routes", "crossings", "provinces", "links", "seizures", "controls"] {
            let reference = try GeoPackageExportTests.tool(["ogrinfo", "-ro", "-so", "-al", "\(dir)/\(layer).geojson"])
            let count = try #require(reference.out.split(separator: "\n").first { $0.hasPrefix("Feature Count:") })
            for ext in ["kml", "fgb", "shp"] {
                let info = try GeoPackageExportTests.tool(["ogrinfo", "-ro", "-so", "-al", "\(dir)/\(layer).\(ext)"])
                #expect(info.status == 0, "\(layer).\(ext): \(info.err)")
                #expect(info.out.contains(String(count)), "\(layer).\(ext)")
                #expect(info.out.contains("WGS 84") || info.out.contains("WGS_1984"), "\(layer).\(ext) CRS")
            }
            #expect(files.contains("\(layer).prj") && files.contains("\(layer).dbf") && files.contains("\(layer).shx"))
            #expect(try String(contentsOfFile: "\(dir)/\(layer).cpg", encoding: .utf8).hasPrefix("UTF-8"))
        }
        // Google Earth styles: crossings coloured by type (an international gate's orange is
        // 253,174,97, ff61aefd in KML's aabbggrr), links as lines.
        let kml = try String(contentsOfFile: "\(dir)/crossings.kml", encoding: .utf8)
        #expect(kml.contains("<Style>") && kml.contains("<color>ff61aefd</color>"))
        #expect(try String(contentsOfFile: "\(dir)/links.kml", encoding: .utf8).contains("<LineStyle>"))
        // The manifest lists them; a second run writes the same bytes.
        let manifest = try String(contentsOfFile: "\(dir)/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"crossings.kml\"") && manifest.contains("\"links.fgb\"") && manifest.contains("\"provinces.shp\""))
        try Self.analyze(again)
        for file in files {
            let a = FileManager.default.contents(atPath: "\(dir)/\(file)"), b = FileManager.default.contents(atPath: "\(again)/\(file)")
            #expect(a == b, "\(file) differs between runs")
        }
    }
}
