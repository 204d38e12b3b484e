import ChokepointGraph
import Foundation
import Testing

@Suite("Centralities against NetworkX fixtures")
struct CentralityFixtureTests {
    @Test("Node betweenness, raw and normalized", arguments: NetworkXFixture.names)
    func nodeBetweenness(name: String) throws {
        let f = try NetworkXFixture(name)
        let g = try f.graph.weighted(by: "weight")
        for (normalized, key) in [(false, "betweenness"), (true, "betweenness_normalized")] {
            let expected = try f.values(key)
            let result = try g.betweenness(normalized: normalized)
            #expect(expected.count == f.graph.nodeCount)
            for (id, value) in expected {
                let v = try #require(f.graph.node(id))
                #expect(close(result.node[Int(v)], value), "\(name) \(key) \(id): \(result.node[Int(v)]) vs \(value)")
            }
        }
    }

    @Test("Edge betweenness", arguments: NetworkXFixture.names)
    func edgeBetweenness(name: String) throws {
        let f = try NetworkXFixture(name)
        let result = try f.graph.weighted(by: "weight").betweenness()
        let expected = try f.values("edge_betweenness")
        #expect(expected.count == f.graph.edgeCount)
        let index = Dictionary(uniqueKeysWithValues: f.graph.edgeIDs.enumerated().map { ($1, $0) })
        for (id, value) in expected {
            let e = try #require(index[id])
            #expect(close(result.edge[e], value), "\(name) edge \(id): \(result.edge[e]) vs \(value)")
        }
    }

    @Test("Closeness and harmonic centrality", arguments: NetworkXFixture.names)
    func closenessHarmonic(name: String) throws {
        let f = try NetworkXFixture(name)
        let g = try f.graph.weighted(by: "weight")
        let closeness = g.closeness()
        let harmonic = g.harmonicCentrality()
        for (id, value) in try f.values("closeness") {
            let v = Int(try #require(f.graph.node(id)))
            #expect(close(closeness[v], value), "\(name) closeness \(id): \(closeness[v]) vs \(value)")
        }
        for (id, value) in try f.values("harmonic") {
            let v = Int(try #require(f.graph.node(id)))
            #expect(close(harmonic[v], value), "\(name) harmonic \(id): \(harmonic[v]) vs \(value)")
        }
    }

    @Test("Single-source distances", arguments: NetworkXFixture.names)
    func distances(name: String) throws {
        let f = try NetworkXFixture(name)
        let g = try f.graph.weighted(by: "weight")
        let all = try #require(f.expected["distances"] as? [String: [String: Any]])
        for (source, lengths) in all {
            let tree = g.dijkstra(from: try #require(f.graph.node(source)))
            let reached = tree.distance.filter(\.isFinite).count
            #expect(reached == lengths.count, "\(name) from \(source): reached \(reached), NetworkX \(lengths.count)")
            for (target, raw) in lengths {
                let d = try #require((raw as? NSNumber)?.doubleValue)
                let t = try #require(f.graph.node(target))
                #expect(close(tree.distance[Int(t)], d))
                // The reported path is real and costs what the distance says.
                let path = try #require(tree.path(to: t))
                var cost = 0.0
                for e in path.edges { cost += f.graph.edgeColumns["weight"]![Int(e)] }
                #expect(close(cost, d))
            }
        }
    }

    @Test("Route flows equal the brute-force split over all shortest paths",
          arguments: NetworkXFixture.simpleGraphs)
    func routeFlow(name: String) throws {
        let f = try NetworkXFixture(name)
        let spec = try #require(f.expected["route_flow"] as? [String: Any])
        let demands = try #require(spec["demands"] as? [[Any]]).map { row in
            Demand(source: f.graph.node(row[0] as! String)!, target: f.graph.node(row[1] as! String)!,
                   amount: (row[2] as! NSNumber).doubleValue)
        }
        let flow = try f.graph.weighted(by: "weight").routeBetweenness(demands)
        let nodes = try #require(spec["node"] as? [String: NSNumber])
        for (id, value) in nodes {
            let v = Int(try #require(f.graph.node(id)))
            #expect(close(flow.node[v], value.doubleValue), "\(name) node \(id): \(flow.node[v]) vs \(value)")
        }
        let edges = try #require(spec["edge"] as? [String: NSNumber])
        let index = Dictionary(uniqueKeysWithValues: f.graph.edgeIDs.enumerated().map { ($1, $0) })
        for e in 0..<f.graph.edgeCount {
            let expected = edges[f.graph.edgeIDs[e]]?.doubleValue ?? 0
            #expect(close(flow.edge[e], expected), "\(name) edge \(f.graph.edgeIDs[e]): \(flow.edge[e]) vs \(expected)")
        }
        _ = index
        #expect(close(flow.unservedDemand, (spec["unserved"] as! NSNumber).doubleValue))
        #expect(close(flow.servedCost, (spec["cost"] as! NSNumber).doubleValue))
    }
}

@Suite("Betweenness properties")
struct BetweennessPropertyTests {
    @Test("Sampling every node reproduces the exact values")
    func fullSample() throws {
        let f = try NetworkXFixture("geometric")
        let g = try f.graph.weighted(by: "weight")
        let exact = try g.betweenness()
        let sampled = try g.betweenness(sampleSize: f.graph.nodeCount, seed: 3)
        for v in 0..<f.graph.nodeCount { #expect(close(sampled.node[v], exact.node[v])) }
        #expect(sampled.sampledSources?.count == f.graph.nodeCount)
    }

    @Test("Sampled estimates are unbiased and within the stated bound")
    func sampledEstimates() throws {
        let f = try NetworkXFixture("grid")
        let g = try f.graph.weighted(by: "weight")
        let n = f.graph.nodeCount
        let exact = try g.betweenness(normalized: true)
        var mean = [Double](repeating: 0, count: n)
        let runs = 400
        for seed in 0..<runs {
            let s = try g.betweenness(normalized: true, sampleSize: 12, seed: UInt64(seed))
            let bound = try #require(s.errorBound)
            // The bound holds with probability ≥ 0.9 for all nodes at once; it is loose, so every run should meet it.
            for v in 0..<n { #expect(abs(s.node[v] - exact.node[v]) <= bound) }
            for v in 0..<n { mean[v] += s.node[v] / Double(runs) }
        }
        // Unbiased: over 400 runs the mean is close to the exact value (a few standard errors).
        for v in 0..<n { #expect(abs(mean[v] - exact.node[v]) < 0.02, "node \(v): mean \(mean[v]) vs \(exact.node[v])") }
    }

    @Test("Same seed, same sample; a different seed, a different one")
    func determinism() throws {
        let f = try NetworkXFixture("geometric")
        let g = try f.graph.weighted(by: "weight")
        let a = try g.betweenness(sampleSize: 10, seed: 42)
        let b = try g.betweenness(sampleSize: 10, seed: 42)
        let c = try g.betweenness(sampleSize: 10, seed: 43)
        #expect(a.node == b.node && a.edge == b.edge && a.sampledSources == b.sampledSources)
        #expect(a.sampledSources != c.sampledSources)
        #expect(throws: GraphError.self) { try g.betweenness(sampleSize: 1) }
    }

    @Test("Undirected: node betweenness sums to Σ over pairs of (path length in hops − 1) on a tree")
    func pathGraphSum() throws {
        // On a path of n nodes every pair has one shortest path; Σ_v b(v) = Σ_{pairs} (hops − 1).
        let n = 9
        let ids = (0..<n).map { "v\($0)" }
        let edges = (0..<(n - 1)).map { (from: Int32($0), to: Int32($0 + 1), directed: false) }
        let graph = try Graph(nodeIDs: ids, edges: edges, edgeColumns: ["w": [Double](repeating: 1, count: n - 1)])
        let b = try graph.weighted(by: "w").betweenness()
        var expected = 0.0
        for i in 0..<n { for j in (i + 1)..<n { expected += Double(j - i - 1) } }
        #expect(b.node.reduce(0, +) == expected)
        // Node i of a path lies between i·(n−1−i) pairs.
        for i in 0..<n { #expect(b.node[i] == Double(i * (n - 1 - i))) }
        // Edge (i, i+1) separates (i+1)·(n−1−i) pairs.
        for i in 0..<(n - 1) { #expect(b.edge[i] == Double((i + 1) * (n - 1 - i))) }
    }
}
