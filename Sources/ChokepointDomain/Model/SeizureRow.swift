import ChokepointGeo

/// A seizure row as the bundle stores it. Normalisation (units, dates, gazetteer lookups)
/// and snapping belong to the evidence layer; the validator only checks what a bundle
/// must get right on its own.
public struct SeizureRow: Sendable, Hashable {
    public var id: String
    public var date: String
    /// `day`, `month`, `year`, or `report` (the date is the report's; the event was on or
    /// shortly before it).
    public var datePrecision: String
    public var places: [String]
    public var coordinate: Coordinate?
    public var locationPrecision: String
    public var commodity: String
    public var amount: Double
    public var unit: String
    /// Transport mode as reported, empty when not stated.
    public var mode: String
    public var agency: String
    public var source: String
    /// Context for the place name, when the file gives it: an ISO country code and a
    /// province (id or name). Empty when not stated.
    public var country = ""
    public var province = ""
    /// The row's handling marking as written (`tlp`), empty when not stated: the file's
    /// default then applies (`SeizureNormaliser.unmarked`).
    public var tlp = ""
    /// 1-based line in a CSV file; for a GeoJSON file, `feature` is set instead.
    public var line: Int
    /// 0-based feature index in a GeoJSON file.
    public var feature: Int? = nil

    public init(id: String, date: String, datePrecision: String, places: [String], coordinate: Coordinate?, locationPrecision: String, commodity: String, amount: Double, unit: String, mode: String, agency: String, source: String, line: Int, feature: Int? = nil) {
        self.id = id
        self.date = date
        self.datePrecision = datePrecision
        self.places = places
        self.coordinate = coordinate
        self.locationPrecision = locationPrecision
        self.commodity = commodity
        self.amount = amount
        self.unit = unit
        self.mode = mode
        self.agency = agency
        self.source = source
        self.line = line
        self.feature = feature
    }
}

extension SeizureRow {
    /// Units the seizure ingest knows how to normalise to kg (factors documented in
    /// GeoData/README.md): `cakes` are the ~350 g heroin bricks Vietnamese reports count.
    public static let units: Set<String> = ["kg", "g", "t", "tablets", "cakes", "litres", "specimens"]
    public static let datePrecisions: Set<String> = ["day", "month", "year", "report"]
}

