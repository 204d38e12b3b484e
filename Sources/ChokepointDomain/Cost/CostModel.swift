import Foundation

/// The generalised cost of moving drugs along the network, in hours, in the manner of
/// Valhalla's `sif` costing: each mode has a speed, each crossing a delay by type, and
/// evidence lowers the cost of what the seizures say is used.
///
///     link cost     = (length / speed(mode) + handling(mode)) · exp(−strength · E(link) / E_max)
///     crossing cost = delay(type) · exp(−strength · E(crossing) / E_max)
///
/// `E` is the evidence score (`EvidenceModel`) and `E_max` the largest over the network, so
/// `strength` is the one knob: 0 ignores evidence, 2 (the default) makes the most used
/// element cost e⁻² ≈ 14% of its travel time. Mode changes are not a separate graph layer: the loading and
/// unloading a lane needs is folded into that lane as `handling`, paid once per lane.
public struct CostModel: Sendable {
    public struct Parameters: Sendable, Hashable {
        /// Speeds in km/h. Roads 40: mountain roads of northern Laos and Vietnam; the best R3A
        /// stretches run at 70–80 km/h, most others far slower (aseanonwheels.blogspot.com 2009).
        /// Trails 4: porters on foot (caravans with backpacks, Chiang Rai Times 2024-09-27).
        /// River 15: loaded cargo boats on the upper Mekong. Rail 50: the Laos–China railway's
        /// freight and the metre-gauge lines. Sea 25 (13.5 knots): a feeder container ship.
        /// Air 600: a regional jet's block speed. Post: the lane's handling time dominates.
        public var speedKmh: [TransportMode: Double] = [.road: 40, .trail: 4, .river: 15, .rail: 50, .sea: 25, .air: 600, .post: 600]
        /// Hours added once per lane for loading, unloading and clearance: 24 h through a
        /// container port, 4 h through an airport, 72 h through a postal hub, 2 h onto a boat or
        /// train; none on a road or trail.
        public var handlingHours: [TransportMode: Double] = [.road: 0, .trail: 0, .river: 2, .rail: 2, .sea: 24, .air: 4, .post: 72]
        /// Hours to pass a crossing, by type: queues and inspection at an international gate,
        /// less at smaller gates, least at an unofficial crossing point.
        public var crossingDelayHours: [CrossingType: Double] = [.international: 2, .main: 1.5, .secondary: 1, .unofficialKnown: 0.5]
        /// How strongly evidence lowers cost (0 = travel time only). 2: when traffickers avoid
        /// official gates (the case evidence exists for) it finds 48% of the top crossings against
        /// 18% for plain betweenness in the validity experiment; lower strengths do better when
        /// traffic follows travel time. No value wins both (BENCHMARKS.md).
        public var evidenceStrength = 2.0

        public init() {}
    }

    public let parameters: Parameters
    /// Hours per link, by index in `NetworkBundle.links`; travel time without evidence.
    public let linkTravelHours: [Double]
    /// Generalised cost per link.
    public let linkCost: [Double]
    /// Generalised cost of passing each node (index in `nodeIDs`): crossings' delays, 0 elsewhere.
    public let nodeCost: [Double]

    public init(bundle: NetworkBundle, evidence: EvidenceModel?, parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let maxScore = evidence?.scores.values.max() ?? 0
        func factor(_ e: EvidenceElement) -> Double {
            guard let evidence, maxScore > 0, let score = evidence.scores[e] else { return 1 }
            return exp(-parameters.evidenceStrength * score / maxScore)
        }
        var travel: [Double] = []
        var cost: [Double] = []
        for (j, link) in bundle.links.enumerated() {
            let speed = parameters.speedKmh[link.mode] ?? 40
            let hours = link.lengthMetres / 1000 / speed + (parameters.handlingHours[link.mode] ?? 0)
            travel.append(hours)
            cost.append(hours * factor(.link(j)))
        }
        linkTravelHours = travel
        linkCost = cost
        var nodes = Array(repeating: 0.0, count: bundle.places.count + bundle.crossings.count)
        for (k, c) in bundle.crossings.enumerated() {
            let v = bundle.places.count + k
            nodes[v] = (parameters.crossingDelayHours[c.type] ?? 1) * factor(.node(v))
        }
        nodeCost = nodes
    }
}
