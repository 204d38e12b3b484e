import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import ChokepointSupport
import Foundation

/// The main job's results on one bundle, scenario and set of seizures: the flow model's
/// estimate of where the scenario's demand moves (`FlowModel`, its parameters fitted to the
/// seizures by `FlowModelFit`), and from it crossings, provinces, links and routes ranked by
/// expected flow, each with the evidence behind it. Everything is sorted with ties broken by
/// id, so the same inputs give the same results.
///
/// The steps, each in its own builder: snap and weigh the seizures (`SeizurePipeline`), the
/// routing graph and costs (`CostModel`, `BundleGraph`), the route choice set
/// (`RouteChoiceSet`), the fit, then crossings (`Analysis+Crossings`), provinces
/// (`Analysis+Provinces`) and each pair's likeliest routes (`Analysis+Routes`). Controls,
/// what-ifs and rank intervals reuse the same model (`Analysis+Controls`,
/// `Analysis+Stability`).
public struct Analysis {
    public struct Options: Sendable {
        /// Routes per source→target pair.
        public var routesPerPair = 3
        /// A route may share at most this fraction of its length with better-ranked ones.
        public var maxSharedFraction = 0.5
        /// Told how many source→target pairs have their routes, of how many.
        public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
        /// Who the results are for (`--share-level`): records above its level are never named.
        public var sharing: SharingPolicy?
        public init() {}
    }

    public let bundle: NetworkBundle
    /// The seizures after read → normalise → filter → merge, with what the chain did.
    public let seizureSet: SeizureSet
    /// The same records, snapped once: rank stability re-weighs them without snapping again.
    public let snapped: SnappedSeizures
    public let evidence: EvidenceModel
    /// The evidence scores without the detection-bias correction, for comparison (the
    /// scores only: the contributions are `evidence`'s, divided by other controls).
    public let uncorrectedScores: [EvidenceElement: Double]
    public let costs: CostModel
    /// The flow model's settings and priors (the scenario's `estimate`, or the defaults):
    /// the one place the fit, the what-ifs, the controls, the intervals and the exports read them.
    public let estimate: FlowEstimateParameters
    /// The route-choice model, its fit to the seizures and the flows it gives.
    public let model: FlowModel
    public let fit: FlowModelFit
    /// The seizures' say on each pair's shares, as route utility offsets (`FlowPosterior`).
    public let posterior: FlowPosterior
    public let flows: FlowModel.Flows
    /// Where seizures recur beyond what the flow explains (node v at v, link j at
    /// `nodeCount + j`): the expected seizure weight with each element's effect.
    public let elementEffects: ElementEffects
    public let routes: [Route]
    /// Each route's position in the one overall route order (1 = first), by index in
    /// `routes`; `routesInOverallOrder` and `bestRoutes` read it.
    public let overallRouteRanks: [Int]
    /// Crossings by flow, most first (ties by evidence, then id).
    public let crossings: [CrossingResult]
    /// Provinces by the flow of the routes that pass them, most first.
    public let provinces: [ProvinceResult]
    /// Flow on each link (index in `bundle.links`).
    public var linkFlow: [Double] { flows.link }
    public var unservedDemand: Double { flows.unserved }
    public let totalDemand: Double
    /// The routing graph and demands, for controls and what-ifs on the same costs.
    public let graph: BundleGraph
    /// The evidence-discounted cost (`CostModel`): the cheapest-route comparison column.
    public let weighted: WeightedGraph
    public let demands: [Demand]

    /// The records used.
    public var seizures: [SeizureRecord] { seizureSet.records }
    /// Which of them the results may name, and the markings of what they built.
    public let disclosure: SeizureDisclosure
    /// Per snapped area (`EvidenceModel.AreaPart.area`): its weighing records not named, and
    /// their marking, the same on every element the area holds.
    let areaDisclosure: [(unnamed: Int, marking: TLP?)]

    public init(bundle: NetworkBundle, seizures: SeizureSet, options: Options = Options(), geos: GEOSContext) throws {
        self.bundle = bundle
        seizureSet = seizures
        disclosure = SeizureDisclosure(records: seizures.records, policy: options.sharing)
        let scenario = bundle.scenario
        let evidenceParameters = scenario?.evidence ?? EvidenceModel.Parameters()
        snapped = try SeizurePipeline.snap(seizures.records, to: bundle, bandwidthKm: evidenceParameters.bandwidthKm, geos: geos)
        evidence = snapped.evidence(on: bundle, parameters: evidenceParameters)
        var areaDisclosure: [(unnamed: Int, marking: TLP?)] = []
        for a in 0..<evidence.areaCount {
            areaDisclosure.append(disclosure.summary(of: evidence.weighingRecords(ofArea: a).lazy.map(Int.init)))
        }
        self.areaDisclosure = areaDisclosure
        var rawParameters = evidenceParameters
        rawParameters.correctsDetectionBias = false
        uncorrectedScores = snapped.scores(on: bundle, parameters: rawParameters)

        costs = CostModel(bundle: bundle, evidence: evidence, parameters: scenario?.cost ?? CostModel.Parameters())
        graph = try BundleGraph(bundle: bundle, costs: costs)
        weighted = try graph.byCost()
        demands = ScenarioDemand.demands(bundle: bundle, graph: graph.graph)
        totalDemand = demands.reduce(0) { $0 + ($1.source != $1.target ? max(0, $1.amount) : 0) }
        let priors = scenario?.estimate ?? FlowEstimateParameters()
        estimate = priors
        let choiceSet = try RouteChoiceSet(
            bundle: bundle, graph: graph, demands: demands, control: evidenceParameters, stretch: priors.stretch,
            avoidanceHours: priors.avoidanceHours)
        model = FlowModel(choiceSet: choiceSet, nodeCount: bundle.nodeCount, linkCount: bundle.links.count)
        fit = FlowModelFit(model: model, evidence: evidence, bundle: bundle, priors: priors)
        posterior = FlowPosterior(model: model, fit: fit, evidence: evidence, bundle: bundle, priorWeight: priors.routePriorWeight)
        flows = model.flows(fit.parameters, offsets: posterior.offsets)
        let (observed, exposure) = FlowModelFit.observations(evidence: evidence, bundle: bundle)
        let flow = flows.node + flows.link
        let (delta, b) = (posterior.detection, posterior.background)
        // One seizure's mean weight: y / scale counts seizures (decay-weighted).
        let perSeizure = seizures.records.isEmpty ? 1 : observed.reduce(0, +) / Double(seizures.records.count)
        elementEffects = ElementEffects(
            observed: observed, expected: exposure.indices.map { exposure[$0] * (delta * flow[$0] + b) }, scale: perSeizure)

        let cheapest = try weighted.routeBetweenness(demands)
        crossings = Self.crossingResults(
            bundle: bundle, nodeFlow: flows.node, cheapestFlow: cheapest.node, evidence: evidence, raw: uncorrectedScores,
            records: seizures.records, disclosure: disclosure, areaDisclosure: areaDisclosure)
        provinces = Self.provinceResults(
            bundle: bundle, model: model, flows: flows, evidence: evidence, records: seizures.records, disclosure: disclosure)
        routes = Self.routes(
            bundle: bundle, graph: graph, model: model, flows: flows, parameters: fit.parameters, evidence: evidence,
            records: seizures.records, disclosure: disclosure, options: options)
        overallRouteRanks = Self.overallRanks(routes)
    }

    /// The seizures behind `element`'s evidence, the `n` that moved it most first.
    public func support(of element: EvidenceElement, top n: Int = 5) -> SeizureSupport {
        Self.strongest(element, n, evidence: evidence, records: seizures, disclosure: disclosure, areaDisclosure: areaDisclosure)
    }

    /// The `n` nameable seizures that moved `element` most (ties by record index), with what
    /// each added, and the marking and unnamed count of all behind it. One pass keeping the
    /// best `n` so far over the located seizures; an area's records come heaviest first, so
    /// only its first `n` nameable ones (and any tied with the last) can enter. An element of
    /// a dense network has thousands of contributions, most of them area records, and
    /// visiting them all per link was a fifth of a country-scale run (BENCHMARKS.md).
    static func strongest(
        _ element: EvidenceElement, _ n: Int, evidence: EvidenceModel,
        records: [SeizureRecord], disclosure: SeizureDisclosure, areaDisclosure: [(unnamed: Int, marking: TLP?)]
    ) -> SeizureSupport {
        func before(_ a: EvidenceModel.Contribution, _ b: EvidenceModel.Contribution) -> Bool {
            a.weight != b.weight ? a.weight > b.weight : a.record < b.record
        }
        var support = SeizureSupport()
        var top: [EvidenceModel.Contribution] = []
        top.reserveCapacity(n + 1)
        var located: [Int] = []
        var areaMarking: TLP?
        evidence.forEachContribution(of: element) { c in
            located.append(c.record)
            guard disclosure.names(c.record) else {
                support.unnamed += 1
                return
            }
            keepBest(c, in: &top, n, by: before)
        } areas: { part in
            let summary = areaDisclosure[part.area]
            support.unnamed += summary.unnamed
            areaMarking = stricter(areaMarking, summary.marking)
            var taken = 0, nth = 0.0
            for r32 in part.recordsByWeight {
                let r = Int(r32)
                guard disclosure.names(r) else { continue }
                let w = part.weight(ofRecord: r)
                guard w > 0, taken < n || w >= nth else { break }
                keepBest(EvidenceModel.Contribution(record: r, weight: w, distanceMetres: 0), in: &top, n, by: before)
                taken += 1
                nth = w
            }
        }
        support.ids = top.map { records[$0.record].id }
        support.weights = top.map(\.weight)
        support.marking = stricter(disclosure.marking(of: located), areaMarking)
        return support
    }

    /// Keeps `top` the best `n` items seen so far, best first, under the strict total order
    /// `before`: O(n) an item, for lists of thousands of which five are kept.
    static func keepBest<T>(_ item: T, in top: inout [T], _ n: Int, by before: (T, T) -> Bool) {
        if top.count == n, let last = top.last, !before(item, last) { return }
        top.insert(item, at: top.firstIndex { before(item, $0) } ?? top.count)
        if top.count > n { top.removeLast() }
    }

    private static func stricter(_ a: TLP?, _ b: TLP?) -> TLP? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }

    /// The `n` heaviest nameable records of summed weights by record index, heaviest first
    /// (ties by seizure id, then record index, so the order never depends on the
    /// dictionary's), with the marking and unnamed count of all of them. One pass keeping
    /// the best `n` so far: a route's evidence can hold hundreds of thousands of seizures,
    /// and sorting them all was a tenth of analysing a 750k-row file.
    static func heaviest(
        _ weightBySeizure: some Collection<(key: Int, value: Double)>, _ n: Int,
        records: [SeizureRecord], disclosure: SeizureDisclosure
    ) -> SeizureSupport {
        func before(_ a: (key: Int, value: Double), _ b: (key: Int, value: Double)) -> Bool {
            if a.value != b.value { return a.value > b.value }
            let ia = records[a.key].id, ib = records[b.key].id
            return ia != ib ? ia < ib : a.key < b.key
        }
        var support = SeizureSupport()
        var top: [(key: Int, value: Double)] = []
        top.reserveCapacity(n + 1)
        for entry in weightBySeizure {
            guard disclosure.names(entry.key) else {
                support.unnamed += 1
                continue
            }
            keepBest(entry, in: &top, n, by: before)
        }
        support.ids = top.map { records[$0.key].id }
        support.weights = top.map(\.value)
        support.marking = disclosure.marking(of: weightBySeizure.lazy.map(\.key))
        return support
    }
}
