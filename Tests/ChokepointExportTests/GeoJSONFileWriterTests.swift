import ChokepointExport
import ChokepointGeo
import ChokepointSupport
import Foundation
import Testing

@Suite("Streaming atomic GeoJSON output")
struct GeoJSONFileWriterTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func features(_ n: Int) -> [GeoJSONFeature] {
        (0..<n).map { i in
            GeoJSONFeature(id: .string("L\(i)"),
                           geometry: .lineString([Coordinate(x: 100 + Double(i) * 0.001, y: 20), Coordinate(x: 101, y: 21.123456789)]),
                           properties: ["rank": .integer(Int64(i + 1)), "flow": .number(Double(i) / 3)])
        }
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
    }

    @Test("Streaming 5,000 features gives byte for byte what the in-memory encoder gives")
    func streamingEqualsInMemory() throws {
        let path = "\(directory)/links.geojson"
        let metadata: JSONObject = ["metadata": .object(["tool": "chokepoint", "credits": ["Natural Earth", "GeoNames (CC-BY 4.0)"]])]
        let writer = try GeoJSONFileWriter(path: path, foreignMembers: metadata)
        let all = features(5_000)
        for feature in all { try writer.write(feature) }
        #expect(!FileManager.default.fileExists(atPath: path))   // not visible before finish()
        try writer.finish()
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = try GeoJSONEncoder().encode(GeoJSONFeatureCollection(features: all, foreignMembers: metadata))
        #expect(Array(written) == expected)
        #expect(try leftovers().isEmpty)
        // Foundation's parser agrees that it is one JSON document with 5,000 features.
        let parsed = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((parsed["features"] as? [Any])?.count == 5_000)
        #expect(parsed["crs"] == nil)
    }

    @Test("A failure part-way leaves no file, and an older file at the path untouched")
    func atomicOnFailure() throws {
        let path = "\(directory)/routes.geojson"
        try AtomicFileWriter.write(Array("previous".utf8), to: path)
        do {
            let writer = try GeoJSONFileWriter(path: path)
            try writer.write(features(1)[0])
            var bad = features(1)[0]
            bad.properties?["flow"] = .number(.infinity)
            do {
                try writer.write(bad)
                Issue.record("an infinite property was written")
            } catch {
                #expect(error.description.contains("feature 1"))
                #expect(error.description.contains("$.features[1].properties.flow"))
            }
            // writer dropped here without finish()
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous")
        #expect(try leftovers().isEmpty)
    }

    @Test("An unwritable destination is reported with its path")
    func unwritable() {
        do {
            _ = try GeoJSONFileWriter(path: "/nonexistent-dir/out.geojson")
            Issue.record("opened a file in a missing directory")
        } catch {
            #expect(error.description.contains("/nonexistent-dir/out.geojson"))
        }
    }
}
