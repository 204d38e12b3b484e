import Foundation

/// The route flows that best explain counts observed on a network's elements, by Poisson
/// maximum likelihood: the network-tomography model of Y. Vardi, "Network tomography:
/// estimating source-destination traffic intensities from link data", JASA 91(433),
/// 365–377, 1996, solved with the EM iteration of L. A. Shepp and Y. Vardi, "Maximum
/// likelihood reconstruction for emission tomography", IEEE Trans. Med. Imaging 1(2),
/// 113–122, 1982.
///
/// Each route r carries an unknown flow x_r ≥ 0. An element e (a node or a link) that routes
/// cross sees counts with mean
///
///     λ_e = a_e · (f_e + β),    f_e = Σ_{r ∋ e} x_r,
///
/// where a_e is the element's exposure (how likely a unit of flow there is to be counted:
/// for seizures, how watched it is) and β ≥ 0 an optional background level counted on every
/// element in proportion to its exposure (counts of traffic that follows none of the
/// routes). The iteration
///
///     x_r ← x_r · Σ_{e ∈ r} (y_e / (f_e + β)) / Σ_{e ∈ r} a_e
///     β   ← β   · Σ_e     (y_e / (f_e + β)) / Σ_e a_e
///
/// never lowers the likelihood (Dempster, Laird & Rubin 1977), keeps every flow
/// non-negative, and converges to a maximum (Vardi, Shepp & Kaufman, JASA 80(389), 8–20,
/// 1985), here accelerated by SQUAREM (Varadhan & Roland 2008) with a safeguard that keeps
/// both properties; the maximum need not be unique when routes share elements, so the start (every
/// flow equal) and the fixed stopping rule make the answer deterministic rather than
/// canonical. Why exposure matters: the same counts on a route through little-watched
/// elements (small Σ a_e) imply more flow than on a watched one. With every a_e = 1 this is
/// plain count fitting, the comparison without a detection-bias correction.
///
/// Observations need not be integers (weighted counts); the iteration then minimises the
/// Kullback–Leibler divergence from y to λ, which is what the Poisson likelihood becomes.
///
/// - Complexity: O(I · Σ_r |r| + I · E) for I EM steps over E elements.
public struct PoissonRouteFlows: Sendable {
    /// Estimated flow per route, in the units of the observations per unit exposure.
    public let routeFlow: [Double]
    /// Estimated background level β (0 when it is not estimated).
    public let background: Double
    /// f_e: estimated route flow through each element.
    public let elementFlow: [Double]
    /// Σ_e (y_e log λ_e − λ_e) over elements with positive exposure, at the end.
    public let logLikelihood: Double
    public let iterations: Int

    /// - Parameters:
    ///   - routes: each route as the element indices it crosses, each element at most once.
    ///   - exposure: a_e per element, finite and ≥ 0; an element with exposure 0 is not observed.
    ///   - observed: y_e per element, finite and ≥ 0.
    ///   - estimatesBackground: fit β as well (otherwise β = 0).
    ///   - maxIterations: upper bound on EM steps (an accelerated cycle counts as three).
    ///   - tolerance: stop when a step raises the log-likelihood by less than this fraction of its size.
    public init(routes: [[Int32]], exposure: [Double], observed: [Double], estimatesBackground: Bool = true,
                maxIterations: Int = 1000, tolerance: Double = 1e-10) throws(GraphError) {
        let e = exposure.count
        guard observed.count == e else {
            throw .invalidArgument("\(observed.count) observations for \(e) elements")
        }
        for i in 0..<e {
            guard exposure[i].isFinite, exposure[i] >= 0 else { throw .invalidArgument("exposure of element \(i) must be finite and at least 0, got \(exposure[i])") }
            guard observed[i].isFinite, observed[i] >= 0 else { throw .invalidArgument("observation of element \(i) must be finite and at least 0, got \(observed[i])") }
        }
        // Routes as flat rows (CSR), exposure-free elements dropped: they observe nothing.
        var start = [0]
        var members: [Int32] = []
        var routeExposure: [Double] = []
        var seen = [Int](repeating: -1, count: e)
        for (r, route) in routes.enumerated() {
            var total = 0.0
            for x in route {
                guard x >= 0, Int(x) < e else { throw .invalidArgument("route \(r) names element \(x); there are \(e)") }
                guard seen[Int(x)] != r else { throw .invalidArgument("route \(r) crosses element \(x) twice") }
                seen[Int(x)] = r
                if exposure[Int(x)] > 0 {
                    members.append(x)
                    total += exposure[Int(x)]
                }
            }
            start.append(members.count)
            routeExposure.append(total)
        }
        let totalExposure = exposure.reduce(0, +)
        let totalObserved = observed.reduce(0, +)
        let fitsBackground = estimatesBackground && totalExposure > 0
        // θ = (x_1 … x_R, β): the route flows, then the background level.
        let routeCount = routes.count
        // Equal flows whose expected counts add up to the observed total.
        let initial = totalObserved / max(routeExposure.reduce(0, +) + (fitsBackground ? totalExposure : 0), .leastNormalMagnitude)
        var theta = routeExposure.map { $0 > 0 ? initial : 0 } + [fitsBackground ? initial : 0]

        func flows(_ theta: [Double]) -> [Double] {
            var f = [Double](repeating: 0, count: e)
            for r in 0..<routeCount where theta[r] > 0 {
                for k in start[r]..<start[r + 1] { f[Int(members[k])] += theta[r] }
            }
            return f
        }
        func likelihood(_ theta: [Double]) -> Double {
            let f = flows(theta), beta = theta[routeCount]
            var total = 0.0
            for i in 0..<e where exposure[i] > 0 {
                let lambda = exposure[i] * (f[i] + beta)
                if observed[i] > 0 {
                    // An observation nothing explains has likelihood 0; it is left out, as it
                    // is from the updates (no route and no background can move it).
                    guard lambda > 0 else { continue }
                    total += observed[i] * log(lambda)
                }
                total -= lambda
            }
            return total
        }
        /// One EM step (Shepp & Vardi's multiplicative update).
        func step(_ theta: [Double]) -> [Double] {
            let f = flows(theta), beta = theta[routeCount]
            var ratio = [Double](repeating: 0, count: e)
            var backgroundSum = 0.0
            for i in 0..<e {
                let d = f[i] + beta
                ratio[i] = exposure[i] > 0 && observed[i] > 0 && d > 0 ? observed[i] / d : 0
                backgroundSum += ratio[i]
            }
            var next = theta
            for r in 0..<routeCount where theta[r] > 0 {
                var s = 0.0
                for k in start[r]..<start[r + 1] { s += ratio[Int(members[k])] }
                next[r] = theta[r] * s / routeExposure[r]
            }
            if fitsBackground { next[routeCount] = beta * backgroundSum / totalExposure }
            return next
        }

        // EM's steps shrink as it nears the maximum; SQUAREM (Varadhan & Roland, "Simple and
        // globally convergent methods for accelerating the convergence of any EM algorithm",
        // Scand. J. Statist. 35(2), 335–353, 2008; scheme S3) extrapolates along two steps,
        // steps back toward plain EM while that would make a flow negative, stabilises with
        // one more step, and keeps the plain two-step result whenever the jump does not
        // raise the likelihood, so the likelihood still never falls.
        var current = likelihood(theta)
        var steps = 0
        while steps < maxIterations {
            let next: [Double], value: Double
            if maxIterations - steps >= 3 {
                let one = step(theta), two = step(one)
                steps += 3
                var r = [Double](repeating: 0, count: theta.count), v = r
                var rr = 0.0, vv = 0.0
                for i in theta.indices {
                    r[i] = one[i] - theta[i]
                    v[i] = two[i] - one[i] - r[i]
                    rr += r[i] * r[i]
                    vv += v[i] * v[i]
                }
                var candidate = two
                if vv > 0 {
                    var alpha = min(-1, -(rr / vv).squareRoot())
                    for _ in 0..<30 where alpha < -1 {
                        let jump = theta.indices.map { theta[$0] - 2 * alpha * r[$0] + alpha * alpha * v[$0] }
                        if jump.allSatisfy({ $0 >= 0 }) {
                            candidate = jump
                            break
                        }
                        alpha = (alpha - 1) / 2
                    }
                }
                let stabilised = step(candidate)
                let jumped = likelihood(stabilised), plain = likelihood(two)
                (next, value) = jumped >= plain ? (stabilised, jumped) : (two, plain)
            } else {
                steps += 1
                next = step(theta)
                value = likelihood(next)
            }
            let gain = value - current
            theta = next
            current = value
            if gain <= tolerance * max(abs(value), 1) { break }
        }
        let x = Array(theta[0..<routeCount])
        let beta = theta[routeCount]
        let f = flows(theta)
        routeFlow = x
        background = beta
        elementFlow = f
        logLikelihood = current
        iterations = steps
    }
}
