import Foundation

/// Turns snapped seizures into an evidence score per node and link, and keeps, for every
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
        /// Only these commodities count; nil: all.
        public var commodities: Set<Commodity>?
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
    public let referenceDay: Int

    public init(bundle: NetworkBundle, records: [SeizureRecord], snaps: [SeizureSnap], parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let reference = parameters.referenceDay ?? records.map(\.date.lastDay).max() ?? 0
        referenceDay = reference
        let h = parameters.bandwidthKm * 1000
        var scores: [EvidenceElement: Double] = [:]
        var contributions: [EvidenceElement: [Contribution]] = [:]
        for snap in snaps {
            let r = records[snap.record]
            if let keep = parameters.commodities, !keep.contains(r.commodity) { continue }
            guard let kg = r.kilograms else { continue }
            let age = max(0, Double(reference) - r.date.midDay)
            let decay = pow(0.5, age / parameters.halfLifeDays)
            let x = h > 0 ? snap.distanceMetres / h : 0
            let kernel = max(0, 1 - x * x)
            let control = parameters.correctsDetectionBias ? Self.control(of: snap.element, in: bundle, parameters) : 1
            let w = snap.share * log1p(kg) * decay * kernel / control
            guard w > 0 else { continue }
            scores[snap.element, default: 0] += w
            contributions[snap.element, default: []].append(Contribution(record: snap.record, weight: w, distanceMetres: snap.distanceMetres))
        }
        self.scores = scores
        self.contributions = contributions.mapValues { $0.sorted { ($1.weight, $0.record) < ($0.weight, $1.record) } }
    }

    static func control(of element: EvidenceElement, in bundle: NetworkBundle, _ p: Parameters) -> Double {
        switch element {
        case let .node(v):
            if v >= bundle.places.count {
                return p.crossingControl[bundle.crossings[v - bundle.places.count].type] ?? 1
            }
            return p.placeControl
        case let .link(j):
            return p.linkControl[bundle.links[j].mode] ?? 1
        }
    }

    /// Elements by score, highest first; ties by element (nodes before links, then index).
    public var ranked: [(element: EvidenceElement, score: Double)] {
        scores.map { ($0.key, $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }
}
