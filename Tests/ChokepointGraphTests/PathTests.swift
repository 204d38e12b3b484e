import ChokepointGraph
import Foundation
import Testing

@Suite("k shortest loopless paths (Yen) and diverse alternatives")
struct PathTests {
    @Test("Costs match NetworkX's shortest_simple_paths; paths are loopless, valid and distinct",
          arguments: NetworkXFixture.simpleGraphs)
    func againstNetworkX(name: String) throws {
        let f = try NetworkXFixture(name)
        let spec = try #require(f.expected["k_shortest"] as? [String: Any])
        let s = try #require(f.graph.node(spec["source"] as! String))
        let t = try #require(f.graph.node(spec["target"] as! String))
        let expected = try #require(spec["paths"] as? [[String: Any]])
        let g = try f.graph.weighted(by: "weight")
        let paths = g.kShortestPaths(from: s, to: t, k: expected.count)
        #expect(paths.count == expected.count)
        for (ours, theirs) in zip(paths, expected) {
            #expect(close(ours.cost, (theirs["cost"] as! NSNumber).doubleValue), "\(name): \(ours.cost) vs \(theirs["cost"]!)")
        }
        // Where NetworkX's costs are all distinct, the paths themselves must agree.
        let costs = expected.map { ($0["cost"] as! NSNumber).doubleValue }
        for (i, theirs) in expected.enumerated() {
            let unique = (i == 0 || !close(costs[i - 1], costs[i])) && (i == costs.count - 1 || !close(costs[i + 1], costs[i]))
            if unique {
                let ids = paths[i].nodes.map { f.graph.nodeIDs[Int($0)] }
                #expect(ids == theirs["nodes"] as! [String], "\(name) path \(i)")
            }
        }
        try checkPaths(paths, graph: g, from: s, to: t)
        #expect(close(paths[0].cost, g.dijkstra(from: s).distance[Int(t)]))
    }

    func checkPaths(_ paths: [Path], graph g: WeightedGraph, from s: Int32, to t: Int32) throws {
        var seen = Set<[Int32]>()
        for (i, p) in paths.enumerated() {
            #expect(p.nodes.first == s && p.nodes.last == t)
            #expect(Set(p.nodes).count == p.nodes.count, "path \(i) has a loop")
            #expect(p.edges.count == p.nodes.count - 1)
            for (j, e) in p.edges.enumerated() {
                let (a, b) = (g.graph.edgeSource[Int(e)], g.graph.edgeTarget[Int(e)])
                let joins = (a == p.nodes[j] && b == p.nodes[j + 1]) || (!g.graph.edgeIsDirected[Int(e)] && b == p.nodes[j] && a == p.nodes[j + 1])
                #expect(joins, "path \(i) edge \(j) does not join its nodes")
            }
            #expect(seen.insert(p.edges).inserted, "path \(i) repeats an earlier one")
            if i > 0 { #expect(paths[i - 1].cost <= p.cost) }
        }
    }

    /// All simple paths by depth-first enumeration, cheapest first: the brute-force oracle.
    func allSimplePaths(_ g: WeightedGraph, from s: Int32, to t: Int32) -> [Double] {
        var costs: [Double] = []
        var onPath = Set<Int32>([s])
        var nodes: [Int32] = [s]
        var edges: [Int32] = []
        func extend(_ u: Int32) {
            if u == t { costs.append(g.cost(nodes: nodes, edges: edges)); return }
            for e in 0..<g.graph.edgeCount {
                let (a, b) = (g.graph.edgeSource[e], g.graph.edgeTarget[e])
                var next: Int32 = -1
                if a == u { next = b } else if b == u && !g.graph.edgeIsDirected[e] { next = a }
                guard next >= 0, !onPath.contains(next) else { continue }
                onPath.insert(next); nodes.append(next); edges.append(Int32(e))
                extend(next)
                onPath.remove(next); nodes.removeLast(); edges.removeLast()
            }
        }
        extend(s)
        return costs.sorted()
    }

    @Test("Brute force on random small multigraphs, with node costs and mixed directions")
    func bruteForce() throws {
        var rng = SplitMix64(seed: 11)
        for round in 0..<25 {
            let n = 7
            var edges: [(from: Int32, to: Int32, directed: Bool)] = []
            var weights: [Double] = []
            for _ in 0..<13 {
                let a = Int32(rng.next() % UInt64(n)), b = Int32(rng.next() % UInt64(n))
                guard a != b else { continue }
                edges.append((a, b, rng.next() % 4 == 0))
                weights.append(Double(1 + rng.next() % 5))
            }
            let graph = try Graph(nodeIDs: (0..<n).map { "n\($0)" }, edges: edges, edgeColumns: ["w": weights])
            let costs = (0..<n).map { _ in Double(rng.next() % 3) }
            let g = try graph.weighted(by: "w", nodeCost: costs)
            let expected = allSimplePaths(g, from: 0, to: Int32(n - 1))
            let paths = g.kShortestPaths(from: 0, to: Int32(n - 1), k: 1000)
            #expect(paths.count == expected.count, "round \(round)")
            for (p, c) in zip(paths, expected) { #expect(p.cost == c, "round \(round)") }
            try checkPaths(paths, graph: g, from: 0, to: Int32(n - 1))
        }
    }

    @Test("Road and river between the same towns are two paths")
    func parallelModes() throws {
        let graph = try Graph(nodeIDs: ["Houayxay", "Luang Prabang"], edges: [(0, 1, false), (0, 1, false)],
                              edgeIDs: ["road", "river"], edgeColumns: ["time": [7, 9]])
        let paths = try graph.weighted(by: "time").kShortestPaths(from: 0, to: 1, k: 5)
        #expect(paths.map(\.edges) == [[0], [1]])
        #expect(paths.map(\.cost) == [7, 9])
    }

    @Test("No path, or source equal to target, gives no paths")
    func noPath() throws {
        let graph = try Graph(nodeIDs: ["a", "b", "c"], edges: [(0, 1, true)], edgeColumns: ["w": [1]])
        let g = try graph.weighted(by: "w")
        #expect(g.kShortestPaths(from: 1, to: 0, k: 3).isEmpty)
        #expect(g.kShortestPaths(from: 0, to: 2, k: 3).isEmpty)
        #expect(g.kShortestPaths(from: 0, to: 0, k: 3).isEmpty)
    }

    @Test("Diverse alternatives share at most the given fraction with better-ranked ones")
    func diverse() throws {
        let f = try NetworkXFixture("grid")
        let g = try f.graph.weighted(by: "weight")
        let s = try #require(f.graph.node("0_0")), t = try #require(f.graph.node("5_5"))
        let paths = g.diversePaths(from: s, to: t, k: 4, maxSharedFraction: 0.3)
        #expect(paths.count == 4)
        #expect(paths[0] == g.kShortestPaths(from: s, to: t, k: 1)[0])
        let weight = f.graph.edgeColumns["weight"]!
        for i in 1..<paths.count {
            let total = paths[i].edges.reduce(0) { $0 + weight[Int($1)] }
            for j in 0..<i {
                let other = Set(paths[j].edges)
                let shared = paths[i].edges.filter(other.contains).reduce(0) { $0 + weight[Int($1)] }
                #expect(shared / total <= 0.3 + 1e-12)
            }
            #expect(paths[i - 1].cost <= paths[i].cost)
        }
        try checkPaths(paths, graph: g, from: s, to: t)
    }
}

@Suite("Point-to-point search with a lower bound (A*)")
struct PointToPointTests {
    @Test("Consistent lower bounds (exact, halved, zero) all give Dijkstra's cost")
    func consistentBounds() throws {
        // The exact distance to the target is the tightest consistent bound; any fraction of it
        // and zero are consistent too. Each must give the same cost as plain Dijkstra.
        let f = try NetworkXFixture("geometric")
        let g = try f.graph.weighted(by: "weight")
        for (s, t) in [(0, 69), (5, 40), (12, 33)] as [(Int32, Int32)] {
            let exact = g.dijkstra(from: s).distance[Int(t)]
            let toTarget = g.dijkstra(from: t, reverse: true).distance
            for bound in [toTarget, toTarget.map { $0 * 0.5 }, [Double](repeating: 0, count: f.graph.nodeCount)] {
                let p = try g.shortestPath(from: s, to: t, lowerBound: bound)
                if exact.isFinite {
                    #expect(close(try #require(p).cost, exact))
                } else {
                    #expect(p == nil)
                }
            }
            let plain = try g.shortestPath(from: s, to: t)
            #expect(plain?.cost == (exact.isFinite ? g.cost(nodes: plain!.nodes, edges: plain!.edges) : nil))
        }
        #expect(throws: GraphError.self) { try g.shortestPath(from: 0, to: 1, lowerBound: [1, 2]) }
    }
}
