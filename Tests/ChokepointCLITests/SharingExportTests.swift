import Foundation
import Testing

/// `analyze --share-level`: files fit to share at a TLP level. A RED and an AMBER record are
/// added to the bundle's (CLEAR) seizures; written at GREEN, in either mode and in every
/// format, no byte of any file may carry the RED record's id, source, agency or position
/// (as text, or as the little- or big-endian doubles a GeoPackage, FlatGeobuf or Shapefile
/// stores). The same run without a share level is the control: every one of those needles
/// is found there, so their absence at GREEN is not the search's blindness.
@Suite struct SharingExportTests {
    static let redID = "secret-red-0001", amberID = "amber-only-0002"
    static let redSource = "INTERNAL CASE FILE ZX-998877", redAgency = "Secret Unit 7"
    static let lon = 100.094321, lat = 20.351234

    /// The bundle's seizures (CLEAR by its scenario) plus the two marked records, near Muang
    /// Mom so that they weigh in a ranked crossing's evidence.
    static func seizureFile(redDate: String = "2025-06-14") throws -> URL {
        let bundle = URL(fileURLWithPath: SeizuresCommandTests.bundle)
        var text = try String(contentsOf: bundle.appendingPathComponent("seizures.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("id,date,date_precision,place,lon,lat,location_precision,commodity,amount,unit,mode,agency,source,notes"))
        lines[0] += ",tlp"
        for i in 1..<lines.count where !lines[i].isEmpty { lines[i] += ",CLEAR" }
        text = lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
        text += "\(redID),\(redDate),day,,\(lon),\(lat),exact,crystal methamphetamine,412,kg,river,\(redAgency),\(redSource),,TLP:RED\n"
        text += "\(amberID),2025-08-02,day,,100.101,20.349,exact,methamphetamine tablets,250000,tablets,river,Unit A,Amber case note,,AMBER\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-marked-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func doubleBytes(_ x: Double) -> [[UInt8]] {
        let le = withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) }
        return [le, Array(le.reversed())]
    }

    /// What the RED record leaves in files that name it. Big-endian doubles are searched
    /// too but are not in the control: none of the writers stores coordinates that way.
    static let needles: [(String, [UInt8])] = {
        var n: [(String, [UInt8])] = [
            ("id", Array(redID.utf8)), ("source", Array(redSource.utf8)), ("agency", Array(redAgency.utf8)),
            ("lon text", Array("100.094321".utf8)), ("lat text", Array("20.351234".utf8)),
            ("AMBER id", Array(amberID.utf8)),
        ]
        for (name, x) in [("lon", lon), ("lat", lat)] {
            let bytes = doubleBytes(x)
            n.append(("\(name) double LE", bytes[0]))
            n.append(("\(name) double BE", bytes[1]))
        }
        return n
    }()

    /// Every needle found in any file of `dir`, with the file.
    static func found(in dir: String) throws -> [String: [String]] {
        var hits: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name)))
            for (needle, pattern) in needles where contains(bytes, pattern) { hits[needle, default: []].append(name) }
        }
        return hits
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func crossing(_ dir: String, _ id: String) throws -> [String: Any] {
        let features = try #require(try json(dir + "/crossings.geojson")["features"] as? [[String: Any]])
        return try #require(features.compactMap { $0["properties"] as? [String: Any] }.first { $0["id"] as? String == id })
    }

    @Test func nothingOfARecordAboveTheShareLevelIsInAnyFile() throws {
        let input = try Self.seizureFile()
        defer { try? FileManager.default.removeItem(at: input) }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-share-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        func run(_ name: String, _ extra: [String]) throws -> String {
            let dir = base.appendingPathComponent(name).path
            let r = try CLI.run(
                ["analyze", SeizuresCommandTests.bundle, "--seizures", input.path, "--out", dir, "--quiet", "--format", "kml", "fgb", "shp"]
                    + extra)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            return dir
        }
        // The control: unshared, every needle is somewhere, and the files are marked RED.
        let open = try run("open", [])
        let control = try Self.found(in: open)
        for (needle, _) in Self.needles where !needle.hasSuffix("BE") {
            #expect(control[needle] != nil, "control run: \(needle) not found, so the search proves nothing")
        }
        #expect(try String(contentsOfFile: open + "/MARKING.txt", encoding: .utf8).hasPrefix("TLP:RED\n"))

        for mode in ["withhold", "aggregate"] {
            let dir = try run(mode, ["--share-level", "GREEN", "--share-mode", mode])
            let leaks = try Self.found(in: dir)
            #expect(leaks.isEmpty, "\(mode): \(leaks)")
            let files = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(files.contains("map.html") && files.contains("chokepoint.gpkg") && files.contains("crossings.kml") && files.contains("seizures.stix.json"))
            // Withheld, only CLEAR records are left; aggregated, what they weigh in is marked
            // at the share level.
            let marking = mode == "withhold" ? "TLP:CLEAR" : "TLP:GREEN"
            let metadata = try #require(try Self.json(dir + "/crossings.geojson")["metadata"] as? [String: Any])
            #expect(metadata["tlp"] as? String == marking, "\(mode)")
            let handling = try #require(metadata["handling"] as? [String: Any])
            #expect(handling["share_level"] as? String == "TLP:GREEN" && handling["share_mode"] as? String == mode)
            #expect(handling["records_above_share_level"] as? Int == 2, "\(mode)")
            #expect(try String(contentsOfFile: dir + "/MARKING.txt", encoding: .utf8).hasPrefix("\(marking)\n"), "\(mode)")
            // Banners: first and last lines of report.md, top and bottom of map.svg and map.html.
            let report = try String(contentsOfFile: dir + "/report.md", encoding: .utf8).split(separator: "\n")
            for line in [report.first, report.last] {
                #expect(line?.hasPrefix("**\(marking)**") == true && line?.contains("Written to be shared at TLP:GREEN: 2 seizure record(s)") == true, "\(mode): \(line ?? "")")
            }
            let svg = try String(contentsOfFile: dir + "/map.svg", encoding: .utf8)
            #expect(svg.components(separatedBy: ">\(marking)<").count - 1 == 2, "\(mode): map.svg banners")
            let html = try String(contentsOfFile: dir + "/map.html", encoding: .utf8)
            #expect(html.components(separatedBy: "<div class=\"tlp-banner").count - 1 == 2, "\(mode): map.html banners")
            #expect(html.components(separatedBy: "<b>\(marking)</b>").count - 1 == 2, "\(mode): map.html banner text")
        }
        // Aggregate keeps the unnamed records' weight: Muang Mom's evidence is larger than when
        // they are withheld, and the crossing says how many of its records go unnamed.
        let withheld = try Self.crossing(base.appendingPathComponent("withhold").path, "x-muang-mom")
        let aggregated = try Self.crossing(base.appendingPathComponent("aggregate").path, "x-muang-mom")
        let e0 = try #require(withheld["evidence"] as? Double), e1 = try #require(aggregated["evidence"] as? Double)
        #expect(e1 > e0)
        #expect(aggregated["unnamed_seizures"] as? Int ?? 0 >= 1 && withheld["unnamed_seizures"] == nil)
        #expect(aggregated["tlp"] as? String == "TLP:GREEN" && withheld["tlp"] as? String == "TLP:CLEAR")
    }

    @Test func aggregateRefusesToShowTheDateOfANewestRecordItMayNotName() throws {
        // The RED record is the newest: the evidence would be weighed as of its date.
        let input = try Self.seizureFile(redDate: "2026-06-01")
        defer { try? FileManager.default.removeItem(at: input) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-asof-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = ["analyze", SeizuresCommandTests.bundle, "--seizures", input.path, "--out", dir, "--quiet", "--share-level", "GREEN"]
        let refused = try CLI.run(base + ["--share-mode", "aggregate"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("field \"evidence.as_of\"") && refused.stderr.contains("--set evidence.as_of=YYYY-MM-DD, on or after 2026-06-01"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/manifest.json"))
        // With a date of the analyst's, or withheld, it runs; the date shown is not the record's.
        let dated = try CLI.run(base + ["--share-mode", "aggregate", "--set", "evidence.as_of=2026-06-30"])
        #expect(dated.status == 0, "\(dated.stderr)")
        #expect(try Self.found(in: dir).isEmpty)
        #expect(!(try String(contentsOfFile: dir + "/report.md", encoding: .utf8)).contains("2026-06-01"))
        let withheld = try CLI.run(base)
        #expect(withheld.status == 0, "\(withheld.stderr)")
    }

    @Test func seizuresAtAShareLevelWritesNoRecordAboveItNorInItsSTIXBundle() throws {
        let input = try Self.seizureFile()
        defer { try? FileManager.default.removeItem(at: input) }
        let stix = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-\(UUID().uuidString).stix.json").path
        defer { try? FileManager.default.removeItem(atPath: stix) }
        let open = try CLI.run(["seizures", "--bundle", SeizuresCommandTests.bundle, "--format", "csv", input.path])
        #expect(open.status == 0 && open.stdout.contains(Self.redID) && open.stdout.contains(",TLP:RED\n"))
        let r = try CLI.run(["seizures", "--bundle", SeizuresCommandTests.bundle, "--format", "csv", "--share-level", "GREEN", "--stix", stix, input.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains(" 2 withheld above the share level, "), "\(r.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: stix)))
        for (needle, pattern) in Self.needles {
            #expect(!Self.contains(Array((r.stdout + r.stderr).utf8), pattern) && !Self.contains(bytes, pattern), "\(needle)")
        }
        let objects = try #require(try Self.json(stix)["objects"] as? [[String: Any]])
        let markings = Set(objects.filter { $0["type"] as? String == "marking-definition" }.compactMap { $0["name"] as? String })
        #expect(markings == ["TLP:CLEAR"])
        let sightings = objects.filter { $0["type"] as? String == "sighting" }.count
        #expect(sightings == r.stdout.split(separator: "\n").count - 1)
    }

    @Test func evidenceRowsAndLayerCarryTheMarkingOfTheRecordsBehindThem() throws {
        let input = try Self.seizureFile()
        defer { try? FileManager.default.removeItem(at: input) }
        let r = try CLI.run(["evidence", SeizuresCommandTests.bundle, "--seizures", input.path, "--top", "1000", "--format", "geojson"])
        #expect(r.status == 0, "\(r.stderr)")
        let layer = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((layer["metadata"] as? [String: Any])?["tlp"] as? String == "TLP:RED")
        let rows = try #require(layer["features"] as? [[String: Any]]).compactMap { $0["properties"] as? [String: Any] }
        let muangMom = try #require(rows.first { $0["id"] as? String == "x-muang-mom" })
        #expect(muangMom["tlp"] as? String == "TLP:RED")
        // Far from the two marked records, only the bundle's CLEAR ones weigh.
        let laoBao = try #require(rows.first { $0["id"] as? String == "x-lao-bao" })
        #expect(laoBao["tlp"] as? String == "TLP:CLEAR")
    }

    @Test func everyLocatedTableHasLonAndLat() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-lonlat-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", dir, "--quiet", "--candidates", "--controls", "2", "--close", "x-muang-mom"])
        #expect(r.status == 0, "\(r.stderr)")
        for table in ["crossings", "candidates", "controls", "displacement"] {
            let geojson = try #require(try Self.json(dir + "/\(table).geojson")["features"] as? [[String: Any]])
            let positions = Dictionary(
                geojson.compactMap { f -> (String, [Double])? in
                    guard let id = (f["properties"] as? [String: Any])?["id"] as? String,
                        let c = (f["geometry"] as? [String: Any])?["coordinates"] as? [Double]
                    else { return nil }
                    return (id, c)
                }, uniquingKeysWith: { a, _ in a })
            let lines = try String(contentsOfFile: dir + "/\(table).csv", encoding: .utf8).split(separator: "\n")
            let header = lines[0].split(separator: ",").map(String.init)
            let id = try #require(header.firstIndex(of: "id")), lon = try #require(header.firstIndex(of: "lon"), "\(table)")
            let lat = try #require(header.firstIndex(of: "lat"), "\(table)")
            #expect(lines.count - 1 == positions.count, "\(table)")
            for line in lines.dropFirst() {
                let fields = Self.csvFields(String(line))
                let p = try #require(positions[fields[id]], "\(table): \(fields[id])")
                // The GeoJSON geometry is rounded to 6 decimals (about 0.1 m); the table keeps every digit.
                let x = try #require(Double(fields[lon])), y = try #require(Double(fields[lat]))
                #expect(abs(x - p[0]) <= 5e-7 && abs(y - p[1]) <= 5e-7, "\(table): \(fields[id]) \(x),\(y) vs \(p)")
            }
        }
    }

    /// One CSV record's fields (RFC 4180 quoting; no newline inside a field here).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(field); field = "" } else { field.append(c) }
        }
        fields.append(field)
        return fields
    }
}

/// map.html inlines Debian's Leaflet; without it the run fails naming what is missing, and
/// the folder is left as it was (the output set is committed only when every file is written).
@Suite struct MapHTMLLeafletTests {
    @Test func missingLeafletIsAClearErrorAndNothingIsWritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-noleaflet-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", dir, "--quiet"], environment: ["CHOKEPOINT_LEAFLET_DIR": "/nonexistent/leaflet"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/nonexistent/leaflet/leaflet.min.js") && r.stderr.contains("libjs-leaflet"), "\(r.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).isEmpty)
    }

    @Test func thePageHoldsLeafletItsNoticeAndAPolicyThatFetchesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-maphtml-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["analyze", SeizuresCommandTests.bundle, "--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: dir + "/map.html", encoding: .utf8)
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-"))
        #expect(html.contains("Copyright (c) 2010-2019, Vladimir Agafonkin") && html.contains("Redistributions in binary form must reproduce"))
        // Nothing in the markup that would make a browser reach out (Leaflet's own attribution
        // link is in its script, and the page turns it off), and no source map.
        let markup = String(html[..<(html.range(of: "<script")?.lowerBound ?? html.endIndex)])
        #expect(!markup.contains("src=\"http") && !markup.contains("href=\"http") && !html.contains("sourceMappingURL="))
        #expect(!html.contains("url(images/"))
    }
}
