import ChokepointDomain

extension Analysis {
    public struct CrossingResult: Sendable {
        /// Index in `bundle.crossings`.
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

    /// Every crossing with its routed flow, evidence and seizure-implied flow, most flow first
    /// (ties by evidence, then id).
    static func crossingResults(
        bundle: NetworkBundle, nodeFlow: [Double], evidence: EvidenceModel, raw: EvidenceModel,
        estimate: SeizureFlowEstimate, records: [SeizureRecord]
    ) -> [CrossingResult] {
        var estimateRank = Array(repeating: 0, count: bundle.crossings.count)
        for (position, k) in estimate.ranking.enumerated() { estimateRank[k] = position + 1 }
        return bundle.crossings.indices.map { k in
            let v = bundle.crossingNode(k)
            let top = strongest(.node(v), 5, evidence: evidence, records: records)
            return CrossingResult(
                index: k, flow: nodeFlow[v], evidence: evidence.scores[.node(v)] ?? 0,
                rawEvidence: raw.scores[.node(v)] ?? 0, seizures: top.ids, seizureWeights: top.weights,
                seizureFlow: estimate.flow[k], seizureFlowRank: estimateRank[k])
        }.sorted {
            ($1.flow, $1.evidence, bundle.crossings[$0.index].id) < ($0.flow, $0.evidence, bundle.crossings[$1.index].id)
        }
    }
}
