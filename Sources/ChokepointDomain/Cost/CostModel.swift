import Foundation

/// The generalised cost of moving drugs along the network, in hours, in the manner of
/// Valhalla's `sif` costing: each mode has a speed, each crossing a delay by type, and
/// evidence lowers the cost of what the seizures say is used.
///
///     link cost     = (length / speed + handling(mode)) · exp(−strength · E(link) / E_max)
///
/// with speed the link's own (`speed_kmh`, an OpenStreetMap road class) or its mode's.
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
    /// Each link's generalised cost and travel time, by index in `NetworkBundle.links`.
    public let links: [Cost]
    /// Each node's cost and time of passing through it (node number): crossings' delays,
    /// zero at places.
    public let nodes: [Cost]

    public init(bundle: NetworkBundle, evidence: EvidenceModel?, parameters: Parameters = Parameters()) {
        self.parameters = parameters
        let maxScore = evidence?.scores.values.max() ?? 0
        func factor(_ e: EvidenceElement) -> Double {
            guard let evidence, maxScore > 0, let score = evidence.scores[e] else { return 1 }
            return exp(-parameters.evidenceStrength * score / maxScore)
        }
        links = bundle.links.enumerated().map { j, link in
            let hours = link.lengthMetres / 1000 / (link.speedKmh ?? parameters.speed(link.mode)) + parameters.handling(link.mode)
            return Cost(cost: hours * factor(.link(j)), hours: hours)
        }
        var nodes = Array(repeating: Cost.zero, count: bundle.nodeCount)
        for (k, c) in bundle.crossings.enumerated() {
            let v = bundle.crossingNode(k)
            let hours = parameters.delay(c.type)
            nodes[v] = Cost(cost: hours * factor(.node(v)), hours: hours)
        }
        self.nodes = nodes
    }

    /// Hours per link without evidence, by index in `NetworkBundle.links`: a new array at
    /// every use (for one link, `links[j].hours`).
    public var linkTravelHours: [Double] { links.map(\.hours) }
    /// Generalised cost per link: a new array at every use (for one link, `links[j].cost`).
    public var linkCost: [Double] { links.map(\.cost) }
    /// Generalised cost of passing each node (node number).
    public var nodeCost: [Double] { nodes.map(\.cost) }
    /// Hours of passing each node (node number): the crossings' delays, without evidence.
    public var nodeHours: [Double] { nodes.map(\.hours) }
}

/// A generalised cost and the travel time behind it, kept together as Valhalla's `sif`
/// keeps cost and seconds in one value, so a route's hours always come from the same rule
/// as its cost.
public struct Cost: Sendable, Hashable {
    public var cost: Double
    public var hours: Double

    public init(cost: Double, hours: Double) {
        self.cost = cost
        self.hours = hours
    }

    public static let zero = Cost(cost: 0, hours: 0)
}

extension CostModel.Parameters {
    /// A mode's speed; 40 km/h (a road's) for a mode the table leaves out.
    public func speed(_ mode: TransportMode) -> Double { speedKmh[mode] ?? 40 }
    /// A mode's handling hours per lane; none for a mode the table leaves out.
    public func handling(_ mode: TransportMode) -> Double { handlingHours[mode] ?? 0 }
    /// A crossing type's delay; 1 h (a secondary gate's) for a type the table leaves out.
    public func delay(_ type: CrossingType) -> Double { crossingDelayHours[type] ?? 1 }
}
