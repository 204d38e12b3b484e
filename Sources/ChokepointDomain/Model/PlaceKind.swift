/// What a place is (places.csv `kind`).
public enum PlaceKind: String, Sendable, Hashable, CaseIterable {
    case city, capital, town
    case borderTown = "border_town"
    case seaPort = "sea_port"
    case riverPort = "river_port"
    case airport
    /// An international mail exchange where customs inspect parcels.
    case postalHub = "postal_hub"
    case sourceArea = "source_area"
    case stagingArea = "staging_area"
    case destination
    /// Where roads meet and nothing else: a node of a network built from OpenStreetMap.
    case junction

    /// The gateway this place is, when air, sea or postal lanes enter and leave through it.
    public var gateway: GatewayKind? { GatewayKind(rawValue: rawValue) }
}

/// A place where air, sea or postal lanes enter and leave a country, with customs: a control
/// point like a border crossing.
public enum GatewayKind: String, Sendable, Hashable, CaseIterable {
    case airport
    case seaPort = "sea_port"
    case postalHub = "postal_hub"

    /// The lane mode that must enter and leave through this kind of gateway.
    public var laneMode: TransportMode {
        switch self {
        case .airport: .air
        case .seaPort: .sea
        case .postalHub: .post
        }
    }

    /// The gateway a lane of `mode` needs at each end, if any.
    public static func forLane(_ mode: TransportMode) -> GatewayKind? {
        allCases.first { $0.laneMode == mode }
    }
}
