import ChokepointDomain
import ChokepointGeo
import ChokepointGraph

extension Analysis {
    public struct Route: Sendable {
        public var source: String
        public var target: String
        /// The source→target pair's demand (scenario weight); the route carries part of it.
        public var demand: Double
        /// 1 for the pair's best route, 2 for its second, ...
        public var rank: Int
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
        public var coordinates: [Coordinate]
    }

    /// The routes in their one overall order: every pair's best route by its demand (most
    /// first), then every pair's second route, and so on; ties by source, then target. The
    /// top of the list is the routes most likely to carry the most. Exports' `overall_rank`,
    /// the report's and the map's best routes and the printed summary all read this order.
    public var routesInOverallOrder: [Route] {
        let ranks = overallRouteRanks
        return routes.indices.sorted { ranks[$0] < ranks[$1] }.map { routes[$0] }
    }

    /// Each route's position in the overall order (1 = first), by index in `routes`: every
    /// pair's best route by its demand, then every second route, ties by source and target.
    static func overallRanks(_ routes: [Route]) -> [Int] {
        let order = routes.indices.sorted { i, j in
            let x = routes[i], y = routes[j]
            return (x.rank, -x.demand, x.source, x.target) < (y.rank, -y.demand, y.source, y.target)
        }
        var ranks = Array(repeating: 0, count: routes.count)
        for (position, i) in order.enumerated() { ranks[i] = position + 1 }
        return ranks
    }

    /// The best route of each pair, heaviest demand first: the head of `routesInOverallOrder`.
    public var bestRoutes: [Route] { routesInOverallOrder.filter { $0.rank == 1 } }

    /// Up to `options.routesPerPair` diverse routes for every demand pair, pairs by source then
    /// target id.
    static func routes(
        bundle: NetworkBundle, graph: BundleGraph, weighted: WeightedGraph, demands: [Demand],
        evidence: EvidenceModel, records: [SeizureRecord], options: Options
    ) -> [Route] {
        let ids = bundle.nodeIDs
        let pairs = demands.sorted { (ids[Int($0.source)], ids[Int($0.target)]) < (ids[Int($1.source)], ids[Int($1.target)]) }
        var routes: [Route] = []
        for (done, d) in pairs.enumerated() {
            options.progress?(done, pairs.count)
            let paths = weighted.diversePaths(
                from: d.source, to: d.target, k: options.routesPerPair,
                maxSharedFraction: options.maxSharedFraction, length: graph.lengthKm,
                maxExamined: options.maxExamined)
            for (rank, path) in paths.enumerated() {
                routes.append(
                    route(
                        path, rank: rank + 1, demand: d, bundle: bundle, ids: ids, graph: graph, evidence: evidence,
                        records: records))
            }
        }
        options.progress?(pairs.count, pairs.count)
        return routes
    }

    /// One path as a route: its modes and provinces in order, its crossings, its evidence
    /// and the seizures that weigh most on it.
    private static func route(
        _ path: Path, rank: Int, demand d: Demand, bundle: NetworkBundle, ids: [String],
        graph: BundleGraph, evidence: EvidenceModel, records: [SeizureRecord]
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
            for c in evidence.contributions[element] ?? [] { weightBySeizure[c.record, default: 0] += c.weight }
        }
        let support = heaviest(weightBySeizure, 5, records: records)
        let measure = graph.measure(path)
        return Route(
            source: ids[Int(d.source)], target: ids[Int(d.target)], demand: d.amount, rank: rank, cost: path.cost,
            lengthKm: measure.km, travelHours: measure.hours, nodes: path.nodes.map { ids[Int($0)] },
            links: path.edges.map(Int.init), modes: modes, crossings: crossings, provinces: provinces, evidence: score,
            seizures: support.ids, seizureWeights: support.weights, coordinates: coordinates)
    }
}
