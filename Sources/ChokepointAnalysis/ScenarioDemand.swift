import ChokepointDomain
import ChokepointGraph

/// The scenario's flows as graph demands: each target's weight (demand.csv, or 1 for a listed
/// target) split equally among the sources, since nothing says which source feeds which market.
/// Rows of one target (several provinces routed to one node) are added; `markets:` keeps only
/// targets in those countries. Targets in first-row order, so the demands are deterministic.
public enum ScenarioDemand {
    public static func demands(bundle: NetworkBundle, graph: Graph) -> [Demand] {
        guard let scenario = bundle.scenario else { return [] }
        let sources = scenario.sources.compactMap { graph.node($0) }
        guard !sources.isEmpty else { return [] }
        let rows: [(String, Double)] =
            scenario.targetsFile != nil
            ? bundle.demand.map { ($0.target, $0.weight) }
            : scenario.targets.map { ($0, 1) }
        let markets = Set(scenario.markets)
        var order: [Int32] = []
        var weight: [Int32: Double] = [:]
        for (id, w) in rows {
            guard let t = graph.node(id) else { continue }
            if !markets.isEmpty, !markets.contains(bundle.node(Int(t)).country) { continue }
            if weight[t] == nil { order.append(t) }
            weight[t, default: 0] += w
        }
        var out: [Demand] = []
        for t in order {
            for s in sources where s != t {
                out.append(Demand(source: s, target: t, amount: weight[t, default: 0] / Double(sources.count)))
            }
        }
        return out
    }
}

extension ScenarioDemand {
    /// One country's part of the scenario's demand, by what its weights rest on.
    public struct Market: Sendable, Hashable {
        public var country: String
        public var targets: Int
        public var observed: Double
        public var estimated: Double
        public var assumed: Double
        public var total: Double { observed + estimated + assumed }
    }

    /// The demand the scenario routes, by country of the target: how much rests on observed
    /// figures, on estimates split by a proxy, and on defaults (or inline targets, weight 1,
    /// and rows with no basis, counted as assumed). Largest market first, ties by code.
    public static func markets(bundle: NetworkBundle) -> [Market] {
        guard let scenario = bundle.scenario else { return [] }
        let rows: [(String, Double, DemandBasis?)] =
            scenario.targetsFile != nil
            ? bundle.demand.map { ($0.target, $0.weight, $0.basis) }
            : scenario.targets.map { ($0, 1, nil) }
        let country = Dictionary(bundle.places.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
        let keep = Set(scenario.markets)
        var byCountry: [String: Market] = [:]
        var targets: [String: Set<String>] = [:]
        for (id, weight, basis) in rows {
            guard let c = country[id], keep.isEmpty || keep.contains(c) else { continue }
            var m = byCountry[c] ?? Market(country: c, targets: 0, observed: 0, estimated: 0, assumed: 0)
            switch basis {
            case .observed: m.observed += weight
            case .estimated: m.estimated += weight
            case .default, nil: m.assumed += weight
            }
            byCountry[c] = m
            targets[c, default: []].insert(id)
        }
        for (c, ids) in targets { byCountry[c]?.targets = ids.count }
        return byCountry.values.sorted { ($1.total, $0.country) < ($0.total, $1.country) }
    }
}
