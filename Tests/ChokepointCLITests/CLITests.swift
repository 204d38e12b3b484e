import Foundation
import Testing

/// Runs the real `chokepoint` executable, as an analyst would, and checks its output and exit code.
struct CLI {
    static let executable: URL = {
        // The test bundle and the executable are built side by side in the products directory.
        let bundle = Bundle.main.bundleURL
        for candidate in [bundle.appendingPathComponent("chokepoint"),
                          bundle.deletingLastPathComponent().appendingPathComponent("chokepoint"),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("chokepoint")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return bundle.appendingPathComponent("chokepoint")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private final class DataBox: @unchecked Sendable { var data = Data() }

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // stderr is drained on another thread: a child that fills one pipe's buffer (64 KB)
        // while we wait on the other would block forever.
        let box = DataBox()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            box.data = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        let stderr = box.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite("chokepoint command line")
struct CLITests {
    @Test("--version prints the version")
    func version() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout == "0.2.0\n")
    }

    @Test("Every subcommand has --help", arguments: ["distance", "transform", "geojson"])
    func help(subcommand: String) throws {
        let r = try CLI.run([subcommand, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: chokepoint \(subcommand)"))
    }

    @Test("distance: Vientiane to Hanoi, 476,471.744 m")
    func distance() throws {
        let r = try CLI.run(["distance", "102.6331,17.9757", "105.8342,21.0278"])
        #expect(r.status == 0)
        #expect(r.stdout == """
        distance_m\t476471.744
        distance_km\t476.472
        initial_azimuth_deg\t44.320165
        final_azimuth_deg\t45.389435

        """)
        let json = try CLI.run(["distance", "--format", "json", "102.6331,17.9757", "105.8342,21.0278"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Double])
        #expect(abs(object["distance_m"]! - 476_471.74427932175) < 1e-6)
    }

    @Test("transform: Vientiane to UTM 48N and back")
    func transform() throws {
        let r = try CLI.run(["transform", "--target", "EPSG:32648", "102.6331,17.9757"])
        #expect(r.status == 0)
        #expect(r.stdout == "249341.357\t1989095.545\n")
        let back = try CLI.run(["transform", "--source", "EPSG:32648", "--target", "EPSG:4326", "--precision", "6", "249341.357,1989095.545"])
        #expect(back.stdout == "102.633100\t17.975700\n")
    }

    @Test("Bad input: a clear message on stderr and a non-zero exit, never a crash")
    func errors() throws {
        let unknown = try CLI.run(["transform", "--target", "EPSG:999999", "1,2"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown coordinate reference system \"EPSG:999999\""))
        let noDatabase = try CLI.run(["transform", "--target", "EPSG:32648", "1,2"], environment: ["PROJ_DATA": "/nonexistent-proj"])
        #expect(noDatabase.status == 1)
        #expect(noDatabase.stderr.contains("proj.db"))
        #expect(noDatabase.stderr.contains("/nonexistent-proj"))
        let swapped = try CLI.run(["distance", "17.9757,102.6331", "105.8342,21.0278"])
        #expect(swapped.status == 1)
        #expect(swapped.stderr.contains("swapped"))
        let malformed = try CLI.run(["distance", "102.6331", "105.8342,21.0278"])
        #expect(malformed.status == 64)   // EX_USAGE from ArgumentParser
        #expect(malformed.stderr.contains("102.6331"))
    }

    @Test("geojson: reports the feature and path of a bad ring; rewrites a good file atomically as RFC 7946")
    func geojson() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let bad = dir.appendingPathComponent("bad.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}}]}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["geojson", bad.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bad.path): feature 1: field \"$.features[1].geometry.coordinates[0]\": a polygon ring must be closed"))

        let truncated = dir.appendingPathComponent("truncated.geojson")
        try "{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",".write(to: truncated, atomically: true, encoding: .utf8)
        let t = try CLI.run(["geojson", truncated.path])
        #expect(t.status == 1)
        #expect(t.stderr.contains("\(truncated.path):2:"))

        // A UTM file with a legacy crs member and a clockwise ring becomes WGS84, counter-clockwise, without crs.
        let utm = dir.appendingPathComponent("utm.geojson")
        try #"""
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},
         "features":[{"type":"Feature","properties":{"name":"Vientiane"},
           "geometry":{"type":"Polygon","coordinates":[[[249341.357,1989095.545],[249341.357,1999095.545],[259341.357,1999095.545],[249341.357,1989095.545]]]}}]}
        """#.write(to: utm, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("wgs84.geojson")
        let ok = try CLI.run(["geojson", utm.path, "--output", output.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("crs\tEPSG:32648"))
        let written = try String(contentsOf: output, encoding: .utf8)
        #expect(!written.contains("crs"))
        #expect(written.contains("[102.6331,17.9757]"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any])
        let feature = try #require((parsed["features"] as? [[String: Any]])?.first)
        let ring = try #require(((feature["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
        var twiceArea = 0.0
        for i in 0..<(ring.count - 1) { twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] }
        #expect(twiceArea > 0, "exterior ring must be counter-clockwise")
    }

    @Test("geojson --check-validity names an invalid polygon")
    func validity() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bowTie = dir.appendingPathComponent("bowtie.geojson")
        try #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}"#
            .write(to: bowTie, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["geojson", bowTie.path]).status == 0)
        let r = try CLI.run(["geojson", "--check-validity", bowTie.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("feature 0"))
        #expect(r.stderr.contains("Self-intersection"))
    }
}

@Suite struct ValidateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func bundledGeoDataIsClean() throws {
        let result = try CLI.run(["validate", Self.root.appendingPathComponent("GeoData/mekong").path])
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("60 crossings") && result.stderr.hasSuffix("clean\n"))
    }

    @Test func brokenBundleExitsNonZeroNamingTheRow() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id,name,kind,country,lon,lat,source\na,A,town,VN,105.8,21.0,test\nb,B,town,VN,21.0,105.8,test\n"
            .write(to: dir.appendingPathComponent("places.csv"), atomically: true, encoding: .utf8)
        try "from,to,mode,source\na,b,road,test\na,c,road,test\n"
            .write(to: dir.appendingPathComponent("links.csv"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", dir.path])
        #expect(result.status == 1)
        #expect(result.stdout == """
            links.csv:2: field "to": unknown node b (not in places.csv or crossings.csv)
            links.csv:3: field "to": unknown node c (not in places.csv or crossings.csv)
            places.csv:3: field "lat": latitude 105.8 is out of range and longitude 21.0 would be a valid latitude: lat and lon look swapped

            """)
        #expect(result.stderr.hasSuffix("3 problems\n"))
    }
}

@Suite struct SeizuresCommandTests {
    static let bundle = ValidateCommandTests.root.appendingPathComponent("GeoData/mekong").path

    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-seizures-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static let csv = """
        id,date,place,lon,lat,commodity,amount,unit,agency,source
        a,2024-03-01,Nghệ An,,,heroin,10,kg,Border guards,test
        b,2024-03-02,Nghe An,,,heroin,9.5,kg,Customs,test
        c,2024-03-01,Atlantis,,,heroin,1,kg,Police,test

        """

    @Test func badRowsAreSkippedAndCountedMergesListed() throws {
        let input = try Self.file(Self.csv)
        defer { try? FileManager.default.removeItem(at: input) }
        let result = try CLI.run(["seizures", "--bundle", Self.bundle, "--format", "csv", input.path])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 2)  // header + the merged case
        #expect(result.stdout.contains("a,2024-03-01,day,heroin,10.0,kg,10.0,prov-vn-nghe-an,province,,,,Border guards,b,test"))
        #expect(result.stderr.contains("field \"place\": unknown place \"Atlantis\""))
        #expect(result.stderr.contains("merged: b into a (same case)"))
        #expect(result.stderr.hasSuffix("3 rows read, 2 records, 1 merged away, 1 written; 1 problem(s) in skipped rows\n"))
    }

    @Test func cellsASpreadsheetWouldRunAsFormulasAreNeutralised() throws {
        let input = try Self.file("""
            id,date,place,lon,lat,commodity,amount,unit,agency,source
            =cmd|' /C calc'!A0,2024-03-01,Nghệ An,,,heroin,10,kg,@SUM(A1),+test

            """)
        defer { try? FileManager.default.removeItem(at: input) }
        let csv = try CLI.run(["seizures", "--bundle", Self.bundle, "--format", "csv", input.path])
        #expect(csv.status == 0)
        let row = csv.stdout.split(separator: "\n")[1]
        #expect(row.hasPrefix("'=cmd|' /C calc'!A0,2024-03-01,"))
        // The last column is the row's marking: none given, so the default AMBER.
        #expect(row.hasSuffix(",'@SUM(A1),,'+test,TLP:AMBER"))
        // JSON keeps the raw value.
        let json = try CLI.run(["seizures", "--bundle", Self.bundle, "--format", "json", input.path])
        #expect(json.stdout.contains(#""id":"=cmd|' /C calc'!A0""#))
    }

    @Test func strictFailsAndWritesNothing() throws {
        let input = try Self.file(Self.csv)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-out-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: input) }
        let result = try CLI.run(["seizures", "--bundle", Self.bundle, "--strict", "--output", output.path, input.path])
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(result.stderr.hasSuffix("1 problem(s); nothing written (--strict)\n"))
    }
}

@Suite struct EvidenceCommandTests {
    @Test func explainListsTheSeizuresBehindACrossing() throws {
        let result = try CLI.run(["evidence", SeizuresCommandTests.bundle, "--explain", "x-friendship-1", "--format", "csv"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        // The truck stopped on the bridge itself (distance 0) is among them; rows come heaviest first.
        #expect(lines.first == "seizure,date,commodity,kg,distance_km,weight,share_of_score,source,tlp")
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",TLP:CLEAR") })
        #expect(lines.contains { $0.hasPrefix("th-2025-07-28-friendship-1,2025-07-28,methamphetamine tablets,99.6,0.0,") })
        let weights = lines.dropFirst().compactMap { $0.split(separator: ",").dropFirst(5).first.flatMap { Double($0) } }
        #expect(weights.count == lines.count - 1 && weights == weights.sorted(by: >))
    }

    @Test func unknownElementIsAnError() throws {
        let result = try CLI.run(["evidence", SeizuresCommandTests.bundle, "--explain", "x-nowhere"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no node or link with id x-nowhere"))
    }
}

@Suite struct AnalyzeCommandTests {
    @Test func aCommodityAndDateFilterAppliesToEveryOutputAndCount() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-filter-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        // The heroin records from 2020 on, counted from `seizures`, which does not filter.
        let all = try CLI.run(["seizures", "--bundle", SeizuresCommandTests.bundle, "--format", "json"])
        #expect(all.status == 0)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        let rows = records.map { ($0["commodity"] as? String ?? "", $0["date"] as? String ?? "") }
        let heroin = rows.filter { $0.0 == "heroin" && $0.1 >= "2020" }.count
        #expect(heroin > 0 && heroin < rows.count)

        let out = base.path
        let run = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", out, "--commodity", "heroin", "--from", "2020"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(": \(heroin) seizures (") && run.stdout.contains("\(rows.count - heroin) filtered out"))
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("\(heroin) seizure records used"))
        // Every seizure written is heroin, and the metadata gives the same account.
        let layer = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/seizures.geojson"))) as? [String: Any])
        let features = try #require(layer["features"] as? [[String: Any]])
        #expect(!features.isEmpty && features.allSatisfy { (($0["properties"] as? [String: Any])?["commodity"] as? String) == "heroin" })
        let account = try #require((layer["metadata"] as? [String: Any])?["seizures"] as? [String: Int])
        #expect(account["used"] == heroin && account["filtered_out"] == rows.count - heroin && account["rows_read"] == rows.count)
    }

    @Test func mainJobWritesTheLayersAndIsDeterministic() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-analyze-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let a = base.appendingPathComponent("a").path, b = base.appendingPathComponent("b").path
        let first = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", a])
        #expect(first.status == 0)
        #expect(first.stdout.contains("Crossings by expected flow"))
        let second = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", b, "--quiet"])
        #expect(second.status == 0 && second.stdout.isEmpty)
        // The GeoPackage too: SQLite files are byte-identical when written the same way.
        // map.html and the STIX bundle too: their ids, hashes and order come from the inputs.
        let names = ["MARKING.txt", "chokepoint.gpkg", "crossings.csv", "crossings.geojson", "crossings.qml", "links.geojson", "links.qml",
                     "manifest.json", "map.html", "map.svg", "provinces.csv", "provinces.geojson", "provinces.qml", "report.md", "routes.csv",
                     "routes.geojson", "routes.qml", "seizures.geojson", "seizures.qml", "seizures.stix.json"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: a).sorted() == names)
        for name in names {
            let x = try Data(contentsOf: URL(fileURLWithPath: a).appendingPathComponent(name))
            let y = try Data(contentsOf: URL(fileURLWithPath: b).appendingPathComponent(name))
            #expect(x == y, "\(name) differs between two runs")
        }
        // Every crossing and province of the bundle is a row; 4 sources × 18 targets × 3 routes.
        let crossings = try String(contentsOfFile: a + "/crossings.csv", encoding: .utf8).split(separator: "\n")
        #expect(crossings.count == 61)
        // One ranking: the rank column is 1...60 in order of flow; the cheapest-route flow
        // is a comparison column, not a second rank.
        let header = crossings[0].split(separator: ",").map(String.init)
        #expect(!header.contains("seizure_flow_rank") && header.contains("cheapest_route_flow"))
        let flowColumn = try #require(header.firstIndex(of: "flow"))
        // No crossing name in the bundle holds a comma, so splitting on commas is exact up to here.
        let rows = crossings.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.compactMap { Int($0[0]) } == Array(1...60))
        let flows = rows.compactMap { Double($0[flowColumn]) }
        #expect(flows.count == 60 && zip(flows, flows.dropFirst()).allSatisfy { $0 >= $1 })
        // Beside each crossing's strongest seizures, what each added: as many weights as ids,
        // heaviest first, summing to the crossing's evidence when all its seizures are listed.
        let evidenceColumn = try #require(header.firstIndex(of: "evidence"))
        let idsColumn = try #require(header.firstIndex(of: "seizures"))
        #expect(header.firstIndex(of: "seizure_weights") == idsColumn + 1)
        var explained = 0
        for line in crossings.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let ids = fields[idsColumn].split(separator: ";")
            let weights = fields[idsColumn + 1].split(separator: ";").compactMap { Double($0) }
            #expect(ids.count == weights.count, "\(fields[1])")
            #expect(weights == weights.sorted(by: >), "\(fields[1])")
            let evidence = try #require(Double(fields[evidenceColumn]))
            let sum = weights.reduce(0, +)
            #expect(sum <= evidence * 1.001 + 1e-9, "\(fields[1])")
            if !ids.isEmpty && ids.count < 5 {
                #expect(abs(sum - evidence) <= 1e-3 * evidence, "\(fields[1]): \(sum) vs \(evidence)")
                explained += 1
            }
        }
        #expect(explained > 0)
        let provinces = try String(contentsOfFile: a + "/provinces.csv", encoding: .utf8).split(separator: "\n")
        #expect(provinces.count == 198)
        // Every one of the 4 sources × 100 target nodes has its likeliest route, and at most 3, ranked 1, 2, 3.
        let routes = try String(contentsOfFile: a + "/routes.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let ranksByPair = Dictionary(grouping: routes.map { $0.split(separator: ",") }) { "\($0[0])>\($0[1])" }
            .mapValues { $0.compactMap { Int($0[3]) } }
        #expect(ranksByPair.count == 4 * 100)
        #expect(ranksByPair.values.allSatisfy { $0 == Array(1...$0.count) && $0.count <= 3 })
    }
}

/// GDAL's ogrinfo (Debian gdal-bin, installed by scripts/test) opens every layer the main job
/// writes: an independent reader checking layer names, feature counts, geometry types and CRS.
@Suite struct ExportedLayersOpenInGDALTests {
    /// Data rows of a CSV table we wrote (no field holds a newline), for counts GDAL must agree with.
    static func rows(_ path: String) throws -> Int {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count - 1
    }

    static func ogrinfo(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ogrinfo", "-ro", "-so", "-al", path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ogrinfo failed on \(path) (is gdal-bin installed? scripts/test installs it)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyLayerOpensWithItsNameCountGeometryAndWGS84() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-gdal-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", dir, "--quiet", "--controls", "2", "--close", "x-muang-mom"])
        #expect(run.status == 0)
        let expected: [(String, String, Int)] = [
            ("routes", "Line String", try Self.rows(dir + "/routes.csv")), ("crossings", "Point", 60), ("provinces", "Multi Polygon", 197),
            ("links", "Line String", 441), ("controls", "Point", 2), ("displacement", "Point", 60),
            ("displacement_links", "Line String", 441),
        ]
        for (layer, geometry, count) in expected {
            let info = try Self.ogrinfo(dir + "/\(layer).geojson")
            #expect(info.contains("Layer name: \(layer)"), "\(layer)")
            #expect(info.contains("Feature Count: \(count)"), "\(layer): \(info.split(separator: "\n").first { $0.contains("Feature Count") } ?? "")")
            #expect(info.contains("Geometry: \(geometry)") || (geometry == "Multi Polygon" && info.contains("Geometry: Unknown (any)")), "\(layer)")
            #expect(info.contains("WGS 84"), "\(layer) CRS")
        }
        let seizures = try Self.ogrinfo(dir + "/seizures.geojson")
        #expect(seizures.contains("Layer name: seizures") && seizures.contains("Geometry: Point"))
    }
}

@Suite struct AnalyzeUncertaintyTests {
    @Test func samplesGiveSeededRankIntervals() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-samples-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        var outputs: [String] = []
        for run in ["a", "b"] {
            let dir = base.appendingPathComponent(run).path
            let result = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", dir, "--quiet", "--samples", "5", "--seed", "3"])
            #expect(result.status == 0)
            outputs.append(try String(contentsOfFile: dir + "/uncertainty.csv", encoding: .utf8))
        }
        #expect(outputs[0] == outputs[1])
        let rows = outputs[0].split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 60)
        for row in rows {
            // rank,id,name,type,rank_p05,rank_p95,flow,flow_p05,flow_p95,top_k_share,k,samples (no commas in names here)
            let low = try #require(Int(row[row.count - 8])), high = try #require(Int(row[row.count - 7]))
            let flowLow = try #require(Double(row[row.count - 5])), flowHigh = try #require(Double(row[row.count - 4]))
            let share = try #require(Double(row[row.count - 3]))
            #expect(1 <= low && low <= high && high <= 60)
            #expect(0 <= flowLow && flowLow <= flowHigh)
            #expect((0...1).contains(share))
        }
    }
}
