import ArgumentParser
import ChokepointGeo
import ChokepointGraph

extension Chokepoint {
    struct Paths: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The k cheapest loopless paths between nodes of a plain network (Yen).",
            discussion: """
                One list entry per path: source, target, rank, cost, nodes, edges. A pair with no \
                path gets one entry with status "no path" (and the exit status stays 0). \
                  chokepoint paths --network net --weight time_h --from Houayxay --to Vinh -k 5
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var net: NetworkOptions
        @OptionGroup var out: OutputOptions
        @OptionGroup var ends: EndpointOptions

        @Option(help: "Numeric edges.csv column to minimise (time, length, generalised cost).")
        var weight: String

        @Option(name: .short, help: "Paths per source–target pair.")
        var k: Int = 1

        @Option(
            help: ArgumentHelp(
                "Keep only paths sharing at most this fraction of their length (by --weight) with better-ranked ones.",
                valueName: "fraction"))
        var diverse: Double?

        func validate() throws {
            guard k >= 1 else { throw ValidationError("-k must be at least 1, got \(k).") }
            if let diverse, !(0...1).contains(diverse) { throw ValidationError("--diverse must be between 0 and 1, got \(diverse).") }
        }

        func run() throws {
            global.bootstrapLogging()
            let graph = try net.load()
            let g = try net.weighted(graph, by: weight)
            let closures = try net.closures(for: graph)
            var table = ResultTable(columns: ["source", "target", "rank", "status", "cost", "nodes", "edges"])
            for s in try ends.sources(in: graph) {
                for t in try ends.targets(in: graph) where s != t {
                    let paths =
                        diverse.map { g.diversePaths(from: s, to: t, k: k, maxSharedFraction: $0, closures: closures) }
                        ?? g.kShortestPaths(from: s, to: t, k: k, closures: closures)
                    let pair: JSONObject = ["source": .string(graph.nodeIDs[Int(s)]), "target": .string(graph.nodeIDs[Int(t)])]
                    if paths.isEmpty {
                        var row = pair
                        row["rank"] = .null
                        row["status"] = "no path"
                        row["cost"] = .null
                        row["nodes"] = []
                        row["edges"] = []
                        table.append(row, geometry: nil)
                    }
                    for (i, p) in paths.enumerated() {
                        var row = pair
                        row["rank"] = .integer(Int64(i + 1))
                        row["status"] = "ok"
                        row["cost"] = .number(p.cost)
                        row["nodes"] = .array(p.nodes.map { .string(graph.nodeIDs[Int($0)]) })
                        row["edges"] = .array(p.edges.map { .string(graph.edgeIDs[Int($0)]) })
                        table.append(row, geometry: graph.line(p.nodes))
                    }
                }
            }
            if out.format == .geojson { table.rows.removeAll { $0.values["status"] == "no path" } }
            try table.write(out)
        }
    }
}
