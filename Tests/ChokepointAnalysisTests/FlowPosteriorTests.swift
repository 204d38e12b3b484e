@testable import ChokepointAnalysis
import Foundation
import Testing

/// `FlowPosterior`: the per-pair M-step worked by hand, and the prior's weight on the
/// six-node bundle of `AnalysisTests` (one seizure at the trail).
@Suite struct FlowPosteriorTests {
    @Test func pairSharesSolveTheStationaryEquations() {
        // Equal numerators, no exposure: equal shares.
        #expect(FlowPosterior.pairShares(numerators: [1, 1], costs: [0, 0]) == [0.5, 0.5])
        // 2/(ν + 1) + 1/ν = 1 ⇒ ν = 1 + √2, π = (2/(2 + √2), 1/(1 + √2)).
        let p = FlowPosterior.pairShares(numerators: [2, 1], costs: [1, 0])
        #expect(abs(p[0] - 2 / (2 + 2.0.squareRoot())) < 1e-12 && abs(p[1] - 1 / (1 + 2.0.squareRoot())) < 1e-12)
        // A route with no prior and no seizures gets nothing.
        #expect(FlowPosterior.pairShares(numerators: [0, 3], costs: [1, 1]) == [0, 1])
    }

    @Test func theSeizuresPullTheSharesMoreTheLessThePriorWeighs() throws {
        let tiny = try TinyBundle(seizures: "s1,2024-03-01,,1.0,0.4,exact,heroin,100,kg,test\n")
        defer { tiny.remove() }
        let a = try tiny.analyse().analysis
        let prior = a.model.flows(a.fit.parameters)
        func trailShare(_ kappa: Double) -> Double {
            let posterior = FlowPosterior(model: a.model, fit: a.fit, evidence: a.evidence, bundle: a.bundle, priorWeight: kappa)
            let flows = a.model.flows(a.fit.parameters, offsets: posterior.offsets)
            return flows.node[a.bundle.crossingNode(2)] / 15
        }
        let priorShare = prior.node[a.bundle.crossingNode(2)] / 15
        // A huge prior weight keeps the logit; lighter priors let the seizure at x-s pull harder.
        #expect(abs(trailShare(1e12) - priorShare) < 1e-6)
        #expect(priorShare < trailShare(10) && trailShare(10) < trailShare(1) && trailShare(1) < trailShare(0.1))
        // The analysis uses the scenario's weight (the default, 1).
        #expect(abs(a.crossings.first { $0.index == 2 }!.flow / 15 - trailShare(1)) < 1e-12)
    }
}
