import ChokepointDomain

extension Analysis {
    public struct CrossingResult: Sendable {
        /// Index in `bundle.crossings`.
        public var index: Int
        /// The flow model's expected flow (demand units).
        public var flow: Double
        /// What the crossing would carry if every pair took only its cheapest route under the
        /// evidence-discounted cost (all-or-nothing route betweenness): a comparison, not a rank.
        public var cheapestRouteFlow: Double
        public var evidence: Double
        public var rawEvidence: Double
        /// Seizure ids that moved the crossing's evidence most, strongest first, and how much
        /// each added (same order).
        public var seizures: [String]
        public var seizureWeights: [Double]
        /// The marking of the seizures behind the evidence (nil: none), and how many of them
        /// are not named at the share level.
        public var marking: TLP?
        public var unnamedSeizures: Int
    }

    /// Every crossing with its modelled flow, evidence and the cheapest-route comparison,
    /// most flow first (ties by evidence, then id).
    static func crossingResults(
        bundle: NetworkBundle, nodeFlow: [Double], cheapestFlow: [Double], evidence: EvidenceModel, raw: [EvidenceElement: Double],
        records: [SeizureRecord], disclosure: SeizureDisclosure, areaDisclosure: [(unnamed: Int, marking: TLP?)]
    ) -> [CrossingResult] {
        bundle.crossings.indices.map { k in
            let v = bundle.crossingNode(k)
            let top = strongest(.node(v), 5, evidence: evidence, records: records, disclosure: disclosure, areaDisclosure: areaDisclosure)
            return CrossingResult(
                index: k, flow: nodeFlow[v], cheapestRouteFlow: cheapestFlow[v], evidence: evidence.scores[.node(v)] ?? 0,
                rawEvidence: raw[.node(v)] ?? 0, seizures: top.ids, seizureWeights: top.weights, marking: top.marking,
                unnamedSeizures: top.unnamed)
        }.sorted {
            ($1.flow, $1.evidence, bundle.crossings[$0.index].id) < ($0.flow, $0.evidence, bundle.crossings[$1.index].id)
        }
    }
}
