import ChokepointSupport

/// A node or an edge that a control could close.
public enum NetworkElement: Sendable, Hashable, Comparable {
    case node(Int32)
    case edge(Int32)
}

/// How disrupted the routing of a set of demands is: first the demand that can no longer
/// reach its target at all, then the demand-weighted cost of the rest. Compared in that
/// order: cutting flow off beats lengthening it, whatever the lengths.
public struct Disruption: Sendable, Hashable, Comparable {
    public var unserved: Double
    public var cost: Double

    public init(unserved: Double, cost: Double) {
        self.unserved = unserved
        self.cost = cost
    }

    public static func < (a: Disruption, b: Disruption) -> Bool {
        (a.unserved, a.cost) < (b.unserved, b.cost)
    }

    public static func - (a: Disruption, b: Disruption) -> Disruption {
        Disruption(unserved: a.unserved - b.unserved, cost: a.cost - b.cost)
    }

    public static let zero = Disruption(unserved: 0, cost: 0)
}

public struct InterdictionStep: Sendable, Hashable {
    public var element: NetworkElement
    /// The disruption with this and all earlier choices closed.
    public var disruption: Disruption
    /// What this choice added, given the earlier ones.
    public var marginal: Disruption
}

public struct InterdictionResult: Sendable {
    public var baseline: Disruption
    public var steps: [InterdictionStep]
    /// Objective evaluations made (each is one shortest-path search per distinct source).
    public var evaluations: Int
    public var method: InterdictionMethod
}

public enum InterdictionMethod: Sendable, Hashable {
    /// Greedy choice, one element at a time. With `lazy`, marginal gains from earlier rounds
    /// serve as upper bounds and are re-evaluated only when they lead (Minoux 1978; CELF,
    /// Leskovec et al., KDD 2007). Laziness is exact only when gains diminish; interdiction
    /// gains can grow (closing one of two parallel crossings gains nothing until the other
    /// is closed too), so lazy greedy may choose differently from plain greedy.
    case greedy(lazy: Bool)
    /// Every k-subset of the candidates, best first; refuses when there are more subsets than `maxSubsets`.
    case exact(maxSubsets: Int)
}

/// Shortest-path network interdiction: choose k nodes or edges to close that most disrupt
/// the routing of given demands (after Israeli & Wood, "Shortest-path network interdiction",
/// Networks 40(2), 97–111, 2002, here with demand weights and the lexicographic objective
/// of `Disruption`).
///
/// - Complexity: an evaluation is one Dijkstra per distinct source, O(|S|·(m + n log n)).
///   Greedy makes at most k·c evaluations for c candidates (far fewer: only elements that
///   carry flow can change the objective, and lazy greedy re-evaluates few); exact makes C(c, k).
extension WeightedGraph {
    public func interdict(demands: [Demand], candidates: [NetworkElement], k: Int, method: InterdictionMethod = .greedy(lazy: true),
                          closures: Closures? = nil) throws(GraphError) -> InterdictionResult {
        guard k >= 1 else { throw .invalidArgument("the number of controls must be at least 1, got \(k)") }
        for d in demands where !(d.amount.isFinite && d.amount >= 0) {
            throw .invalidArgument("demand amounts must be finite and at least 0")
        }
        let pool = Array(Set(candidates)).sorted()
        for element in pool {
            switch element {
            case let .node(v) where v < 0 || Int(v) >= nodeCount: throw .invalidArgument("candidate node \(v) does not exist")
            case let .edge(e) where e < 0 || Int(e) >= graph.edgeCount: throw .invalidArgument("candidate edge \(e) does not exist")
            default: break
            }
        }
        let base = closures ?? Closures(for: graph)
        let evaluator = DisruptionEvaluator(graph: self, demands: demands)
        let baseline = evaluator.evaluate(base)
        switch method {
        case let .greedy(lazy):
            return greedyInterdiction(evaluator: evaluator, pool: pool, k: k, lazy: lazy, base: base, baseline: baseline, method: method)
        case let .exact(maxSubsets):
            let subsets = binomial(pool.count, min(k, pool.count))
            guard subsets <= Double(maxSubsets) else {
                throw .invalidArgument("exact interdiction would evaluate \(Int(subsets)) sets of \(k) among \(pool.count) candidates (limit \(maxSubsets)); use greedy or fewer candidates")
            }
            return exactInterdiction(evaluator: evaluator, pool: pool, k: min(k, pool.count), base: base, baseline: baseline, method: method)
        }
    }

    private func greedyInterdiction(evaluator: DisruptionEvaluator, pool: [NetworkElement], k: Int, lazy: Bool,
                                    base: Closures, baseline: Disruption, method: InterdictionMethod) -> InterdictionResult {
        var state = base
        var current = baseline
        var steps: [InterdictionStep] = []
        var evaluations = 1
        var remaining = pool
        // Upper bounds on each candidate's gain (lazy mode), from the round they were last evaluated.
        var bounds: [NetworkElement: Disruption] = [:]
        for _ in 0..<min(k, pool.count) {
            // Only elements that carry flow now can change the objective if closed.
            let carrying = Set(evaluator.elementsCarryingFlow(state))
            var gains: [(NetworkElement, Disruption)] = []
            if lazy && !bounds.isEmpty {
                // Evaluate in order of stale bound until the leader's fresh gain beats every other bound.
                var order = remaining.map { ($0, carrying.contains($0) ? (bounds[$0] ?? Disruption(unserved: .infinity, cost: .infinity)) : .zero) }
                order.sort { $0.1 != $1.1 ? $1.1 < $0.1 : $0.0 < $1.0 }
                var best: (NetworkElement, Disruption)?
                for (element, bound) in order {
                    // Strict: candidates whose bound ties the leader are still evaluated, so ties go to the lowest element.
                    if let b = best, bound < b.1 { break }
                    let gain = carrying.contains(element) ? evaluator.evaluate(state, closing: element) - current : .zero
                    if carrying.contains(element) { evaluations += 1 }
                    bounds[element] = gain
                    if best.map({ $0.1 < gain || ($0.1 == gain && element < $0.0) }) ?? true { best = (element, gain) }
                }
                if let best { gains = [best] }
            } else {
                let flowing = remaining.filter { carrying.contains($0) }
                let values = evaluator.evaluateAll(state, closing: flowing)
                evaluations += flowing.count
                for (element, value) in zip(flowing, values) {
                    bounds[element] = value - current
                    gains.append((element, value - current))
                }
                if gains.isEmpty, let first = remaining.first { gains = [(first, .zero)] }
            }
            guard let choice = gains.max(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $1.0 < $0.0 }) else { break }
            close(choice.0, in: &state)
            let next = evaluator.evaluate(state)
            evaluations += 1
            steps.append(InterdictionStep(element: choice.0, disruption: next, marginal: next - current))
            current = next
            remaining.removeAll { $0 == choice.0 }
        }
        return InterdictionResult(baseline: baseline, steps: steps, evaluations: evaluations, method: method)
    }

    private func exactInterdiction(evaluator: DisruptionEvaluator, pool: [NetworkElement], k: Int,
                                   base: Closures, baseline: Disruption, method: InterdictionMethod) -> InterdictionResult {
        var best: (set: [NetworkElement], value: Disruption)?
        var evaluations = 1
        var indices = Array(0..<k)
        // Lexicographic enumeration of k-subsets: the first best set found wins ties.
        while true {
            var state = base
            let set = indices.map { pool[$0] }
            for element in set { close(element, in: &state) }
            let value = evaluator.evaluate(state)
            evaluations += 1
            if best.map({ $0.value < value }) ?? true { best = (set, value) }
            var i = k - 1
            while i >= 0 && indices[i] == pool.count - k + i { i -= 1 }
            if i < 0 { break }
            indices[i] += 1
            for j in (i + 1)..<k { indices[j] = indices[j - 1] + 1 }
        }
        // Report the best set's marginal effects in the order that adds most at each step.
        var steps: [InterdictionStep] = []
        var state = base
        var current = baseline
        var rest = best?.set ?? []
        while !rest.isEmpty {
            let options = rest.map { element -> (NetworkElement, Disruption) in
                var trial = state
                close(element, in: &trial)
                return (element, evaluator.evaluate(trial))
            }
            evaluations += options.count
            let (element, value) = options.max { $0.1 != $1.1 ? $0.1 < $1.1 : $1.0 < $0.0 }!
            close(element, in: &state)
            steps.append(InterdictionStep(element: element, disruption: value, marginal: value - current))
            current = value
            rest.removeAll { $0 == element }
        }
        return InterdictionResult(baseline: baseline, steps: steps, evaluations: evaluations, method: method)
    }
}

func close(_ element: NetworkElement, in closures: inout Closures) {
    switch element {
    case let .node(v): closures.close(node: v)
    case let .edge(e): closures.close(edge: e)
    }
}

func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var result = 1.0
    for i in 0..<min(k, n - k) { result = result * Double(n - i) / Double(i + 1) }
    return result.rounded()
}

/// Evaluates `Disruption` for a set of demands under closures: one Dijkstra per distinct source.
struct DisruptionEvaluator: Sendable {
    let graph: WeightedGraph
    let bySource: [(source: Int32, targets: [(Int32, Double)])]

    init(graph: WeightedGraph, demands: [Demand]) {
        self.graph = graph
        var grouped: [Int32: [(Int32, Double)]] = [:]
        for d in demands where d.amount > 0 && d.source != d.target {
            grouped[d.source, default: []].append((d.target, d.amount))
        }
        bySource = grouped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func evaluate(_ closures: Closures) -> Disruption {
        var unserved = 0.0
        var cost = 0.0
        // One workspace for every source: a search resets only what the previous one touched.
        let workspace = DistanceWorkspace(nodeCount: graph.nodeCount)
        for (s, targets) in bySource {
            guard closures.isOpen(node: Int(s)) else {
                for (_, amount) in targets { unserved += amount }
                continue
            }
            workspace.run(graph, from: s, closures: closures, reverse: false)
            for (t, amount) in targets {
                let d = workspace.distance(Int(t))
                if d.isFinite { cost += amount * d } else { unserved += amount }
            }
        }
        return Disruption(unserved: unserved, cost: cost)
    }

    func evaluate(_ closures: Closures, closing element: NetworkElement) -> Disruption {
        var trial = closures
        close(element, in: &trial)
        return evaluate(trial)
    }

    /// Evaluations for each element closed alone on top of `closures`, on all cores.
    func evaluateAll(_ closures: Closures, closing elements: [NetworkElement]) -> [Disruption] {
        let chunks = ParallelChunks.ranges(count: elements.count, chunks: ParallelChunks.defaultChunkCount)
        let this = self
        return ParallelChunks.map(chunks.count) { c in
            chunks[c].map { this.evaluate(closures, closing: elements[$0]) }
        }.flatMap { $0 }
    }

    /// Nodes and edges on some shortest path of some served demand (with positive flow).
    func elementsCarryingFlow(_ closures: Closures) -> [NetworkElement] {
        let demands = bySource.flatMap { s in s.targets.map { Demand(source: s.source, target: $0.0, amount: $0.1) } }
        guard let flow = try? graph.routeBetweenness(demands, closures: closures) else { return [] }
        var result: [NetworkElement] = []
        for (v, f) in flow.node.enumerated() where f > 0 { result.append(.node(Int32(v))) }
        for (e, f) in flow.edge.enumerated() where f > 0 { result.append(.edge(Int32(e))) }
        // A demand's own source or target also carries its flow (closing it cuts the demand).
        for (s, targets) in bySource where closures.isOpen(node: Int(s)) {
            result.append(.node(s))
            for (t, _) in targets { result.append(.node(t)) }
        }
        return result
    }
}
