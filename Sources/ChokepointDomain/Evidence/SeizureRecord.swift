import ChokepointGeo

/// Where a seizure happened, as precisely as its report says: a position (given, or a
/// gazetteer town's), a network node, one or more provinces, or a country.
public enum SeizureLocation: Sendable, Hashable, CustomStringConvertible {
    case point(Coordinate)
    case node(String)
    case provinces([String])
    case country(String)

    public var description: String {
        switch self {
        case let .point(c): "\(c.lon.formatted6),\(c.lat.formatted6)"
        case let .node(id): id
        case let .provinces(ids): ids.joined(separator: "|")
        case let .country(cc): cc
        }
    }
}

/// How precisely a seizure is located, from the report.
public enum LocationPrecision: String, Sendable, Hashable, CaseIterable, Comparable {
    case exact, town, district, province, country

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: LocationPrecision, b: LocationPrecision) -> Bool { a.rank < b.rank }
}

/// A seizure normalised for the evidence model: parsed date, canonical commodity, amount in
/// kilograms, resolved location. `mergedFrom` lists the ids of other agencies' reports of
/// the same case that were merged into this one.
public struct SeizureRecord: Sendable, Hashable {
    public var id: String
    public var date: SeizureDate
    public var location: SeizureLocation
    /// The position used for distances: the given point, a town's or node's position; nil
    /// for area-level records.
    public var coordinate: Coordinate?
    public var precision: LocationPrecision
    public var commodity: Commodity
    public var amount: Double
    public var unit: String
    /// Nil when the unit is not a mass (specimens).
    public var kilograms: Double?
    public var mode: TransportMode?
    public var agency: String
    public var source: String
    public var file: String
    public var line: Int
    public var mergedFrom: [String] = []
    /// Its handling marking (the row's `tlp`, or its file's default); a merged record takes
    /// the strictest of the reports merged into it.
    public var marking: TLP

    public init(id: String, date: SeizureDate, location: SeizureLocation, coordinate: Coordinate?, precision: LocationPrecision, commodity: Commodity, amount: Double, unit: String, kilograms: Double?, mode: TransportMode?, agency: String, source: String, file: String, line: Int, marking: TLP, mergedFrom: [String] = []) {
        self.id = id
        self.date = date
        self.location = location
        self.coordinate = coordinate
        self.precision = precision
        self.commodity = commodity
        self.amount = amount
        self.unit = unit
        self.kilograms = kilograms
        self.mode = mode
        self.agency = agency
        self.source = source
        self.file = file
        self.line = line
        self.marking = marking
        self.mergedFrom = mergedFrom
    }
}
