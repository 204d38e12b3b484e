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
/// 4. ranks crossings blind, six ways: the evidence model (with and without the detection-bias
///    correction) feeding the generalised cost; the seizure-implied flow
///    (`SeizureFlowEstimate`, with and without the correction); raw seizure counts at each
///    crossing; and plain route betweenness on travel time (no evidence);
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
        public init() {}
    }

    public struct Scores: Sendable, Hashable {
        public var precisionAtK: Double
        public var spearman: Double
        public var flowShareAtK: Double
        /// Share of the true flow whose true route is one of its pair's predicted top routes;
        /// nil for a method that predicts no routes, or when the measure is skipped.
        public var routeFlowShare: Double?
        public init(precisionAtK: Double, spearman: Double, flowShareAtK: Double, routeFlowShare: Double? = nil) {
            self.precisionAtK = precisionAtK
            self.spearman = spearman
            self.flowShareAtK = flowShareAtK
            self.routeFlowShare = routeFlowShare
        }
    }

    public struct Outcome: Sendable {
        public var trueFlow: [Double]
        public var seizures: [SeizureRecord]
        /// Scores by method: "evidence", "evidence-no-bias-correction", "seizure-counts", "betweenness".
        public var scores: [String: Scores]
        public var rankings: [String: [Int]]
    }

    public static let methods = ["evidence", "evidence-no-bias-correction", "flow-estimate", "flow-estimate-no-bias-correction",
                                 "seizure-counts", "betweenness"]

    public let bundle: NetworkBundle
    public var parameters: Parameters
    private let geos: GEOSContext

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
        // Edge j is link j only when every link's ends are known: a bundle that validates.
        guard base.graph.edgeCount == bundle.links.count else { throw SimulationError.invalidBundle }

        // 1–2: the hidden truth.
        var trueLinkCost = plain.linkTravelHours.map { $0 * exp(parameters.costNoise * rng.normal()) }
        var trueNodeCost = plain.nodeCost.map { $0 * exp(parameters.costNoise * rng.normal()) }
        for (k, c) in bundle.crossings.enumerated() where c.type == .international || c.type == .main {
            trueNodeCost[bundle.places.count + k] *= parameters.officialAvoidance
        }
        trueLinkCost = trueLinkCost.map { max($0, 1e-6) }
        let truthGraph = try base.graph.weighted(weights: trueLinkCost, name: "true_cost_h", nodeCost: trueNodeCost)
        let truth = try truthGraph.routeBetweenness(demands)
        // Each pair's true route (ties, which lognormal noise makes vanishingly rare, by id).
        let trueRoutes: [[Int32]?] = parameters.routesPerPair > 0
            ? demands.map { d in truthGraph.dijkstra(from: d.source, to: d.target).path(to: d.target)?.edges } : []
        let offset = bundle.places.count
        let trueCrossingFlow = bundle.crossings.indices.map { truth.node[offset + $0] }

        // 3: seizures where flow meets control.
        // Seizures are made with the same control table the blind model divides by (see
        // BENCHMARKS.md: this tests consistency, not the table's values).
        let control = parameters.evidence
        var elements: [(EvidenceElement, Double, Double)] = []  // element, flow, control
        for v in 0..<(bundle.places.count + bundle.crossings.count) {
            let c = v < offset ? control.placeControl : (control.crossingControl[bundle.crossings[v - offset].type] ?? 1)
            elements.append((.node(v), truth.node[v], c))
        }
        for (j, link) in bundle.links.enumerated() {
            elements.append((.link(j), truth.edge[j], control.linkControl[link.mode] ?? 1))
        }
        var seizures: [SeizureRecord] = []
        let coordinates = bundle.places.map(\.coordinate) + bundle.crossings.map(\.coordinate)
        var nodeIndex: [String: Int] = [:]
        for (i, id) in bundle.nodeIDs.enumerated() where nodeIndex[id] == nil { nodeIndex[id] = i }
        let linkEnds = bundle.links.map { (coordinates[nodeIndex[$0.from] ?? 0], coordinates[nodeIndex[$0.to] ?? 0]) }
        let truthWeights = elements.map { $0.1 * $0.2 }
        let noiseWeights = elements.map { $0.2 }
        for i in 0..<parameters.truthSeizures {
            seizures.append(try seizure(id: "sim-true-\(i)", at: elements[rng.pick(truthWeights)].0, coordinates: coordinates, linkEnds: linkEnds, rng: &rng))
        }
        for i in 0..<parameters.noiseSeizures {
            seizures.append(try seizure(id: "sim-noise-\(i)", at: elements[rng.pick(noiseWeights)].0, coordinates: coordinates, linkEnds: linkEnds, rng: &rng))
        }

        // 4: blind rankings.
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: parameters.evidence.bandwidthKm * 1000, geos: geos).snap(seizures)
        var rankings: [String: [Int]] = [:]
        var routeShares: [String: Double] = [:]
        let ids = bundle.crossings.map(\.id)
        let lengths = base.graph.edgeColumns["length_km"] ?? []
        /// Share of the true flow whose true route is among the pair's top diverse routes on `graph`.
        func routeShare(_ graph: WeightedGraph) -> Double? {
            guard parameters.routesPerPair > 0 else { return nil }
            var found = 0.0, total = 0.0
            for (d, truePath) in zip(demands, trueRoutes) {
                guard let truePath else { continue }
                total += d.amount
                let predicted = graph.diversePaths(from: d.source, to: d.target, k: parameters.routesPerPair,
                                                   maxSharedFraction: parameters.maxSharedFraction, length: lengths, maxExamined: 500)
                if predicted.contains(where: { $0.edges == truePath }) { found += d.amount }
            }
            return total > 0 ? found / total : 0
        }
        let plainView = try base.byCost()
        for corrects in [true, false] {
            var p = parameters.evidence
            p.correctsDetectionBias = corrects
            let evidence = EvidenceModel(bundle: bundle, records: seizures, snaps: snaps, parameters: p)
            let graph = try BundleGraph(bundle: bundle, costs: CostModel(bundle: bundle, evidence: evidence, parameters: parameters.cost))
            // Equal flows are ranked by evidence, as `analyze` ranks them.
            let tieBreak = bundle.crossings.indices.map { evidence.scores[.node(offset + $0)] ?? 0 }
            let weighted = try graph.byCost()
            let flows = try CrossingFlows(bundle: bundle, weighted: weighted, demands: demands, tieBreak: tieBreak)
            let method = corrects ? "evidence" : "evidence-no-bias-correction"
            rankings[method] = flows.ranking
            routeShares[method] = routeShare(weighted)
            let estimate = try SeizureFlowEstimate(bundle: bundle, views: [plainView, weighted], demands: demands, evidence: evidence,
                                                   parameters: parameters.estimate)
            let estimateMethod = corrects ? "flow-estimate" : "flow-estimate-no-bias-correction"
            rankings[estimateMethod] = estimate.ranking
            if parameters.routesPerPair > 0 {
                let best = estimate.bestRoutes(perDemand: parameters.routesPerPair)
                var found = 0.0, total = 0.0
                for (d, (demand, truePath)) in zip(demands, trueRoutes).enumerated() {
                    guard let truePath else { continue }
                    total += demand.amount
                    if best[d]?.contains(where: { $0.edges == truePath }) == true { found += demand.amount }
                }
                routeShares[estimateMethod] = total > 0 ? found / total : 0
            }
        }
        var counts = Array(repeating: 0.0, count: bundle.crossings.count)
        for snap in snaps {
            if case let .node(v) = snap.element, v >= offset { counts[v - offset] += 1 }
        }
        rankings["seizure-counts"] = CrossingFlows.rank(counts, ids: ids)
        rankings["betweenness"] = try CrossingFlows(bundle: bundle, weighted: plainView, demands: demands).ranking
        routeShares["betweenness"] = routeShare(plainView)

        // 5: scores.
        var scores: [String: Scores] = [:]
        for (method, ranking) in rankings {
            var predictedScore = Array(repeating: 0.0, count: ranking.count)
            for (position, crossing) in ranking.enumerated() { predictedScore[crossing] = Double(ranking.count - position) }
            scores[method] = Scores(precisionAtK: RankMetrics.precisionAtK(predicted: ranking, truth: trueCrossingFlow, k: parameters.k),
                                    spearman: RankMetrics.spearman(predictedScore, trueCrossingFlow),
                                    flowShareAtK: RankMetrics.flowShareAtK(predicted: ranking, truth: trueCrossingFlow, k: parameters.k),
                                    routeFlowShare: routeShares[method])
        }
        return Outcome(trueFlow: trueCrossingFlow, seizures: seizures, scores: scores, rankings: rankings)
    }

    /// A seizure on `element`: at a node, or at a random point of an overland link (at one end
    /// of a sea, air or postal lane), moved up to `jitterKm`.
    private func seizure(id: String, at element: EvidenceElement, coordinates: [Coordinate], linkEnds: [(Coordinate, Coordinate)],
                         rng: inout SplitMix64) throws -> SeizureRecord {
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
        let date = SeizureDate(SeizureDate.isoDate(dayNumber: day)) ?? SeizureDate("2024")!
        return SeizureRecord(id: id, date: date, location: .point(position), coordinate: position, precision: .exact,
                             commodity: .methamphetamineTablets, amount: kg, unit: "kg", kilograms: kg, mode: nil,
                             agency: "simulated", source: "SYNTHETIC: chokepoint simulate, seed \(parameters.seed)",
                             file: "simulated", line: 0)
    }
}

public enum SimulationError: Error, CustomStringConvertible {
    case noDemand
    case invalidBundle
    public var description: String {
        switch self {
        case .noDemand: "the bundle's scenario gives no demand between its sources and targets (scenario.yaml, demand.csv)"
        case .invalidBundle: "some links name unknown nodes; run chokepoint validate first"
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
