import ChokepointGraph
import Foundation
import Testing

/// The Markovian logit assignment against values found independently: a closed form on a
/// diamond, every path enumerated on random acyclic graphs (where the recursive logit is the
/// path logit exactly), route betweenness in the limit μ → 0, and continuity in the costs.
@Suite("Markovian (recursive) logit assignment")
struct RecursiveLogitTests {
    /// s → a → t and s → b → t, directed, costs 1 + 1 and 1 + 2.
    static func diamond(nodeCostOfA: Double = 0) throws -> WeightedGraph {
        let graph = try Graph(nodeIDs: ["s", "a", "b", "t"], edges: [(0, 1, true), (1, 3, true), (0, 2, true), (2, 3, true)])
        return try graph.weighted(weights: [1, 1, 1, 2], nodeCost: [0, nodeCostOfA, 0, 0])
    }

    @Test func theDiamondSplitsAsTheBinaryLogit() throws {
        let flow = try Self.diamond().logitAssignment([Demand(source: 0, target: 3, amount: 10)], dispersion: 1)
        // P(via a) = e^−2 / (e^−2 + e^−3) = 1 / (1 + e^−1).
        let p = 1 / (1 + exp(-1.0))
        #expect(abs(flow.node[1] - 10 * p) < 1e-9 && abs(flow.node[2] - 10 * (1 - p)) < 1e-9)
        #expect(flow.node[0] == 0 && flow.node[3] == 0)  // a demand's own ends are not passed through
        #expect(abs(flow.edge[0] - 10 * p) < 1e-9 && abs(flow.edge[3] - 10 * (1 - p)) < 1e-9)
        let expectedCost: Double = 10 * (2 * p + 3 * (1 - p))
        #expect(abs(flow.servedCost - expectedCost) < 1e-9)
        #expect(flow.totalDemand == 10 && flow.unservedDemand == 0)
        // A node cost is paid passing through: a delay of 1 at a makes the routes equal.
        let delayed = try Self.diamond(nodeCostOfA: 1).logitAssignment([Demand(source: 0, target: 3, amount: 10)], dispersion: 1)
        #expect(abs(delayed.node[1] - 5) < 1e-9 && abs(delayed.node[2] - 5) < 1e-9)
    }

    @Test func aClosedOrUnreachableTargetIsUnserved() throws {
        let g = try Self.diamond()
        var closures = Closures(for: g.graph)
        closures.close(node: 1)
        closures.close(node: 2)
        let flow = try g.logitAssignment([Demand(source: 0, target: 3, amount: 4)], dispersion: 1, closures: closures)
        #expect(flow.unservedDemand == 4 && flow.edge.allSatisfy { $0 == 0 })
    }

    /// A random directed acyclic graph (edges from lower to higher index) with node costs.
    static func randomDAG(seed: UInt64) throws -> (WeightedGraph, weights: [Double], nodeCost: [Double], edges: [(Int, Int)]) {
        var rng = SplitMix64(seed: seed)
        let n = 4 + Int(rng.next() % 6)
        var edges: [(Int, Int)] = []
        var weights: [Double] = []
        for u in 0..<n {
            for v in (u + 1)..<n where rng.next() % 3 != 0 {
                edges.append((u, v))
                weights.append(0.2 + Double(rng.next() % 1000) / 250)
                if rng.next() % 7 == 0 {  // a parallel arc: a separate alternative
                    edges.append((u, v))
                    weights.append(0.2 + Double(rng.next() % 1000) / 250)
                }
            }
        }
        let nodeCost = (0..<n).map { _ in rng.next() % 3 == 0 ? Double(rng.next() % 100) / 50 : 0 }
        let graph = try Graph(nodeIDs: (0..<n).map { "v\($0)" }, edges: edges.map { (Int32($0.0), Int32($0.1), true) })
        return (try graph.weighted(weights: weights, nodeCost: nodeCost), weights, nodeCost, edges)
    }

    @Test("On acyclic graphs it is the logit over every path, enumerated", arguments: 0..<40)
    func equalsPathEnumeration(seed: UInt64) throws {
        let (g, weights, nodeCost, edges) = try Self.randomDAG(seed: seed)
        let n = g.nodeCount
        let mus: [Double] = [0.3, 1, 2.5]
        let mu = mus[Int(seed % 3)]
        let target = n - 1
        var demands: [Demand] = []
        for s in stride(from: 0, to: n - 1, by: 2) {
            demands.append(Demand(source: Int32(s), target: Int32(target), amount: Double(s + 1)))
        }
        // Oracle: all paths by depth-first search, each with its cost (node costs at interior nodes).
        var expectedNode = [Double](repeating: 0, count: n), expectedEdge = [Double](repeating: 0, count: edges.count)
        var unserved = 0.0
        for d in demands {
            var paths: [(nodes: [Int], edges: [Int], cost: Double)] = []
            func extend(_ nodes: [Int], _ used: [Int], _ cost: Double) {
                let u = nodes[nodes.count - 1]
                if u == target { paths.append((nodes, used, cost)); return }
                for (e, arc) in edges.enumerated() where arc.0 == u {
                    let pass = arc.1 == target ? 0 : nodeCost[arc.1]
                    extend(nodes + [arc.1], used + [e], cost + weights[e] + pass)
                }
            }
            extend([Int(d.source)], [], 0)
            guard let best = paths.map(\.cost).min() else { unserved += d.amount; continue }
            let total = paths.reduce(0) { $0 + exp(-($1.cost - best) / mu) }
            for p in paths {
                let share = d.amount * exp(-(p.cost - best) / mu) / total
                for v in p.nodes.dropFirst().dropLast() { expectedNode[v] += share }
                for e in p.edges { expectedEdge[e] += share }
            }
        }
        let flow = try g.logitAssignment(demands, dispersion: mu)
        for v in 0..<n { #expect(abs(flow.node[v] - expectedNode[v]) < 1e-9 * max(1, expectedNode[v]), "seed \(seed) node \(v)") }
        for e in edges.indices { #expect(abs(flow.edge[e] - expectedEdge[e]) < 1e-9 * max(1, expectedEdge[e]), "seed \(seed) edge \(e)") }
        #expect(abs(flow.unservedDemand - unserved) < 1e-12)
    }

    /// A random undirected simple graph with integer weights (so shortest paths tie exactly).
    static func randomSimpleGraph(seed: UInt64) throws -> WeightedGraph {
        var rng = SplitMix64(seed: seed)
        let n = 6 + Int(rng.next() % 10)
        var seen = Set<[Int]>()
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        var weights: [Double] = []
        for v in 1..<n {  // a spanning tree, then chords
            let u = Int(rng.next() % UInt64(v))
            seen.insert([u, v])
            edges.append((Int32(u), Int32(v), false))
            weights.append(Double(1 + rng.next() % 3))
        }
        for _ in 0..<n {
            let u = Int(rng.next() % UInt64(n)), v = Int(rng.next() % UInt64(n))
            guard u != v, seen.insert([min(u, v), max(u, v)]).inserted else { continue }
            edges.append((Int32(u), Int32(v), false))
            weights.append(Double(1 + rng.next() % 3))
        }
        let graph = try Graph(nodeIDs: (0..<n).map { "v\($0)" }, edges: edges)
        return try graph.weighted(weights: weights)
    }

    @Test("As the dispersion goes to 0 the flow is route betweenness (ties split equally)", arguments: 0..<25)
    func smallDispersionIsRouteBetweenness(seed: UInt64) throws {
        let g = try Self.randomSimpleGraph(seed: seed)
        let n = Int32(g.nodeCount)
        let demands: [Demand] = [Demand(source: 0, target: n - 1, amount: 3), Demand(source: 1, target: n / 2, amount: 2),
                                 Demand(source: n - 2, target: 0, amount: 1)]
        let shortest = try g.routeBetweenness(demands)
        // Integer weights: any other route costs at least 1 more, e^(−1/0.02) ≈ 2e−22 of a shortest.
        let logit = try g.logitAssignment(demands, dispersion: 0.02)
        for v in 0..<g.nodeCount { #expect(abs(logit.node[v] - shortest.node[v]) < 1e-9, "seed \(seed) node \(v)") }
        for e in 0..<g.graph.edgeCount { #expect(abs(logit.edge[e] - shortest.edge[e]) < 1e-9, "seed \(seed) edge \(e)") }
        #expect(abs(logit.servedCost - shortest.servedCost) < 1e-9)
    }

    @Test func flowsMoveContinuouslyWithACostAndReachTheClosureInTheLimit() throws {
        let graph = try Graph(nodeIDs: ["s", "a", "b", "c", "t"],
                              edges: [(0, 1, true), (1, 4, true), (0, 2, true), (2, 4, true), (0, 3, true), (3, 4, true)])
        let demand = [Demand(source: 0, target: 4, amount: 1)]
        func flow(_ w: Double, closeA: Bool = false) throws -> [Double] {
            var closures = Closures(for: graph)
            if closeA { closures.close(node: 1) }
            return try graph.weighted(weights: [w, 1, 1, 1.5, 1, 2]).logitAssignment(demand, dispersion: 0.5, closures: closures).node
        }
        // A small change of one route's cost moves a small share (the logit's derivative is
        // bounded by 1 / (4μ) per unit of cost), never a whole pair.
        let base = try flow(1), nudged = try flow(1 + 1e-3)
        for v in 1...3 { #expect(abs(nudged[v] - base[v]) < 1.01 * 1e-3 / (4 * 0.5)) }
        #expect(nudged[1] < base[1] && nudged[2] > base[2] && nudged[3] > base[3])
        // Raising a's cost towards infinity tends to closing a; b and c then share the flow
        // by their logit weights (routes of 2.5 h and 3 h).
        let far = try flow(60), closed = try flow(1, closeA: true)
        for v in 1...3 { #expect(abs(far[v] - closed[v]) < 1e-9) }
        #expect(abs(closed[2] - 1 / (1 + exp(-0.5 / 0.5))) < 1e-9)
    }

    @Test func aDispersionTooLargeForTheCyclesIsRefused() throws {
        // Three nodes joined by cheap links: with μ = 100 the walks' weights do not sum.
        let graph = try Graph(nodeIDs: ["a", "b", "c"], edges: [(0, 1, false), (1, 2, false), (0, 2, false)])
        let g = try graph.weighted(weights: [0.01, 0.01, 0.01])
        #expect(throws: GraphError.self) {
            _ = try g.logitAssignment([Demand(source: 0, target: 2, amount: 1)], dispersion: 100, maxIterations: 300)
        }
        #expect(throws: GraphError.self) { _ = try g.logitAssignment([], dispersion: 0) }
    }
}
