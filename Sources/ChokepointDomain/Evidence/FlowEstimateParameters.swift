/// Parameters of the seizure-implied flow (`SeizureFlowEstimate` in ChokepointAnalysis),
/// kept in this layer so the scenario file can set them (`estimate:` in scenario.yaml).
public struct FlowEstimateParameters: Sendable, Hashable {
    /// A candidate route may cost this many times its pair's cheapest route, under the view
    /// that made it. 2: a detour that doubles the trip is still one smugglers take to avoid a
    /// gate; on the simulator no measure moves by more than 0.013 between 1.5 and 3 (BENCHMARKS.md).
    public var stretch = 2.0
    /// EM steps at most (it stops earlier when a step gains less than 1e-10 of the
    /// likelihood). 500: with the acceleration most fits on the bundle stop on that tolerance
    /// first, and with plain EM the simulator's crossing ranking was already the same from
    /// 100 steps to 5000 (BENCHMARKS.md); each step costs O(Σ route length).
    public var maxIterations = 500
    /// The route-choice model's priors: the values it runs with when the seizures do not
    /// identify them (`FlowModelFit`). Dispersion μ = 6 h: a route six hours longer than
    /// another is e times less likely, a day longer about 50 times (assumed, not measured).
    public var dispersionHours = 6.0
    /// Avoidance α = 12 h per unit of control: traffickers would add half a day to go round
    /// an international gate (control 1), under four hours round an unofficial point (0.2)
    /// (assumed, not measured). Also the avoidance of the second view the choice set is
    /// generated on (`RouteChoiceSet`).
    public var avoidanceHours = 12.0
    /// κ, how many seizures' worth of evidence the route-choice model is worth per pair when
    /// the seizures are let to move each pair's shares (`FlowPosterior`): large keeps the
    /// fitted logit, small lets the seizures decide. Assumed, not estimated.
    public var routePriorWeight = 1.0

    public init() {}
}
