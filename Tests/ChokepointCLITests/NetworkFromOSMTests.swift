import Foundation
import Testing

/// `chokepoint network from-osm` on a small OpenStreetMap extract this test writes (XML, and
/// the same as PBF made by osmium), at real coordinates on the Laos–Vietnam border so the
/// bundled boundaries place it. Worked by hand: a primary road in two ways (merged at their
/// shared end) that crosses the border with no control; a gravel secondary road through a
/// border_control node; a track crossing elsewhere; a ferry; a residential road nothing
/// joins. Lengths are pyproj's geodesic lengths of the same vertices (WGS 84).
@Suite struct NetworkFromOSMTests {
    static let extract = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="chokepoint test">
          <node id="1" lat="18.50" lon="105.00"/>
          <node id="2" lat="18.50" lon="105.05"/>
          <node id="3" lat="18.50" lon="105.10"/>
          <node id="4" lat="18.50" lon="105.15"/>
          <node id="5" lat="18.50" lon="105.20"/>
          <node id="6" lat="18.45" lon="105.05"/>
          <node id="7" lat="18.45" lon="105.1038"><tag k="barrier" v="border_control"/><tag k="name" v="Test Gate"/></node>
          <node id="8" lat="18.45" lon="105.20"/>
          <node id="9" lat="18.55" lon="105.05"/>
          <node id="10" lat="18.55" lon="105.20"/>
          <node id="11" lat="18.50" lon="105.25"/>
          <node id="12" lat="18.40" lon="105.30"/>
          <node id="13" lat="18.40" lon="105.31"/>
          <node id="21" lat="18.501" lon="105.00"><tag k="place" v="village"/><tag k="name" v="Ban Lao"/></node>
          <node id="22" lat="18.501" lon="105.20"><tag k="place" v="town"/><tag k="name" v="Xom Viet"/><tag k="population" v="12000"/></node>
          <node id="23" lat="18.501" lon="105.25"><tag k="place" v="village"/><tag k="name" v="Ben Pha"/></node>
          <node id="24" lat="18.30" lon="105.40"><tag k="place" v="village"/><tag k="name" v="Far Away"/></node>
          <way id="101"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="name" v="Route 8"/></way>
          <way id="102"><nd ref="3"/><nd ref="4"/><nd ref="5"/><tag k="highway" v="primary"/><tag k="name" v="Route 8"/></way>
          <way id="103"><nd ref="1"/><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="5"/><tag k="highway" v="secondary"/><tag k="surface" v="gravel"/></way>
          <way id="104"><nd ref="2"/><nd ref="9"/><nd ref="10"/><nd ref="5"/><tag k="highway" v="track"/></way>
          <way id="105"><nd ref="5"/><nd ref="11"/><tag k="route" v="ferry"/></way>
          <way id="106"><nd ref="12"/><nd ref="13"/><tag k="highway" v="residential"/></way>
        </osm>
        """

    static func build(_ file: String, _ out: String) throws -> CLI.Result {
        try CLI.run(["network", "from-osm", file, "--out", out, "--boundaries", SeizuresCommandTests.bundle,
                     "--sources", "Ban Lao", "--targets", "Xom Viet", "Ben Pha"])
    }

    static func rows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        // The tables here hold no quoted commas outside `geometry` and `source`, which the
        // checks below do not read: cut at most at the header's count, the rest in the last.
        return lines.dropFirst().map { line in
            var fields = line.split(separator: ",", maxSplits: header.count - 1, omittingEmptySubsequences: false).map(String.init)
            fields += Array(repeating: "", count: max(0, header.count - fields.count))
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    @Test func aSmallExtractBecomesABundleThatValidatesAndRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-osm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.extract.write(toFile: dir + "/net.osm", atomically: true, encoding: .utf8)
        let run = try Self.build(dir + "/net.osm", dir + "/net")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("6 ways → 11 links, 10 nodes (3 crossings, 3 towns)"))
        #expect(run.stderr.contains("2 unconnected nodes dropped"))

        let places = try Self.rows(dir + "/net/places.csv")
        #expect(places.map { $0["id"] ?? "" } == [
            "j18.5000000_105.0000000", "j18.5000000_105.0500000", "j18.5000000_105.2000000", "j18.5000000_105.2500000",
            "osm-21", "osm-22", "osm-23",
        ])
        #expect(places.filter { $0["country"] == "LA" }.count == 3 && places.filter { $0["country"] == "VN" }.count == 4)
        let crossings = try Self.rows(dir + "/net/crossings.csv")
        #expect(crossings.map { "\($0["type"] ?? "") \($0["modes"] ?? "")" } == ["main road", "secondary road", "unofficial-known trail"])
        // The road's crossing is where it meets the bundled LA–VN border at latitude 18.5
        // (shapely: 105.11564907°E).
        #expect(crossings[1]["lon"] == "105.115649" && crossings[1]["lat"] == "18.5")

        let links = try Self.rows(dir + "/net/links.csv")
        #expect(links.count == 11)
        let byID = Dictionary(uniqueKeysWithValues: links.map { ($0["id"] ?? "", $0) })
        // pyproj: 5.280125, 6.932706, 8.907669, 13.332650, 15.696199, 13.754311, 13.150106 km.
        let expected: [(String, String, String)] = [
            ("osm-101-1", "5.28", "60"), ("osm-101-2", "6.933", "60"), ("osm-101-3", "8.908", "60"),
            ("osm-103-5", "13.333", "30"), ("osm-103-4", "15.696", "30"),  // gravel: 50 km/h × 0.6
            ("osm-104-6", "13.754", "12"), ("osm-104-7", "13.15", "12"), ("osm-105-8", "5.28", "15"),
        ]
        let text = try String(contentsOfFile: dir + "/net/links.csv", encoding: .utf8)
        for (id, km, speed) in expected {
            let line = text.split(separator: "\n").first { $0.hasPrefix(id + ",") }.map(String.init) ?? ""
            #expect(line.contains("\",\(km),geometry,\(speed),observed,"), "\(id): \(line)")
        }
        #expect(byID["osm-105-8"]?["mode"] == "river" && byID["osm-104-6"]?["mode"] == "trail")

        let validate = try CLI.run(["validate", dir + "/net"])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        try "id,date,place,lon,lat,location_precision,commodity,amount,unit,source\ns1,2024-03-01,,105.1038,18.45,exact,heroin,5,kg,test\n"
            .write(toFile: dir + "/s.csv", atomically: true, encoding: .utf8)
        let analyze = try CLI.run(["analyze", dir + "/net", "--seizures", dir + "/s.csv", "--out", dir + "/out", "--quiet"])
        #expect(analyze.status == 0, "\(analyze.stderr)")

        // The same extract as PBF (osmium) gives the same network.
        let osmium = Process()
        osmium.executableURL = URL(fileURLWithPath: "/usr/bin/osmium")
        osmium.arguments = ["cat", dir + "/net.osm", "-o", dir + "/net.osm.pbf"]
        try osmium.run()
        osmium.waitUntilExit()
        #expect(osmium.terminationStatus == 0)
        let pbf = try Self.build(dir + "/net.osm.pbf", dir + "/pbf")
        #expect(pbf.status == 0, "\(pbf.stderr)")
        for file in ["places.csv", "crossings.csv", "links.csv", "gazetteer.csv"] {
            #expect(FileManager.default.contents(atPath: dir + "/net/" + file) == FileManager.default.contents(atPath: dir + "/pbf/" + file), "\(file)")
        }
    }
}
