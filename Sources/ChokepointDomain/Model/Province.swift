import ChokepointGeo

/// An admin-1 polygon from provinces.geojson.
public struct Province: Sendable, Hashable {
    public var id: String
    public var name: String
    public var country: String
    public var aliases: [String]
    public var geometry: GeoJSONGeometry
    /// 0-based feature index in the file.
    public var feature: Int
}
