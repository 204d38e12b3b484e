import ChokepointGeo

/// A network node that is not a crossing: a town, city, port, airport, production area or
/// third-country destination.
public struct Place: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kind: PlaceKind
    /// Further roles, as descriptions (`airport`, `river_port`, ...): a city with an airport.
    /// Lanes enter and leave through gateway places (`kind.gateway`), not through roles.
    public var roles: Set<String>
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// Province id, empty outside the bundle's provinces.
    public var province: String
    public var coordinate: Coordinate
    public var aliases: [String]
    public var source: String
    /// 1-based line in places.csv, for problems found later.
    public var line: Int
    public var origin: ElementOrigin
    /// Added by `analyze --candidates`, not read from the bundle.
    public var isGenerated: Bool { origin == .generatedCandidate }

    public init(id: String, name: String, kind: PlaceKind, roles: Set<String>, country: String, province: String, coordinate: Coordinate, aliases: [String], source: String, line: Int, origin: ElementOrigin = .bundle) {
        self.id = id
        self.name = name
        self.kind = kind
        self.roles = roles
        self.country = country
        self.province = province
        self.coordinate = coordinate
        self.aliases = aliases
        self.source = source
        self.line = line
        self.origin = origin
    }
}
