import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import ChokepointSupport
import Foundation

/// The main job's results on one bundle and scenario: evidence-weighted routes per
/// source→target pair, crossings and provinces ranked by the flow the scenario's demand puts
/// through them, and the evidence behind each. Everything is sorted with ties broken by id,
/// so the same inputs give the same results.
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
        /// Only seizures of these commodities (nil: all).
        public var commodities: Set<Commodity>?
        /// Only seizures whose date can fall in this window (days since 1970-01-01).
        public var window: ClosedRange<Int>?
        /// Told how many source→target pairs have their routes, of how many: the longest step
        /// on a large network (the CLI shows it on a terminal).
        public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
        public init() {}
    }

    public struct Route: Sendable {
        public var source: String
        public var target: String
        /// The source→target pair's demand (scenario weight); the route carries part of it.
        public var demand: Double
        public var rank: Int
        public var cost: Double
        public var lengthKm: Double
        public var travelHours: Double
        public var nodes: [String]
        public var links: [Int]
        public var modes: [TransportMode]
        public var crossings: [String]
        public var provinces: [String]
        public var evidence: Double
        /// Seizure ids that moved this route's elements most, strongest first.
        public var seizures: [String]
        /// How much each of `seizures` added to the route's evidence, in the same order.
        public var seizureWeights: [Double]
        public var coordinates: [Coordinate]
    }

    public struct CrossingResult: Sendable {
        public var index: Int
        public var flow: Double
        public var evidence: Double
        public var rawEvidence: Double
        /// Seizure ids that moved the crossing's evidence most, strongest first, and how much
        /// each added (same order).
        public var seizures: [String]
        public var seizureWeights: [Double]
        /// The flow the seizures themselves imply (`SeizureFlowEstimate`), and its rank among
        /// crossings (1 = most): a second opinion that does not depend on the cost model.
        public var seizureFlow: Double
        public var seizureFlowRank: Int
    }

    public struct ProvinceResult: Sendable {
        public var id: String
        public var flow: Double
        public var evidence: Double
        public var seizures: Int
        /// The seizures that moved the province's evidence most (on its nodes), heaviest first,
        /// and how much each added (same order).
        public var support: [String]
        public var supportWeights: [Double]
    }

    public let bundle: NetworkBundle
    public let seizures: [SeizureRecord]
    public let problems: [InputError]
    public let merges: [SeizureMerger.Merge]
    public let evidence: EvidenceModel
    public let costs: CostModel
    public let routes: [Route]
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

    public init(bundle: NetworkBundle, seizureRows: [SeizureRow], seizureFile: String, options: Options = Options(),
                geos: GEOSContext) throws {
        self.bundle = bundle
        let scenario = bundle.scenario
        var evidenceParameters = scenario?.evidence ?? EvidenceModel.Parameters()
        if let keep = options.commodities { evidenceParameters.commodities = keep }

        // Seizures: normalise, filter, merge.
        let (records, problems) = SeizureNormaliser(bundle: bundle, conversion: scenario?.conversion ?? AmountConversion())
            .normalise(seizureRows, file: seizureFile)
        let filtered = records.filter { r in
            options.window.map { $0.overlaps(r.date.firstDay...r.date.lastDay) } ?? true
        }
        let (merged, merges) = (scenario?.merger ?? SeizureMerger()).merge(filtered)
        self.seizures = merged
        self.problems = problems
        self.merges = merges

        // Evidence and cost.
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: evidenceParameters.bandwidthKm * 1000, geos: geos).snap(merged)
        let evidence = EvidenceModel(bundle: bundle, records: merged, snaps: snaps, parameters: evidenceParameters)
        var rawParameters = evidenceParameters
        rawParameters.correctsDetectionBias = false
        let raw = EvidenceModel(bundle: bundle, records: merged, snaps: snaps, parameters: rawParameters)
        self.evidence = evidence
        let costs = CostModel(bundle: bundle, evidence: evidence, parameters: scenario?.cost ?? CostModel.Parameters())
        self.costs = costs
        let graph = try BundleGraph(bundle: bundle, costs: costs)
        let weighted = try graph.byCost()
        let demands = ScenarioDemand.demands(bundle: bundle, graph: graph.graph)
        self.graph = graph
        self.weighted = weighted
        self.demands = demands
        let flow = try weighted.routeBetweenness(demands)
        linkFlow = (0..<bundle.links.count).map { $0 < flow.edge.count ? flow.edge[$0] : 0 }
        unservedDemand = flow.unservedDemand
        totalDemand = flow.totalDemand

        // Crossings.
        let offset = bundle.places.count
        /// The `n` seizures that moved `element` most, with what each added.
        func strongest(_ element: EvidenceElement, _ n: Int) -> (ids: [String], weights: [Double]) {
            let top = (evidence.contributions[element] ?? []).prefix(n)
            return (top.map { merged[$0.record].id }, top.map(\.weight))
        }
        // Travel time without evidence, on the graph already built: its `time_h` column is
        // the plain cost, and the crossings' delays are the plain model's node costs.
        let plain = try graph.graph.weighted(by: "time_h",
                                             nodeCost: CostModel(bundle: bundle, evidence: nil, parameters: costs.parameters).nodeCost)
        let estimate = try SeizureFlowEstimate(bundle: bundle, views: [plain, weighted], demands: demands, evidence: evidence,
                                               parameters: scenario?.estimate ?? FlowEstimateParameters())
        var estimateRank = Array(repeating: 0, count: bundle.crossings.count)
        for (position, k) in estimate.ranking.enumerated() { estimateRank[k] = position + 1 }
        crossings = bundle.crossings.indices.map { k in
            let top = strongest(.node(offset + k), 5)
            return CrossingResult(index: k, flow: flow.node[offset + k], evidence: evidence.scores[.node(offset + k)] ?? 0,
                                  rawEvidence: raw.scores[.node(offset + k)] ?? 0, seizures: top.ids, seizureWeights: top.weights,
                                  seizureFlow: estimate.flow[k], seizureFlowRank: estimateRank[k])
        }.sorted { ($1.flow, $1.evidence, bundle.crossings[$0.index].id) < ($0.flow, $0.evidence, bundle.crossings[$1.index].id) }

        // Provinces: flow through their nodes, evidence on their nodes, seizures located there.
        var provinceFlow: [String: Double] = [:], provinceEvidence: [String: Double] = [:], provinceSeizures: [String: Int] = [:]
        var provinceSupport: [String: [Int: Double]] = [:]
        for (v, place) in bundle.places.enumerated() where !place.province.isEmpty {
            provinceFlow[place.province, default: 0] += flow.node[v]
            provinceEvidence[place.province, default: 0] += evidence.scores[.node(v)] ?? 0
            for c in evidence.contributions[.node(v)] ?? [] { provinceSupport[place.province, default: [:]][c.record, default: 0] += c.weight }
        }
        let provinceIndex = Dictionary(bundle.places.map { ($0.id, $0.province) }, uniquingKeysWith: { a, _ in a })
        for r in merged {
            switch r.location {
            case let .provinces(ids): for id in ids { provinceSeizures[id, default: 0] += 1 }
            case let .node(id): if let p = provinceIndex[id], !p.isEmpty { provinceSeizures[p, default: 0] += 1 }
            default: break
            }
        }
        provinces = bundle.provinces.map { p in
            let top = (provinceSupport[p.id] ?? [:]).sorted { ($1.value, merged[$0.key].id) < ($0.value, merged[$1.key].id) }.prefix(5)
            return ProvinceResult(id: p.id, flow: provinceFlow[p.id] ?? 0, evidence: provinceEvidence[p.id] ?? 0,
                                  seizures: provinceSeizures[p.id] ?? 0, support: top.map { merged[$0.key].id }, supportWeights: top.map(\.value))
        }.sorted { ($1.flow, $1.evidence, $0.id) < ($0.flow, $0.evidence, $1.id) }

        // Routes per source→target pair with demand, in demand order.
        let coordinates = bundle.places.map(\.coordinate) + bundle.crossings.map(\.coordinate)
        let lengths = graph.graph.edgeColumns["length_km"] ?? []
        let hours = graph.graph.edgeColumns["time_h"] ?? []
        let crossingIDs = Set(bundle.crossings.map(\.id))
        // Crossings lie on a border, in no province.
        let nodeProvince: [String] = bundle.places.map(\.province) + bundle.crossings.map { _ in "" }
        let delay = Array(repeating: 0.0, count: offset)
            + bundle.crossings.map { costs.parameters.crossingDelayHours[$0.type] ?? 0 }
        var routes: [Route] = []
        // nodeIDs is computed: take it once, not per lookup.
        let ids = bundle.nodeIDs
        let pairs = demands.sorted(by: { (ids[Int($0.source)], ids[Int($0.target)]) < (ids[Int($1.source)], ids[Int($1.target)]) })
        for (done, d) in pairs.enumerated() {
            options.progress?(done, pairs.count)
            let paths = weighted.diversePaths(from: d.source, to: d.target, k: options.routesPerPair,
                                              maxSharedFraction: options.maxSharedFraction, length: lengths, maxExamined: options.maxExamined)
            for (rank, path) in paths.enumerated() {
                var modes: [TransportMode] = [], provinces: [String] = [], elements: [EvidenceElement] = []
                for e in path.edges {
                    let mode = bundle.links[Int(e)].mode
                    if modes.last != mode && !modes.contains(mode) { modes.append(mode) }
                    elements.append(.link(Int(e)))
                }
                for v in path.nodes {
                    let p = nodeProvince[Int(v)]
                    if !p.isEmpty && provinces.last != p { provinces.append(p) }
                    elements.append(.node(Int(v)))
                }
                var weightBySeizure: [Int: Double] = [:]
                var score = 0.0
                for element in elements {
                    score += evidence.scores[element] ?? 0
                    for c in evidence.contributions[element] ?? [] { weightBySeizure[c.record, default: 0] += c.weight }
                }
                let support = weightBySeizure.sorted { ($1.value, merged[$0.key].id) < ($0.value, merged[$1.key].id) }.prefix(5)
                let nodeIDs = path.nodes.map { ids[Int($0)] }
                routes.append(Route(source: ids[Int(d.source)], target: ids[Int(d.target)], demand: d.amount, rank: rank + 1,
                                    cost: path.cost, lengthKm: path.edges.reduce(0) { $0 + lengths[Int($1)] },
                                    travelHours: path.edges.reduce(0) { $0 + hours[Int($1)] }
                                        + path.nodes.dropFirst().dropLast().reduce(0) { $0 + delay[Int($1)] },
                                    nodes: nodeIDs, links: path.edges.map(Int.init), modes: modes,
                                    crossings: nodeIDs.filter { crossingIDs.contains($0) }, provinces: provinces,
                                    evidence: score, seizures: support.map { merged[$0.key].id }, seizureWeights: support.map(\.value), coordinates: path.nodes.map { coordinates[Int($0)] }))
            }
        }
        options.progress?(pairs.count, pairs.count)
        self.routes = routes
    }
}

extension Analysis {
    /// A control: a crossing to close, with what closing it adds given the earlier choices.
    public struct Control: Sendable {
        public var crossing: Int
        public var marginalUnserved: Double
        public var marginalCostHours: Double
        public var unserved: Double
        public var costHours: Double
    }

    /// The k crossings whose closure most disrupts the scenario's flow (greedy interdiction,
    /// Israeli & Wood 2002, in ChokepointGraph): first the demand cut off, then the added
    /// demand-weighted cost.
    public func controls(k: Int) throws(GraphError) -> (baseline: Disruption, controls: [Control]) {
        let offset = bundle.places.count
        let candidates = bundle.crossings.indices.map { NetworkElement.node(Int32(offset + $0)) }
        let result = try weighted.interdict(demands: demands, candidates: candidates, k: min(k, candidates.count))
        let controls = result.steps.compactMap { step -> Control? in
            guard case let .node(v) = step.element else { return nil }
            return Control(crossing: Int(v) - offset, marginalUnserved: step.marginal.unserved, marginalCostHours: step.marginal.cost,
                           unserved: step.disruption.unserved, costHours: step.disruption.cost)
        }
        return (result.baseline, controls)
    }

    /// What changes when these nodes (crossings or places) are closed: the flow through every
    /// crossing before and after (the displacement, or balloon effect) and the demand cut off.
    public struct WhatIf: Sendable {
        public var closed: [String]
        public var before: [Double]
        public var after: [Double]
        public var unservedBefore: Double
        public var unservedAfter: Double
        public var linkFlowAfter: [Double]
    }

    public enum WhatIfError: Error, CustomStringConvertible {
        case unknown(String)
        public var description: String {
            switch self { case let .unknown(id): "--close: no crossing or place with id \(id)" }
        }
    }

    public func whatIf(closing ids: [String]) throws -> WhatIf {
        var closures = Closures(for: graph.graph)
        for id in ids {
            guard let v = graph.graph.node(id) else { throw WhatIfError.unknown(id) }
            _ = closures.close(node: v)
        }
        let after = try weighted.routeBetweenness(demands, closures: closures)
        let offset = bundle.places.count
        let before = crossings.sorted { $0.index < $1.index }.map(\.flow)
        return WhatIf(closed: ids, before: before, after: bundle.crossings.indices.map { after.node[offset + $0] },
                      unservedBefore: unservedDemand, unservedAfter: after.unservedDemand,
                      linkFlowAfter: (0..<bundle.links.count).map { $0 < after.edge.count ? after.edge[$0] : 0 })
    }
}


extension Analysis {
    /// How stable each crossing's rank is: for each crossing, the 5th–95th percentile of its rank
    /// over the samples and the share of samples in which it is in the top k.
    public struct RankStability: Sendable {
        public var crossing: Int
        public var baseRank: Int
        public var low: Int
        public var high: Int
        public var topKShare: Double
    }

    /// Re-runs the crossing ranking `samples` times, each with the seizures resampled with
    /// replacement (bootstrap, Efron 1979) and every link's cost multiplied by an independent
    /// lognormal factor (σ = `costNoise`), and summarises the ranks. Seeded (SplitMix64), so the
    /// same inputs and seed give the same intervals.
    public func rankStability(samples: Int, seed: UInt64, k: Int = 10, costNoise: Double = 0.2,
                              geos: GEOSContext, progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> [RankStability] {
        var rng = SplitMix64(seed: seed)
        let parameters = evidence.parameters
        let snapper = try SeizureSnapper(bundle: bundle, bandwidthMetres: parameters.bandwidthKm * 1000, geos: geos)
        let snaps = try snapper.snap(seizures)
        var byRecord = Array(repeating: [SeizureSnap](), count: seizures.count)
        for s in snaps { byRecord[s.record].append(s) }
        let offset = bundle.places.count
        var ranks = Array(repeating: [Int](), count: bundle.crossings.count)
        let base = Dictionary(crossings.enumerated().map { ($0.element.index, $0.offset + 1) }, uniquingKeysWith: { a, _ in a })
        for sample in 0..<samples {
            progress?(sample, samples)
            // Bootstrap the seizures.
            var records: [SeizureRecord] = []
            var resampled: [SeizureSnap] = []
            if !seizures.isEmpty {
                for _ in seizures.indices {
                    let r = Int(rng.next() % UInt64(seizures.count))
                    for var s in byRecord[r] {
                        s.record = records.count
                        resampled.append(s)
                    }
                    records.append(seizures[r])
                }
            }
            let model = EvidenceModel(bundle: bundle, records: records, snaps: resampled, parameters: parameters)
            let costs = CostModel(bundle: bundle, evidence: model, parameters: self.costs.parameters)
            let sampleGraph = try BundleGraph(bundle: bundle, costs: costs)
            let noisy = (sampleGraph.graph.edgeColumns["cost_h"] ?? []).map { $0 * exp(costNoise * rng.normal()) }
            let weighted = try sampleGraph.graph.weighted(weights: noisy, name: "cost_h", nodeCost: costs.nodeCost)
            let flow = try weighted.routeBetweenness(demands)
            let scores = bundle.crossings.indices.map { flow.node[offset + $0] }
            let evidenceScores = bundle.crossings.indices.map { model.scores[.node(offset + $0)] ?? 0 }
            let order = bundle.crossings.indices.sorted {
                (scores[$1], evidenceScores[$1], bundle.crossings[$0].id) < (scores[$0], evidenceScores[$0], bundle.crossings[$1].id)
            }
            for (position, c) in order.enumerated() { ranks[c].append(position + 1) }
        }
        progress?(samples, samples)
        return crossings.map { c in
            let r = ranks[c.index].sorted()
            let low = r.isEmpty ? 0 : r[Int(Double(r.count - 1) * 0.05)]
            let high = r.isEmpty ? 0 : r[Int((Double(r.count - 1) * 0.95).rounded(.up))]
            let share = r.isEmpty ? 0 : Double(r.filter { $0 <= k }.count) / Double(r.count)
            return RankStability(crossing: c.index, baseRank: base[c.index] ?? 0, low: low, high: high, topKShare: share)
        }
    }
}
