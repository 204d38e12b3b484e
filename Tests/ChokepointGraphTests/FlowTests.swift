import ChokepointGraph
import Foundation
import Testing

@Suite("Max-flow, minimum cut and interdiction")
struct FlowTests {
    @Test("Max-flow value equals NetworkX's, and the cut's capacity equals the flow",
          arguments: NetworkXFixture.simpleGraphs)
    func againstNetworkX(name: String) throws {
        let f = try NetworkXFixture(name)
        let spec = try #require(f.expected["max_flow"] as? [String: Any])
        let s = try #require(f.graph.node(spec["source"] as! String))
        let t = try #require(f.graph.node(spec["target"] as! String))
        let capacity = try #require(f.graph.edgeColumns["capacity"])
        let result = try f.graph.maxFlow(sources: [s], targets: [t], edgeCapacity: capacity)
        #expect(close(result.value, (spec["value"] as! NSNumber).doubleValue), "\(name): \(result.value) vs \(spec["value"]!)")
        let cut = result.cutEdges.reduce(0.0) { $0 + capacity[Int($1)] }
        #expect(close(cut, result.value))
        #expect(result.sourceSide[Int(s)] && !result.sourceSide[Int(t)])
        // Flow conservation at every node but the source and target; capacities respected.
        var net = [Double](repeating: 0, count: f.graph.nodeCount)
        for e in 0..<f.graph.edgeCount {
            #expect(abs(result.edgeFlow[e]) <= capacity[e] + 1e-9)
            net[Int(f.graph.edgeSource[e])] -= result.edgeFlow[e]
            net[Int(f.graph.edgeTarget[e])] += result.edgeFlow[e]
        }
        for v in 0..<f.graph.nodeCount where v != Int(s) && v != Int(t) { #expect(abs(net[v]) < 1e-9) }
        #expect(close(net[Int(t)], result.value))
        // Closing the cut disconnects the pair.
        var closures = Closures(for: f.graph)
        for e in result.cutEdges { closures.close(edge: e) }
        #expect(try f.graph.weighted(by: "weight").dijkstra(from: s, closures: closures).distance[Int(t)] == .infinity)
    }

    /// Two routes from the Golden Triangle (g) to a market (m): via crossing x1 (capacity 5) or
    /// crossing x2 (capacity 3); roads are uncuttable.
    func twoCrossings() throws -> Graph {
        try Graph(nodeIDs: ["g", "x1", "x2", "m"],
                  edges: [(0, 1, false), (1, 3, false), (0, 2, false), (2, 3, false)],
                  edgeIDs: ["g-x1", "x1-m", "g-x2", "x2-m"], edgeColumns: ["time": [1, 1, 2, 2]])
    }

    @Test("Node capacities: only controllable nodes are cut")
    func nodeCapacities() throws {
        let graph = try twoCrossings()
        let result = try graph.maxFlow(sources: [0], targets: [3], edgeCapacity: nil, nodeCapacity: [.nan, 5, 3, .nan])
        #expect(result.value == 8)
        #expect(result.cutNodes == [1, 2])
        #expect(result.cutEdges.isEmpty)
        // With x2 uncontrollable there is no finite cut.
        let open = try graph.maxFlow(sources: [0], targets: [3], edgeCapacity: nil, nodeCapacity: [.nan, 5, .infinity, .nan])
        #expect(open.isUnbounded)
        // Multi-target: a second market behind x1 only.
        let g2 = try Graph(nodeIDs: ["g", "x1", "x2", "m", "m2"],
                           edges: [(0, 1, false), (1, 3, false), (0, 2, false), (2, 3, false), (1, 4, true)],
                           edgeColumns: ["cap": [10, 10, 10, 10, 10]])
        let multi = try g2.maxFlow(sources: [0], targets: [3, 4], edgeCapacity: g2.edgeColumns["cap"], nodeCapacity: [.nan, 5, 3, .nan, .nan])
        #expect(multi.value == 8)
        #expect(throws: GraphError.self) { try g2.maxFlow(sources: [0], targets: [0], edgeCapacity: nil) }
    }

    @Test("Interdiction: closing x1 then x2 cuts the market off; marginal effects add up")
    func interdictionHandWorked() throws {
        let graph = try twoCrossings()
        let g = try graph.weighted(by: "time")
        let demands = [Demand(source: 0, target: 3, amount: 10)]
        let candidates: [NetworkElement] = [.node(1), .node(2)]
        for method in [InterdictionMethod.greedy(lazy: true), .greedy(lazy: false), .exact(maxSubsets: 100)] {
            let result = try g.interdict(demands: demands, candidates: candidates, k: 2, method: method)
            #expect(result.baseline == Disruption(unserved: 0, cost: 20))          // 10 × (1 + 1)
            #expect(result.steps.map(\.element) == [.node(1), .node(2)], "\(method)")
            #expect(result.steps[0].disruption == Disruption(unserved: 0, cost: 40))  // rerouted via x2: 10 × 4
            #expect(result.steps[0].marginal == Disruption(unserved: 0, cost: 20))
            #expect(result.steps[1].disruption == Disruption(unserved: 10, cost: 0))
            #expect(result.steps[1].marginal == Disruption(unserved: 10, cost: -40))
        }
    }

    @Test("Exact interdiction is never worse than greedy, and greedy matches brute force for k = 1")
    func exactVersusGreedy() throws {
        var rng = SplitMix64(seed: 5)
        for round in 0..<10 {
            let f = try NetworkXFixture(NetworkXFixture.names[round % 5])
            let g = try f.graph.weighted(by: "weight")
            let n = Int32(f.graph.nodeCount)
            let demands = (0..<4).map { _ in Demand(source: Int32(rng.next() % UInt64(n)), target: Int32(rng.next() % UInt64(n)), amount: Double(1 + rng.next() % 5)) }
            let candidates = (0..<12).map { _ in NetworkElement.node(Int32(rng.next() % UInt64(n))) }
            let exact = try g.interdict(demands: demands, candidates: candidates, k: 2, method: .exact(maxSubsets: 1000))
            let greedy = try g.interdict(demands: demands, candidates: candidates, k: 2, method: .greedy(lazy: false))
            #expect(!(exact.steps.last!.disruption < greedy.steps.last!.disruption), "round \(round)")
            let exact1 = try g.interdict(demands: demands, candidates: candidates, k: 1, method: .exact(maxSubsets: 1000))
            let greedy1 = try g.interdict(demands: demands, candidates: candidates, k: 1, method: .greedy(lazy: true))
            #expect(exact1.steps[0].disruption == greedy1.steps[0].disruption, "round \(round)")
        }
        let g = try twoCrossings().weighted(by: "time")
        #expect(throws: GraphError.self) {
            try g.interdict(demands: [Demand(source: 0, target: 3, amount: 1)], candidates: [.node(1), .node(2)], k: 2, method: .exact(maxSubsets: 0))
        }
    }
}
