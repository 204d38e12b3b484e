import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import Foundation

/// Tests the evidence model against a known truth (issue 5, "validity"). On any bundle it
///
/// 1. draws a hidden *true* cost: each link's and crossing's travel time times a lognormal
///    factor (σ = `costNoise`), official gates optionally made `officialAvoidance` times
///    slower (traffickers avoiding controls, so unofficial crossings carry the flow);
/// 2. routes the scenario's demand on the true cost (route betweenness): the true flow on
///    every node, link and crossing;
/// 3. generates seizures where that flow meets controls: `truthSeizures` drawn over elements
///    with probability ∝ flow × control intensity, plus `noiseSeizures` ∝ control intensity
///    alone (seizures of drugs going elsewhere), each placed on its element with up to
///    `jitterKm` of error, with a lognormal amount and a date in 2023–2025;
/// 4. ranks crossings blind, seven ways: the fitted flow model `analyze` ranks by (a path-size
///    logit, a different family from the truth's all-or-nothing routing on noisy costs); the
///    evidence model (with and without the detection-bias correction) feeding the
///    generalised cost; the seizure-implied flow
///    (`SeizureFlowEstimate`, with and without the correction); raw seizure counts at each
///    crossing; and plain route betweenness on travel time (no evidence);
/// With `hiddenCrossings` > 0 the truth also runs on trails the blind model is not given:
/// that many border points, drawn uniformly along the shared borders where towns lie within
/// reach on both sides and no known crossing within 5 km (`CrossingCandidates.site`), joined
/// to those towns like candidates are. The blind model then runs a second time with
/// `analyze --candidates`, and is scored on how many hidden crossings that carry true flow
/// have a candidate within `hiddenRadiusKm` among its top `hiddenTop` candidates by flow, and
/// on its precision over the known crossings (issue 14, item 6).
///
/// 5. scores each ranking against the true crossing flows: precision@k, Spearman's rank
///    correlation, and the share of true flow through the predicted top k; and, for the
///    methods that predict routes, the share of the true flow whose true route is among the
///    pair's top `routesPerPair` routes: the diverse routes `analyze` exports for the
///    evidence cost and plain betweenness, the candidates with most fitted flow for the
///    seizure-implied flow (raw counts predict no route).
///
/// Everything random comes from one SplitMix64 seeded by `seed`: same bundle and seed, same
/// figures.
public struct SeizureSimulator {
    public struct Parameters: Sendable, Hashable {
        public var seed: UInt64 = 1
        public var costNoise = 0.3
        public var officialAvoidance = 1.0
        public var truthSeizures = 300
        public var noiseSeizures = 60
        public var jitterKm = 1.0
        public var k = 10
        /// Routes per pair for the route measure, as `analyze -k`; 0 skips the measure (it is
        /// the slowest part of a run).
        public var routesPerPair = 3
        public var maxSharedFraction = 0.5
        /// The blind analysis's evidence and cost parameters (the scenario's, by default).
        public var evidence = EvidenceModel.Parameters()
        public var cost = CostModel.Parameters()
        public var estimate = SeizureFlowEstimate.Parameters()
        /// Crossings in the truth that the blind bundle lacks (0: none, and no candidates run).
        public var hiddenCrossings = 0
        /// A hidden crossing is found when a candidate within this distance ranks in the top `hiddenTop`.
        public var hiddenRadiusKm = 10.0
        public var hiddenTop = 20
        public init() {}
    }

    public struct Scores: Sendable, Hashable {
        public var precisionAtK: Double
        public var spearman: Double
        public var flowShareAtK: Double
        /// Share of the true flow whose true route is one of its pair's predicted top routes;
        /// nil for a method that predicts no routes, or when the measure is skipped.
        public var routeFlowShare: Double?
        /// Hidden crossings that carry true flow, and how many of them have a top candidate
        /// nearby (`flowModelWithCandidates` only). Counts, so that `mean` pools them over runs.
        public var hiddenWithFlow: Int?
        public var hiddenFound: Int?
        public init(precisionAtK: Double, spearman: Double, flowShareAtK: Double, routeFlowShare: Double? = nil) {
            self.precisionAtK = precisionAtK
            self.spearman = spearman
            self.flowShareAtK = flowShareAtK
            self.routeFlowShare = routeFlowShare
        }
    }

    /// The blind rankings scored, in the order `simulate` lists them.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// The fitted flow model (`FlowModel`, `FlowModelFit`): what `analyze` ranks by.
        case flowModel = "flow-model"
        /// Route betweenness on the evidence-weighted cost (`analyze`'s cheapest-route column).
        case evidence
        case evidenceNoBiasCorrection = "evidence-no-bias-correction"
        /// The seizure-implied flow (`SeizureFlowEstimate`).
        case flowEstimate = "flow-estimate"
        case flowEstimateNoBiasCorrection = "flow-estimate-no-bias-correction"
        /// Baseline: seizures snapped to each crossing, counted.
        case seizureCounts = "seizure-counts"
        /// Baseline: route betweenness on travel time, no evidence.
        case betweenness
        /// The flow model with `analyze --candidates`, scored on the known crossings (only
        /// with hidden crossings in the truth).
        case flowModelWithCandidates = "flow-model-candidates"
    }

    public struct Outcome: Sendable {
        /// True flow of each of the bundle's crossings (hidden ones are in `hidden`).
        public var trueFlow: [Double]
        /// The truth's hidden crossings and the true flow of each.
        public var hidden: [(site: CrossingCandidates.Candidate, flow: Double)] = []
        public var seizures: [SeizureRecord]
        public var scores: [Method: Scores]
        /// Crossing indices by each method, best first.
        public var rankings: [Method: [Int]]
    }

    public let bundle: NetworkBundle
    public var parameters: Parameters
    let geos: GEOSContext

    public init(bundle: NetworkBundle, parameters: Parameters = Parameters(), geos: GEOSContext) {
        self.bundle = bundle
        self.parameters = parameters
        self.geos = geos
    }

    public func run() throws -> Outcome {
        var rng = SplitMix64(seed: parameters.seed)
        let plain = CostModel(bundle: bundle, evidence: nil)
        let base = try BundleGraph(bundle: bundle, costs: plain)
        let demands = ScenarioDemand.demands(bundle: bundle, graph: base.graph)
        guard !demands.isEmpty else { throw SimulationError.noDemand }
        let hidden = try hiddenSites(rng: &rng)
        let truthBundle = hidden.isEmpty ? bundle : try CrossingCandidates().augment(bundle, with: hidden)
        let truthBase = hidden.isEmpty ? base : try BundleGraph(bundle: truthBundle, costs: CostModel(bundle: truthBundle, evidence: nil))
        let truthDemands = hidden.isEmpty ? demands : ScenarioDemand.demands(bundle: truthBundle, graph: truthBase.graph)
        guard
            truthDemands.map({ [Double($0.source), Double($0.target), $0.amount] })
                == demands.map({ [Double($0.source), Double($0.target), $0.amount] })
        else {
            throw SimulationError.hiddenCrossingsMovedDemand
        }
        let truth = try hiddenTruth(truthBundle, base: truthBase, demands: truthDemands, rng: &rng)
        let seizures = try syntheticSeizures(truth.flow, on: truthBundle, rng: &rng)
        let snapped = try SeizurePipeline.snap(seizures, to: bundle, bandwidthKm: parameters.evidence.bandwidthKm, geos: geos)
        let blind = BlindRun(simulator: self, base: base, demands: demands, trueRoutes: truth.routes)
        var (rankings, routeShares) = try blind.evidenceRankings(snapped)
        var counts = Array(repeating: 0.0, count: bundle.crossings.count)
        snapped.snapSet.forEachSnap { snap in
            if case let .node(v) = snap.element, let k = bundle.crossingIndex(ofNode: v) { counts[k] += 1 }
        }
        rankings[.seizureCounts] = CrossingFlows.rank(counts, ids: bundle.crossings.map(\.id))
        let plainView = try base.byCost()
        rankings[.betweenness] = try CrossingFlows(bundle: bundle, weighted: plainView, demands: demands).ranking
        routeShares[.betweenness] = blind.routeShare(plainView)
        let knownFlow = Array(truth.crossingFlow.prefix(bundle.crossings.count))
        let hiddenFlow = Array(truth.crossingFlow.dropFirst(bundle.crossings.count))
        var scores = rankings.mapValues { ranking in score(ranking, truth: knownFlow) }
        for (method, share) in routeShares { scores[method]?.routeFlowShare = share }
        if !hidden.isEmpty {
            let (known, found) = try blind.withCandidates(seizures, hidden: zip(hidden, hiddenFlow).map { ($0, $1) })
            rankings[.flowModelWithCandidates] = known
            var s = score(known, truth: knownFlow)
            s.hiddenWithFlow = hiddenFlow.filter { $0 > 0 }.count
            s.hiddenFound = found
            scores[.flowModelWithCandidates] = s
        }
        var outcome = Outcome(trueFlow: knownFlow, seizures: seizures, scores: scores, rankings: rankings)
        outcome.hidden = zip(hidden, hiddenFlow).map { ($0, $1) }
        return outcome
    }

    /// `hiddenCrossings` points drawn uniformly along the shared borders (by length) that
    /// `CrossingCandidates.site` accepts, at least `hiddenRadiusKm` apart; at most 100 draws
    /// per site, so a bundle with few such places gets fewer.
    private func hiddenSites(rng: inout SplitMix64) throws -> [CrossingCandidates.Candidate] {
        guard parameters.hiddenCrossings > 0 else { return [] }
        let borders = try BorderLines(bundle, geos: geos).borders
        let parts = borders.flatMap { b in b.parts.map { (b, $0) } }
        let lengths = parts.map(\.1.km)
        guard lengths.contains(where: { $0 > 0 }) else { return [] }
        let generator = CrossingCandidates()
        var sites: [CrossingCandidates.Candidate] = []
        for _ in 0..<(100 * parameters.hiddenCrossings) where sites.count < parameters.hiddenCrossings {
            let (border, part) = parts[rng.pick(lengths)]
            guard let p = try part.line.interpolate(fraction: rng.nextUnit()).coordinates().first else { continue }
            if try sites.contains(where: { try Geodesic.wgs84.distance(from: $0.coordinate, to: p) < parameters.hiddenRadiusKm * 1000 }) {
                continue
            }
            let id = "hidden-\(String(format: "%03d", sites.count + 1))"
            if let site = try generator.site(at: p, on: border, id: id) { sites.append(site) }
        }
        return sites
    }

    /// Steps 1–2: the hidden true cost, the flow it gives and each pair's true route.
    private struct Truth {
        var flow: RouteFlow
        var routes: [[Int32]?]
        var crossingFlow: [Double]
    }

    private func hiddenTruth(_ bundle: NetworkBundle, base: BundleGraph, demands: [Demand], rng: inout SplitMix64) throws -> Truth {
        var trueLinkCost = base.costs.linkTravelHours.map { $0 * exp(parameters.costNoise * rng.normal()) }
        var trueNodeCost = base.costs.nodeCost.map { $0 * exp(parameters.costNoise * rng.normal()) }
        for (k, c) in bundle.crossings.enumerated() where c.type == .international || c.type == .main {
            trueNodeCost[bundle.crossingNode(k)] *= parameters.officialAvoidance
        }
        trueLinkCost = trueLinkCost.map { max($0, 1e-6) }
        let truthGraph = try base.graph.weighted(weights: trueLinkCost, name: "true_cost_h", nodeCost: trueNodeCost)
        let flow = try truthGraph.routeBetweenness(demands)
        // Each pair's true route (ties, which lognormal noise makes vanishingly rare, by id).
        let routes: [[Int32]?] =
            parameters.routesPerPair > 0
            ? demands.map { d in truthGraph.dijkstra(from: d.source, to: d.target).path(to: d.target)?.edges } : []
        return Truth(flow: flow, routes: routes, crossingFlow: bundle.crossingNodes.map { flow.node[$0] })
    }

    /// Step 3: seizures where flow meets control, and noise seizures where control alone is.
    /// They are made with the same control table the blind model divides by (see
    /// BENCHMARKS.md: this tests consistency, not the table's values).
    private func syntheticSeizures(_ truth: RouteFlow, on bundle: NetworkBundle, rng: inout SplitMix64) throws -> [SeizureRecord] {
        let control = parameters.evidence
        var elements: [(EvidenceElement, Double, Double)] = []  // element, flow, control
        for v in 0..<bundle.nodeCount {
            elements.append((.node(v), truth.node[v], control.control(of: .node(v), in: bundle)))
        }
        for j in bundle.links.indices {
            elements.append((.link(j), truth.edge[j], control.control(of: .link(j), in: bundle)))
        }
        let coordinates = bundle.nodeCoordinates
        let nodeIndex = bundle.nodeIndex()
        // BundleGraph refused any link with an unknown end, so both ends are known here.
        let linkEnds = bundle.links.map { (coordinates[nodeIndex[$0.from] ?? 0], coordinates[nodeIndex[$0.to] ?? 0]) }
        let truthWeights = elements.map { $0.1 * $0.2 }
        let noiseWeights = elements.map { $0.2 }
        var seizures: [SeizureRecord] = []
        for i in 0..<parameters.truthSeizures {
            let element = elements[rng.pick(truthWeights)].0
            seizures.append(
                try seizure(id: "sim-true-\(i)", at: element, on: bundle, coordinates: coordinates, linkEnds: linkEnds, rng: &rng))
        }
        for i in 0..<parameters.noiseSeizures {
            let element = elements[rng.pick(noiseWeights)].0
            seizures.append(
                try seizure(id: "sim-noise-\(i)", at: element, on: bundle, coordinates: coordinates, linkEnds: linkEnds, rng: &rng))
        }
        return seizures
    }

    /// Step 5: one ranking against the true crossing flows.
    private func score(_ ranking: [Int], truth: [Double]) -> Scores {
        var predictedScore = Array(repeating: 0.0, count: ranking.count)
        for (position, crossing) in ranking.enumerated() { predictedScore[crossing] = Double(ranking.count - position) }
        return Scores(
            precisionAtK: RankMetrics.precisionAtK(predicted: ranking, truth: truth, k: parameters.k),
            spearman: RankMetrics.spearman(predictedScore, truth),
            flowShareAtK: RankMetrics.flowShareAtK(predicted: ranking, truth: truth, k: parameters.k))
    }

    /// Step 4: the blind rankings that use the seizures, and the route measure.
    private struct BlindRun {
        let simulator: SeizureSimulator
        let base: BundleGraph
        let demands: [Demand]
        let trueRoutes: [[Int32]?]

        var parameters: Parameters { simulator.parameters }
        var bundle: NetworkBundle { simulator.bundle }

        /// Share of the true flow whose true route is among the pair's top diverse routes on `graph`.
        func routeShare(_ graph: WeightedGraph) -> Double? {
            guard parameters.routesPerPair > 0 else { return nil }
            return share { _, demand in
                graph.diversePaths(
                    from: demand.source, to: demand.target, k: parameters.routesPerPair,
                    maxSharedFraction: parameters.maxSharedFraction, length: base.lengthKm, maxExamined: 500
                ).map(\.edges)
            }
        }

        /// Share of the true flow whose true route is among the routes (edge lists) `predicted`
        /// gives for demand d.
        func share(_ predicted: (Int, Demand) -> [[Int32]]?) -> Double {
            var found = 0.0, total = 0.0
            for (d, (demand, truePath)) in zip(demands, trueRoutes).enumerated() {
                guard let truePath else { continue }
                total += demand.amount
                if predicted(d, demand)?.contains(truePath) == true { found += demand.amount }
            }
            return total > 0 ? found / total : 0
        }

        /// The evidence cost and the seizure-implied flow, each with and without the
        /// detection-bias correction.
        func evidenceRankings(_ snapped: SnappedSeizures) throws -> ([Method: [Int]], [Method: Double]) {
            var rankings: [Method: [Int]] = [:]
            var routeShares: [Method: Double] = [:]
            let plainView = try base.byCost()
            for corrects in [true, false] {
                var p = parameters.evidence
                p.correctsDetectionBias = corrects
                let evidence = snapped.evidence(on: bundle, parameters: p)
                let graph = try BundleGraph(
                    bundle: bundle, costs: CostModel(bundle: bundle, evidence: evidence, parameters: parameters.cost))
                // Equal flows are ranked by evidence, as `analyze` ranks them.
                let tieBreak = bundle.crossingNodes.map { evidence.scores[.node($0)] ?? 0 }
                let weighted = try graph.byCost()
                let method: Method = corrects ? .evidence : .evidenceNoBiasCorrection
                rankings[method] = try CrossingFlows(bundle: bundle, weighted: weighted, demands: demands, tieBreak: tieBreak).ranking
                routeShares[method] = routeShare(weighted)
                let estimate = try SeizureFlowEstimate(
                    bundle: bundle, views: [plainView, weighted], demands: demands,
                    evidence: evidence, parameters: parameters.estimate)
                let estimateMethod: Method = corrects ? .flowEstimate : .flowEstimateNoBiasCorrection
                rankings[estimateMethod] = estimate.ranking
                if parameters.routesPerPair > 0 {
                    let best = estimate.bestRoutes(perDemand: parameters.routesPerPair)
                    routeShares[estimateMethod] = share { d, _ in best[d]?.map(\.edges) }
                }
                if corrects {
                    let (ranking, routeShare) = try flowModelRanking(evidence, tieBreak: tieBreak)
                    rankings[.flowModel] = ranking
                    routeShares[.flowModel] = routeShare
                }
            }
            return (rankings, routeShares)
        }

        /// The flow model as `analyze` runs it: the choice set on the bundle's travel times,
        /// μ and α fitted to the synthetic seizures, crossings by modelled flow; the routes
        /// are each pair's likeliest `routesPerPair`.
        func flowModelRanking(_ evidence: EvidenceModel, tieBreak: [Double]) throws -> ([Int], Double?) {
            let (choiceSet, flows) = try fittedFlows(evidence, on: bundle, base: base, demands: demands)
            let ranking = CrossingFlows.rank(bundle.crossingNodes.map { flows.node[$0] }, then: tieBreak, ids: bundle.crossings.map(\.id))
            guard parameters.routesPerPair > 0 else { return (ranking, nil) }
            let routeShare = share { d, _ in
                choiceSet.byDemand[d].sorted { (flows.share[$1], $0) < (flows.share[$0], $1) }
                    .prefix(parameters.routesPerPair).map { choiceSet.routes[$0].edges }
            }
            return (ranking, routeShare)
        }

        /// The flow model fitted as `analyze` fits it, on `bundle` (this run's, or one with candidates).
        func fittedFlows(
            _ evidence: EvidenceModel, on bundle: NetworkBundle, base: BundleGraph, demands: [Demand]
        ) throws -> (RouteChoiceSet, FlowModel.Flows) {
            let choiceSet = try RouteChoiceSet(
                bundle: bundle, graph: base, demands: demands, control: parameters.evidence, stretch: parameters.estimate.stretch,
                avoidanceHours: parameters.estimate.avoidanceHours)
            let model = FlowModel(choiceSet: choiceSet, nodeCount: bundle.nodeCount, linkCount: bundle.links.count)
            let fit = FlowModelFit(model: model, evidence: evidence, bundle: bundle, priors: parameters.estimate)
            let posterior = FlowPosterior(
                model: model, fit: fit, evidence: evidence, bundle: bundle, priorWeight: parameters.estimate.routePriorWeight)
            return (choiceSet, model.flows(fit.parameters, offsets: posterior.offsets))
        }

        /// The flow model run as `analyze --candidates` runs it: the known crossings ranked by
        /// flow (indices into the bundle's crossings, which the candidates follow), and how many
        /// hidden crossings with true flow have a top candidate within reach.
        func withCandidates(
            _ seizures: [SeizureRecord], hidden: [(CrossingCandidates.Candidate, Double)]
        ) throws -> (known: [Int], found: Int) {
            let generator = CrossingCandidates()
            let augmented = try generator.augment(bundle, with: try generator.generate(bundle, geos: simulator.geos))
            let graph = try BundleGraph(bundle: augmented, costs: CostModel(bundle: augmented, evidence: nil))
            let augmentedDemands = ScenarioDemand.demands(bundle: augmented, graph: graph.graph)
            let snapped = try SeizurePipeline.snap(
                seizures, to: augmented, bandwidthKm: parameters.evidence.bandwidthKm, geos: simulator.geos)
            let evidence = snapped.evidence(on: augmented, parameters: parameters.evidence)
            let (_, flows) = try fittedFlows(evidence, on: augmented, base: graph, demands: augmentedDemands)
            let crossingFlow = augmented.crossingNodes.map { flows.node[$0] }
            let tieBreak = augmented.crossingNodes.map { evidence.scores[.node($0)] ?? 0 }
            let ids = augmented.crossings.map(\.id)
            let order = CrossingFlows.rank(crossingFlow, then: tieBreak, ids: ids)
            let known = order.filter { !augmented.crossings[$0].isGenerated }
            let top = order.filter { augmented.crossings[$0].isGenerated }.prefix(parameters.hiddenTop).map {
                augmented.crossings[$0].coordinate
            }
            var found = 0
            for (site, flow) in hidden where flow > 0 {
                if try top.contains(where: {
                    try Geodesic.wgs84.distance(from: $0, to: site.coordinate) <= parameters.hiddenRadiusKm * 1000
                }) {
                    found += 1
                }
            }
            return (known, found)
        }
    }

    /// A seizure on `element`: at a node, or at a random point of an overland link (at one end
    /// of a sea, air or postal lane), moved up to `jitterKm`.
    private func seizure(
        id: String, at element: EvidenceElement, on bundle: NetworkBundle, coordinates: [Coordinate], linkEnds: [(Coordinate, Coordinate)],
        rng: inout SplitMix64
    ) throws -> SeizureRecord {
        var position: Coordinate
        switch element {
        case let .node(v):
            position = coordinates[v]
        case let .link(j):
            let link = bundle.links[j]
            let (a, b) = linkEnds[j]
            if link.mode.isOverland {
                let t = rng.nextUnit()
                position = Coordinate(lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t)
            } else {
                position = rng.nextUnit() < 0.5 ? a : b
            }
        }
        let jitter = parameters.jitterKm * 1000 * rng.nextUnit()
        position = try Geodesic.wgs84.destination(from: position, azimuth: 360 * rng.nextUnit(), distance: jitter)
        let kg = 10 * exp(rng.normal())
        let day = SeizureDate.dayNumber(year: 2023, month: 1, day: 1) + Int(rng.next() % 1095)
        guard let date = SeizureDate(SeizureDate.isoDate(dayNumber: day)) else {
            throw SimulationError.unreadableDate(SeizureDate.isoDate(dayNumber: day))
        }
        return SeizureRecord(
            id: id, date: date, location: .point(position), coordinate: position, precision: .exact,
            commodity: .methamphetamineTablets, amount: kg, unit: "kg", kilograms: kg, mode: nil,
            agency: "simulated", source: "SYNTHETIC: chokepoint simulate, seed \(parameters.seed)",
            file: "simulated", line: 0, marking: .clear)
    }
}

public enum SimulationError: Error, CustomStringConvertible {
    case noDemand
    /// Adding the hidden crossings changed the scenario's demand (a bug: they add no source or target).
    case hiddenCrossingsMovedDemand
    /// A generated date that `SeizureDate` does not read back (a bug, never an input problem).
    case unreadableDate(String)
    public var description: String {
        switch self {
        case .noDemand: "the bundle's scenario gives no demand between its sources and targets (scenario.yaml, demand.csv)"
        case .hiddenCrossingsMovedDemand: "internal error: the simulator's hidden crossings changed the scenario's demand"
        case let .unreadableDate(text): "internal error: the simulator made the date \(text), which SeizureDate does not read"
        }
    }
}

extension SplitMix64 {
    /// A standard normal variate (Box–Muller).
    mutating func normal() -> Double {
        let u = max(nextUnit(), 1e-300), v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// An index drawn with probability proportional to its weight (weights ≥ 0, some > 0).
    mutating func pick(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = nextUnit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}
