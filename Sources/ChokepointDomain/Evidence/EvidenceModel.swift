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
        /// A town, port or airport node: checkpoints and port controls, less than a border gate.
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
        var scores: [EvidenceElement: Double] = [:]
        var contributions: [EvidenceElement: [Contribution]] = [:]
        var attributed: [EvidenceElement: Double] = [:]
        var nearest: [Int: (distance: Double, element: EvidenceElement, weight: Double)] = [:]
        for snap in snaps {
            let r = records[snap.record]
            guard let kg = r.kilograms else { continue }
            let age = max(0, Double(reference) - r.date.midDay)
            let decay = pow(0.5, age / parameters.halfLifeDays)
            let x = h > 0 ? snap.distanceMetres / h : 0
            let kernel = max(0, 1 - x * x)
            let control = parameters.correctsDetectionBias ? parameters.control(of: snap.element, in: bundle) : 1
            let w = snap.share * log1p(kg) * decay * kernel / control
            guard w > 0 else { continue }
            if snap.share < 1 {
                attributed[snap.element, default: 0] += snap.share * log1p(kg) * decay
            } else if nearest[snap.record].map({ (snap.distanceMetres, snap.element) < ($0.distance, $0.element) }) ?? true {
                nearest[snap.record] = (snap.distanceMetres, snap.element, log1p(kg) * decay)
            }
            scores[snap.element, default: 0] += w
            contributions[snap.element, default: []].append(Contribution(record: snap.record, weight: w, distanceMetres: snap.distanceMetres))
        }
        for record in nearest.keys.sorted() {
            if let best = nearest[record] { attributed[best.element, default: 0] += best.weight }
        }
        self.attributed = attributed
        self.scores = scores
        self.contributions = contributions.mapValues { $0.sorted { ($1.weight, $0.record) < ($0.weight, $1.record) } }
    }
}

extension EvidenceModel.Parameters {
    /// How watched `element` is: its crossing type's, link mode's or place's control intensity
    /// (1 for a type or mode the tables leave out), whether or not the correction is on.
    public func control(of element: EvidenceElement, in bundle: NetworkBundle) -> Double {
        switch element {
        case let .node(v):
            if let k = bundle.crossingIndex(ofNode: v) { return crossingControl[bundle.crossings[k].type] ?? 1 }
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
