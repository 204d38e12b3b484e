@testable import ChokepointAnalysis
import ChokepointDomain
import ChokepointGraph
import Foundation
import Testing

/// `FlowModelFit` on the bundled network: seizures made exactly as the model says must give
/// back the parameters that made them, with intervals that hold them; seizures that carry no
/// information about route choice must be reported as not identifying it. (One analysis,
/// built once and only read, hence `nonisolated(unsafe)`: `Analysis` is not `Sendable`.)
@Suite struct FlowModelFitTests {
    nonisolated(unsafe) static let analysis: Analysis = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var options = AnalysisJob.Options(bundleDirectory: root.appendingPathComponent("GeoData/mekong").path)
        options.analysis.routesPerPair = 1
        return try! AnalysisJob.run(options).analysis
    }()

    static let priors = FlowModel.Parameters(dispersionHours: 6, avoidanceHours: 12)

    /// λ_e = c_e (δ F_e + b) under `truth`, element order as `FlowModelFit.observations`.
    static func expected(_ a: Analysis, _ truth: FlowModel.Parameters, delta: Double, background: Double) -> (y: [Double], c: [Double]) {
        let (_, exposure) = FlowModelFit.observations(evidence: a.evidence, bundle: a.bundle)
        let f = a.model.flows(truth)
        let flow = f.node + f.link
        return (exposure.indices.map { exposure[$0] * (delta * flow[$0] + background) }, exposure)
    }

    @Test func exactSeizuresGiveBackTheParametersThatMadeThem() throws {
        let a = Self.analysis
        let truth = FlowModel.Parameters(dispersionHours: 10, avoidanceHours: 20)
        // Scaled so the weights resemble the bundle's: about 150 seizures' worth.
        let (y, c) = Self.expected(a, truth, delta: 2e-3, background: 0.05)
        let fit = FlowModelFit(model: a.model, observed: y, exposure: c, priors: Self.priors)
        let mu = try #require(fit.estimate(.dispersion)), alpha = try #require(fit.estimate(.avoidance))
        #expect(mu.identified && alpha.identified)
        #expect(abs(mu.estimate - 10) / 10 < 0.01 && abs(alpha.estimate - 20) / 20 < 0.01)
        #expect(abs(fit.detection - 2e-3) / 2e-3 < 0.02 && abs(fit.background - 0.05) / 0.05 < 0.02)
        #expect((mu.low ?? .infinity) <= 10 && 10 <= (mu.high ?? 0) && (alpha.low ?? .infinity) <= 20 && 20 <= (alpha.high ?? 0))
        #expect(fit.parameters.dispersionHours == mu.estimate)
    }

    @Test func seizuresThatIgnoreTheFlowIdentifyNothing() throws {
        let a = Self.analysis
        // Only background: every element's seizures proportional to its control, none to flow.
        let (_, c) = FlowModelFit.observations(evidence: a.evidence, bundle: a.bundle)
        let fit = FlowModelFit(model: a.model, observed: c.map { 0.1 * $0 }, exposure: c, priors: Self.priors)
        #expect(fit.estimates.allSatisfy { !$0.identified && $0.low == nil })
        #expect(fit.parameters.dispersionHours == 6 && fit.parameters.avoidanceHours == 12)
        #expect(fit.detection < 1e-6 * fit.background)
    }

    @Test func theBundlesSeizuresAreFittedWithIntervals() throws {
        let fit = Self.analysis.fit
        #expect(fit.notEstimatedBecause == nil && fit.elementsWithSeizures > 20)
        for e in fit.estimates where e.identified {
            #expect((e.low ?? .infinity) < e.estimate && e.estimate < (e.high ?? 0))
        }
        #expect(fit.overdispersion >= 1)
    }
}

/// The profile of δ and b, against the two-component EM it replaced run to convergence and
/// against the optimality conditions, on random problems and on both edges.
@Suite struct DetectionAndBackgroundTests {
    /// The EM of before, without its early stop: 200,000 passes.
    static func em(_ y: [Double], _ a: [Double], _ c: [Double], sumA: Double, sumB: Double) -> (Double, Double) {
        let total = y.reduce(0, +)
        var delta = total / 2 / sumA, b = total / 2 / sumB
        for _ in 0..<200_000 {
            var gainA = 0.0, gainB = 0.0
            for i in y.indices {
                let x = delta * a[i], z = b * c[i]
                gainA += y[i] * x / (x + z)
                gainB += y[i] * z / (x + z)
            }
            delta = gainA / sumA
            b = gainB / sumB
        }
        return (delta, b)
    }

    static func logLikelihood(_ y: [Double], _ a: [Double], _ c: [Double], _ delta: Double, _ b: Double, sumA: Double, sumB: Double) -> Double {
        y.indices.reduce(-(delta * sumA + b * sumB)) { $0 + y[$1] * log(delta * a[$1] + b * c[$1]) }
    }

    @Test func itFindsTheMaximumTheEMConvergesTo() {
        var rng = SplitMix64(seed: 19)
        for trial in 0..<40 {
            let n = 3 + Int(rng.next() % 30)
            let c = (0..<n).map { _ in 0.2 + rng.nextUnit() }
            let flow = (0..<n).map { _ in rng.nextUnit() < 0.3 ? 0 : 10 * rng.nextUnit() }
            let a = zip(c, flow).map { $0 * $1 }
            let y = (0..<n).map { _ in 0.1 + 5 * rng.nextUnit() }
            // Unobserved watched elements add to the sums only.
            let sumA = a.reduce(0, +) + 20 * rng.nextUnit(), sumB = c.reduce(0, +) + 5 * rng.nextUnit()
            let (delta, b) = ProfileLikelihood.detectionAndBackground(
                observed: y, flowExposure: a, exposure: c, sumA: sumA, sumB: sumB, total: y.reduce(0, +))
            let (emDelta, emB) = Self.em(y, a, c, sumA: sumA, sumB: sumB)
            let ours = Self.logLikelihood(y, a, c, delta, b, sumA: sumA, sumB: sumB)
            let theirs = Self.logLikelihood(y, a, c, emDelta, emB, sumA: sumA, sumB: sumB)
            #expect(ours >= theirs - 1e-9 * abs(theirs), "trial \(trial)")
            #expect(abs(delta * sumA + b * sumB - y.reduce(0, +)) <= 1e-9 * y.reduce(0, +))
            // Interior optimum: both scores vanish; on an edge the one of the zero parameter is ≤ 0.
            let scoreDelta = y.indices.reduce(-sumA) { $0 + y[$1] * a[$1] / (delta * a[$1] + b * c[$1]) }
            let scoreB = y.indices.reduce(-sumB) { $0 + y[$1] * c[$1] / (delta * a[$1] + b * c[$1]) }
            #expect(delta > 0 ? abs(scoreDelta) <= 1e-8 * sumA : scoreDelta <= 1e-8 * sumA, "trial \(trial)")
            #expect(b > 0 ? abs(scoreB) <= 1e-8 * sumB : scoreB <= 1e-8 * sumB, "trial \(trial)")
        }
    }

    @Test func edgesOfTheSegment() {
        // Seizures more concentrated than the flow: the slope at t = 1 is 2/3 > 0, so no background.
        let c = [1.0, 1, 1], a = [2.0, 4, 6]
        let (d1, b1) = ProfileLikelihood.detectionAndBackground(observed: [0.5, 2, 3.5], flowExposure: a, exposure: c, sumA: 12, sumB: 3, total: 6)
        #expect(abs(d1 - 0.5) < 1e-15 && b1 == 0)
        // Seizures where there is no flow, none where there is: all background.
        let (d0, b0) = ProfileLikelihood.detectionAndBackground(observed: [3], flowExposure: [0], exposure: [1], sumA: 12, sumB: 4, total: 3)
        #expect(d0 == 0 && b0 == 0.75)
        // No flow anywhere, no seizures, nothing watched.
        #expect(ProfileLikelihood.detectionAndBackground(observed: [2], flowExposure: [0], exposure: [1], sumA: 0, sumB: 2, total: 2) == (0, 1))
        #expect(ProfileLikelihood.detectionAndBackground(observed: [], flowExposure: [], exposure: [], sumA: 3, sumB: 2, total: 0) == (0, 0))
    }
}
