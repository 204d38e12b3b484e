import ChokepointDomain
import ChokepointGraph
import ChokepointSupport
import Foundation

/// The flow model's parameters estimated from the seizures by maximum likelihood, with
/// detection: the seizure weight observed on element e (`EvidenceModel.attributed`: each
/// seizure's log(1 + kg) · decay, once, where it most likely happened) has mean
///
///     λ_e = c_e · (δ · F_e(μ, α) + b)
///
/// with c_e the element's control intensity, F_e the model's flow through it, δ the
/// detection rate (seizure weight per unit of flow per unit of control) and b a background
/// of seizures unrelated to the modelled transit, also where controls are. The weights are
/// not counts, so the likelihood is the Poisson quasi-likelihood (R. W. M. Wedderburn,
/// "Quasi-likelihood functions, generalized linear models, and the Gauss–Newton method",
/// Biometrika 61(3), 1974) with its dispersion φ estimated by Pearson's statistic
/// (McCullagh & Nelder, Generalized Linear Models, 2nd ed., §9.2).
///
/// δ and b enter λ linearly, so for given (μ, α) they are profiled out exactly: at the maximum
/// δ·ΣA + b·ΣB equals the observed total, which leaves one concave problem in the share the
/// flow explains, solved by safeguarded Newton (`ProfileLikelihood.detectionAndBackground`). (μ, α) are then
/// maximised on ln μ and ln(1 + α): a grid, then Nelder–Mead from its best point. Intervals
/// are Wald intervals from the observed information of the profile likelihood (central
/// differences), scaled by φ, on that scale and mapped back, so they are asymmetric in
/// hours. A parameter is **not identified** when its estimate sits at a search bound, the
/// information is not positive, or its interval leaves the search range: the data do not
/// say, and the parameter keeps its documented default (the prior) while the others are
/// refitted with it fixed.
///
/// - Complexity: about 250 evaluations of the model (O(Σ_r |r|) each) and of the profile
///   maximum in (δ, b) (O(elements with seizures) per Newton step, about ten steps).
public struct FlowModelFit: Sendable {
    public enum Parameter: String, Sendable, CaseIterable {
        case dispersion = "dispersion_hours"
        case avoidance = "avoidance_hours"
    }

    public struct Estimate: Sendable, Hashable {
        public var parameter: Parameter
        /// The maximum-likelihood value (over the search range), and its 95% interval when identified.
        public var estimate: Double
        public var low: Double?
        public var high: Double?
        public var identified: Bool
        /// The documented default, used when the data do not identify the parameter.
        public var prior: Double
        /// The value the model runs with: the estimate when identified, else the prior.
        public var used: Double { identified ? estimate : prior }
    }

    public let estimates: [Estimate]
    /// The parameters the model runs with.
    public let parameters: FlowModel.Parameters
    /// δ and b at those parameters.
    public let detection: Double
    public let background: Double
    /// Quasi-log-likelihood at the parameters used, and the Pearson dispersion φ (≥ 1).
    public let logLikelihood: Double
    public let overdispersion: Double
    /// Elements observed (control > 0) and those with seizures.
    public let observedElements: Int
    public let elementsWithSeizures: Int
    public let evaluations: Int
    /// Why nothing was estimated (no seizure weight), or nil.
    public let notEstimatedBecause: String?

    /// Search range of each parameter, in hours.
    public static let dispersionRange = 0.25...1000.0
    public static let avoidanceRange = 0.0...500.0

    public func estimate(_ p: Parameter) -> Estimate? { estimates.first { $0.parameter == p } }

    /// - Parameters:
    ///   - observed: y_e per element: node v at v, link j at `nodeCount + j`.
    ///   - exposure: c_e per element in the same order (0: not observed).
    ///   - priors: the documented defaults.
    public init(model: FlowModel, observed: [Double], exposure: [Double], priors: FlowModel.Parameters) {
        let likelihood = ProfileLikelihood(model: model, observed: observed, exposure: exposure)
        observedElements = exposure.filter { $0 > 0 }.count
        elementsWithSeizures = zip(observed, exposure).filter { $0.0 > 0 && $0.1 > 0 }.count
        let priorPoint = [log(priors.dispersionHours), log1p(priors.avoidanceHours)]
        guard observed.reduce(0, +) > 0 else {
            let at = likelihood.evaluate(priorPoint, pathSizeWeight: priors.pathSizeWeight)
            estimates = Parameter.allCases.enumerated().map { i, p in
                Estimate(
                    parameter: p, estimate: Self.hours(i, priorPoint[i]), low: nil, high: nil, identified: false,
                    prior: Self.hours(i, priorPoint[i]))
            }
            parameters = priors
            (detection, background, logLikelihood) = (at.detection, at.background, at.logLikelihood)
            overdispersion = 1
            evaluations = likelihood.evaluations
            notEstimatedBecause = "no seizure weight on any controlled element"
            return
        }
        var free = [true, true]
        var point = priorPoint
        var mle = priorPoint
        var intervals: [(Double, Double)?] = [nil, nil]
        // At most two rounds: a parameter found unidentified is fixed at its prior and the rest refitted.
        for round in 0..<2 {
            point = Self.maximise(likelihood, free: free, fixed: priorPoint, beta: priors.pathSizeWeight)
            if round == 0 { mle = point }
            let phi = likelihood.overdispersion(point, freeCount: free.filter { $0 }.count, pathSizeWeight: priors.pathSizeWeight)
            let found = Self.waldIntervals(likelihood, at: point, free: free, phi: phi, beta: priors.pathSizeWeight)
            var changed = false
            for i in 0..<2 where free[i] {
                if let interval = found[i] {
                    intervals[i] = interval
                } else {
                    free[i] = false
                    intervals[i] = nil
                    changed = true
                }
            }
            if !changed || !free.contains(true) { break }
        }
        if !free.contains(true) { point = priorPoint }
        estimates = Parameter.allCases.enumerated().map { i, p in
            let value = free[i] ? point[i] : mle[i]
            return Estimate(
                parameter: p, estimate: Self.hours(i, value), low: intervals[i].map { Self.hours(i, $0.0) },
                high: intervals[i].map { Self.hours(i, $0.1) }, identified: free[i], prior: Self.hours(i, priorPoint[i]))
        }
        var used = priors
        used.dispersionHours = Self.hours(0, free[0] ? point[0] : priorPoint[0])
        used.avoidanceHours = Self.hours(1, free[1] ? point[1] : priorPoint[1])
        parameters = used
        let at = likelihood.evaluate([log(used.dispersionHours), log1p(used.avoidanceHours)], pathSizeWeight: used.pathSizeWeight)
        (detection, background, logLikelihood) = (at.detection, at.background, at.logLikelihood)
        overdispersion = likelihood.overdispersion(
            [log(used.dispersionHours), log1p(used.avoidanceHours)], freeCount: free.filter { $0 }.count,
            pathSizeWeight: used.pathSizeWeight)
        evaluations = likelihood.evaluations
        notEstimatedBecause = nil
    }

    /// Coordinate i of the search scale back in hours: μ = e^x, α = e^x − 1.
    static func hours(_ i: Int, _ x: Double) -> Double { i == 0 ? exp(x) : expm1(x) }

    static let lower = [log(dispersionRange.lowerBound), log1p(avoidanceRange.lowerBound)]
    static let upper = [log(dispersionRange.upperBound), log1p(avoidanceRange.upperBound)]

    /// The best point over the free coordinates (others at `fixed`): a grid, then Nelder–Mead.
    private static func maximise(_ l: ProfileLikelihood, free: [Bool], fixed: [Double], beta: Double) -> [Double] {
        func axis(_ i: Int) -> [Double] {
            guard free[i] else { return [fixed[i]] }
            let step = (upper[i] - lower[i]) / 12
            return (0...12).map { lower[i] + step * Double($0) }
        }
        let axes = [axis(0), axis(1)]
        var best = fixed, bestValue = -Double.infinity
        for x0 in axes[0] {
            for x1 in axes[1] {
                let v = l.evaluate([x0, x1], pathSizeWeight: beta).logLikelihood
                if v > bestValue { (best, bestValue) = ([x0, x1], v) }
            }
        }
        let index = (0..<2).filter { free[$0] }
        guard !index.isEmpty else { return fixed }
        func embed(_ y: [Double]) -> [Double] {
            var x = best
            for (k, i) in index.enumerated() { x[i] = y[k] }
            return x
        }
        let result = NelderMead.minimise(
            { -l.evaluate(embed($0), pathSizeWeight: beta).logLikelihood }, from: index.map { best[$0] },
            step: index.map { (upper[$0] - lower[$0]) / 24 }, lower: index.map { lower[$0] }, upper: index.map { upper[$0] },
            tolerance: 1e-10, maxEvaluations: 200)
        return embed(result.point)
    }

    /// 95% Wald intervals on the search scale for the free coordinates, nil for a coordinate
    /// the data do not identify.
    private static func waldIntervals(
        _ l: ProfileLikelihood, at x: [Double], free: [Bool], phi: Double, beta: Double
    ) -> [(Double, Double)?] {
        let h = 0.05
        let index = (0..<2).filter { free[$0] }
        var result: [(Double, Double)?] = [nil, nil]
        // Too near a bound for a central difference: the maximum is on the edge of the range.
        guard index.allSatisfy({ x[$0] - h > lower[$0] && x[$0] + h < upper[$0] }) else { return result }
        func f(_ d: [Int: Double]) -> Double {
            var y = x
            for (i, step) in d { y[i] += step }
            return l.evaluate(y, pathSizeWeight: beta).logLikelihood
        }
        let f0 = f([:])
        var info = [[Double]](repeating: [0, 0], count: 2)
        for i in index {
            info[i][i] = -(f([i: h]) - 2 * f0 + f([i: -h])) / (h * h)
            for j in index where j > i {
                let cross = (f([i: h, j: h]) - f([i: h, j: -h]) - f([i: -h, j: h]) + f([i: -h, j: -h])) / (4 * h * h)
                info[i][j] = -cross
                info[j][i] = -cross
            }
        }
        var variance = [Double](repeating: .infinity, count: 2)
        if index.count == 2 {
            let det = info[0][0] * info[1][1] - info[0][1] * info[1][0]
            if info[0][0] > 0 && det > 0 {
                variance[0] = phi * info[1][1] / det
                variance[1] = phi * info[0][0] / det
            }
        } else if let i = index.first, info[i][i] > 0 {
            variance[i] = phi / info[i][i]
        }
        for i in index where variance[i].isFinite {
            let half = 1.959964 * variance[i].squareRoot()
            if x[i] - half >= lower[i] && x[i] + half <= upper[i] { result[i] = (x[i] - half, x[i] + half) }
        }
        return result
    }
}

/// The quasi-log-likelihood of (μ, α) with δ and b profiled out (see `FlowModelFit`).
/// A class, so the evaluation count survives the closures the optimiser calls.
final class ProfileLikelihood: @unchecked Sendable {
    let model: FlowModel
    let observed: [Double]
    let exposure: [Double]
    /// Elements with c_e > 0 and, of them, those with y_e > 0.
    let watched: [Int]
    let positive: [Int]
    private(set) var evaluations = 0

    init(model: FlowModel, observed: [Double], exposure: [Double]) {
        self.model = model
        self.observed = observed
        self.exposure = exposure
        watched = exposure.indices.filter { exposure[$0] > 0 }
        positive = watched.filter { observed[$0] > 0 }
    }

    struct Point {
        var logLikelihood: Double
        var detection: Double
        var background: Double
        var elementFlow: [Double]
    }

    func parameters(_ x: [Double], pathSizeWeight: Double) -> FlowModel.Parameters {
        var p = FlowModel.Parameters(dispersionHours: exp(x[0]), avoidanceHours: expm1(x[1]))
        p.pathSizeWeight = pathSizeWeight
        return p
    }

    func evaluate(_ x: [Double], pathSizeWeight: Double) -> Point {
        evaluations += 1
        let flows = model.flows(parameters(x, pathSizeWeight: pathSizeWeight))
        let flow = flows.node + flows.link
        var sumA = 0.0, sumB = 0.0
        for e in watched {
            sumA += exposure[e] * flow[e]
            sumB += exposure[e]
        }
        let total = positive.reduce(0) { $0 + observed[$1] }
        let (delta, b) = Self.detectionAndBackground(
            observed: positive.map { observed[$0] }, flowExposure: positive.map { exposure[$0] * flow[$0] },
            exposure: positive.map { exposure[$0] }, sumA: sumA, sumB: sumB, total: total)
        var ll = -(delta * sumA + b * sumB)
        for e in positive {
            let lambda = delta * exposure[e] * flow[e] + b * exposure[e]
            ll += lambda > 0 ? observed[e] * log(lambda) : -.infinity
        }
        return Point(logLikelihood: ll, detection: delta, background: b, elementFlow: flow)
    }

    /// The (δ, b) ≥ 0 that maximise Σ y_e log(δ A_e + b B_e) − δ ΣA − b ΣB, the sums over
    /// the elements with seizures (y > 0) except ΣA and ΣB, over all watched elements.
    ///
    /// At the maximum δ ΣA + b ΣB = Σ y (the scores in the common scale of δ and b vanish),
    /// so the maximum lies on that segment: δ = t Σy / ΣA, b = (1 − t) Σy / ΣB for the share
    /// t ∈ [0, 1] of the seizure weight the flow explains. The profile in t is concave, its
    /// derivative g(t) = Σ y d / (q + t d) with p = A/ΣA, q = B/ΣB, d = p − q is decreasing,
    /// and its root is found by Newton's method kept inside a shrinking bracket (bisection
    /// when a step leaves it): about ten passes over the elements with seizures. It replaced
    /// the two-component EM (Dempster, Laird & Rubin 1977), which stopped on a relative change
    /// of 10⁻¹² after up to 5,000 passes with a log each: a fifth of a country-scale run
    /// (BENCHMARKS.md, "The main job on a large network").
    static func detectionAndBackground(
        observed y: [Double], flowExposure a: [Double], exposure c: [Double], sumA: Double, sumB: Double, total: Double
    ) -> (detection: Double, background: Double) {
        guard total > 0, sumB > 0 else { return (0, 0) }
        guard sumA > 0 else { return (0, total / sumB) }
        let p = a.map { $0 / sumA }, q = c.map { $0 / sumB }
        func slope(_ t: Double) -> (g: Double, h: Double) {
            var g = 0.0, h = 0.0
            for i in y.indices {
                let d = p[i] - q[i]
                let lambda = q[i] + t * d
                guard lambda > 0 else { return (-.infinity, -.infinity) }
                g += y[i] * d / lambda
                h -= y[i] * d * d / (lambda * lambda)
            }
            return (g, h)
        }
        var t: Double
        if slope(0).g <= 0 {
            t = 0
        } else if slope(1).g >= 0 {
            t = 1
        } else {
            var low = 0.0, high = 1.0
            t = 0.5
            for _ in 0..<200 {
                let (g, h) = slope(t)
                if g > 0 { low = t } else { high = t }
                var next = h < 0 && h.isFinite && g.isFinite ? t - g / h : (low + high) / 2
                if !(next > low && next < high) { next = (low + high) / 2 }
                if next == t || high - low <= 4 * Double.ulpOfOne { break }
                t = next
            }
        }
        return (t * total / sumA, (1 - t) * total / sumB)
    }

    /// Pearson's X² / (n − p) over the observed elements, at least 1.
    func overdispersion(_ x: [Double], freeCount: Int, pathSizeWeight: Double) -> Double {
        let at = evaluate(x, pathSizeWeight: pathSizeWeight)
        var x2 = 0.0
        for e in watched {
            let lambda = exposure[e] * (at.detection * at.elementFlow[e] + at.background)
            if lambda > 0 { x2 += (observed[e] - lambda) * (observed[e] - lambda) / lambda }
        }
        let dof = max(1, watched.count - freeCount - 2)
        return max(1, x2 / Double(dof))
    }
}

extension FlowModelFit {
    /// Fits `model` to the seizures as `evidence` attributes them: every node and link
    /// observed, exposed by its control intensity (1 everywhere when the evidence does not
    /// correct for detection bias).
    public init(model: FlowModel, evidence: EvidenceModel, bundle: NetworkBundle, priors: FlowEstimateParameters) {
        let (observed, exposure) = Self.observations(evidence: evidence, bundle: bundle)
        self.init(
            model: model, observed: observed, exposure: exposure,
            priors: FlowModel.Parameters(dispersionHours: priors.dispersionHours, avoidanceHours: priors.avoidanceHours))
    }

    /// y_e and c_e per element: node v at v, link j at `nodeCount + j`.
    public static func observations(evidence: EvidenceModel, bundle: NetworkBundle) -> (observed: [Double], exposure: [Double]) {
        let all = (0..<bundle.nodeCount).map(EvidenceElement.node) + bundle.links.indices.map(EvidenceElement.link)
        let corrects = evidence.parameters.correctsDetectionBias
        return (all.map { evidence.attributed[$0] ?? 0 }, all.map { corrects ? evidence.parameters.control(of: $0, in: bundle) : 1 })
    }
}
