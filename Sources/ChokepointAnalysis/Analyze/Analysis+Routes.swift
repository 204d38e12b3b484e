import ChokepointDomain
import ChokepointGeo
import ChokepointGraph

extension Analysis {
    public struct Route: Sendable {
        public var source: String
        public var target: String
        /// The source→target pair's demand (scenario weight); the route carries part of it.
        public var demand: Double
        /// 1 for the pair's likeliest route, 2 for its second, ...
        public var rank: Int
        /// The model's probability that the pair's traffic takes this route, and the flow it
        /// so carries (demand × share).
        public var share: Double
        public var flow: Double
        /// The generalised cost the model weighs: hours plus the avoidance of watched elements.
        public var cost: Double
        public var lengthKm: Double
        public var travelHours: Double
        public var nodes: [String]
        public var links: [Int]
        public var modes: [TransportMode]
        public var crossings: [String]
        public var provinces: [String]
        public var evidence: Double
        /// Seizure ids that moved this route's elements most, strongest first.
        public var seizures: [String]
        /// How much each of `seizures` added to the route's evidence, in the same order.
        public var seizureWeights: [Double]
        /// The marking of the seizures behind the route's evidence (nil: none), and how many
        /// of them are not named at the share level.
        public var marking: TLP?
        public var unnamedSeizures: Int
        public var coordinates: [Coordinate]
    }

    /// The routes in their one overall order: most modelled flow first (a route's flow is
    /// its pair's demand times its share), ties by rank within the pair, then source and
    /// target. Exports' `overall_rank`, the report's and the map's best routes and the
    /// printed summary all read this order.
    public var routesInOverallOrder: [Route] {
        let ranks = overallRouteRanks
        return routes.indices.sorted { ranks[$0] < ranks[$1] }.map { routes[$0] }
    }

    /// Each route's position in the overall order (1 = first), by index in `routes`.
    static func overallRanks(_ routes: [Route]) -> [Int] {
        let order = routes.indices.sorted { i, j in
            let x = routes[i], y = routes[j]
            return (-x.flow, x.rank, x.source, x.target) < (-y.flow, y.rank, y.source, y.target)
        }
        var ranks = Array(repeating: 0, count: routes.count)
        for (position, i) in order.enumerated() { ranks[i] = position + 1 }
        return ranks
    }

    /// The likeliest route of each pair, most flow first: the head of `routesInOverallOrder`.
    public var bestRoutes: [Route] { routesInOverallOrder.filter { $0.rank == 1 } }

    /// Up to `options.routesPerPair` routes for every demand pair, the likeliest first under
    /// the fitted model, each sharing at most `options.maxSharedFraction` of its length with
    /// a likelier one kept; pairs by source then target id.
    static func routes(
        bundle: NetworkBundle, graph: BundleGraph, model: FlowModel, flows: FlowModel.Flows,
        parameters: FlowModel.Parameters, evidence: EvidenceModel, records: [SeizureRecord], disclosure: SeizureDisclosure, options: Options
    ) -> [Route] {
        let ids = bundle.nodeIDs
        let set = model.choiceSet
        let cost = model.routeCosts(parameters)
        let pairs = set.demands.indices.sorted {
            let a = set.demands[$0], b = set.demands[$1]
            return (ids[Int(a.source)], ids[Int(a.target)], $0) < (ids[Int(b.source)], ids[Int(b.target)], $1)
        }
        var routes: [Route] = []
        for (done, d) in pairs.enumerated() {
            options.progress?(done, pairs.count)
            let likeliest = set.byDemand[d].sorted { (flows.share[$1], $0) < (flows.share[$0], $1) }
            var kept: [Int] = []
            for r in likeliest where kept.count < options.routesPerPair && flows.share[r] > 0 {
                let edges = set.routes[r].edges
                let length = edges.reduce(0) { $0 + graph.lengthKm[Int($1)] }
                let overlaps = kept.contains { k in
                    let other = Set(set.routes[k].edges)
                    let shared = edges.reduce(0) { $0 + (other.contains($1) ? graph.lengthKm[Int($1)] : 0) }
                    return length > 0 && shared > options.maxSharedFraction * length
                }
                guard !overlaps else { continue }
                kept.append(r)
                let path = Path(nodes: set.routes[r].nodes, edges: edges, cost: cost[r])
                routes.append(
                    route(
                        path, rank: kept.count, share: flows.share[r], flow: flows.route[r], demand: set.demands[d],
                        bundle: bundle, ids: ids, graph: graph, evidence: evidence, records: records, disclosure: disclosure))
            }
        }
        options.progress?(pairs.count, pairs.count)
        return routes
    }

    /// One path as a route: its modes and provinces in order, its crossings, its evidence
    /// and the seizures that weigh most on it.
    private static func route(
        _ path: Path, rank: Int, share: Double, flow: Double, demand d: Demand, bundle: NetworkBundle, ids: [String],
        graph: BundleGraph, evidence: EvidenceModel, records: [SeizureRecord], disclosure: SeizureDisclosure
    ) -> Route {
        var modes: [TransportMode] = [], provinces: [String] = [], elements: [EvidenceElement] = []
        for e in path.edges {
            let mode = bundle.links[Int(e)].mode
            if modes.last != mode && !modes.contains(mode) { modes.append(mode) }
            elements.append(.link(Int(e)))
        }
        var crossings: [String] = [], coordinates: [Coordinate] = []
        for v in path.nodes.map(Int.init) {
            let node = bundle.node(v)
            if !node.province.isEmpty && provinces.last != node.province { provinces.append(node.province) }
            if case .crossing = node { crossings.append(node.id) }
            coordinates.append(node.coordinate)
            elements.append(.node(v))
        }
        var weightBySeizure: [Int: Double] = [:]
        var score = 0.0
        for element in elements {
            score += evidence.scores[element] ?? 0
            evidence.forEachContribution(of: element) { c in weightBySeizure[c.record, default: 0] += c.weight }
        }
        let support = heaviest(weightBySeizure, 5, records: records, disclosure: disclosure)
        let measure = graph.measure(path)
        return Route(
            source: ids[Int(d.source)], target: ids[Int(d.target)], demand: d.amount, rank: rank, share: share, flow: flow,
            cost: path.cost,
            lengthKm: measure.km, travelHours: measure.hours, nodes: path.nodes.map { ids[Int($0)] },
            links: path.edges.map(Int.init), modes: modes, crossings: crossings, provinces: provinces, evidence: score,
            seizures: support.ids, seizureWeights: support.weights, marking: support.marking, unnamedSeizures: support.unnamed,
            coordinates: coordinates)
    }
}
