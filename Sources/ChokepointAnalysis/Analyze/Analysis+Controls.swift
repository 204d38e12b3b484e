import ChokepointDomain
import ChokepointGraph

extension Analysis {
    /// A control: a crossing to close, with what closing it adds given the earlier choices.
    public struct Control: Sendable {
        /// Index in `bundle.crossings`.
        public var crossing: Int
        public var marginalUnserved: Double
        public var marginalCostHours: Double
        public var unserved: Double
        public var costHours: Double
    }

    /// The k crossings whose closure most disrupts the scenario's flow (greedy interdiction,
    /// Israeli & Wood 2002, in ChokepointGraph): first the demand cut off, then the added
    /// demand-weighted cost.
    public func controls(k: Int) throws(GraphError) -> (baseline: Disruption, controls: [Control]) {
        let candidates = bundle.crossingNodes.map { NetworkElement.node(Int32($0)) }
        let result = try weighted.interdict(demands: demands, candidates: candidates, k: min(k, candidates.count))
        let controls = result.steps.compactMap { step -> Control? in
            guard case let .node(v) = step.element, let k = bundle.crossingIndex(ofNode: Int(v)) else { return nil }
            return Control(
                crossing: k, marginalUnserved: step.marginal.unserved, marginalCostHours: step.marginal.cost,
                unserved: step.disruption.unserved, costHours: step.disruption.cost)
        }
        return (result.baseline, controls)
    }

    /// What changes when these nodes (crossings or places) are closed: the flow through every
    /// crossing before and after (the displacement, or balloon effect) and the demand cut off.
    public struct WhatIf: Sendable {
        public var closed: [String]
        /// Flow per crossing, by index in `bundle.crossings`.
        public var before: [Double]
        public var after: [Double]
        public var unservedBefore: Double
        public var unservedAfter: Double
        /// Flow per link after the closures (index in `bundle.links`).
        public var linkFlowAfter: [Double]
    }

    public enum WhatIfError: Error, CustomStringConvertible {
        case unknown(String)
        public var description: String {
            switch self {
            case let .unknown(id): "--close: no crossing or place with id \(id)"
            }
        }
    }

    public func whatIf(closing ids: [String]) throws -> WhatIf {
        var closures = Closures(for: graph.graph)
        for id in ids {
            guard let v = graph.graph.node(id) else { throw WhatIfError.unknown(id) }
            _ = closures.close(node: v)
        }
        let after = try weighted.routeBetweenness(demands, closures: closures)
        let before = crossings.sorted { $0.index < $1.index }.map(\.flow)
        return WhatIf(
            closed: ids, before: before, after: bundle.crossingNodes.map { after.node[$0] },
            unservedBefore: unservedDemand, unservedAfter: after.unservedDemand, linkFlowAfter: after.edge)
    }
}
