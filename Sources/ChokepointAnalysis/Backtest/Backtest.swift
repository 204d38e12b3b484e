import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import Foundation

/// The flow model checked on real seizures held out in time: for each cut-off year Y, fit on
/// the seizures dated wholly before 1 January Y (the evidence weighed as of 31 December
/// Y − 1), then score where the seizures dated from 1 January Y on were made, against
/// baselines fitted on the same past:
///
/// - `flow-model`: the expected seizure weight c_e · (δ F_e + b) · u_e, with the element
///   effects u_e (`ElementEffects`) estimated on the past; `flow-model-without-effects`, the
///   same without them (u_e = 1), to show what they add;
/// - `past-counts`: the past seizures' weight on each element (where they were, again);
/// - `kernel-density`: a Gaussian kernel density of the past seizures' positions
///   (σ = `kernelKm`, fixed, not tuned) at each node and link midpoint (retrospective
///   hotspot mapping, Chainey, Tompson & Uhlig 2008);
/// - `betweenness`: route betweenness of the demand on travel time, × control intensity;
/// - `cheapest-route`: the ranking `analyze` gave before the flow model, route betweenness
///   on the evidence-discounted cost, × control intensity.
///
/// The elements are the bundle's nodes and links; a held-out seizure counts log(1 + kg)
/// (no time decay) on the element it most likely happened on, an area record spread by
/// its shares (`EvidenceModel.attributed`). Scores, per cut-off and pooled (sums over
/// cut-offs before dividing):
///
/// - hit rate: share of the held-out weight on a method's top 20 elements and on its top
///   10% (ties by element order: nodes, then links, by index);
/// - PAI, the predictive accuracy index of Chainey et al. 2008: hit rate ÷ the share of
///   elements flagged (here of the top 10%, so PAI = hit rate / 0.1 rounded to whole elements);
/// - held-out log likelihood per unit of held-out weight, of the method's intensities
///   normalised into a distribution over elements and mixed with 1% uniform (the same
///   floor for every method, so an element no method expects does not give −∞).
public enum Backtest {
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case flowModel = "flow-model"
        /// The same model without its element effects (`ElementEffects`): the flow alone.
        case flowModelWithoutEffects = "flow-model-without-effects"
        case pastCounts = "past-counts"
        case kernelDensity = "kernel-density"
        case betweenness
        case cheapestRoute = "cheapest-route"
    }

    public struct Score: Sendable, Hashable {
        public var method: Method
        /// The cut-off year, or nil for the pooled score.
        public var cutoff: Int?
        public var trainRecords: Int
        public var testRecords: Int
        public var testWeight: Double
        public var hitRateTop20: Double
        public var hitRateTop10Percent: Double
        public var pai10Percent: Double
        /// Σ y log q / Σ y over the held-out weight (nats per unit weight).
        public var logLikelihood: Double
    }

    /// Kernel bandwidth of the kernel-density baseline, km.
    public static let kernelKm = 25.0
    /// Uniform share mixed into every method's distribution.
    public static let floor = 0.01

    /// One cut-off: what each method predicted from the past and where the future's seizures
    /// were made, per element (node v at v, link j at nodeCount + j).
    public struct Fold: Sendable {
        public var cutoff: Int
        public var trainRecords: Int
        public var testRecords: Int
        public var predictions: [Method: [Double]]
        /// The flow model's expected flow on each element (the intensity divides it by nothing).
        public var flow: [Double]
        /// log(1 + kg) of the held-out seizures on each element.
        public var heldOut: [Double]
    }

    /// The hit rate of one method when its top `flagged` elements are flagged.
    public struct CurvePoint: Sendable, Hashable {
        public var method: Method
        /// The cut-off year, or nil for the pooled curve.
        public var cutoff: Int?
        public var flagged: Int
        public var flaggedShare: Double
        public var hitRate: Double
    }

    /// Scores every method at every cut-off with both a past and a future, then pooled.
    /// Cut-offs without seizures on one side are left out (and so absent from the scores).
    public static func run(bundle: NetworkBundle, seizures: SeizureSet, cutoffs: [Int], geos: GEOSContext) throws -> [Score] {
        scores(try folds(bundle: bundle, seizures: seizures, cutoffs: cutoffs, geos: geos))
    }

    /// The cut-offs, in order, that have seizures before and after them.
    public static func folds(bundle: NetworkBundle, seizures: SeizureSet, cutoffs: [Int], geos: GEOSContext) throws -> [Fold] {
        var folds: [Fold] = []
        for year in Set(cutoffs).sorted() {
            let day = SeizureDate.dayNumber(year: year, month: 1, day: 1)
            let past = seizures.records.filter { $0.date.lastDay < day }
            let future = seizures.records.filter { $0.date.firstDay >= day }
            guard !past.isEmpty, !future.isEmpty else { continue }
            let (predictions, flow) = try predict(bundle: bundle, past: past, asOf: day - 1, geos: geos)
            let y = try heldOut(bundle: bundle, future, geos: geos)
            guard y.reduce(0, +) > 0 else { continue }
            folds.append(
                Fold(cutoff: year, trainRecords: past.count, testRecords: future.count, predictions: predictions, flow: flow, heldOut: y))
        }
        return folds
    }

    /// Each fold's scores, then the pooled ones (sums over folds before dividing).
    public static func scores(_ folds: [Fold]) -> [Score] {
        var scores: [Score] = []
        var pooled: [Method: (hit20: Double, hit10: Double, ll: Double, weight: Double, train: Int, test: Int, k: Double, n: Double)] = [:]
        for fold in folds {
            let y = fold.heldOut
            let total = y.reduce(0, +)
            let n = y.count, top10 = max(1, Int((0.1 * Double(n)).rounded()))
            for method in Method.allCases {
                let p = fold.predictions[method] ?? []
                let s = score(p, y, top10: top10)
                scores.append(
                    Score(
                        method: method, cutoff: fold.cutoff, trainRecords: fold.trainRecords, testRecords: fold.testRecords,
                        testWeight: total, hitRateTop20: s.hit20 / total, hitRateTop10Percent: s.hit10 / total,
                        pai10Percent: s.hit10 / total / (Double(top10) / Double(n)), logLikelihood: s.ll / total))
                var acc = pooled[method] ?? (0, 0, 0, 0, 0, 0, 0, 0)
                acc.hit20 += s.hit20
                acc.hit10 += s.hit10
                acc.ll += s.ll
                acc.weight += total
                acc.train += fold.trainRecords
                acc.test += fold.testRecords
                acc.k = Double(top10)
                acc.n = Double(n)
                pooled[method] = acc
            }
        }
        for method in Method.allCases {
            guard let a = pooled[method], a.weight > 0 else { continue }
            scores.append(
                Score(
                    method: method, cutoff: nil, trainRecords: a.train, testRecords: a.test, testWeight: a.weight,
                    hitRateTop20: a.hit20 / a.weight, hitRateTop10Percent: a.hit10 / a.weight,
                    pai10Percent: a.hit10 / a.weight / (a.k / a.n), logLikelihood: a.ll / a.weight))
        }
        return scores
    }

    /// Hit-rate curves: for every method and every count of flagged elements (its top ones,
    /// ties by element order), the share of the held-out weight on them; per fold, then
    /// pooled over the folds (every fold has the same elements).
    public static func curves(_ folds: [Fold]) -> [CurvePoint] {
        guard let n = folds.first?.heldOut.count, n > 0 else { return [] }
        var points: [CurvePoint] = []
        for method in Method.allCases {
            var pooledHits = Array(repeating: 0.0, count: n)
            var pooledWeight = 0.0
            for fold in folds {
                let p = fold.predictions[method] ?? Array(repeating: 0, count: n)
                let y = fold.heldOut
                let total = y.reduce(0, +)
                let order = (0..<n).sorted { (p[$1], $0) < (p[$0], $1) }
                var hit = 0.0
                for (i, e) in order.enumerated() {
                    hit += y[e]
                    pooledHits[i] += hit
                    points.append(
                        CurvePoint(
                            method: method, cutoff: fold.cutoff, flagged: i + 1, flaggedShare: Double(i + 1) / Double(n),
                            hitRate: hit / total))
                }
                pooledWeight += total
            }
            guard pooledWeight > 0 else { continue }
            for i in 0..<n {
                points.append(
                    CurvePoint(
                        method: method, cutoff: nil, flagged: i + 1, flaggedShare: Double(i + 1) / Double(n),
                        hitRate: pooledHits[i] / pooledWeight))
            }
        }
        return points
    }

    /// Every method's intensity per element (node v at v, link j at nodeCount + j), from
    /// `past`, and the flow model's flow on each element.
    static func predict(
        bundle: NetworkBundle, past: [SeizureRecord], asOf: Int, geos: GEOSContext
    ) throws -> ([Method: [Double]], [Double]) {
        var dated = bundle
        var scenario = bundle.scenario ?? Scenario(name: "backtest", sources: [], targetsFile: nil, targets: [])
        scenario.evidence.referenceDay = asOf
        dated.scenario = scenario
        var options = Analysis.Options()
        options.routesPerPair = 1
        var account = SeizureAccount()
        account.used = past.count
        let analysis = try Analysis(
            bundle: dated, seizures: SeizureSet(records: past, problems: [], merges: [], account: account), options: options,
            geos: geos)
        let (_, exposure) = FlowModelFit.observations(evidence: analysis.evidence, bundle: bundle)
        let flow = analysis.flows.node + analysis.flows.link
        var result: [Method: [Double]] = [:]
        let delta = analysis.posterior.detection, b = analysis.posterior.background
        result[.flowModel] = analysis.elementEffects.expected
        result[.flowModelWithoutEffects] = exposure.indices.map { exposure[$0] * (delta * flow[$0] + b) }
        result[.pastCounts] = try heldOut(bundle: bundle, past, geos: geos)
        result[.kernelDensity] = try kernelDensity(bundle: bundle, past)
        let quickest = try analysis.graph.byTravelTime().routeBetweenness(analysis.demands)
        result[.betweenness] = zip(quickest.node + quickest.edge, exposure).map { $0 * $1 }
        let cheapest = try analysis.weighted.routeBetweenness(analysis.demands)
        result[.cheapestRoute] = zip(cheapest.node + cheapest.edge, exposure).map { $0 * $1 }
        return (result, flow)
    }

    /// log(1 + kg) of each record on the element it most likely happened on (no decay).
    static func heldOut(bundle: NetworkBundle, _ records: [SeizureRecord], geos: GEOSContext) throws -> [Double] {
        var parameters = bundle.scenario?.evidence ?? EvidenceModel.Parameters()
        parameters.halfLifeDays = .infinity
        let snapped = try SeizurePipeline.snap(records, to: bundle, bandwidthKm: parameters.bandwidthKm, geos: geos)
        let attributed = snapped.evidence(on: bundle, parameters: parameters).attributed
        return (0..<bundle.nodeCount).map { attributed[.node($0)] ?? 0 }
            + bundle.links.indices.map { attributed[.link($0)] ?? 0 }
    }

    /// Σ over past positioned records of log(1 + kg) · exp(−d² / 2σ²) at each node and link midpoint.
    static func kernelDensity(bundle: NetworkBundle, _ records: [SeizureRecord]) throws -> [Double] {
        let coordinates = bundle.nodeCoordinates
        let index = bundle.nodeIndex()
        let midpoints = bundle.links.map { link -> Coordinate in
            let a = coordinates[index[link.from] ?? 0], b = coordinates[index[link.to] ?? 0]
            return Coordinate(lon: (a.lon + b.lon) / 2, lat: (a.lat + b.lat) / 2)
        }
        let points = records.compactMap { r in r.coordinate.map { ($0, log1p(r.kilograms ?? 0)) } }
        let sigma = kernelKm * 1000
        return try (coordinates + midpoints).map { at in
            try points.reduce(0) { sum, p in
                let d = try Geodesic.wgs84.distance(from: at, to: p.0)
                return sum + p.1 * exp(-d * d / (2 * sigma * sigma))
            }
        }
    }

    /// Hits on the top 20 and top `top10` elements of `p`, and Σ y log q.
    static func score(_ p: [Double], _ y: [Double], top10: Int) -> (hit20: Double, hit10: Double, ll: Double) {
        let n = y.count
        let total = p.reduce(0, +)
        let q = p.map { (1 - floor) * (total > 0 ? $0 / total : 1 / Double(n)) + floor / Double(n) }
        let order = (0..<n).sorted { (p[$1], $0) < (p[$0], $1) }
        let hit20 = order.prefix(20).reduce(0) { $0 + y[$1] }
        let hit10 = order.prefix(top10).reduce(0) { $0 + y[$1] }
        let ll = zip(y, q).reduce(0) { $0 + ($1.0 > 0 ? $1.0 * log($1.1) : 0) }
        return (hit20, hit10, ll)
    }
}
