import ChokepointSupport

/// One thing wrong with a bundle, located to the file, row or feature and field, so that an
/// analyst can open the file and fix it. A bundle is clean when it has none.
public struct BundleProblem: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var location: InputLocation
    public var message: String

    public init(_ location: InputLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public init(_ error: InputError) {
        self.init(error.location, error.message)
    }

    public var description: String { "\(location): \(message)" }

    /// File, then line or feature, then field, then message: the order a reader fixes them in.
    public static func < (a: BundleProblem, b: BundleProblem) -> Bool {
        let ka = (a.location.file, a.location.line ?? -1, a.location.feature ?? -1, a.location.field ?? "", a.message)
        let kb = (b.location.file, b.location.line ?? -1, b.location.feature ?? -1, b.location.field ?? "", b.message)
        return ka < kb
    }
}

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
}
