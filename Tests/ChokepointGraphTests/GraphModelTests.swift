import ChokepointGraph
import ChokepointSupport
import Foundation
import Testing

@Suite("Graph model, node costs, closures and the CSV loader")
struct GraphModelTests {
    /// a —1— b —1— c, and a —5— c; b has a pass-through cost.
    func triangle(nodeCostOfB: Double) throws -> WeightedGraph {
        let graph = try Graph(
            nodeIDs: ["a", "b", "c"],
            edges: [(0, 1, false), (1, 2, false), (0, 2, false)],
            edgeIDs: ["ab", "bc", "ac"], edgeColumns: ["w": [1, 1, 5]])
        return try graph.weighted(by: "w", nodeCost: [0, nodeCostOfB, 0])
    }

    @Test("A node cost is paid when passing through, not at the ends")
    func nodeCosts() throws {
        let cheap = try triangle(nodeCostOfB: 2)
        #expect(cheap.dijkstra(from: 0).distance == [0, 1, 4])  // a→b→c = 1 + 2 + 1
        #expect(cheap.dijkstra(from: 1).distance == [1, 0, 1])  // starting at b costs nothing
        let dear = try triangle(nodeCostOfB: 4)
        let tree = dear.dijkstra(from: 0)
        #expect(tree.distance[2] == 5)  // a→c directly (ties 1+4+1=6 lose)
        #expect(tree.path(to: 2)?.nodes == [0, 2])
        // Symmetric: c→a costs the same as a→c.
        #expect(dear.dijkstra(from: 2).distance[0] == 5)
        #expect(throws: GraphError.self) { try dear.graph.weighted(by: "w", nodeCost: [0, -1, 0]) }
    }

    @Test("Closing a node or an edge reroutes without rebuilding; the cheapest open parallel edge is used")
    func closures() throws {
        // Two parallel links a–b (road 3, river 2) and a detour a–c–b.
        let graph = try Graph(
            nodeIDs: ["a", "b", "c"],
            edges: [(0, 1, false), (0, 1, false), (0, 2, false), (2, 1, false)],
            edgeIDs: ["road", "river", "ac", "cb"], edgeColumns: ["time": [3, 2, 2, 2]])
        let g = try graph.weighted(by: "time")
        #expect(g.dijkstra(from: 0).distance[1] == 2)
        #expect(g.dijkstra(from: 0).path(to: 1)?.edges == [1])
        var closures = Closures(for: graph)
        closures.close(edge: 1)
        #expect(g.dijkstra(from: 0, closures: closures).distance[1] == 3)
        closures.close(edge: 0)
        #expect(g.dijkstra(from: 0, closures: closures).distance[1] == 4)
        closures.close(node: 2)
        #expect(g.dijkstra(from: 0, closures: closures).distance[1] == .infinity)
        #expect(g.dijkstra(from: 0, closures: closures).path(to: 1) == nil)
        closures.reopen(edge: 1)
        #expect(g.dijkstra(from: 0, closures: closures).distance[1] == 2)
    }

    @Test("Directed and undirected edges mix; betweenness then counts ordered pairs")
    func mixedDirections() throws {
        // a → b one way, b — c both ways.
        let graph = try Graph(nodeIDs: ["a", "b", "c"], edges: [(0, 1, true), (1, 2, false)], edgeColumns: ["w": [1, 1]])
        #expect(!graph.isUndirected)
        let g = try graph.weighted(by: "w")
        #expect(g.dijkstra(from: 0).distance == [0, 1, 2])
        #expect(g.dijkstra(from: 2).distance == [.infinity, 1, 0])
        // Only the ordered pair (a, c) passes through b.
        #expect(try g.betweenness().node == [0, 1, 0])
    }

    @Test("Bad weights are named with their edge and column")
    func badWeights() throws {
        let graph = try Graph(nodeIDs: ["a", "b"], edges: [(0, 1, false)], edgeIDs: ["QL7"], edgeColumns: ["w": [-2], "t": [.nan]])
        #expect(throws: GraphError.invalidWeight(column: "w", edge: "QL7", value: -2)) { try graph.weighted(by: "w") }
        #expect(throws: GraphError.self) { try graph.weighted(by: "t") }
        #expect(throws: GraphError.unknownColumn("time", available: ["t", "w"])) { try graph.weighted(by: "time") }
        #expect(throws: GraphError.duplicateNode("a")) { try Graph(nodeIDs: ["a", "a"], edges: []) }
    }

    func network(nodes: String?, edges: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-net-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if let nodes { try nodes.write(toFile: "\(dir)/nodes.csv", atomically: true, encoding: .utf8) }
        try edges.write(toFile: "\(dir)/edges.csv", atomically: true, encoding: .utf8)
        return dir
    }

    @Test("The CSV loader reads ids, quoted fields, numeric and text columns")
    func loader() throws {
        let dir = try network(
            nodes: "id,lon,lat\nHouayxay,100.41,20.28\n\"Ban Boten, LA\",101.67,21.19\nLuang Prabang,102.13,19.89\n",
            edges: "id,from,to,mode,time_h,length_km,directed\nR3A,Houayxay,\"Ban Boten, LA\",road,4.5,228,false\n"
                + "MK,Houayxay,Luang Prabang,river,,300,true\r\n")
        let graph = try GraphCSVLoader.load(directory: dir)
        #expect(graph.nodeIDs == ["Houayxay", "Ban Boten, LA", "Luang Prabang"])
        #expect(graph.edgeIDs == ["R3A", "MK"])
        #expect(graph.edgeColumns.keys.sorted() == ["length_km", "time_h"])  // "mode" is text
        #expect(graph.edgeColumns["length_km"] == [228, 300])
        #expect(graph.edgeColumns["time_h"]?[1].isNaN == true)
        #expect(graph.edgeIsDirected == [false, true])
        #expect(graph.nodeLongitude == [100.41, 101.67, 102.13])
        // The empty time is reported when time_h is used as a weight.
        let error = #expect(throws: GraphError.self) { try graph.weighted(by: "time_h") }
        #expect(
            error?.description
                == "\(dir)/edges.csv:3: field \"time_h\": edge \"MK\": weight \"time_h\" is missing or not a number; weights must be finite and at least 0"
        )
    }

    @Test("A weight column with text, NaN, infinity or a decimal comma names its first such cell")
    func textWeightColumn() throws {
        for (cell, line) in [("nan", 3), ("inf", 3), ("\"1,5\"", 3), ("fast", 4), ("-1e400", 4)] {
            let rows = line == 3 ? "a,b,1\nb,c,\(cell)\n" : "a,b,1\nb,c,2\nc,d,\(cell)\n"
            let dir = try network(nodes: nil, edges: "from,to,w\n" + rows)
            let graph = try GraphCSVLoader.load(directory: dir)
            let error = #expect(throws: GraphError.self) { try graph.weighted(by: "w") }
            let shown = cell.replacingOccurrences(of: "\"", with: "")
            #expect(error?.description.hasPrefix("column \"w\" is not numeric: \(dir)/edges.csv:\(line): field \"w\": ") == true, "\(cell)")
            #expect(error?.description.contains("\"\(shown)\"") == true, "\(error?.description ?? "")")
        }
        // A negative weight names the file, line and field too.
        let dir = try network(nodes: nil, edges: "id,from,to,w\nQL1,a,b,1\nQL7,b,c,-2\n")
        let error = #expect(throws: GraphError.self) { try GraphCSVLoader.load(directory: dir).weighted(by: "w") }
        #expect(
            error?.description
                == "\(dir)/edges.csv:3: field \"w\": edge \"QL7\": weight \"w\" is negative (-2.0); weights must be finite and at least 0")
    }

    @Test(
        "Loader errors name the file, line and field",
        arguments: [
            (nil, "from,to,w\na,b,1\nb,c,x\nc,d,\n", "", ""),  // text column is fine
            ("id\na\nb\n", "from,to,w\na,b,1\nb,z,2\n", "edges.csv:3: field \"to\"", "node \"z\" is not in nodes.csv"),
            ("id\na\na\n", "from,to\na,a\n", "nodes.csv:3: field \"id\"", "defined twice"),
            (nil, "from,w\na,1\n", "edges.csv:1: field \"to\"", "missing column"),
            (nil, "from,to,w\na,b,1,2\n", "edges.csv:2", "expected 3 fields"),
            (nil, "from,to,directed\na,b,maybe\n", "edges.csv:2: field \"directed\"", "expected true or false"),
            ("id,lon,lat\na,20.4,100.4\n", "from,to\na,a\n", "nodes.csv:2: field \"lat\"", "swapped"),
            (nil, "from,to,note\na,b,\"unclosed\n", "edges.csv:2", "never closed"),
            (nil, "id,from,to\ne1,a,b\ne1,b,c\n", "edges.csv:3: field \"id\"", "defined twice"),
            // With nodes.csv both files are read at once and endpoints resolved afterwards: the
            // first bad line is still the one reported, whichever kind of error it has.
            ("id\na\nb\n", "from,to,directed\na,z,true\nb,a,maybe\n", "edges.csv:2: field \"to\"", "node \"z\" is not in nodes.csv"),
            ("id\na\nb\n", "from,to,directed\na,b,maybe\nb,z,true\n", "edges.csv:2: field \"directed\"", "expected true or false"),
            ("id\na\n", "from,to\na,a\nq,a\n", "edges.csv:3: field \"from\"", "node \"q\" is not in nodes.csv"),
            ("id\na\n", "from,to\na,\n", "edges.csv:2: field \"to\"", "empty node id"),
            ("id\na\n", "from,to\na, \n", "edges.csv:2: field \"to\"", "node \" \" is not in nodes.csv"),
            ("id\na\na\n", "from,to\na,z\n", "nodes.csv:3: field \"id\"", "defined twice"),
        ] as [(String?, String, String, String)])
    func loaderErrors(nodes: String?, edges: String, location: String, fragment: String) throws {
        let dir = try network(nodes: nodes, edges: edges)
        if location.isEmpty {
            #expect(try GraphCSVLoader.load(directory: dir).edgeColumns["w"] == nil)
            return
        }
        do {
            _ = try GraphCSVLoader.load(directory: dir)
            Issue.record("accepted \(edges)")
        } catch {
            #expect(error.description.contains("\(dir)/\(location)"), "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }
}
