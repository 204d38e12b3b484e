import ChokepointDomain
import ChokepointGraph
import Foundation

extension Analysis {
    /// How stable each crossing's rank is: for each crossing, the 5th–95th percentile of its rank
    /// over the samples and the share of samples in which it is in the top k.
    public struct RankStability: Sendable {
        /// Index in `bundle.crossings`.
        public var crossing: Int
        public var baseRank: Int
        public var low: Int
        public var high: Int
        public var topKShare: Double
    }

    /// Re-runs the crossing ranking `samples` times, each with the seizures resampled with
    /// replacement (bootstrap, Efron 1979) and every link's cost multiplied by an independent
    /// lognormal factor (σ = `costNoise`), and summarises the ranks. The seizures keep the
    /// snaps made once (`SnappedSeizures.resampled`) and every sample reuses the routing
    /// graph's structure, re-weighted. Seeded (SplitMix64): the same inputs and seed give the
    /// same intervals.
    public func rankStability(
        samples: Int, seed: UInt64, k: Int = 10, costNoise: Double = 0.2,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [RankStability] {
        var rng = SplitMix64(seed: seed)
        var ranks = Array(repeating: [Int](), count: bundle.crossings.count)
        for sample in 0..<samples {
            progress?(sample, samples)
            let order = try sampleRanking(rng: &rng, costNoise: costNoise)
            for (position, c) in order.enumerated() { ranks[c].append(position + 1) }
        }
        progress?(samples, samples)
        let base = Dictionary(crossings.enumerated().map { ($0.element.index, $0.offset + 1) }, uniquingKeysWith: { a, _ in a })
        return crossings.map { c in
            let r = ranks[c.index].sorted()
            let low = r.isEmpty ? 0 : r[Int(Double(r.count - 1) * 0.05)]
            let high = r.isEmpty ? 0 : r[Int((Double(r.count - 1) * 0.95).rounded(.up))]
            let share = r.isEmpty ? 0 : Double(r.filter { $0 <= k }.count) / Double(r.count)
            return RankStability(crossing: c.index, baseRank: base[c.index] ?? 0, low: low, high: high, topKShare: share)
        }
    }

    /// One sample's crossing order (indices in `bundle.crossings`): bootstrap the seizures,
    /// re-weigh, perturb the link costs, route the demand, rank as `crossings` is ranked.
    private func sampleRanking(rng: inout SplitMix64, costNoise: Double) throws -> [Int] {
        let count = snapped.records.count
        let draw = count == 0 ? [] : (0..<count).map { _ in Int(rng.next() % UInt64(count)) }
        let model = snapped.resampled(draw).evidence(on: bundle, parameters: evidence.parameters)
        let costs = CostModel(bundle: bundle, evidence: model, parameters: self.costs.parameters)
        let noise = costs.links.map { _ in exp(costNoise * rng.normal()) }
        let weighted = try graph.byCost(costs, scaledBy: noise)
        let flow = try weighted.routeBetweenness(demands)
        let scores = bundle.crossingNodes.map { flow.node[$0] }
        let evidenceScores = bundle.crossingNodes.map { model.scores[.node($0)] ?? 0 }
        return bundle.crossings.indices.sorted {
            (scores[$1], evidenceScores[$1], bundle.crossings[$0].id) < (scores[$0], evidenceScores[$0], bundle.crossings[$1].id)
        }
    }
}
