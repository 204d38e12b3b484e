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
    /// The step limit it ran under: `iterations` below it means the EM met its tolerance.
    public let maxIterations: Int

    public init(
        model: FlowModel, parameters: FlowModel.Parameters, observed: [Double], exposure: [Double],
        detection: Double, background: Double, priorWeight kappa: Double, maxIterations: Int = 500
    ) {
        self.maxIterations = maxIterations
        let set = model.choiceSet
        let prior = model.flows(parameters)
        let nodeCount = model.nodeCount
        // Each route's elements (its nodes, then its links after the nodes) in one flat array,
        // route r's at elementStart[r]..<elementStart[r + 1]: the EM walks them twice a step.
        var elementStart = [Int](repeating: 0, count: set.routes.count + 1)
        var elementIndex: [Int32] = []
        elementIndex.reserveCapacity(set.routes.reduce(0) { $0 + $1.nodes.count + $1.edges.count })
        for (r, route) in set.routes.enumerated() {
            for v in route.nodes { elementIndex.append(v) }
            for e in route.edges { elementIndex.append(Int32(nodeCount) + e) }
            elementStart[r + 1] = elementIndex.count
        }
        let routeDemand = set.routes.map { set.demands[$0.demand].amount }
        var routeExposure = [Double](repeating: 0, count: set.routes.count)
        for r in routeExposure.indices {
            for k in elementStart[r]..<elementStart[r + 1] { routeExposure[r] += exposure[Int(elementIndex[k])] }
        }
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
        // Work arrays made once; every step overwrites them.
        var flow = [Double](repeating: 0, count: exposure.count)
        var ratio = [Double](repeating: 0, count: exposure.count)
        var routeFlow = [Double](repeating: 0, count: share.count)
        var numerators = [Double](repeating: 0, count: share.count)
        var seen = [Double](repeating: 0, count: share.count)
        // c_e · y_e / λ_e, nonzero only where seizures were made (`positive`).
        var weightedRatio = [Double](repeating: 0, count: exposure.count)
        var costs = [Double](repeating: 0, count: share.count)
        for step in 0..<maxIterations {
            iterations = step + 1
            for r in share.indices { routeFlow[r] = routeDemand[r] * share[r] }
            Self.spread(routeFlow, starts: elementStart, elements: elementIndex, into: &flow)
            // E-step ratios y_e / λ_e, and the log posterior (up to constants) to stop on.
            for i in ratio.indices { ratio[i] = 0 }
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
            for e in positive { weightedRatio[e] = exposure[e] * ratio[e] }
            Self.gather(weightedRatio, starts: elementStart, elements: elementIndex, where: routeFlow, into: &seen)
            var sumZ = 0.0, sumExposed = 0.0
            for r in share.indices {
                var z = 0.0
                if routeFlow[r] > 0 {
                    z = delta * routeFlow[r] * seen[r]
                    sumZ += z
                    sumExposed += routeFlow[r] * routeExposure[r]
                }
                numerators[r] = z + kappa * prior.share[r]
            }
            var backgroundZ = 0.0
            for e in positive { backgroundZ += b * exposure[e] * ratio[e] }
            for (d, range) in set.byDemand.enumerated() where !range.isEmpty {
                let scale = delta * set.demands[d].amount
                for r in range { costs[r] = scale * routeExposure[r] }
                Self.pairShares(numerators: numerators, costs: costs, range: range, into: &share)
            }
            if sumExposed > 0 { delta = sumZ / sumExposed }
            if sumC > 0 { b = backgroundZ / sumC }
        }
        offsets = share.indices.map { r in prior.share[r] > 0 && share[r] > 0 ? log(share[r] / prior.share[r]) : 0 }
        self.detection = delta
        self.background = b
        self.iterations = iterations
    }

    /// flow_e = Σ over routes r through e of routeFlow_r: the EM's hottest loop, over
    /// unchecked buffers (the flat element lists are built in range by construction).
    static func spread(_ routeFlow: [Double], starts: [Int], elements: [Int32], into flow: inout [Double]) {
        routeFlow.withUnsafeBufferPointer { f in
            starts.withUnsafeBufferPointer { start in
                elements.withUnsafeBufferPointer { index in
                    flow.withUnsafeMutableBufferPointer { out in
                        for i in out.indices { out[i] = 0 }
                        for r in 0..<f.count where f[r] != 0 {
                            let x = f[r]
                            for k in start[r]..<start[r + 1] { out[Int(index[k])] += x }
                        }
                    }
                }
            }
        }
    }

    /// seen_r = Σ over elements e of route r of value_e, for routes with flow (else 0).
    static func gather(_ value: [Double], starts: [Int], elements: [Int32], where routeFlow: [Double], into seen: inout [Double]) {
        value.withUnsafeBufferPointer { v in
            starts.withUnsafeBufferPointer { start in
                elements.withUnsafeBufferPointer { index in
                    routeFlow.withUnsafeBufferPointer { f in
                        seen.withUnsafeMutableBufferPointer { out in
                            for r in 0..<out.count {
                                var sum = 0.0
                                if f[r] > 0 { for k in start[r]..<start[r + 1] { sum += v[Int(index[k])] } }
                                out[r] = sum
                            }
                        }
                    }
                }
            }
        }
    }

    /// π_r = a_r / (ν + c_r) with Σ π_r = 1 (a_r ≥ 0, c_r ≥ 0). Routes with a_r = 0 get 0.
    static func pairShares(numerators a: [Double], costs c: [Double]) -> [Double] {
        var pi = [Double](repeating: 0, count: a.count)
        pairShares(numerators: a, costs: c, range: a.indices, into: &pi)
        return pi
    }

    /// The M-step of one pair, on `range` of the arrays, written into `pi[range]`.
    ///
    /// g(ν) = Σ a_r/(ν + c_r) falls and is convex for ν > −min c (over a_r > 0), so ν with
    /// g(ν) = 1 is found by Newton's method kept inside a bracket that every step narrows
    /// (a step leaving it bisects instead): quadratic near the root, where the plain
    /// bisection this replaced spent 64 halvings per pair and step.
    static func pairShares(numerators a: [Double], costs c: [Double], range: Range<Int>, into pi: inout [Double]) {
        var total = 0.0, floor = -Double.infinity
        for i in range where a[i] > 0 {
            total += a[i]
            floor = max(floor, -c[i])
        }
        guard total > 0 else {
            for i in range { pi[i] = 0 }
            return
        }
        // At ν = total the sum is ≤ 1; just above −min c over routes with a > 0 it is > 1.
        var low = floor, high = max(total, floor + 1)
        var nu = high
        for _ in 0..<100 {
            var g = -1.0, slope = 0.0
            for i in range where a[i] > 0 {
                let q = 1 / (nu + c[i])
                g += a[i] * q
                slope -= a[i] * q * q
            }
            if g > 0 { low = nu } else { high = nu }
            let step = g / slope
            if g == 0 || abs(step) <= 2 * Double.ulpOfOne * max(abs(nu), 1)
                || high - low <= 4 * Double.ulpOfOne * max(abs(low), abs(high), 1)
            {
                break
            }
            var next = nu - step
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            nu = next
        }
        var s = 0.0
        for i in range {
            pi[i] = a[i] > 0 ? a[i] / (nu + c[i]) : 0
            s += pi[i]
        }
        for i in range { pi[i] /= s }
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
