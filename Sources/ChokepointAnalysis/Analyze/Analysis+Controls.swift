import ChokepointDomain
import ChokepointGraph

extension Analysis {
    /// A control: a control point (a crossing, or an airport, port or postal hub on the way)
    /// to put one more team at, with what it adds given the earlier choices.
    public struct Control: Sendable {
        /// Node number.
        public var node: Int
        /// Expected seizure exposure added by this control once the earlier ones are in place:
        /// Σ_e control_e · flow_e after, less before, in flow units (expected seizures are
        /// this times the fitted detection rate).
        public var marginalExposure: Double
        /// The same, in expected seizure weight (× the detection rate).
        public var marginalSeizures: Double
        /// Flow through the point before any new control, and with every control chosen so
        /// far (traffickers go round controls in proportion to the fitted avoidance).
        public var flowBefore: Double
        public var flowAfter: Double
    }

    /// Control added per chosen point: one unit, as much as an international gate has.
    public static let controlAdded = 1.0

    /// The nodes a control may go to: the bundle's control points (crossings, and the
    /// airports, sea ports and postal hubs lanes pass through) that are not a demand's end.
    public var controlCandidates: [Int] {
        let ends = Set(demands.flatMap { [Int($0.source), Int($0.target)] })
        return bundle.controlPointNodes.filter { !ends.contains($0) }
    }

    /// The k control points that most raise the expected seizures of the modelled traffic,
    /// chosen greedily (Nemhauser, Wolsey & Fisher 1978; each step the best addition given the
    /// earlier ones, ties by id): a control adds `controlAdded` to the point's intensity, the
    /// route choice reacts through the fitted avoidance, and the gain is the rise of
    /// Σ_e control_e · flow_e over every node and link.
    public func controls(k: Int) -> [Control] {
        let base = (0..<bundle.nodeCount).map { evidence.parameters.control(of: .node($0), in: bundle) }
        let linkBase = bundle.links.indices.map { evidence.parameters.control(of: .link($0), in: bundle) }
        func exposure(_ extra: [Int32: Double]) -> (total: Double, node: [Double]) {
            let f = model.flows(fit.parameters, extraWatch: extra, offsets: posterior.offsets)
            var total = 0.0
            for v in f.node.indices { total += (base[v] + (extra[Int32(v)] ?? 0)) * f.node[v] }
            for j in f.link.indices { total += linkBase[j] * f.link[j] }
            return (total, f.node)
        }
        let ids = bundle.nodeIDs
        var chosen: [Int32: Double] = [:]
        var current = exposure([:]).total
        var remaining = controlCandidates.sorted { ids[$0] < ids[$1] }
        var result: [Control] = []
        while result.count < k, !remaining.isEmpty {
            var best: (position: Int, total: Double, node: [Double])?
            for (position, v) in remaining.enumerated() {
                var trial = chosen
                trial[Int32(v)] = Self.controlAdded
                let (total, node) = exposure(trial)
                if best.map({ total > $0.total }) ?? true { best = (position, total, node) }
            }
            guard let best else { break }
            let v = remaining.remove(at: best.position)
            chosen[Int32(v)] = Self.controlAdded
            let gain = best.total - current
            current = best.total
            result.append(
                Control(
                    node: v, marginalExposure: gain, marginalSeizures: gain * fit.detection, flowBefore: flows.node[v],
                    flowAfter: best.node[v]))
        }
        return result
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

    /// The closures' effect under the fitted model: each pair's choice set is made again on
    /// the closed network and its demand shared among what is left, so a closed crossing's
    /// flow moves to the alternatives in proportion to how likely each was (the balloon
    /// effect), and a pair with no route left is cut off.
    public func whatIf(closing ids: [String]) throws -> WhatIf {
        var closures = Closures(for: graph.graph)
        for id in ids {
            guard let v = graph.graph.node(id) else { throw WhatIfError.unknown(id) }
            _ = closures.close(node: v)
        }
        let priors = estimate
        let closedSet = try RouteChoiceSet(
            bundle: bundle, graph: graph, demands: demands, control: evidence.parameters, stretch: priors.stretch,
            avoidanceHours: priors.avoidanceHours, closures: closures)
        let after = FlowModel(choiceSet: closedSet, nodeCount: bundle.nodeCount, linkCount: bundle.links.count)
            .flows(fit.parameters, offsets: posterior.offsets(from: model.choiceSet, to: closedSet))
        let before = crossings.sorted { $0.index < $1.index }.map(\.flow)
        return WhatIf(
            closed: ids, before: before, after: bundle.crossingNodes.map { after.node[$0] },
            unservedBefore: unservedDemand, unservedAfter: after.unserved, linkFlowAfter: after.link)
    }
}
