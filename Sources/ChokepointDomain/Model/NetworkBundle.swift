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
    public var gazetteer: [GazetteerTown] = []
    public var scenario: Scenario?

    public init(directory: String) {
        self.directory = directory
    }

    /// Ids of every network node: places, then crossings.
    public var nodeIDs: [String] { places.map(\.id) + crossings.map(\.id) }
}
