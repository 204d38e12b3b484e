import ChokepointDomain

extension Analysis {
    public struct ProvinceResult: Sendable {
        public var id: String
        public var flow: Double
        public var evidence: Double
        /// Seizures located in the province (area records naming it, or at one of its nodes).
        public var seizures: Int
        /// The seizures that moved the province's evidence most (on its nodes), heaviest first,
        /// and how much each added (same order).
        public var support: [String]
        public var supportWeights: [Double]
        /// The marking of the seizures behind the evidence (nil: none), and how many of them
        /// are not named at the share level.
        public var marking: TLP?
        public var unnamedSeizures: Int
    }

    /// Every province with the flow of the routes that pass it (each route once, however
    /// many of its towns it visits: a unit of flow is counted once per province), the
    /// evidence on its places and the seizures located there, most flow first (ties by
    /// evidence, then id).
    static func provinceResults(
        bundle: NetworkBundle, model: FlowModel, flows: FlowModel.Flows, evidence: EvidenceModel,
        records: [SeizureRecord], disclosure: SeizureDisclosure
    ) -> [ProvinceResult] {
        var flow: [String: Double] = [:], evidenceSum: [String: Double] = [:]
        var placesOf: [String: [Int]] = [:]
        let provinceOfNode = (0..<bundle.nodeCount).map { bundle.node($0).province }
        for (r, route) in model.choiceSet.routes.enumerated() where flows.route[r] > 0 {
            for province in Set(route.nodes.map { provinceOfNode[Int($0)] }) where !province.isEmpty {
                flow[province, default: 0] += flows.route[r]
            }
        }
        for (v, place) in bundle.places.enumerated() where !place.province.isEmpty {
            evidenceSum[place.province, default: 0] += evidence.scores[.node(v)] ?? 0
            placesOf[place.province, default: []].append(v)
        }
        let located = seizureCounts(bundle: bundle, records: records)
        // What each record adds over a province's places, summed in node order, in one array
        // by record reused from province to province (a dictionary per province, hashed per
        // contribution, was most of this step at country scale).
        var sum = [Double](repeating: 0, count: records.count)
        var touched: [Int] = []
        func add(_ r: Int, _ w: Double) {
            guard w > 0 else { return }
            if sum[r] == 0 { touched.append(r) }
            sum[r] += w
        }
        return bundle.provinces.map { p in
            for v in placesOf[p.id] ?? [] {
                evidence.forEachContribution(of: .node(v)) { c in add(c.record, c.weight) } areas: { part in
                    for r in part.recordsByWeight { add(Int(r), part.weight(ofRecord: Int(r))) }
                }
            }
            let top = heaviest(touched.lazy.map { (key: $0, value: sum[$0]) }, 5, records: records, disclosure: disclosure)
            for r in touched { sum[r] = 0 }
            touched.removeAll(keepingCapacity: true)
            return ProvinceResult(
                id: p.id, flow: flow[p.id] ?? 0, evidence: evidenceSum[p.id] ?? 0, seizures: located[p.id] ?? 0,
                support: top.ids, supportWeights: top.weights, marking: top.marking, unnamedSeizures: top.unnamed)
        }.sorted { ($1.flow, $1.evidence, $0.id) < ($0.flow, $0.evidence, $1.id) }
    }

    /// Seizures per province: area records by the provinces they name, node records by their
    /// node's province.
    private static func seizureCounts(bundle: NetworkBundle, records: [SeizureRecord]) -> [String: Int] {
        let provinceOf = Dictionary(bundle.places.map { ($0.id, $0.province) }, uniquingKeysWith: { a, _ in a })
        var counts: [String: Int] = [:]
        for r in records {
            switch r.location {
            case let .provinces(ids): for id in ids { counts[id, default: 0] += 1 }
            case let .node(id): if let p = provinceOf[id], !p.isEmpty { counts[p, default: 0] += 1 }
            default: break
            }
        }
        return counts
    }
}
