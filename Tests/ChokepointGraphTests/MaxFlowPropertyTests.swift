import ChokepointGraph
import Foundation
import Testing

/// Push–relabel and Dinic are independent algorithms: on random networks they must agree on
/// the value, and each must return a real flow (capacities respected, conservation at every
/// node but the terminals) whose value equals the capacity of the cut it reports.
@Suite("Max-flow properties on random networks")
struct MaxFlowPropertyTests {
    struct Case {
        var graph: Graph
        var capacity: [Double]
        var nodeCapacity: [Double]
        var sources: [Int32]
        var targets: [Int32]
    }

    static func randomCase(seed: UInt64) throws -> Case {
        var rng = SplitMix64(seed: seed)
        let n = 8 + Int(rng.next() % 40)
        let m = n + Int(rng.next() % UInt64(3 * n))
        var edges: [(Int32, Int32, Bool)] = []
        var capacity: [Double] = []
        for _ in 0..<m {
            let u = Int32(rng.next() % UInt64(n)), v = Int32(rng.next() % UInt64(n))
            edges.append((u, v, rng.next() % 2 == 0))
            // Some uncuttable edges, some integral, most real-valued capacities.
            let kind = rng.next() % 10
            capacity.append(kind == 0 ? .infinity : kind < 4 ? Double(1 + rng.next() % 9) : 0.5 + 10 * rng.nextUnit())
        }
        let nodeCapacity = (0..<n).map { _ in rng.next() % 4 == 0 ? 1 + 20 * rng.nextUnit() : .nan }
        let graph = try Graph(nodeIDs: (0..<n).map { "n\($0)" }, edges: edges, edgeColumns: ["capacity": capacity])
        let sources: [Int32] = [0, 1].prefix(1 + Int(rng.next() % 2)).map { $0 }
        let targets: [Int32] = [Int32(n - 1), Int32(n - 2)].prefix(1 + Int(rng.next() % 2)).map { $0 }
        return Case(graph: graph, capacity: capacity, nodeCapacity: nodeCapacity, sources: sources, targets: targets)
    }

    @Test("Both algorithms agree, and each returns a conserving flow equal to its cut", arguments: 0..<60)
    func agreeAndConserve(seed: Int) throws {
        let c = try Self.randomCase(seed: UInt64(seed) &* 0x9E37_79B9 &+ 11)
        let g = c.graph
        let pr = try g.maxFlow(sources: c.sources, targets: c.targets, edgeCapacity: c.capacity, nodeCapacity: c.nodeCapacity)
        let dinic = try g.maxFlow(sources: c.sources, targets: c.targets, edgeCapacity: c.capacity, nodeCapacity: c.nodeCapacity,
                                  algorithm: .dinic)
        #expect(pr.isUnbounded == dinic.isUnbounded)
        guard !pr.isUnbounded else { return }
        let tolerance = 1e-9 * max(1, pr.value)
        #expect(abs(pr.value - dinic.value) <= tolerance, "push–relabel \(pr.value), Dinic \(dinic.value)")
        for result in [pr, dinic] {
            var net = [Double](repeating: 0, count: g.nodeCount)
            var through = [Double](repeating: 0, count: g.nodeCount)
            for e in 0..<g.edgeCount {
                let f = result.edgeFlow[e]
                let u = Int(g.edgeSource[e]), v = Int(g.edgeTarget[e])
                #expect(abs(f) <= c.capacity[e] + tolerance, "edge \(e) carries \(f) > \(c.capacity[e])")
                if g.edgeIsDirected[e] { #expect(f >= -tolerance, "directed edge \(e) carries \(f) backwards") }
                guard u != v else { continue }
                net[u] -= f
                net[v] += f
                through[f > 0 ? v : u] += abs(f)
            }
            let terminals = Set(c.sources + c.targets)
            for v in 0..<g.nodeCount where !terminals.contains(Int32(v)) {
                #expect(abs(net[v]) <= tolerance, "node \(v) does not conserve flow: \(net[v])")
                if !c.nodeCapacity[v].isNaN { #expect(through[v] <= c.nodeCapacity[v] + tolerance, "node \(v) over capacity") }
            }
            let outOfSources = c.targets.reduce(0.0) { $0 + net[Int($1)] }
            #expect(abs(outOfSources - result.value) <= tolerance, "flow into the targets \(outOfSources) ≠ value \(result.value)")
            let cut = result.cutEdges.reduce(0.0) { $0 + c.capacity[Int($1)] } + result.cutNodes.reduce(0.0) { $0 + c.nodeCapacity[Int($1)] }
            #expect(abs(cut - result.value) <= tolerance, "cut capacity \(cut) ≠ value \(result.value)")
        }
    }
}
