import Foundation
import ChokepointDomain

/// Each pair's route shares given where the seizures were made: the fitted logit shares as
/// the prior, the seizures as the data. Two parameters cannot say that *this* ferry carries
/// more than its travel time suggests; the seizures at it can, and this is how they do.
///
/// Per pair d (demand D_d) the shares π_d have a Dirichlet prior with mean the logit shares
/// p_d and concentration κ (`estimate.route_prior_weight`, in seizure-weight units: how many
/// seizures' worth of evidence the route-choice model is worth per pair), and route r
/// carries f_r = D_d π_r. The seizures follow the fit's observation model, λ_e = c_e (δ F_e + b).
/// The posterior mode is found by the EM of network tomography (Vardi 1996) with the prior
/// added (maximum a posteriori EM, Dempster, Laird & Rubin 1977, §4.2): the E-step shares each
/// element's seizures among the routes through it and the background in proportion to what
/// each expects there; the M-step solves, per pair,
///
///     π_r = (Z_r + κ p_r) / (ν + δ D_d W_r),   Σ_r π_r = 1,
///
/// with Z_r the seizure weight the E-step gave route r, W_r = Σ_{e ∈ r} c_e its exposure and
/// ν the multiplier (found by bisection; the sum falls as ν rises), then δ and b. Each step
/// raises the posterior. κ → ∞ gives the logit shares back; κ → 0 the free tomography fit.
///
/// The result is kept as a utility offset per route, ln(π_r / p_r), so a what-if, a control
/// or a bootstrap sample reuses it through the same logit: a route the seizures favour stays
/// favoured when a gate closes, and routes new to the choice set start from the prior.
///
/// - Complexity: O(I · Σ_r |r|) for I steps (at most `maxIterations`).
public struct FlowPosterior: Sendable {
    /// ln(π_r / p_r) per route of the choice set (0 where the prior share is 0).
    public let offsets: [Double]
    public let detection: Double
    public let background: Double
    public let iterations: Int

    public init(
        model: FlowModel, parameters: FlowModel.Parameters, observed: [Double], exposure: [Double],
        detection: Double, background: Double, priorWeight kappa: Double, maxIterations: Int = 500
    ) {
        let set = model.choiceSet
        let prior = model.flows(parameters)
        let nodeCount = model.nodeCount
        let elements: [[Int]] = set.routes.map { r in
            r.nodes.map { Int($0) } + r.edges.map { nodeCount + Int($0) }
        }
        let routeExposure = elements.map { $0.reduce(0) { $0 + exposure[$1] } }
        let watched = exposure.indices.filter { exposure[$0] > 0 }
        let positive = watched.filter { observed[$0] > 0 }
        let sumC = watched.reduce(0) { $0 + exposure[$1] }
        var share = prior.share
        var delta = detection, b = background
        var iterations = 0
        guard kappa.isFinite, !positive.isEmpty, delta > 0 else {
            offsets = [Double](repeating: 0, count: share.count)
            self.detection = detection
            self.background = background
            self.iterations = 0
            return
        }
        var previous = -Double.infinity
        var flow = [Double](repeating: 0, count: exposure.count)
        for step in 0..<maxIterations {
            iterations = step + 1
            for i in flow.indices { flow[i] = 0 }
            var routeFlow = [Double](repeating: 0, count: share.count)
            for (r, route) in set.routes.enumerated() {
                routeFlow[r] = set.demands[route.demand].amount * share[r]
                for e in elements[r] { flow[e] += routeFlow[r] }
            }
            // E-step ratios y_e / λ_e, and the log posterior (up to constants) to stop on.
            var ratio = [Double](repeating: 0, count: exposure.count)
            var objective = 0.0
            for e in watched { objective -= exposure[e] * (delta * flow[e] + b) }
            for e in positive {
                let lambda = exposure[e] * (delta * flow[e] + b)
                guard lambda > 0 else { continue }
                ratio[e] = observed[e] / lambda
                objective += observed[e] * log(lambda)
            }
            for r in share.indices where prior.share[r] > 0 && share[r] > 0 { objective += kappa * prior.share[r] * log(share[r]) }
            if abs(objective - previous) <= 1e-10 * (1 + abs(objective)) { break }
            previous = objective
            var z = [Double](repeating: 0, count: share.count)
            var sumZ = 0.0, sumExposed = 0.0
            for r in share.indices where routeFlow[r] > 0 {
                var seen = 0.0
                for e in elements[r] { seen += exposure[e] * ratio[e] }
                z[r] = delta * routeFlow[r] * seen
                sumZ += z[r]
                sumExposed += routeFlow[r] * routeExposure[r]
            }
            var backgroundZ = 0.0
            for e in positive { backgroundZ += b * exposure[e] * ratio[e] }
            for (d, range) in set.byDemand.enumerated() where !range.isEmpty {
                let scale = delta * set.demands[d].amount
                share.replaceSubrange(
                    range,
                    with: Self.pairShares(
                        numerators: range.map { z[$0] + kappa * prior.share[$0] },
                        costs: range.map { scale * routeExposure[$0] }))
            }
            if sumExposed > 0 { delta = sumZ / sumExposed }
            if sumC > 0 { b = backgroundZ / sumC }
        }
        offsets = share.indices.map { r in prior.share[r] > 0 && share[r] > 0 ? log(share[r] / prior.share[r]) : 0 }
        self.detection = delta
        self.background = b
        self.iterations = iterations
    }

    /// π_r = a_r / (ν + c_r) with Σ π_r = 1 (a_r ≥ 0, c_r ≥ 0): ν by bisection on the
    /// decreasing sum. Routes with a_r = 0 get 0.
    static func pairShares(numerators a: [Double], costs c: [Double]) -> [Double] {
        var total = 0.0, floor = -Double.infinity
        for i in a.indices where a[i] > 0 {
            total += a[i]
            floor = max(floor, -c[i])
        }
        guard total > 0 else { return a.map { _ in 0 } }
        func sum(_ nu: Double) -> Double {
            var s = 0.0
            for i in a.indices where a[i] > 0 { s += a[i] / (nu + c[i]) }
            return s
        }
        // At ν = total the sum is ≤ 1; just above −min c over routes with a > 0 it is > 1.
        // 64 halvings take the bracket to the last bits of a double.
        var low = floor, high = max(total, floor + 1)
        for _ in 0..<64 {
            let mid = 0.5 * (low + high)
            if mid == low || mid == high { break }
            if sum(mid) > 1 { low = mid } else { high = mid }
        }
        var pi = [Double](repeating: 0, count: a.count)
        var s = 0.0
        for i in a.indices where a[i] > 0 {
            pi[i] = a[i] / (high + c[i])
            s += pi[i]
        }
        for i in pi.indices { pi[i] /= s }
        return pi
    }
}

extension FlowPosterior {
    /// The posterior of `model` at the fitted parameters, on the seizures `evidence` attributes.
    public init(model: FlowModel, fit: FlowModelFit, evidence: EvidenceModel, bundle: NetworkBundle, priorWeight: Double) {
        let (observed, exposure) = FlowModelFit.observations(evidence: evidence, bundle: bundle)
        self.init(
            model: model, parameters: fit.parameters, observed: observed, exposure: exposure, detection: fit.detection,
            background: fit.background, priorWeight: priorWeight)
    }

    /// The offsets carried over to another choice set of the same demands (one made on a
    /// closed network): a route kept (same pair, same links) keeps its offset, a new one gets 0.
    public func offsets(from original: RouteChoiceSet, to other: RouteChoiceSet) -> [Double] {
        var byRoute: [Int: [[Int32]: Double]] = [:]
        for (r, route) in original.routes.enumerated() { byRoute[route.demand, default: [:]][route.edges] = offsets[r] }
        return other.routes.map { byRoute[$0.demand]?[$0.edges] ?? 0 }
    }
}
