import Foundation

/// What the flow model does not explain about where seizures are made: one multiplicative
/// effect per watched element, shrunk towards the model by an amount the seizures estimate.
///
/// The empirical Bayes estimator of disease mapping (D. G. Clayton and J. Kaldor, "Empirical
/// Bayes estimates of age-standardized relative risks for use in disease mapping",
/// Biometrics 43(3), 1987): the seizure weight on element e is Poisson with mean λ_e · u_e,
/// λ_e = c_e · (δ F_e + b) the flow model's expectation (`FlowModelFit`, after
/// `FlowPosterior`) and u_e ~ Gamma(k, k) an effect of mean 1 — a checkpoint that seizes more
/// than its flow says, traffic the network does not hold. Marginally y_e is negative binomial
/// with mean λ_e and variance λ_e + λ_e²/k; k is estimated by maximum marginal likelihood, and
/// each effect's posterior mean is
///
///     u_e = (k + y_e) / (k + λ_e),
///
/// so an element's own record counts for more the smaller k is (k → 0: past seizures alone;
/// k → ∞: the model alone). The weights are log(1 + kg) · decay, not counts, so y and λ are
/// put on a count scale by dividing by one seizure's mean weight first (y then counts
/// seizures). Not by the fit's Pearson dispersion φ: φ measures the very extra variation
/// between elements that the effects model, and dividing by it would hide it. The 95%
/// interval of k is the profile-likelihood one (a drop
/// of χ²₁(0.95)/2 = 1.92); k is **not identified** when its estimate or interval reaches the
/// search range (no extra variation to speak of), and the effects are then all 1.
///
/// - Complexity: O(E) per likelihood evaluation, about 120 evaluations (grid, then golden
///   section on ln k).
public struct ElementEffects: Sendable {
    /// k, when identified.
    public let shape: Double?
    /// Its 95% profile-likelihood interval.
    public let shapeLow: Double?
    public let shapeHigh: Double?
    /// The count scale used: one seizure's mean weight.
    public let scale: Double
    /// u_e per element (1 where the element is not watched or k is not identified).
    public let effect: [Double]
    /// λ_e · u_e: the seizure weight expected on each element, in the units of the evidence
    /// the model was fitted to (0 where the element is not watched).
    public let expected: [Double]

    /// Search range of k.
    public static let shapeRange = 1e-3...1e4

    /// - Parameters:
    ///   - observed: y_e per element (`FlowModelFit.observations`).
    ///   - expected: λ_e per element, in the same order; elements with λ_e ≤ 0 are not watched.
    ///   - scale: the weight of one seizure, on average (positive).
    public init(observed: [Double], expected lambda: [Double], scale: Double) {
        let phi = scale > 0 && scale.isFinite ? scale : 1
        self.scale = phi
        let watched = lambda.indices.filter { lambda[$0] > 0 && lambda[$0].isFinite }
        let y = watched.map { max(0, observed[$0]) / phi }, m = watched.map { lambda[$0] / phi }
        // lgamma(y + 1) does not depend on k, and an element without seizures (most of them
        // on a large network) reduces to k·log(k / (k + m)): for y = 0 the other terms are
        // exactly 0 in floating point (lgamma(0 + k) − lgamma(k), lgamma(1), 0 · log), so the
        // sum keeps the same bits while a call costs one log there instead of three lgammas
        // and two logs.
        let logFactorial: [Double] = y.map { $0 > 0 ? lgamma($0 + 1) : 0 }
        func logLikelihood(_ lnK: Double) -> Double {
            let k = exp(lnK)
            let lgammaK: Double = lgamma(k)
            var sum = 0.0
            for i in y.indices {
                if y[i] > 0 {
                    sum += lgamma(y[i] + k) - lgammaK - logFactorial[i] + k * log(k / (k + m[i])) + y[i] * log(m[i] / (k + m[i]))
                } else {
                    sum += k * log(k / (k + m[i]))
                }
            }
            return sum
        }
        let low = log(Self.shapeRange.lowerBound), high = log(Self.shapeRange.upperBound)
        var best: (lnK: Double, value: Double)?
        var identified = false
        if !y.isEmpty, y.contains(where: { $0 > 0 }) {
            let steps = 60
            for i in 0...steps {
                let x = low + (high - low) * Double(i) / Double(steps)
                let v = logLikelihood(x)
                if best.map({ v > $0.value }) ?? true { best = (x, v) }
            }
            if let grid = best {
                let width = (high - low) / Double(steps)
                let x = Self.goldenMaximum(logLikelihood, in: max(low, grid.lnK - width)...min(high, grid.lnK + width))
                best = (x, logLikelihood(x))
            }
        }
        var interval: (Double, Double)?
        if let best, best.lnK > low + 1e-6, best.lnK < high - 1e-6 {
            // Where the profile falls 1.92 below its maximum, on each side.
            let target = best.value - 1.920729
            let left = Self.crossing(logLikelihood, target: target, from: best.lnK, to: low)
            let right = Self.crossing(logLikelihood, target: target, from: best.lnK, to: high)
            if let left, let right {
                interval = (exp(left), exp(right))
                identified = true
            }
        }
        var effect = [Double](repeating: 1, count: lambda.count)
        var expected = lambda.map { $0 > 0 && $0.isFinite ? $0 : 0 }
        if identified, let best {
            let k = exp(best.lnK)
            for (i, e) in watched.enumerated() {
                effect[e] = (k + y[i]) / (k + m[i])
                expected[e] = lambda[e] * effect[e]
            }
            shape = k
            shapeLow = interval?.0
            shapeHigh = interval?.1
        } else {
            shape = nil
            shapeLow = nil
            shapeHigh = nil
        }
        self.effect = effect
        self.expected = expected
    }

    /// The maximum of a unimodal `f` on `range` by golden-section search (Kiefer 1953).
    static func goldenMaximum(_ f: (Double) -> Double, in range: ClosedRange<Double>) -> Double {
        let ratio = (sqrt(5.0) - 1) / 2
        var a = range.lowerBound, b = range.upperBound
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = f(c), fd = f(d)
        for _ in 0..<60 where b - a > 1e-9 {
            if fc >= fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = f(c)
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = f(d)
            }
        }
        return (a + b) / 2
    }

    /// Where `f` falls to `target` between `from` (above it) and `to`, by bisection; nil when
    /// it is still above at `to` (the interval leaves the search range).
    static func crossing(_ f: (Double) -> Double, target: Double, from: Double, to: Double) -> Double? {
        guard f(to) < target else { return nil }
        var inside = from, outside = to
        for _ in 0..<60 {
            let mid = (inside + outside) / 2
            if f(mid) >= target { inside = mid } else { outside = mid }
        }
        return (inside + outside) / 2
    }
}
