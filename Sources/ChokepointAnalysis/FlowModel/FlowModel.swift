import ChokepointDomain
import ChokepointGraph

/// The one flow model behind every rank: each pair's demand shared among its routes
/// (`RouteChoiceSet`) by a path-size logit (`PathSizeLogit`, Ben-Akiva & Bierlaire 1999) over
///
///     C_r = hours_r + α · watched_r
///
/// where `watched_r` sums the control intensity of the gates, airports, ports and postal
/// lanes the route passes and α (hours) is how much longer a trafficker will travel to avoid
/// one unit of control. μ, the dispersion, says how sure route choice is: a route μ hours
/// dearer than another is e times less likely. Both are estimated from the seizures
/// (`FlowModelFit`).
///
/// A route's flow is its pair's demand times its share; an element's flow is the flow of the
/// routes that visit it, its ends included (a market's seizures are of drugs that arrived).
/// A province counts a route once however many of its towns the route passes.
///
/// Why a path-based logit and not the recursive logit (`RecursiveLogitAssignment`): on this
/// network alternatives via other crossings cost hours to tens of hours more, so the
/// dispersion the seizures ask for is hours; the recursive logit over every walk diverges
/// for μ ≳ 1 h on the bundle (short links make cheap cycles), while a choice set of loopless
/// via-crossing routes stays finite for any μ and gives the explicit routes the exports show.
///
/// - Complexity: O(Σ_r |r|) per evaluation.
public struct FlowModel: Sendable {
    public struct Parameters: Sendable, Hashable {
        /// μ in hours.
        public var dispersionHours: Double
        /// α in hours per unit of control intensity.
        public var avoidanceHours: Double
        /// β of the path-size term; 1 as in Ben-Akiva & Bierlaire, not estimated.
        public var pathSizeWeight = 1.0

        public init(dispersionHours: Double, avoidanceHours: Double) {
            self.dispersionHours = dispersionHours
            self.avoidanceHours = avoidanceHours
        }
    }

    /// Flows under one set of parameters.
    public struct Flows: Sendable {
        /// Per route of the choice set.
        public var route: [Double]
        public var share: [Double]
        /// Per node (visits, ends included) and per link.
        public var node: [Double]
        public var link: [Double]
        /// Demand of pairs that have no route.
        public var unserved: Double
    }

    public let choiceSet: RouteChoiceSet
    public let nodeCount: Int
    public let linkCount: Int
    /// Each route's hours and watch, copied out of `choiceSet.routes` once.
    private let routeHours: [Double]
    private let routeWatched: [Double]

    public init(choiceSet: RouteChoiceSet, nodeCount: Int, linkCount: Int) {
        self.choiceSet = choiceSet
        self.nodeCount = nodeCount
        self.linkCount = linkCount
        routeHours = choiceSet.routes.map(\.hours)
        routeWatched = choiceSet.routes.map(\.watched)
    }

    /// Route costs under `p`, with the extra control `extraWatch` adds per watched node
    /// (a node number → added intensity; for controls being tried).
    public func routeCosts(_ p: Parameters, extraWatch: [Int32: Double] = [:]) -> [Double] {
        guard extraWatch.isEmpty else {
            return choiceSet.routes.map { r in
                var watched = r.watched
                for v in r.nodes.dropFirst().dropLast() { watched += extraWatch[v] ?? 0 }
                return r.hours + p.avoidanceHours * watched
            }
        }
        // Every likelihood evaluation comes here: the routes' hours and watch, read once.
        return zip(routeHours, routeWatched).map { $0 + p.avoidanceHours * $1 }
    }

    /// Flows under `p`; `offsets` (per route, e.g. `FlowPosterior.offsets`) add to each
    /// route's utility, so the seizures' verdict on a route survives a what-if or a control.
    public func flows(_ p: Parameters, extraWatch: [Int32: Double] = [:], offsets: [Double]? = nil) -> Flows {
        var cost = routeCosts(p, extraWatch: extraWatch)
        if let offsets { for r in cost.indices { cost[r] -= p.dispersionHours * offsets[r] } }
        let share = choiceSet.logit.shares(cost: cost, dispersion: p.dispersionHours, pathSizeWeight: p.pathSizeWeight)
        var node = [Double](repeating: 0, count: nodeCount)
        var link = [Double](repeating: 0, count: linkCount)
        let amount = choiceSet.incidence.demandAmount
        var route = [Double](repeating: 0, count: share.count)
        for i in route.indices { route[i] = amount[i] * share[i] }
        choiceSet.incidence.spread(route, nodes: &node, links: &link)
        var unserved = 0.0
        for (d, range) in choiceSet.byDemand.enumerated() where range.isEmpty {
            let demand = choiceSet.demands[d]
            if demand.source != demand.target { unserved += max(0, demand.amount) }
        }
        return Flows(route: route, share: share, node: node, link: link, unserved: unserved)
    }
}
