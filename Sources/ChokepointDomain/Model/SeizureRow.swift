import ChokepointGeo

/// A seizure row as the bundle stores it. Normalisation (units, dates, gazetteer lookups)
/// and snapping belong to the evidence layer; the validator only checks what a bundle
/// must get right on its own.
public struct SeizureRow: Sendable, Hashable {
    public var id: String
    public var date: String
    public var places: [String]
    public var coordinate: Coordinate?
    public var locationPrecision: String
    public var commodity: String
    public var amount: Double
    public var unit: String
    public var source: String
    public var line: Int
}
