import ChokepointDomain
import ChokepointGraph

/// The routes traffickers of each source→target pair are taken to choose among, and what
/// each costs in the terms the route-choice model weighs: hours and watched control points.
///
/// Generation ("via-node" alternatives, I. Abraham, D. Delling, A. V. Goldberg and
/// R. F. Werneck, "Alternative routes in road networks", ACM JEA 18, 2013): for every pair
/// and every crossing, the quickest route from the source through that crossing to the
/// target, kept when it is loopless and takes at most `stretch` times the pair's quickest
/// route, under two views: plain travel time, and travel time with each watched element
/// `avoidanceHours` × its control dearer (so routes that go round gates are candidates
/// too). Every crossing within the stretch of a pair so has a route of that pair through
/// it, which is what lets the choice model give it a share. Duplicates are removed; routes
/// of one pair are contiguous, pairs in demand order, each pair's routes in discovery order
/// (view, quickest first, then crossings in bundle order), so the set is deterministic.
///
/// **Watched elements** are where an agency controls traffic: border crossings (control by
/// type) and the gateways air, sea and postal lanes enter and leave through (airports, sea
/// ports, postal hubs, by kind), with the control intensities of the evidence model's table
/// (`evidence.control`). The lanes themselves are not watched: their controls are at the
/// gateways, counted once at each end.
///
/// - Complexity: four shortest-path trees per pair's source and target, then
///   O(pairs · crossings · route length).
public struct RouteChoiceSet: Sendable {
    public struct Route: Sendable, Hashable {
        /// Index of the demand it serves.
        public var demand: Int
        public var nodes: [Int32]
        public var edges: [Int32]
        /// Travel time: links' hours plus the delays of the nodes passed through.
        public var hours: Double
        /// Σ control intensity of the watched elements the route passes (interior nodes, links).
        public var watched: Double
    }

    public let demands: [Demand]
    public let routes: [Route]
    /// The routes of each demand (index ranges into `routes`; empty for a demand with none).
    public let byDemand: [Range<Int>]
    /// The path-size logit over these routes (edge lengths: hours).
    public let logit: PathSizeLogit
    /// Control intensity of each node if it is watched, else 0 (node number).
    public let nodeWatch: [Double]
    /// Control intensity of each link if it is watched, else 0 (index in `bundle.links`).
    public let linkWatch: [Double]
    /// The routes' nodes and links in flat arrays, for the loops every likelihood
    /// evaluation runs (`spread`): walking `routes` copies each route's arrays' references.
    let incidence: RouteIncidence

    public init(
        bundle: NetworkBundle, graph: BundleGraph, demands: [Demand], control: EvidenceModel.Parameters,
        stretch: Double, avoidanceHours: Double, closures: Closures? = nil
    ) throws(GraphError) {
        let (nodeWatch, linkWatch) = Self.watch(bundle: bundle, control: control)
        self.nodeWatch = nodeWatch
        self.linkWatch = linkWatch
        let costs = graph.costs
        let plain = try graph.byTravelTime()
        let avoiding = try graph.graph.weighted(
            weights: zip(costs.links, linkWatch).map { $0.hours + avoidanceHours * $1 }, name: "avoiding_h",
            nodeCost: zip(costs.nodes, nodeWatch).map { $0.hours + avoidanceHours * $1 })
        var found: [[Route]] = Array(repeating: [], count: demands.count)
        var seen: [Set<[Int32]>] = Array(repeating: [], count: demands.count)
        let crossingNodes = bundle.crossingNodes.map { Int32($0) }
        for view in [plain, avoiding] {
            var forward: [Int32: ShortestPathTree] = [:]
            var backward: [Int32: ShortestPathTree] = [:]
            for (d, demand) in demands.enumerated() where demand.amount > 0 && demand.source != demand.target {
                let from = forward[demand.source] ?? view.dijkstra(from: demand.source, closures: closures)
                forward[demand.source] = from
                let to = backward[demand.target] ?? view.dijkstra(from: demand.target, closures: closures, reverse: true)
                backward[demand.target] = to
                guard let quickest = from.path(to: demand.target) else { continue }
                let limit = stretch * view.cost(nodes: quickest.nodes, edges: quickest.edges)
                var paths = [quickest]
                for c in crossingNodes where c != demand.source && c != demand.target {
                    guard let head = from.path(to: c), let tail = to.path(to: c) else { continue }
                    // The reverse tree's path runs target → c; the route runs c → target.
                    let nodes = head.nodes + tail.nodes.reversed().dropFirst()
                    let edges = head.edges + tail.edges.reversed()
                    guard Set(nodes).count == nodes.count, view.cost(nodes: nodes, edges: edges) <= limit else { continue }
                    paths.append((nodes, edges))
                }
                for p in paths where seen[d].insert(p.edges).inserted {
                    let interior = p.nodes.dropFirst().dropLast()
                    let hours =
                        p.edges.reduce(0) { $0 + costs.links[Int($1)].hours } + interior.reduce(0) { $0 + costs.nodes[Int($1)].hours }
                    let watched = p.edges.reduce(0) { $0 + linkWatch[Int($1)] } + interior.reduce(0) { $0 + nodeWatch[Int($1)] }
                    found[d].append(Route(demand: d, nodes: p.nodes, edges: p.edges, hours: hours, watched: watched))
                }
            }
        }
        var routes: [Route] = [], byDemand: [Range<Int>] = []
        for group in found {
            byDemand.append(routes.count..<routes.count + group.count)
            routes += group
        }
        self.demands = demands
        self.routes = routes
        self.byDemand = byDemand
        incidence = RouteIncidence(routes: routes, demands: demands)
        logit = try PathSizeLogit(routes: routes.map(\.edges), groups: byDemand, edgeLength: costs.links.map(\.hours))
    }

    /// The watched elements' control intensities: crossings by type, gateways by kind; 0
    /// elsewhere (every link).
    static func watch(bundle: NetworkBundle, control: EvidenceModel.Parameters) -> (nodes: [Double], links: [Double]) {
        var nodes = [Double](repeating: 0, count: bundle.nodeCount)
        for v in bundle.controlPointNodes { nodes[v] = control.control(of: .node(v), in: bundle) }
        return (nodes, [Double](repeating: 0, count: bundle.links.count))
    }
}

/// Each route's nodes and links as ranges of two flat arrays, and the demand it serves.
struct RouteIncidence: Sendable {
    let nodeStart: [Int]
    let nodes: [Int32]
    let edgeStart: [Int]
    let edges: [Int32]
    /// The amount of the demand each route serves.
    let demandAmount: [Double]

    init(routes: [RouteChoiceSet.Route], demands: [Demand]) {
        var nodeStart = [0], edgeStart = [0], nodes: [Int32] = [], edges: [Int32] = []
        for r in routes {
            nodes += r.nodes
            edges += r.edges
            nodeStart.append(nodes.count)
            edgeStart.append(edges.count)
        }
        self.nodeStart = nodeStart
        self.nodes = nodes
        self.edgeStart = edgeStart
        self.edges = edges
        demandAmount = routes.map { demands[$0.demand].amount }
    }

    /// Adds each route's flow to its nodes and links (routes in order, so the sums are the
    /// same bits as a walk over the routes), over unchecked buffers built in range.
    func spread(_ routeFlow: [Double], nodes nodeFlow: inout [Double], links linkFlow: inout [Double]) {
        routeFlow.withUnsafeBufferPointer { f in
            nodeStart.withUnsafeBufferPointer { ns in
                nodes.withUnsafeBufferPointer { nv in
                    edgeStart.withUnsafeBufferPointer { es in
                        edges.withUnsafeBufferPointer { ev in
                            nodeFlow.withUnsafeMutableBufferPointer { node in
                                linkFlow.withUnsafeMutableBufferPointer { link in
                                    for r in 0..<f.count where f[r] > 0 {
                                        let x = f[r]
                                        for k in ns[r]..<ns[r + 1] { node[Int(nv[k])] += x }
                                        for k in es[r]..<es[r + 1] { link[Int(ev[k])] += x }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
