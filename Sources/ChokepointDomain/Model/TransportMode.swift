/// How goods move along a link. Per-mode costing (speeds, transfer penalties) belongs to the
/// cost model; here a mode is only a validated name.
public enum TransportMode: String, Sendable, Hashable, CaseIterable, Comparable {
    case road, river, rail, sea, air, trail, post

    public static func < (a: TransportMode, b: TransportMode) -> Bool { a.rawValue < b.rawValue }

    /// Modes whose links follow the ground between their ends; sea, air and post lanes are
    /// modelled as direct links between ports, airports and sorting hubs.
    public var isOverland: Bool {
        switch self {
        case .road, .river, .rail, .trail: true
        case .sea, .air, .post: false
        }
    }
}
