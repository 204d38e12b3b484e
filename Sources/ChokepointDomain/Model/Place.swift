import ChokepointGeo

/// A network node that is not a crossing: a town, city, port, airport, production area or
/// third-country destination.
public struct Place: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Primary kind (`city`, `town`, `sea_port`, `source_area`, `destination`, ...).
    public var kind: String
    /// Further roles (`airport`, `sea_port`, `river_port`, ...) that decide which lanes may
    /// start here.
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
}

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
    public var source: String
    public var line: Int

    public var countries: Set<String> { [countryA, countryB] }
}

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
    /// Geodesic length in metres: given in the bundle, else measured along the geometry.
    public var lengthMetres: Double
    /// `observed` (a cited corridor) or `modelled` (a lane or access road the bundle derived).
    public var basis: String
    public var source: String
    public var line: Int
}

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

/// A destination's weight in the demand table.
public struct DemandEntry: Sendable, Hashable {
    public var target: String
    /// The province whose figure this is, when the weight is a provincial statistic.
    public var province: String
    public var weight: Double
    public var basis: String
    public var line: Int
}

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
