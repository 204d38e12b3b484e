import Foundation

/// Turns snapped seizures (already filtered: `SeizurePipeline`) into an evidence score per node and link, and keeps, for every
/// element, which seizures moved it and by how much, so any rank can be explained.
///
/// The contribution of seizure r to element e is
///
///     w(r, e) = share · log(1 + kg_r) · 0.5^((t_ref − t_r) / halfLife) · K(d / h) / control(e)
///
/// - `log(1 + kg)`: a 2 t haul says more than a 2 kg one, but not a thousand times more;
///   the largest hauls come from a few big operations, not from route use.
/// - time decay with a half-life: routes move after crackdowns; `t_ref` is the newest
///   seizure's date unless given, so the same records give the same weights.
/// - K, the Epanechnikov kernel 1 − (d/h)² on d ≤ h (bandwidth h): full weight on the link,
///   none beyond the bandwidth.
/// - `control(e)`, the detection-bias correction: seizures happen where controls are, so
///   evidence is divided by how watched an element is (an international gate 1, an
///   unofficial crossing 0.2, a road 0.5, a trail 0.2). A quiet trail beside a seizure
///   cluster rises; the busy gate that made the seizures does not run away with them.
///
/// `attributed` keeps a second view of the same records for a likelihood: each seizure's
/// `log(1 + kg) · decay` counted once, where it most likely happened.
///
/// Cost: O(S) for S snaps.
public struct EvidenceModel: Sendable {
    public struct Parameters: Sendable, Hashable {
        /// Bandwidth h of the kernel, in km. 10 km: town-level positions (GeoNames town
        /// centres) sit a few km from the road where the seizure was made.
        public var bandwidthKm = 10.0
        /// Half-life of evidence, in days. Two years: long enough to keep a route alive between
        /// the large operations seen in 2015–2025, short enough to let a displaced one fade.
        public var halfLifeDays = 730.0
        /// Reference date (days since 1970-01-01); nil: the newest seizure's last day.
        public var referenceDay: Int?
        /// How watched each kind of element is (the detection-bias divisor), by crossing type.
        public var crossingControl: [CrossingType: Double] = [.international: 1.0, .main: 0.7, .secondary: 0.5, .unofficialKnown: 0.2]
        /// By link mode; places other than crossings use `placeControl`.
        public var linkControl: [TransportMode: Double] = [.road: 0.5, .rail: 0.6, .river: 0.4, .trail: 0.2, .sea: 0.6, .air: 0.9, .post: 0.7]
        /// Gateways where air, sea and postal lanes enter and leave, by kind: customs at an
        /// airport, a container port, a postal hub. The values are the ones the lanes had
        /// before gateways were nodes; no source compares inspection rates across the three
        /// (GeoData/research/2026-12-07-gateways.md), so they are documented assumptions.
        public var gatewayControl: [GatewayKind: Double] = [.airport: 0.9, .seaPort: 0.6, .postalHub: 0.7]
        /// Any other place (a town, a river port): checkpoints, less than a border gate.
        public var placeControl = 0.6
        /// Switches the correction off (all divisors 1), for comparison.
        public var correctsDetectionBias = true

        public init() {}
    }

    /// One seizure's part in one element's score.
    public struct Contribution: Sendable, Hashable {
        public var record: Int
        public var weight: Double
        public var distanceMetres: Double
    }

    public let parameters: Parameters
    /// Score per element (absent: no evidence).
    public let scores: [EvidenceElement: Double]
    /// Contributions per element, largest first (ties by record index).
    public let contributions: [EvidenceElement: [Contribution]]
    /// Each seizure's weight `log(1 + kg) · decay` counted once, before any detection-bias
    /// division: a located seizure on its nearest element (ties: nodes first, then index), an
    /// area record spread by its shares. The kernel smooths scores for the cost; a likelihood
    /// (`SeizureFlowEstimate`) needs every seizure counted where it most likely happened.
    public let attributed: [EvidenceElement: Double]
    public let referenceDay: Int

    public init(bundle: NetworkBundle, records: [SeizureRecord], snaps: [SeizureSnap], parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let reference = parameters.referenceDay ?? records.map(\.date.lastDay).max() ?? 0
        referenceDay = reference
        let h = parameters.bandwidthKm * 1000
        // Flat arrays by element slot (node v at v, link j at nodeCount + j), turned into
        // dictionaries once at the end: a located seizure snaps to hundreds of elements on a
        // dense network, and hashing an enum key per snap was most of the cost (BENCHMARKS.md,
        // "The main job on a large network"). Sums run in snap order, as before.
        let nodeCount = bundle.nodeCount
        var slots = nodeCount + bundle.links.count
        for snap in snaps {
            switch snap.element {
            case let .node(v): slots = max(slots, v + 1)
            case let .link(j): slots = max(slots, nodeCount + j + 1)
            }
        }
        func slot(_ e: EvidenceElement) -> Int {
            switch e {
            case let .node(v): v
            case let .link(j): nodeCount + j
            }
        }
        func element(_ i: Int) -> EvidenceElement { i < nodeCount ? .node(i) : .link(i - nodeCount) }
        // log(1 + kg) and the decay per record, nil without a mass (kept apart so that the
        // products below multiply in the same order as ever: same bits).
        let recordWeight: [(mass: Double, decay: Double)?] = records.map { r in
            r.kilograms.map { kg in (log1p(kg), pow(0.5, max(0, Double(reference) - r.date.midDay) / parameters.halfLifeDays)) }
        }
        var control = Array(repeating: -1.0, count: slots)
        var score = Array(repeating: 0.0, count: slots)
        var scored = Array(repeating: false, count: slots)
        var attributedSum = Array(repeating: 0.0, count: slots)
        var attributedAny = Array(repeating: false, count: slots)
        var contributionLists = Array(repeating: [Contribution](), count: slots)
        var nearest = [(distance: Double, element: EvidenceElement, weight: Double)?](repeating: nil, count: records.count)
        for snap in snaps {
            guard let (mass, decay) = recordWeight[snap.record] else { continue }
            let i = slot(snap.element)
            let x = h > 0 ? snap.distanceMetres / h : 0
            let kernel = max(0, 1 - x * x)
            if control[i] < 0 {
                control[i] = parameters.correctsDetectionBias ? parameters.control(of: snap.element, in: bundle) : 1
            }
            let w = snap.share * mass * decay * kernel / control[i]
            guard w > 0 else { continue }
            if snap.share < 1 {
                attributedSum[i] += snap.share * mass * decay
                attributedAny[i] = true
            } else if nearest[snap.record].map({ (snap.distanceMetres, snap.element) < ($0.distance, $0.element) }) ?? true {
                nearest[snap.record] = (snap.distanceMetres, snap.element, mass * decay)
            }
            score[i] += w
            scored[i] = true
            contributionLists[i].append(Contribution(record: snap.record, weight: w, distanceMetres: snap.distanceMetres))
        }
        for best in nearest {
            guard let best else { continue }
            attributedSum[slot(best.element)] += best.weight
            attributedAny[slot(best.element)] = true
        }
        var scores: [EvidenceElement: Double] = [:]
        var contributions: [EvidenceElement: [Contribution]] = [:]
        var attributed: [EvidenceElement: Double] = [:]
        for i in 0..<slots {
            if scored[i] {
                scores[element(i)] = score[i]
                // Sorted in place and handed over, not copied: these lists are most of the
                // model's memory on a dense network.
                contributionLists[i].sort { ($1.weight, $0.record) < ($0.weight, $1.record) }
                contributions[element(i)] = contributionLists[i]
                contributionLists[i] = []
            }
            if attributedAny[i] { attributed[element(i)] = attributedSum[i] }
        }
        self.attributed = attributed
        self.scores = scores
        self.contributions = contributions
    }
}

extension EvidenceModel.Parameters {
    /// How watched `element` is: its crossing type's, gateway kind's, link mode's or place's
    /// control intensity (1 for a type or mode the tables leave out), whether or not the
    /// correction is on.
    public func control(of element: EvidenceElement, in bundle: NetworkBundle) -> Double {
        switch element {
        case let .node(v):
            if let k = bundle.crossingIndex(ofNode: v) { return crossingControl[bundle.crossings[k].type] ?? 1 }
            if let gateway = bundle.places[v].kind.gateway { return gatewayControl[gateway] ?? 1 }
            return placeControl
        case let .link(j):
            return linkControl[bundle.links[j].mode] ?? 1
        }
    }
}

extension EvidenceModel {
    /// Elements by score, highest first; ties by element (nodes before links, then index).
    public var ranked: [(element: EvidenceElement, score: Double)] {
        scores.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }
}
