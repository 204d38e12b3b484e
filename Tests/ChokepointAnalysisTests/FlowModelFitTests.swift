import ChokepointAnalysis
import ChokepointDomain
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
