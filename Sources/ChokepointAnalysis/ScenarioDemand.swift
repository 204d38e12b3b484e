import ChokepointDomain
import ChokepointGraph

/// The scenario's flows as graph demands: each target's weight (demand.csv, or 1 for a listed
/// target) split equally among the sources, since nothing says which source feeds which market.
public enum ScenarioDemand {
    public static func demands(bundle: NetworkBundle, graph: Graph) -> [Demand] {
        guard let scenario = bundle.scenario else { return [] }
        let sources = scenario.sources.compactMap { graph.node($0) }
        guard !sources.isEmpty else { return [] }
        let targets: [(String, Double)] =
            scenario.targetsFile != nil
            ? bundle.demand.map { ($0.target, $0.weight) }
            : scenario.targets.map { ($0, 1) }
        var out: [Demand] = []
        for (id, weight) in targets {
            guard let t = graph.node(id) else { continue }
            for s in sources where s != t {
                out.append(Demand(source: s, target: t, amount: weight / Double(sources.count)))
            }
        }
        return out
    }
}
