import Foundation

/// Route choice among a given set of routes per choice situation (a source→target pair) by
/// the path-size logit of M. Ben-Akiva and M. Bierlaire, "Discrete choice methods and their
/// applications to short term travel decisions", Handbook of Transportation Science, 1999
/// (the form of E. Frejinger and M. Bierlaire, "Capturing correlation with subnetworks in
/// route choice models", Transportation Research B 41(3), 2007, eq. 2):
///
///     P(r) = exp(−C_r / μ + β · ln PS_r) / Σ_{s in r's group} exp(−C_s / μ + β · ln PS_s)
///     PS_r = Σ_{a ∈ r} (l_a / L_r) · 1 / N_a
///
/// with C_r the route's generalised cost, μ > 0 the dispersion (in cost units: a route μ
/// dearer than another is e times less likely), l_a an edge's length (any additive measure),
/// L_r the route's length and N_a the number of routes of the group that use edge a. The
/// path size PS_r ∈ (0, 1] is 1 for a route that shares nothing and 1/n for one of n copies,
/// so n near-identical routes split the share one distinct route would get instead of
/// multiplying it: overlap does not inflate a corridor's flow.
///
/// Shares are smooth in every cost: a small change of cost moves a small share, never a
/// whole group, which is what a what-if or a new candidate crossing needs. As μ → 0 each
/// group's share goes to its cheapest routes (ties split by path size).
///
/// - Complexity: O(Σ_r |r|) to build, O(R) per evaluation of the shares of R routes.
public struct PathSizeLogit: Sendable {
    /// The routes of each group, as index ranges into the route arrays (contiguous).
    public let groups: [Range<Int>]
    /// ln PS_r per route.
    public let logPathSize: [Double]

    /// - Parameters:
    ///   - routes: each route's edges; routes of one group are contiguous.
    ///   - groups: index ranges of `routes`, one per choice situation, covering them in order.
    ///   - edgeLength: l_a ≥ 0 per edge id; a route of length 0 gets path size 1.
    public init(routes: [[Int32]], groups: [Range<Int>], edgeLength: [Double]) throws(GraphError) {
        var next = 0
        for g in groups {
            guard g.lowerBound == next, g.upperBound <= routes.count else {
                throw .invalidArgument("path-size logit: groups must cover the \(routes.count) routes in order")
            }
            next = g.upperBound
        }
        guard next == routes.count else {
            throw .invalidArgument("path-size logit: groups cover \(next) of \(routes.count) routes")
        }
        var logPS = [Double](repeating: 0, count: routes.count)
        var uses: [Int32: Int] = [:]
        for g in groups {
            uses.removeAll(keepingCapacity: true)
            for r in g { for a in Set(routes[r]) { uses[a, default: 0] += 1 } }
            for r in g {
                var total = 0.0, size = 0.0
                for a in routes[r] {
                    guard Int(a) >= 0, Int(a) < edgeLength.count, edgeLength[Int(a)] >= 0, edgeLength[Int(a)].isFinite else {
                        throw .invalidArgument("path-size logit: edge \(a) has no finite length ≥ 0")
                    }
                    total += edgeLength[Int(a)]
                    size += edgeLength[Int(a)] / Double(uses[a] ?? 1)
                }
                logPS[r] = total > 0 ? log(size / total) : 0
            }
        }
        self.groups = groups
        logPathSize = logPS
    }

    /// P(r) for every route, given each route's cost, the dispersion μ and the path-size
    /// weight β (1 in Ben-Akiva & Bierlaire). A route of infinite cost gets share 0; a group
    /// whose every route has infinite cost gets shares 0 (nothing can travel it).
    public func shares(cost: [Double], dispersion mu: Double, pathSizeWeight beta: Double = 1) -> [Double] {
        var p = [Double](repeating: 0, count: cost.count)
        for g in groups {
            var best = -Double.infinity
            for r in g where cost[r].isFinite { best = max(best, -cost[r] / mu + beta * logPathSize[r]) }
            guard best.isFinite else { continue }
            var sum = 0.0
            for r in g where cost[r].isFinite {
                p[r] = exp(-cost[r] / mu + beta * logPathSize[r] - best)
                sum += p[r]
            }
            for r in g { p[r] /= sum }
        }
        return p
    }
}
