import Foundation
import Testing

/// An analyst's own files through the main job: `analyze --seizures`, the simulator's
/// synthetic seizures and truth, and what the exported tables say about each row.
@Suite struct AnalystFilesTests {
    static var bundle: String { SeizuresCommandTests.bundle }

    static func temporaryDirectory(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-\(label)-\(UUID().uuidString)").path
    }

    /// Rows of a CSV written by chokepoint (RFC 4180 quoting), keyed by header.
    static func table(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String]] = [], field = "", record: [String] = [], quoted = false
        var chars = Array(text).makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            if n == "," {
                                record.append(field); field = ""
                            } else if n == "\n" {
                                record.append(field); records.append(record); record = []; field = ""
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); records.append(record); record = []; field = ""
            } else {
                field.append(c)
            }
        }
        guard let header = records.first else { return [] }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func analyzeTakesTheAnalystsSeizureFileInsteadOfTheBundles() throws {
        let dir = Self.temporaryDirectory("byo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // One seizure 300 m from the Tay Trang gate (102.83117 E, 21.24792 N): it must be the
        // only evidence, and on that crossing.
        let input = try SeizuresCommandTests.file(
            """
            id,date,lon,lat,location_precision,commodity,amount,unit,agency,source
            mine-1,2025-05-01,102.83117,21.2506,exact,heroin,20,kg,test,hand-made test row

            """)
        defer { try? FileManager.default.removeItem(at: input) }
        let run = try CLI.run(["analyze", Self.bundle, "--seizures", input.path, "--out", dir])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(": 1 seizures"))
        let crossings = try Self.table(dir + "/crossings.csv")
        let tayTrang = try #require(crossings.first { $0["id"] == "x-tay-trang" })
        #expect(tayTrang["seizures"] == "mine-1")
        #expect(Double(tayTrang["evidence"] ?? "") ?? 0 > 0)
        #expect(crossings.filter { $0["id"] != "x-tay-trang" }.allSatisfy { $0["seizures"] == "" })

        let missing = try CLI.run(["analyze", Self.bundle, "--seizures", dir + "/nope.csv", "--out", dir + "/x"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.csv"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/x/crossings.csv"))

        // A file with no usable record fails unless the analyst says --allow-empty; one that
        // cannot be read at all (a directory, broken JSON) always fails, naming it.
        let empty = try SeizuresCommandTests.file("id,date,lon,lat,location_precision,commodity,amount,unit,agency,source\n")
        let broken = URL(fileURLWithPath: empty.path + ".geojson")
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","#.utf8).write(to: broken)
        defer {
            try? FileManager.default.removeItem(at: empty)
            try? FileManager.default.removeItem(at: broken)
        }
        let refused = try CLI.run(["analyze", Self.bundle, "--seizures", empty.path, "--out", dir + "/e", "--quiet"])
        #expect(refused.status != 0 && refused.stderr.contains(empty.lastPathComponent) && refused.stderr.contains("--allow-empty"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/e/crossings.csv"))
        let allowed = try CLI.run(["analyze", Self.bundle, "--seizures", empty.path, "--out", dir + "/e", "--quiet", "--allow-empty"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        for unreadable in [broken.path, dir] {
            for command in [
                ["analyze", Self.bundle, "--seizures", unreadable, "--out", dir + "/u", "--allow-empty"],
                ["seizures", "--bundle", Self.bundle, unreadable, "--allow-empty"],
            ] {
                let run = try CLI.run(command)
                #expect(run.status != 0 && run.stderr.contains(unreadable), "\(command): \(run.stderr)")
            }
        }
        let noRows = try CLI.run(["seizures", "--bundle", Self.bundle, empty.path])
        #expect(noRows.status != 0 && noRows.stderr.contains("holds no seizure rows"))

        // --out naming a file: a sentence with the path and the reason, no Foundation error code.
        let notAFolder = try CLI.run(["analyze", Self.bundle, "--out", empty.path, "--quiet"])
        #expect(notAFolder.status != 0)
        #expect(notAFolder.stderr.contains("\(empty.path) exists and is a file, not a folder"), "\(notAFolder.stderr)")
        #expect(!notAFolder.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func simulatorWritesSyntheticSeizuresAnalystsCanReadBack() throws {
        let dir = Self.temporaryDirectory("sim")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for run in ["a", "b"] {
            let result = try CLI.run([
                "simulate", Self.bundle, "--runs", "1", "--seed", "5", "--truth-seizures", "40", "--noise-seizures", "10",
                "--seizures-out", "\(dir)/\(run)-seizures.csv", "--truth-out", "\(dir)/\(run)-truth.csv", "--format", "csv",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        for name in ["seizures", "truth"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a-\(name).csv"))
                    == Data(contentsOf: URL(fileURLWithPath: "\(dir)/b-\(name).csv")))
        }
        let seizures = try Self.table(dir + "/a-seizures.csv")
        #expect(seizures.count == 50)
        #expect(seizures.allSatisfy { ($0["source"] ?? "").hasPrefix("SYNTHETIC") && ($0["notes"] ?? "").hasPrefix("SYNTHETIC") })
        #expect(seizures.filter { ($0["id"] ?? "").hasPrefix("sim-noise-") }.count == 10)
        // The seizure reader accepts every row, strictly.
        let check = try CLI.run(["seizures", "--bundle", Self.bundle, "--strict", "--format", "csv", dir + "/a-seizures.csv"])
        #expect(check.status == 0, "\(check.stderr)")
        let truth = try Self.table(dir + "/a-truth.csv")
        #expect(truth.count == 60)
        // The demand all crosses some border: the truth must carry flow on some crossing.
        #expect(truth.contains { Double($0["true_flow"] ?? "") ?? 0 > 0 })
    }

    /// A seizure sheet saved by a Windows spreadsheet (code page 1252): read as UTF-8 it fails
    /// at the byte, naming line and column; with --encoding windows-1252 the place resolves.
    /// A Latin-1 byte in a bundle table fails validate and analyze alike.
    @Test func encodingsOtherThanUTF8AreRefusedOrReadWhenNamed() throws {
        let dir = Self.temporaryDirectory("encoding")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let header = "id,date,date_precision,place,lon,lat,location_precision,commodity,amount,unit,mode,agency,source,notes\n"
        let row = "w1,2024-05-02,day,Ban Bot\u{E8}n,,,town,heroin,2,kg,,Douane,SYNTHETIC test row,\n"
        var bytes = Array(header.utf8)
        for scalar in row.unicodeScalars { bytes.append(UInt8(scalar.value)) }  // every scalar < 256: Windows-1252 bytes
        let sheet = dir + "/sheet.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: sheet))

        let refused = try CLI.run(["seizures", "--bundle", Self.bundle, "--format", "csv", sheet])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("sheet.csv:2:26: not UTF-8: byte 0xE8"), "\(refused.stderr)")
        let read = try CLI.run(["seizures", "--bundle", Self.bundle, "--encoding", "windows-1252", "--format", "csv", sheet])
        #expect(read.status == 0, "\(read.stderr)")
        let rows = read.stdout.split(separator: "\n")
        #expect(rows.count == 2 && rows[1].contains(",la-ban-boten,town,"), "\(read.stdout)")
        let analyzed = try CLI.run(["analyze", Self.bundle, "--seizures", sheet, "--encoding", "cp1252", "--quiet", "--out", dir + "/out"])
        #expect(analyzed.status == 0, "\(analyzed.stderr)")

        let bundle = dir + "/bundle"
        try FileManager.default.copyItem(atPath: Self.bundle, toPath: bundle)
        var places = try Array(Data(contentsOf: URL(fileURLWithPath: bundle + "/places.csv")))
        let utf8E = try #require((0..<(places.count - 1)).first { places[$0] == 0xC3 && places[$0 + 1] == 0xA8 })  // the first è
        places.replaceSubrange(utf8E...(utf8E + 1), with: [0xE8])
        try Data(places).write(to: URL(fileURLWithPath: bundle + "/places.csv"))
        let line = places[..<utf8E].filter { $0 == 0x0A }.count + 1
        for command in [["validate", bundle], ["analyze", bundle, "--quiet", "--out", dir + "/out2"]] {
            let run = try CLI.run(command)
            #expect(run.status != 0, "\(command[0])")
            #expect((run.stdout + run.stderr).contains("places.csv:\(line):"), "\(command[0])")
            #expect((run.stdout + run.stderr).contains("not UTF-8: byte 0xE8"), "\(command[0])")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out2"))
    }

    @Test func exportsSayWhichCrossingsAreGeneratedAndWhichSeizuresMovedEachItem() throws {
        let dir = Self.temporaryDirectory("explain")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "the analyst's own file".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let run = try CLI.run(["analyze", Self.bundle, "--candidates", "--samples", "3", "--quiet", "--out", dir])
        #expect(run.status == 0, "\(run.stderr)")
        let crossings = try Self.table(dir + "/crossings.csv")
        let generated = crossings.filter { ($0["id"] ?? "").hasPrefix("cand-") }
        #expect(!generated.isEmpty)
        // Each candidate's flow comes with its interval over the refits.
        let candidates = try Self.table(dir + "/candidates.csv")
        #expect(candidates.count == generated.count)
        #expect(
            candidates.allSatisfy { c in
                guard let low = Double(c["flow_p05"] ?? ""), let high = Double(c["flow_p95"] ?? "") else { return false }
                return 0 <= low && low <= high
            })
        #expect(generated.allSatisfy { $0["type"] == "candidate" && $0["official"] == "false" })
        #expect(crossings.filter { !($0["id"] ?? "").hasPrefix("cand-") }.allSatisfy { $0["type"] != "candidate" })

        // Every province with evidence names the seizures behind it; one without names none.
        let provinces = try Self.table(dir + "/provinces.csv")
        for p in provinces {
            let evidence = Double(p["evidence"] ?? "") ?? 0
            #expect((evidence > 0) == !(p["seizure_ids"] ?? "").isEmpty, "\(p["id"] ?? "")")
        }
        // Each route carries its pair's demand, the same on every rank of the pair.
        let routes = try Self.table(dir + "/routes.csv")
        let demandByPair = Dictionary(grouping: routes) { "\($0["source"] ?? "")>\($0["target"] ?? "")" }.mapValues {
            Set($0.map { $0["demand"] ?? "" })
        }
        #expect(demandByPair.values.allSatisfy { $0.count == 1 && (Double($0.first ?? "") ?? 0) > 0 })
        // The overall rank is a permutation, most flow first; a route's flow is its pair's demand × its share.
        let overall = routes.compactMap { r in Int(r["overall_rank"] ?? "").map { ($0, Double(r["flow"] ?? "") ?? -1) } }
            .sorted { $0.0 < $1.0 }
        #expect(overall.map(\.0) == Array(1...routes.count))
        #expect(zip(overall, overall.dropFirst()).allSatisfy { a, b in a.1 >= b.1 })
        #expect(
            routes.allSatisfy { r in
                abs((Double(r["flow"] ?? "") ?? 0) - (Double(r["demand"] ?? "") ?? 0) * (Double(r["share"] ?? "") ?? 0)) <= 1e-9
                    * (Double(r["demand"] ?? "") ?? 1)
            })
        // Links name their seizures in the GeoJSON layer.
        let links = try String(contentsOfFile: dir + "/links.geojson", encoding: .utf8)
        #expect(links.contains("\"seizures\":\"la-"))

        // manifest.json, written last, lists every file of the set with its size and
        // SHA-256 (sha256sum's), and not the analyst's notes.
        func manifest() throws -> [String: (bytes: Int, sha256: String)] {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let files = try #require(object["files"] as? [[String: Any]])
            var out: [String: (bytes: Int, sha256: String)] = [:]
            for f in files { out[f["name"] as? String ?? ""] = (f["bytes"] as? Int ?? -1, f["sha256"] as? String ?? "") }
            return out
        }
        func folder() throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: dir)) }
        var listed = try manifest()
        var files = try folder()
        #expect(Set(listed.keys) == files.subtracting(["manifest.json", "notes.txt"]))
        #expect(listed["candidates.geojson"] != nil)
        let sums = try Self.sha256sum(dir, ["crossings.csv", "chokepoint.gpkg"])
        for (name, sum) in sums {
            #expect(listed[name]?.sha256 == sum, "\(name)")
            let size = try FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.size] as? Int
            #expect(listed[name]?.bytes == size, "\(name)")
        }

        // A run without --candidates replaces the whole set: the candidate layers go with
        // the manifest that listed them; the notes stay.
        let again = try CLI.run(["analyze", Self.bundle, "--quiet", "--out", dir])
        #expect(again.status == 0, "\(again.stderr)")
        listed = try manifest()
        files = try folder()
        #expect(Set(listed.keys) == files.subtracting(["manifest.json", "notes.txt"]))
        #expect(!files.contains("candidates.geojson") && !files.contains("candidates.csv"))
        #expect(files.contains("notes.txt"))
    }

    /// `sha256sum`'s digests of files in `dir`, an oracle independent of swift-crypto.
    static func sha256sum(_ dir: String, _ names: [String]) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = names.map { dir + "/" + $0 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var sums: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            sums[(String(parts[1]).trimmingCharacters(in: .whitespaces) as NSString).lastPathComponent] = String(parts[0])
        }
        #expect(sums.count == names.count)
        return sums
    }
}

/// Ctrl-C (SIGINT) and SIGTERM stop a run with 128 + the signal, say so, and leave no
/// unfinished file in the output folder.
@Suite struct InterruptTests {
    @Test(arguments: [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")])
    func interruptedRunsLeaveNoTemporaryFiles(signal: Int32, name: String) throws {
        let dir = AnalystFilesTests.temporaryDirectory("interrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["analyze", AnalystFilesTests.bundle, "--out", dir, "--samples", "500", "--quiet"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 4)
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal, "\(stderr)")
        #expect(stderr.contains("stopped by \(name)"), "\(stderr)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(left.allSatisfy { !$0.contains(".tmp") }, "\(left)")
    }
}

/// Progress on long steps: on a terminal, counters on stderr; in a pipe or with --quiet, nothing.
@Suite struct AnalyzeProgressTests {
    @Test func progressShowsOnATerminalOnly() throws {
        let dir = AnalystFilesTests.temporaryDirectory("progress")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // util-linux `script` gives the command a terminal and copies what it shows.
        let command = "\(CLI.executable.path) analyze \(AnalystFilesTests.bundle) --out \(dir)/tty --samples 3 > /dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["script", "-qec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let shown = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(shown.contains("weighing the evidence and routing the demand"))
        #expect(shown.contains("source→target pairs routed 399/400"))
        #expect(shown.contains("samples 2/3"))

        let piped = try CLI.run(["analyze", AnalystFilesTests.bundle, "--out", dir + "/pipe", "--samples", "3"])
        #expect(piped.status == 0 && piped.stderr.isEmpty, "\(piped.stderr)")
    }
}
