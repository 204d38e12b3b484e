import ChokepointGeo

/// A transport link between two nodes (places or crossings).
public struct Link: Sendable, Hashable {
    public var id: String
    public var from: String
    public var to: String
    public var mode: TransportMode
    public var directed: Bool
    /// Vertices of the link's geometry; the straight segment between its ends when the
    /// bundle gives none.
    public var geometry: [Coordinate]?
    /// Length in metres: given in the bundle, else measured geodesically along the geometry.
    public var lengthMetres: Double
    /// How `lengthMetres` was found.
    public var lengthMethod: LengthMethod
    /// `observed` (a cited corridor) or `modelled` (derived by the build); nil when unstated.
    public var basis: LinkBasis?
    /// The link's own speed (km/h), when the bundle gives one (a road class from
    /// OpenStreetMap); nil: its mode's speed in the scenario.
    public var speedKmh: Double? = nil
    public var source: String
    public var line: Int
    public var origin: ElementOrigin
    /// Added by `analyze --candidates`, not read from the bundle.
    public var isGenerated: Bool { origin == .generatedCandidate }

    public init(id: String, from: String, to: String, mode: TransportMode, directed: Bool, geometry: [Coordinate]?, lengthMetres: Double, lengthMethod: LengthMethod, basis: LinkBasis?, source: String, line: Int, origin: ElementOrigin = .bundle) {
        self.id = id
        self.from = from
        self.to = to
        self.mode = mode
        self.directed = directed
        self.geometry = geometry
        self.lengthMetres = lengthMetres
        self.lengthMethod = lengthMethod
        self.basis = basis
        self.source = source
        self.line = line
        self.origin = origin
    }
}
