import ChokepointDomain
import ChokepointGraph

/// Crossing flows estimated from where seizures were made, rather than from cheapest routes
/// under an evidence-discounted cost: the route flows that best reproduce the observed
/// seizures when each element of a route detects its flow in proportion to how watched it is
/// (`PoissonRouteFlows`: Vardi 1996; Shepp & Vardi 1982).
///
/// 1. **Candidate routes.** For every demand pair and every crossing, the cheapest route
///    from the source through that crossing to the target ("via-node" alternatives, Abraham,
///    Delling, Goldberg & Werneck, "Alternative routes in road networks", ACM JEA 18, 2013),
///    kept when it is loopless and costs at most `stretch` times the pair's cheapest route;
///    made under each of the given cost views (travel time, and the evidence-discounted
///    cost, so a route that evidence bends is a candidate too), duplicates removed. Every
///    crossing within the stretch of a pair can so receive that pair's flow.
/// 2. **Observations.** Each seizure counted once, on the element it most likely happened on
///    (`EvidenceModel.attributed`: its nearest node or link; an area record spread), weighed by
///    amount and age as in the evidence model; the exposure is the element's control
///    intensity, or 1 for the comparison without the correction. A route's interior nodes
///    and its links observe it (a demand's own ends do not, as in route betweenness).
/// 3. **Fit.** Route flows and a background level (seizures of traffic on no candidate
///    route), by EM from equal flows. A crossing's estimate is the flow of the routes through it.
///
/// Demand amounts do not enter the fit: the seizures say how much flows where, and the
/// scenario's pairs only say where routes may start and end.
///
/// - Complexity: two shortest-path trees per source and target per view, O(pairs ·
///   crossings · path length) to assemble candidates, then the EM's O(I · Σ|route|).
public struct SeizureFlowEstimate: Sendable {
    /// The scenario's `estimate:` section (ChokepointDomain, so the scenario file can set it).
    public typealias Parameters = FlowEstimateParameters

    public struct Route: Sendable, Hashable {
        /// Index of the demand it serves.
        public var demand: Int
        public var nodes: [Int32]
        public var edges: [Int32]
        public var flow: Double
    }

    /// Estimated flow per crossing (index in `NetworkBundle.crossings`), in seizure-weight
    /// units per unit control: comparable between crossings, not a tonnage.
    public let flow: [Double]
    /// Crossing indices, most estimated flow first; ties by evidence, then id.
    public let ranking: [Int]
    /// Every candidate route with its estimated flow, in discovery order (view, demand, crossing).
    public let routes: [Route]
    public let background: Double
    public let iterations: Int

    /// - Parameters:
    ///   - views: cost views that propose candidates (edge j must be link j).
    ///   - evidence: the seizures' evidence; its `correctsDetectionBias` decides the exposure.
    public init(
        bundle: NetworkBundle, views: [WeightedGraph], demands: [Demand], evidence: EvidenceModel,
        parameters: Parameters = Parameters()
    ) throws(GraphError) {
        let nodeCount = bundle.nodeCount
        let crossingNodes = bundle.crossingNodes.map { Int32($0) }
        var candidates: [Route] = []
        for view in views {
            guard view.nodeCount == nodeCount, view.graph.edgeCount == bundle.links.count else {
                throw .invalidArgument(
                    "a cost view has \(view.nodeCount) nodes and \(view.graph.edgeCount) edges; the bundle \(nodeCount) and \(bundle.links.count)"
                )
            }
            var forward: [Int32: ShortestPathTree] = [:]
            var backward: [Int32: ShortestPathTree] = [:]
            for (d, demand) in demands.enumerated() where demand.amount > 0 && demand.source != demand.target {
                let from = forward[demand.source] ?? view.dijkstra(from: demand.source)
                forward[demand.source] = from
                let to = backward[demand.target] ?? view.dijkstra(from: demand.target, reverse: true)
                backward[demand.target] = to
                guard let cheapest = from.path(to: demand.target) else { continue }
                let limit = parameters.stretch * view.cost(nodes: cheapest.nodes, edges: cheapest.edges)
                candidates.append(Route(demand: d, nodes: cheapest.nodes, edges: cheapest.edges, flow: 0))
                for c in crossingNodes where c != demand.source && c != demand.target {
                    guard let head = from.path(to: c), let tail = to.path(to: c) else { continue }
                    // The reverse tree's path runs target → c; the route runs c → target.
                    let nodes = head.nodes + tail.nodes.reversed().dropFirst()
                    let edges = head.edges + tail.edges.reversed()
                    guard Set(nodes).count == nodes.count, view.cost(nodes: nodes, edges: edges) <= limit else { continue }
                    candidates.append(Route(demand: d, nodes: nodes, edges: edges, flow: 0))
                }
            }
        }
        var seen = Set<[Int32]>()
        // A route's edges fix its ends, so equal edge lists are the same pair's same route.
        candidates = candidates.filter { seen.insert($0.edges).inserted }

        // Element i is node i, then link i − nodeCount, as the routes below index them.
        let all = (0..<nodeCount).map(EvidenceElement.node) + bundle.links.indices.map(EvidenceElement.link)
        let exposure = all.map { evidence.parameters.correctsDetectionBias ? evidence.parameters.control(of: $0, in: bundle) : 1 }
        let observed = all.map { evidence.attributed[$0] ?? 0 }
        let elements = candidates.map { route in
            Array(route.nodes.dropFirst().dropLast()) + route.edges.map { Int32(nodeCount) + $0 }
        }
        let fit = try PoissonRouteFlows(
            routes: elements, exposure: exposure, observed: observed,
            maxIterations: parameters.maxIterations)
        for r in candidates.indices { candidates[r].flow = fit.routeFlow[r] }
        routes = candidates
        background = fit.background
        iterations = fit.iterations
        // EM only approaches zero in the limit: flows below a billionth of the largest are
        // zeros, so their order comes from the evidence and ids, not from rounding residue.
        let floor = 1e-9 * (fit.elementFlow.max() ?? 0)
        flow = crossingNodes.map { fit.elementFlow[Int($0)] > floor ? fit.elementFlow[Int($0)] : 0 }
        let tieBreak = crossingNodes.map { evidence.scores[.node(Int($0))] ?? 0 }
        ranking = CrossingFlows.rank(flow, then: tieBreak, ids: bundle.crossings.map(\.id))
    }

    /// Each demand's `k` candidate routes with most fitted flow (none without flow), by
    /// demand index; equal flows in discovery order.
    public func bestRoutes(perDemand k: Int) -> [Int: [Route]] {
        var byDemand: [Int: [(offset: Int, route: Route)]] = [:]
        for (i, r) in routes.enumerated() where r.flow > 0 { byDemand[r.demand, default: []].append((i, r)) }
        return byDemand.mapValues { candidates in
            candidates.sorted { ($1.route.flow, $0.offset) < ($0.route.flow, $1.offset) }.prefix(k).map(\.route)
        }
    }
}
