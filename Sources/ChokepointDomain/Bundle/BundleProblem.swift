import ChokepointSupport

/// One thing wrong with a bundle, located to the file, row or feature and field, so that an
/// analyst can open the file and fix it: the same located error every input reader raises,
/// collected rather than thrown. A bundle is clean when it has none.
public typealias BundleProblem = InputError

/// The files a bundle may hold. Only places.csv and links.csv are required; the others are
/// checked when present.
public enum BundleFile {
    public static let places = "places.csv"
    public static let crossings = "crossings.csv"
    public static let links = "links.csv"
    public static let provinces = "provinces.geojson"
    public static let countries = "countries.geojson"
    public static let borders = "borders.geojson"
    public static let gazetteer = "gazetteer.csv"
    public static let demand = "demand.csv"
    public static let seizures = "seizures.csv"
    public static let scenario = "scenario.yaml"
    /// The layers that may come in another format GDAL reads (`places.xlsx`, `provinces.gpkg`).
    public static let layers = [places, crossings, links, provinces, countries, borders, gazetteer, demand, seizures]
}
