import Foundation

/// Expected flows when every traveller chooses among *all* routes to their target with logit
/// probabilities, P(route) ∝ exp(−cost(route) / μ): the Markovian (recursive) logit
/// assignment.
///
/// T. Akamatsu, "Cyclic flows, Markov process and stochastic traffic assignment",
/// Transportation Research B 30(5), 369–386, 1996; M. Fosgerau, E. Frejinger and
/// A. Karlström, "A link based network route choice model with unrestricted choice set",
/// Transportation Research B 56, 70–80, 2013 (the recursive logit); R. B. Dial, "A
/// probabilistic multipath traffic assignment model which obviates path enumeration",
/// Transportation Research 5, 83–111, 1971 (the same loading restricted to efficient paths).
///
/// For each target d the expected cost-to-go solves the soft-min Bellman equation
///
///     V(d) = 0,   V(i) = −μ · log Σ_{a = (i→j) open} exp(−(c_a + p_j + V(j)) / μ)
///
/// (p_j is the cost of passing through j, not paid at d), solved in the log domain by value
/// iteration, and a traveller at i takes arc a with probability exp(−(c_a + p_j + V(j) −
/// V(i)) / μ). Node visits then solve x = b + Pᵀx (b: each source's demand), and the flow on
/// arc a = (i→j) is x_i · P(a | i). On an acyclic graph this is exactly the multinomial logit
/// over every path; on a cyclic one, over every walk, which is finite only while μ is small
/// against the network's cycle costs: when the iteration does not settle the call fails
/// instead of returning a wrong flow.
///
/// Parallel arcs are separate alternatives here (a road and a river lane between the same
/// towns share the flow by their costs), unlike the shortest-path algorithms, which take the
/// cheapest. As μ → 0 the flows tend to route betweenness (all-or-nothing, ties split equally).
///
/// - Complexity: per target, O(I · m) for the values and O(J · m) for the loading, with I
///   and J the iterations to the tolerance (a few times the route length in arcs when μ is
///   small against arc costs).
extension WeightedGraph {
    public func logitAssignment(_ demands: [Demand], dispersion mu: Double, closures: Closures? = nil,
                                tolerance: Double = 1e-12, maxIterations: Int = 10_000) throws(GraphError) -> RouteFlow {
        guard mu > 0, mu.isFinite else { throw .invalidArgument("logit dispersion must be positive and finite, got \(mu)") }
        var nodeFlow = [Double](repeating: 0, count: nodeCount)
        var edgeFlow = [Double](repeating: 0, count: graph.edgeCount)
        var unserved = 0.0, total = 0.0, servedCost = 0.0
        var byTarget: [Int32: [(source: Int32, amount: Double)]] = [:]
        for d in demands where d.amount > 0 && d.source != d.target {
            byTarget[d.target, default: []].append((d.source, d.amount))
            total += d.amount
        }
        for target in byTarget.keys.sorted() {
            let sources = byTarget[target] ?? []
            guard closures?.isOpen(node: Int(target)) ?? true else {
                unserved += sources.reduce(0) { $0 + $1.amount }
                continue
            }
            let choice = try LogitChoice(self, target: Int(target), mu: mu, closures: closures, tolerance: tolerance,
                                         maxIterations: maxIterations)
            var start = [Double](repeating: 0, count: nodeCount)
            for (s, amount) in sources {
                if choice.values[Int(s)].isFinite && (closures?.isOpen(node: Int(s)) ?? true) {
                    start[Int(s)] += amount
                } else {
                    unserved += amount
                }
            }
            servedCost += try choice.load(start, tolerance: tolerance, maxIterations: maxIterations,
                                          nodeFlow: &nodeFlow, edgeFlow: &edgeFlow)
        }
        return RouteFlow(node: nodeFlow, edge: edgeFlow, unservedDemand: unserved, totalDemand: total, servedCost: servedCost)
    }
}

/// The route choice towards one target: the cost-to-go of every node and the probability of
/// every arc.
private struct LogitChoice {
    let graph: WeightedGraph
    let target: Int
    /// V(i): the expected perceived cost from i to the target (∞ where it cannot be reached).
    let values: [Double]
    /// P(a | tail of a), by arc index; 0 for closed arcs and arcs leading nowhere.
    let probability: [Double]
    /// Nodes that can reach the target, most cost-to-go first.
    let order: [Int]

    init(_ g: WeightedGraph, target: Int, mu: Double, closures: Closures?, tolerance: Double,
         maxIterations: Int) throws(GraphError) {
        graph = g
        self.target = target
        // The shortest distances are the limit μ → 0 and an upper bound: the soft-min
        // iteration only lowers them.
        let tree = g.dijkstra(from: Int32(target), closures: closures, reverse: true)
        var values = tree.distance
        let increasing = (0..<g.nodeCount).filter { values[$0].isFinite && $0 != target }
            .sorted { (values[$0], $0) < (values[$1], $1) }
        func usable(_ a: Int) -> Bool {
            let j = Int(g.heads[a])
            return values[j].isFinite && (closures?.isOpen(edge: Int(g.edges[a])) ?? true) && (closures?.isOpen(node: j) ?? true)
        }
        func arcCost(_ a: Int) -> Double {
            let j = Int(g.heads[a])
            return g.weights[a] + (j == target ? 0 : g.passCost(j))
        }
        var iteration = 0
        while true {
            var change = 0.0
            for i in increasing {
                var best = Double.infinity
                for a in g.offsets[i]..<g.offsets[i + 1] where usable(a) { best = min(best, arcCost(a) + values[Int(g.heads[a])]) }
                var sum = 0.0
                for a in g.offsets[i]..<g.offsets[i + 1] where usable(a) {
                    sum += exp(-(arcCost(a) + values[Int(g.heads[a])] - best) / mu)
                }
                let updated = best - mu * log(sum)
                change = max(change, abs(updated - values[i]) / max(1, abs(updated)))
                values[i] = updated
            }
            if change <= tolerance { break }
            iteration += 1
            guard iteration < maxIterations else {
                throw .invalidArgument(
                    "logit assignment: the expected costs to node \(g.graph.nodeIDs[target]) do not settle with dispersion \(mu) after \(maxIterations) sweeps; it is too large for the cycles of this network (lower it)")
            }
        }
        var probability = [Double](repeating: 0, count: g.heads.count)
        for i in increasing {
            for a in g.offsets[i]..<g.offsets[i + 1] where usable(a) {
                probability[a] = exp(-(arcCost(a) + values[Int(g.heads[a])] - values[i]) / mu)
            }
        }
        self.values = values
        self.probability = probability
        order = increasing.reversed()
    }

    /// Adds the flow of `start` (demand per source) to `nodeFlow` (flow passing through each
    /// node) and `edgeFlow`, and returns its expected travelled cost. Node visits solve
    /// x = b + Pᵀx by sweeps in decreasing cost-to-go, exact in one sweep when no arc leads
    /// away from the target.
    func load(_ start: [Double], tolerance: Double, maxIterations: Int, nodeFlow: inout [Double],
              edgeFlow: inout [Double]) throws(GraphError) -> Double {
        let g = graph
        var visits = start
        let demand = start.reduce(0, +)
        var iteration = 0
        while true {
            var next = start
            for i in order where visits[i] > 0 {
                for a in g.offsets[i]..<g.offsets[i + 1] where probability[a] > 0 {
                    next[Int(g.heads[a])] += visits[i] * probability[a]
                }
            }
            var change = 0.0
            for v in next.indices { change = max(change, abs(next[v] - visits[v])) }
            visits = next
            if change <= tolerance * max(1, demand) { break }
            iteration += 1
            guard iteration < maxIterations else {
                throw .invalidArgument(
                    "logit assignment: the flow to node \(g.graph.nodeIDs[target]) does not settle after \(maxIterations) sweeps (lower the dispersion)")
            }
        }
        var cost = 0.0
        for i in order where visits[i] > 0 {
            for a in g.offsets[i]..<g.offsets[i + 1] where probability[a] > 0 {
                let f = visits[i] * probability[a]
                let j = Int(g.heads[a])
                edgeFlow[Int(g.edges[a])] += f
                cost += f * (g.weights[a] + (j == target ? 0 : g.passCost(j)))
            }
            // Flow passing through i: its visits less the demand that starts there.
            nodeFlow[i] += visits[i] - start[i]
        }
        return cost
    }
}
