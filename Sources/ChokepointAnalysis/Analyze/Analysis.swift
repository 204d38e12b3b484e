import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import ChokepointSupport
import Foundation

/// The main job's results on one bundle, scenario and set of seizures: evidence-weighted
/// routes per source→target pair, crossings and provinces ranked by the flow the scenario's
/// demand puts through them, and the evidence behind each. Everything is sorted with ties
/// broken by id, so the same inputs give the same results.
///
/// The steps, each in its own builder: snap and weigh the seizures (`SeizurePipeline`), the
/// evidence-weighted cost (`CostModel`, `BundleGraph`), route betweenness of the scenario's
/// demand, then crossings (`Analysis+Crossings`), provinces (`Analysis+Provinces`) and the
/// diverse routes per pair (`Analysis+Routes`). Controls, what-ifs and rank stability reuse
/// the same graph and demands (`Analysis+Controls`, `Analysis+Stability`).
public struct Analysis {
    public struct Options: Sendable {
        /// Routes per source→target pair.
        public var routesPerPair = 3
        /// A route may share at most this fraction of its length with better-ranked ones.
        public var maxSharedFraction = 0.5
        /// Yen candidates examined per pair while looking for diverse routes. On a large, dense
        /// network most near-shortest paths overlap and examining thousands per pair costs
        /// minutes (`--max-examined`, BENCHMARKS.md); with fewer, a pair may get fewer routes.
        public var maxExamined = 2_000
        /// Told how many source→target pairs have their routes, of how many: the longest step
        /// on a large network (the CLI shows it on a terminal).
        public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
        public init() {}
    }

    public let bundle: NetworkBundle
    /// The seizures after read → normalise → filter → merge, with what the chain did.
    public let seizureSet: SeizureSet
    /// The same records, snapped once: rank stability re-weighs them without snapping again.
    public let snapped: SnappedSeizures
    public let evidence: EvidenceModel
    /// The evidence without the detection-bias correction, for comparison.
    public let rawEvidence: EvidenceModel
    public let costs: CostModel
    public let routes: [Route]
    /// Each route's position in the one overall route order (1 = first), by index in
    /// `routes`; `routesInOverallOrder` and `bestRoutes` read it.
    public let overallRouteRanks: [Int]
    /// Crossings by flow, most first (ties by evidence, then id).
    public let crossings: [CrossingResult]
    /// Provinces by flow through their nodes, most first.
    public let provinces: [ProvinceResult]
    /// Flow on each link (index in `bundle.links`).
    public let linkFlow: [Double]
    public let unservedDemand: Double
    public let totalDemand: Double
    /// The routing graph and demands, for controls and what-ifs on the same costs.
    public let graph: BundleGraph
    public let weighted: WeightedGraph
    public let demands: [Demand]

    /// The records used.
    public var seizures: [SeizureRecord] { seizureSet.records }

    public init(bundle: NetworkBundle, seizures: SeizureSet, options: Options = Options(), geos: GEOSContext) throws {
        self.bundle = bundle
        seizureSet = seizures
        let scenario = bundle.scenario
        let evidenceParameters = scenario?.evidence ?? EvidenceModel.Parameters()
        snapped = try SeizurePipeline.snap(seizures.records, to: bundle, bandwidthKm: evidenceParameters.bandwidthKm, geos: geos)
        evidence = snapped.evidence(on: bundle, parameters: evidenceParameters)
        var rawParameters = evidenceParameters
        rawParameters.correctsDetectionBias = false
        rawEvidence = snapped.evidence(on: bundle, parameters: rawParameters)

        costs = CostModel(bundle: bundle, evidence: evidence, parameters: scenario?.cost ?? CostModel.Parameters())
        graph = try BundleGraph(bundle: bundle, costs: costs)
        weighted = try graph.byCost()
        demands = ScenarioDemand.demands(bundle: bundle, graph: graph.graph)
        let flow = try weighted.routeBetweenness(demands)
        linkFlow = flow.edge
        unservedDemand = flow.unservedDemand
        totalDemand = flow.totalDemand

        let estimate = try SeizureFlowEstimate(
            bundle: bundle, views: [graph.byTravelTime(), weighted], demands: demands,
            evidence: evidence, parameters: scenario?.estimate ?? FlowEstimateParameters())
        crossings = Self.crossingResults(
            bundle: bundle, nodeFlow: flow.node, evidence: evidence, raw: rawEvidence,
            estimate: estimate, records: seizures.records)
        provinces = Self.provinceResults(bundle: bundle, nodeFlow: flow.node, evidence: evidence, records: seizures.records)
        routes = Self.routes(
            bundle: bundle, graph: graph, weighted: weighted, demands: demands, evidence: evidence,
            records: seizures.records, options: options)
        overallRouteRanks = Self.overallRanks(routes)
    }

    /// The `n` seizures that moved `element` most (ids), with what each added.
    static func strongest(
        _ element: EvidenceElement, _ n: Int, evidence: EvidenceModel,
        records: [SeizureRecord]
    ) -> (ids: [String], weights: [Double]) {
        let top = (evidence.contributions[element] ?? []).prefix(n)
        return (top.map { records[$0.record].id }, top.map(\.weight))
    }

    /// The `n` heaviest of summed weights by record index, heaviest first (ties by seizure id).
    static func heaviest(
        _ weightBySeizure: [Int: Double], _ n: Int,
        records: [SeizureRecord]
    ) -> (ids: [String], weights: [Double]) {
        let top = weightBySeizure.sorted { ($1.value, records[$0.key].id) < ($0.value, records[$1.key].id) }.prefix(n)
        return (top.map { records[$0.key].id }, top.map(\.value))
    }
}
