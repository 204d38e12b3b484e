import ChokepointGeo

/// A country outline or a shared border line from countries.geojson or borders.geojson.
public struct BoundaryFeature: Sendable, Hashable {
    public var id: String
    /// One country for an outline, two (sorted) for a shared border.
    public var countries: [String]
    public var geometry: GeoJSONGeometry
    /// A country outline cut to a box (`clip_bbox`: China cut to Yunnan and Guangxi): its
    /// edge there is not the country's, so points outside the box are not checked against it.
    public var clipBox: Envelope?
    public var feature: Int
}
