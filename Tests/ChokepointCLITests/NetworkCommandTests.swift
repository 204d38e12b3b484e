import Foundation
import Testing

/// The network commands, run as a process on the NetworkX fixture files.
@Suite("chokepoint paths, centrality, cut, interdict")
struct NetworkCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ChokepointGraphTests/Fixtures/networkx")

    func network(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    func expected(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("\(name)/expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func json(_ r: CLI.Result) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "\(r.stderr)")
    }

    @Test("Every network subcommand has --help", arguments: ["paths", "centrality", "cut", "interdict"])
    func help(subcommand: String) throws {
        let r = try CLI.run([subcommand, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--network"))
    }

    @Test("Betweenness printed by default exactly as NetworkX's (normalized=False)", arguments: ["grid", "directed", "multigraph"])
    func betweenness(name: String) throws {
        let r = try CLI.run(["centrality", "--network", network(name), "--weight", "weight"])
        #expect(r.status == 0)
        let rows = try json(r)
        let reference = try #require(try expected(name)["betweenness"] as? [String: NSNumber])
        #expect(rows.count == reference.count)
        for row in rows {
            let id = try #require(row["id"] as? String)
            let value = try #require((row["betweenness"] as? NSNumber)?.doubleValue)
            #expect(abs(value - reference[id]!.doubleValue) <= 1e-9 * max(1, value))
        }
        // Ranked highest first.
        let values = rows.map { ($0["betweenness"] as! NSNumber).doubleValue }
        #expect(values == values.sorted(by: >))
        let normalized = try json(CLI.run(["centrality", "--network", network(name), "--weight", "weight", "--normalized"]))
        let referenceNormalized = try #require(try expected(name)["betweenness_normalized"] as? [String: NSNumber])
        for row in normalized {
            let value = (row["betweenness"] as! NSNumber).doubleValue
            #expect(abs(value - referenceNormalized[row["id"] as! String]!.doubleValue) <= 1e-9)
        }
    }

    @Test("paths: k costs as NetworkX, in rank order; csv has the same rows")
    func paths() throws {
        let spec = try #require(try expected("geometric")["k_shortest"] as? [String: Any])
        let costs = (spec["paths"] as! [[String: Any]]).map { ($0["cost"] as! NSNumber).doubleValue }
        let args = ["paths", "--network", network("geometric"), "--weight", "weight",
                    "--from", spec["source"] as! String, "--to", spec["target"] as! String, "-k", "5"]
        let rows = try json(CLI.run(args))
        #expect(rows.map { $0["rank"] as! Int } == [1, 2, 3, 4, 5])
        for (row, cost) in zip(rows, costs) { #expect(abs((row["cost"] as! NSNumber).doubleValue - cost) < 1e-9) }
        let csv = try CLI.run(args + ["--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 6)
        #expect(csv.stdout.hasPrefix("source,target,rank,status,cost,nodes,edges\n"))
    }

    @Test("paths: an unreachable pair is an explicit no-path row, not an error")
    func noPath() throws {
        let rows = try json(CLI.run(["paths", "--network", network("disconnected"), "--weight", "weight",
                                     "--from", "c0_0", "--to", "isolated"]))
        #expect(rows.count == 1)
        #expect(rows[0]["status"] as? String == "no path")
        #expect(rows[0]["rank"] is NSNull)
    }

    @Test("cut: value equal to NetworkX's max-flow; output written atomically to --output")
    func cut() throws {
        let spec = try #require(try expected("grid")["max_flow"] as? [String: Any])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-cut-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("cut.json").path
        let r = try CLI.run(["cut", "--network", network("grid"), "--capacity", "capacity",
                             "--from", spec["source"] as! String, "--to", spec["target"] as! String, "--output", output])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let value = (spec["value"] as! NSNumber).doubleValue
        #expect(r.stderr.contains("max flow \(String(format: "%.6f", value))"))
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [[String: Any]])
        let total = rows.reduce(0.0) { $0 + ($1["capacity"] as! NSNumber).doubleValue }
        #expect(abs(total - value) < 1e-9)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["cut.json"])
    }

    @Test("interdict: marginal effects add up to the final disruption")
    func interdict() throws {
        let r = try CLI.run(["interdict", "--network", network("grid"), "--weight", "weight", "--from", "0_0", "--to", "5_5", "-k", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try json(r)
        #expect(rows.count == 3)
        let baseline = try #require(r.stderr.split(separator: " ").firstIndex(of: "cost").map { Double(r.stderr.split(separator: " ")[$0 + 1].dropLast())! })
        var cost = baseline
        var unserved = 0.0
        for row in rows {
            cost += (row["marginal_cost"] as! NSNumber).doubleValue
            unserved += (row["marginal_unserved"] as! NSNumber).doubleValue
            #expect(abs(cost - (row["cost"] as! NSNumber).doubleValue) < 1e-6)
            #expect(unserved == (row["unserved"] as! NSNumber).doubleValue)
        }
    }

    @Test("Bad input is a clear error with a non-zero exit", arguments: [
        (["centrality", "--weight", "time"], "no numeric column \"time\""),
        (["paths", "--weight", "weight", "--from", "0_0", "--to", "nowhere"], "unknown node \"nowhere\""),
        (["paths", "--weight", "weight", "--from", "0_0", "--to", "5_5", "-k", "0"], "-k must be at least 1"),
        (["cut", "--from", "0_0", "--to", "5_5"], "Give --capacity, --node-capacity or both"),
        (["centrality", "--weight", "weight", "--format", "geojson"], "needs lon and lat"),
        (["centrality", "--weight", "weight", "--samples", "1"], "between 2 and the number of nodes"),
    ])
    func errors(arguments: [String], message: String) throws {
        let r = try CLI.run(arguments + ["--network", network("grid")])
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("centrality --measure route --dispersion spreads each pair over its routes by logit choice")
    func logitRouteFlow() throws {
        // s → a → t costs 2, s → b → t costs 3: with μ = 1, a carries 1 / (1 + e^−1) of the pair.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-logit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "from,to,w,directed\ns,a,1,true\na,t,1,true\ns,b,1,true\nb,t,2,true\n".write(
            to: dir.appendingPathComponent("edges.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["centrality", "--network", dir.path, "--weight", "w", "--measure", "route", "--from", "s", "--to", "t",
                             "--dispersion", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try json(r)
        let flow = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as? String ?? "", ($0["route"] as? NSNumber)?.doubleValue ?? -1) })
        #expect(abs((flow["a"] ?? 0) - 1 / (1 + exp(-1.0))) < 1e-9 && abs((flow["b"] ?? 0) - 1 / (1 + exp(1.0))) < 1e-9)
        let shortest = try json(try CLI.run(["centrality", "--network", dir.path, "--weight", "w", "--measure", "route",
                                             "--from", "s", "--to", "t"]))
        #expect(shortest.first { ($0["id"] as? String) == "b" }?["route"] as? NSNumber == 0)
        let refused = try CLI.run(["centrality", "--network", dir.path, "--weight", "w", "--dispersion", "1"])
        #expect(refused.status != 0 && refused.stderr.contains("--dispersion"))
    }

    @Test("A missing network directory is named")
    func missingNetwork() throws {
        let r = try CLI.run(["centrality", "--network", "/nonexistent-net", "--weight", "w"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent-net/edges.csv"))
    }

    @Test("GeoJSON output: paths as LineStrings through the nodes' coordinates, rankings as Points")
    func geojsonOutput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-geo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id,lon,lat\nHouayxay,100.4124,20.2761\nLuang Prabang,102.1347,19.8856\nSam Neua,104.0439,20.4159\n"
            .write(to: dir.appendingPathComponent("nodes.csv"), atomically: true, encoding: .utf8)
        try "id,from,to,time_h\nNR3-13,Houayxay,Luang Prabang,6.5\nNR13-6,Luang Prabang,Sam Neua,9\n"
            .write(to: dir.appendingPathComponent("edges.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["paths", "--network", dir.path, "--weight", "time_h", "--from", "Houayxay", "--to", "Sam Neua", "--format", "geojson"])
        #expect(r.status == 0, "\(r.stderr)")
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        let feature = try #require((collection["features"] as? [[String: Any]])?.first)
        let geometry = try #require(feature["geometry"] as? [String: Any])
        #expect(geometry["type"] as? String == "LineString")
        #expect(geometry["coordinates"] as? [[Double]] == [[100.4124, 20.2761], [102.1347, 19.8856], [104.0439, 20.4159]])
        #expect((feature["properties"] as? [String: Any])?["cost"] as? Double == 15.5)
        let c = try CLI.run(["centrality", "--network", dir.path, "--weight", "time_h", "--format", "geojson"])
        let points = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
        let first = try #require((points["features"] as? [[String: Any]])?.first)
        #expect((first["geometry"] as? [String: Any])?["type"] as? String == "Point")
        #expect((first["properties"] as? [String: Any])?["id"] as? String == "Luang Prabang")
        #expect((first["properties"] as? [String: Any])?["betweenness"] as? Double == 1)
    }
}
