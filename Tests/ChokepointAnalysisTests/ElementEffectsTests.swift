import ChokepointAnalysis
import ChokepointGraph
import Foundation
import Testing

/// The Poisson–gamma element effects (Clayton & Kaldor 1987): the shape recovered from data
/// drawn from the model itself, the posterior means in closed form, the interval where the
/// profile falls by χ²₁(0.95)/2, and no effect when the data vary no more than Poisson.
@Suite struct ElementEffectsTests {
    /// Negative binomial log likelihood of counts `y` with means `m` and shape `k`, written out
    /// independently of the type under test.
    static func logLikelihood(_ y: [Double], _ m: [Double], k: Double) -> Double {
        var sum = 0.0
        for (count, mean) in zip(y, m) {
            let normaliser: Double = lgamma(count + k) - lgamma(k) - lgamma(count + 1)
            let kernel: Double = k * log(k / (k + mean)) + count * log(mean / (k + mean))
            sum += normaliser + kernel
        }
        return sum
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000), boosted for shape < 1.
    static func gamma(_ shape: Double, _ rng: inout SplitMix64) -> Double {
        if shape < 1 { return gamma(shape + 1, &rng) * pow(rng.nextUnit(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / sqrt(9 * d)
        while true {
            // Box–Muller normal.
            let z = sqrt(-2 * log(max(rng.nextUnit(), 1e-300))) * cos(2 * Double.pi * rng.nextUnit())
            let v = pow(1 + c * z, 3)
            if v > 0, log(max(rng.nextUnit(), 1e-300)) < 0.5 * z * z + d - d * v + d * log(v) { return d * v }
        }
    }

    /// Poisson(mean) by inversion (means here are small).
    static func poisson(_ mean: Double, _ rng: inout SplitMix64) -> Double {
        var k = 0.0, p = exp(-mean), cumulative = p
        let u = rng.nextUnit()
        while u > cumulative, k < 10_000 {
            k += 1
            p *= mean / k
            cumulative += p
        }
        return k
    }

    @Test func theShapeIsRecoveredFromDataDrawnFromTheModel() {
        var rng = SplitMix64(seed: 2026_12_07)
        let trueShape = 2.0
        let means = (0..<2_000).map { _ in 0.5 + 4 * rng.nextUnit() }
        let counts = means.map { Self.poisson($0 * Self.gamma(trueShape, &rng) / trueShape, &rng) }
        let effects = ElementEffects(observed: counts, expected: means, scale: 1)
        let k = try! #require(effects.shape), low = try! #require(effects.shapeLow), high = try! #require(effects.shapeHigh)
        #expect(low < trueShape && trueShape < high, "k \(k) in \(low)…\(high)")
        // The estimate maximises the likelihood; the interval ends are where it falls by 1.92.
        let top = Self.logLikelihood(counts, means, k: k)
        #expect(top >= Self.logLikelihood(counts, means, k: k * 1.01) && top >= Self.logLikelihood(counts, means, k: k / 1.01))
        #expect(abs(Self.logLikelihood(counts, means, k: low) - (top - 1.920729)) < 1e-3)
        #expect(abs(Self.logLikelihood(counts, means, k: high) - (top - 1.920729)) < 1e-3)
        // Posterior means in closed form, (k + y) / (k + λ), and the expectation λ·u.
        for i in [0, 1, 500, 1999] {
            let closedForm: Double = (k + counts[i]) / (k + means[i])
            #expect(abs(effects.effect[i] - closedForm) < 1e-12)
            #expect(abs(effects.expected[i] - means[i] * effects.effect[i]) < 1e-12)
        }
    }

    @Test func countsOnAWeightScaleAreCountedInSeizures() {
        // The same data, weights ten times each count: with scale 10 the shape is the same.
        var rng = SplitMix64(seed: 5)
        let means = (0..<500).map { _ in 1 + 3 * rng.nextUnit() }
        let counts = means.map { Self.poisson($0 * Self.gamma(1.5, &rng) / 1.5, &rng) }
        let plain = ElementEffects(observed: counts, expected: means, scale: 1)
        let weighed = ElementEffects(observed: counts.map { $0 * 10 }, expected: means.map { $0 * 10 }, scale: 10)
        #expect(plain.shape != nil && abs((plain.shape ?? 0) - (weighed.shape ?? 1)) < 1e-9)
        #expect(zip(plain.effect, weighed.effect).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func noExtraVariationMeansNoEffect() {
        // Counts exactly at their means (and unwatched elements, λ = 0): the likelihood rises
        // towards k = ∞, so k is not identified and every effect is 1.
        let means = [0.0, 1, 2, 3, 4, 5, 6, 0]
        let effects = ElementEffects(observed: [7, 1, 2, 3, 4, 5, 6, 9], expected: means, scale: 1)
        #expect(effects.shape == nil && effects.effect.allSatisfy { $0 == 1 })
        #expect(effects.expected == means)
    }
}
