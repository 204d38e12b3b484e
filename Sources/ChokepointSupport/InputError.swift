/// Where in an input file a problem was found, so an analyst can open the file and go
/// straight to it: the file, then the line (text formats) or the feature (GeoJSON),
/// then the field (a CSV column or a JSON path).
public struct InputLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line in the file's text.
    public var line: Int?
    /// 1-based column in the line.
    public var column: Int?
    /// 0-based index of a feature in a GeoJSON FeatureCollection.
    public var feature: Int?
    /// A CSV column name or a JSON path such as `$.features[3].geometry.coordinates[0]`.
    public var field: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, feature: Int? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.feature = feature
        self.field = field
    }

    /// `seizures.csv:42:7: feature 3: field "quantity_kg"`; parts that are unknown are left out.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let feature { text += ": feature \(feature)" }
        if let field { text += ": field \"\(field)\"" }
        return text
    }
}

/// A problem in user-supplied input, always with its location and a message that says
/// what was expected and what was found.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: InputLocation
    public var message: String

    public init(_ location: InputLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

extension InputError: Comparable {
    /// File, then line or feature, then field, then message: the order a reader fixes them in.
    public static func < (a: InputError, b: InputError) -> Bool {
        let ka = (a.location.file, a.location.line ?? -1, a.location.feature ?? -1, a.location.field ?? "", a.message)
        let kb = (b.location.file, b.location.line ?? -1, b.location.feature ?? -1, b.location.field ?? "", b.message)
        return ka < kb
    }
}
