import ChokepointDomain
import ChokepointGraph
import Foundation

extension Analysis {
    /// How sure each crossing's flow and rank are: the 5th–95th percentiles of its flow and
    /// rank over the samples and the share of samples in which it is in the top k.
    public struct RankStability: Sendable {
        /// Index in `bundle.crossings`.
        public var crossing: Int
        public var baseRank: Int
        public var low: Int
        public var high: Int
        public var flowLow: Double
        public var flowHigh: Double
        public var topKShare: Double
    }

    /// The parametric uncertainty of the fit and the sampling uncertainty of the seizures
    /// together, by the bootstrap (Efron 1979; Efron & Tibshirani 1993, ch. 6): each sample
    /// resamples the seizures with replacement, re-weighs them, fits the flow model's
    /// parameters and the seizures' say on the shares again (`FlowModelFit`, `FlowPosterior`) and re-ranks the crossings by the flow it gives.
    /// Only the fit is repeated: the snaps (`SnappedSeizures.resampled`) and the route
    /// choice set are made once. Seeded (SplitMix64): the same inputs and seed give the
    /// same intervals.
    public func rankStability(
        samples: Int, seed: UInt64, k: Int = 10,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [RankStability] {
        var rng = SplitMix64(seed: seed)
        var ranks = Array(repeating: [Int](), count: bundle.crossings.count)
        var flowSamples = Array(repeating: [Double](), count: bundle.crossings.count)
        let priors = estimate
        for sample in 0..<samples {
            progress?(sample, samples)
            let count = snapped.records.count
            let draw = count == 0 ? [] : (0..<count).map { _ in Int(rng.next() % UInt64(count)) }
            let resampled = snapped.resampled(draw).evidence(on: bundle, parameters: evidence.parameters)
            let refit = FlowModelFit(model: model, evidence: resampled, bundle: bundle, priors: priors)
            let sampled = FlowPosterior(
                model: model, fit: refit, evidence: resampled, bundle: bundle, priorWeight: priors.routePriorWeight)
            let node = model.flows(refit.parameters, offsets: sampled.offsets).node
            let flow = bundle.crossingNodes.map { node[$0] }
            let tieBreak = bundle.crossingNodes.map { resampled.scores[.node($0)] ?? 0 }
            let order = CrossingFlows.rank(flow, then: tieBreak, ids: bundle.crossings.map(\.id))
            for (position, c) in order.enumerated() {
                ranks[c].append(position + 1)
                flowSamples[c].append(flow[c])
            }
        }
        progress?(samples, samples)
        let base = Dictionary(crossings.enumerated().map { ($0.element.index, $0.offset + 1) }, uniquingKeysWith: { a, _ in a })
        func percentiles<T: Comparable>(_ values: [T], zero: T) -> (T, T) {
            let v = values.sorted()
            guard !v.isEmpty else { return (zero, zero) }
            return (v[Int(Double(v.count - 1) * 0.05)], v[Int((Double(v.count - 1) * 0.95).rounded(.up))])
        }
        return crossings.map { c in
            let (low, high) = percentiles(ranks[c.index], zero: 0)
            let (flowLow, flowHigh) = percentiles(flowSamples[c.index], zero: 0.0)
            let r = ranks[c.index]
            let share = r.isEmpty ? 0 : Double(r.filter { $0 <= k }.count) / Double(r.count)
            return RankStability(
                crossing: c.index, baseRank: base[c.index] ?? 0, low: low, high: high, flowLow: flowLow, flowHigh: flowHigh,
                topKShare: share)
        }
    }
}
