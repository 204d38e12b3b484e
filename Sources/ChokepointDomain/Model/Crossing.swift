import ChokepointGeo

/// A border crossing: a node between two countries whose passage can be controlled.
public struct Crossing: Sendable, Hashable {
    public var id: String
    public var name: String
    public var countryA: String
    public var nameA: String
    public var countryB: String
    public var nameB: String
    public var type: CrossingType
    public var modes: [TransportMode]
    /// Opening hours as published, `closed`, or empty when unknown.
    public var hours: String
    public var coordinate: Coordinate
    /// `source` when the coordinate is cited, `estimated:...` when derived.
    public var locationMethod: String
    /// The site this crossing shares with others (a road gate and a rail gate at one post),
    /// or empty. Two crossings may share a position only when they name the same site.
    public var site: String
    public var source: String
    public var line: Int
    /// Whether the crossing comes from the bundle or was generated as a candidate.
    public var origin: ElementOrigin

    public var countries: Set<String> { [countryA, countryB] }

    public init(id: String, name: String, countryA: String, nameA: String, countryB: String, nameB: String, type: CrossingType, modes: [TransportMode], hours: String, coordinate: Coordinate, locationMethod: String, site: String = "", source: String, line: Int, origin: ElementOrigin = .bundle) {
        self.id = id
        self.name = name
        self.countryA = countryA
        self.nameA = nameA
        self.countryB = countryB
        self.nameB = nameB
        self.type = type
        self.modes = modes
        self.hours = hours
        self.coordinate = coordinate
        self.locationMethod = locationMethod
        self.site = site
        self.source = source
        self.line = line
        self.origin = origin
    }

    /// The type an analyst reads: generated candidates say so rather than borrow the
    /// `unofficial-known` type they are costed as.
    public var typeLabel: String { origin == .generatedCandidate ? "candidate" : type.rawValue }
    public var isGenerated: Bool { origin == .generatedCandidate }
    public var isOfficial: Bool { type != .unofficialKnown }
}

/// Where a crossing, place or link comes from.
public enum ElementOrigin: String, Sendable, Hashable {
    /// A row of the bundle's files: a real element, cited.
    case bundle
    /// Made by `analyze --candidates`: a point generated along a shared border (a target for
    /// patrols, not an observed crossing), or the towns and trails that reach it.
    case generatedCandidate
}
