/// What an analysis runs on: where flows start, where they go and how much each target weighs.
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var sources: [String]
    /// Path of the demand table, relative to the bundle.
    public var targetsFile: String?
    /// Targets listed inline (weight 1 each) when no demand table is named.
    public var targets: [String]
}

/// Everything a bundle directory holds, read and type-checked.
public struct NetworkBundle: Sendable {
    public var directory: String
    public var places: [Place] = []
    public var crossings: [Crossing] = []
    public var links: [Link] = []
    public var provinces: [Province] = []
    public var countries: [BoundaryFeature] = []
    public var borders: [BoundaryFeature] = []
    public var demand: [DemandEntry] = []
    public var seizures: [SeizureRow] = []
    public var scenario: Scenario?

    public init(directory: String) {
        self.directory = directory
    }

    /// Ids of every network node: places, then crossings.
    public var nodeIDs: [String] { places.map(\.id) + crossings.map(\.id) }
}
