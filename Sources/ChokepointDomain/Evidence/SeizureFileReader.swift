import ChokepointGeo
import ChokepointSupport
import Foundation

/// Reads seizure records from CSV (the columns of a bundle's seizures.csv), GeoJSON (Point
/// features whose properties use the same names; a legacy `crs` member is honoured), or any
/// vector file GDAL opens: XLSX and ODS sheets, Shapefiles (zipped too), KML/KMZ, GeoPackage,
/// FlatGeobuf, in any CRS GDAL reports (`VectorFile`). Every malformed field is reported with
/// file, line (a sheet's row) or feature, and field; well-formed rows are returned even when
/// others are not.
public struct SeizureFileReader {
    static let required = ["id", "date", "commodity", "amount", "unit", "source"]
    private let coordinates: CoordinateReader
    private let geos: GEOSContext
    /// The files' character encoding (UTF-8 unless the analyst names another).
    public var encoding = TextEncoding.utf8
    /// How dates, numbers, units and modes are written: strict (the bundle's own file)
    /// unless the caller reads an analyst's sheet.
    public var conventions = SeizureConventions.strict {
        didSet { coordinates.decimalComma = conventions.decimalComma }
    }

    public init(proj: PROJContext, geos: GEOSContext) {
        self.init(coordinates: CoordinateReader(proj: proj), geos: geos)
    }

    init(coordinates: CoordinateReader, geos: GEOSContext) {
        self.coordinates = coordinates
        self.geos = geos
    }

    /// `name` is how problems refer to the file (default: the path).
    public func read(path: String, name: String? = nil) -> (rows: [SeizureRow], problems: [InputError]) {
        var rows: [SeizureRow] = []
        let problems = read(path: path, name: name) { rows.append($0) }
        return (rows, problems)
    }

    /// Hands each well-formed row to `row` as it is read, so a caller can normalise a large
    /// file without holding all its rows; returns the problems. `expect` hears first how
    /// many rows a CSV file holds, roughly, to size what the rows go into.
    public func read(path: String, name: String? = nil, expect: (Int) -> Void = { _ in }, row: (SeizureRow) -> Void) -> [InputError] {
        let name = name ?? path
        switch Self.format(of: path) {
        case .geoJSON:
            let (rows, problems) = readGeoJSON(path: path, name: name)
            rows.forEach(row)
            return problems
        case .gdal:
            let (rows, problems) = readVector(path: path, name: name)
            rows.forEach(row)
            return problems
        case .csv:
            break
        }
        var problems: [InputError] = []
        let t: CSVTable
        do {
            t = try CSVTable(path: path, name: name, required: Self.required, encoding: encoding, problems: &problems)
        } catch {
            var location = error.location
            location.file = name
            return [InputError(location, error.message)]
        }
        expect(t.reader.estimatedRowCount)
        return readCSV(consume t, row: row)
    }

    /// A seizure CSV already in memory (UTF-8), as `read(path:)` reads a file.
    public func read(csv bytes: [UInt8], name: String, row: (SeizureRow) -> Void) -> [InputError] {
        do {
            return readCSV(try CSVTable(bytes: bytes, name: name, required: Self.required), row: row)
        } catch {
            return [error]
        }
    }

    private func readCSV(_ table: consuming CSVTable, row: (SeizureRow) -> Void) -> [InputError] {
        var t = consume table
        while t.next() {
            let id = t.required("id"), commodity = t.required("commodity")
            let date = t.required("date").flatMap { raw in readDate(raw, precision: t.text("date_precision"), report: { t.report($0, $1) }) }
            let rawAmount = t.text("amount")
            if rawAmount.isEmpty { t.report("amount", "empty; a number is required") }
            let amount = rawAmount.isEmpty ? nil : readAmount(rawAmount, report: { t.report($0, $1) })
            let unit = t.required("unit").flatMap { raw in readUnit(raw, report: { t.report($0, $1) }) }
            let source = t.text("source").isEmpty && conventions.lenient ? unsourced(name: t.name, row: t.line) : t.required("source")
            let mode = conventions.mode(t.text("mode")) ?? t.text("mode")
            let c = coordinates.coordinate(&t, optional: true)
            let places = Self.places(t.text("place"))
            if c == nil && places.isEmpty && t.text("lon").isEmpty {
                t.report("place", "a seizure needs a place or a lon/lat")
            }
            // A position that was given but could not be read is reported above: drop the row
            // rather than fall back to its place name.
            let positionFailed = c == nil && !(t.text("lon").isEmpty && t.text("lat").isEmpty)
            guard let id, let date, let commodity, let amount, let unit, let source, !positionFailed else { continue }
            var seizure = SeizureRow(id: id, date: date, datePrecision: t.text("date_precision"), places: places, coordinate: c,
                                     locationPrecision: t.text("location_precision"), commodity: commodity, amount: amount,
                                     unit: unit, mode: mode, agency: t.text("agency"), source: source, line: t.line)
            seizure.country = t.text("country")
            seizure.province = t.text("province")
            seizure.tlp = t.text("tlp")
            row(seizure)
        }
        return t.problems
    }

    /// A `place` field's names: `|`-separated, trimmed, empty ones dropped.
    static func places(_ field: String) -> [String] {
        if !field.utf8.contains(UInt8(ascii: "|")) {
            let name = field.trimmingWhitespace()
            return name.isEmpty ? [] : [name]
        }
        return field.split(separator: "|").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// The row's date as ISO 8601 under the conventions, its precision checked; nil with a
    /// problem reported when it cannot be read.
    private func readDate(_ raw: String, precision: String, report: (String, String) -> Void) -> String? {
        switch conventions.date(raw) {
        case let .failure(e):
            report("date", e.message)
            return nil
        case let .success(date):
            var ok = true
            checkDate(date, precision: precision, report: {
                report($0, $1)
                ok = false
            })
            return ok ? date : nil
        }
    }

    private func readAmount(_ raw: String, report: (String, String) -> Void) -> Double? {
        switch conventions.amount(raw) {
        case let .failure(e):
            report("amount", e.message)
            return nil
        case let .success(x):
            guard x >= 0, x <= 1e12 else {
                report("amount", "\(raw) is outside 0…1000000000000")
                return nil
            }
            return x
        }
    }

    private func readUnit(_ raw: String, report: (String, String) -> Void) -> String? {
        if let unit = conventions.unit(raw) { return unit }
        report("unit", "unknown unit \"\(raw)\" (expected \(SeizureRow.units.sorted().joined(separator: ", "))\(conventions.lenient ? " or a synonym such as kgs or pills" : ""))")
        return nil
    }

    /// What an analyst's row with no source cites: its own file and row.
    private func unsourced(name: String, row: Int) -> String { "no source given: \(name), row \(row)" }

    private func checkDate(_ date: String, precision: String, report: (String, String) -> Void) {
        guard BundleReader.isISODate(date) else {
            report("date", "expected an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), got \"\(date)\"")
            return
        }
        guard !precision.isEmpty else { return }
        let parts = date.utf8.reduce(1) { $1 == UInt8(ascii: "-") ? $0 + 1 : $0 }
        let expected: Int? =
            switch precision {
            case "year": 1
            case "month": 2
            case "day", "report": 3
            default: nil
            }
        if expected == nil {
            report("date_precision", "unknown precision \"\(precision)\" (expected \(SeizureRow.datePrecisions.sorted().joined(separator: ", ")))")
        } else if expected != parts {
            report("date_precision", "\(precision) does not match the date \(date)")
        }
    }

    /// How a seizure file is read: our CSV and GeoJSON readers (faster, and their errors name
    /// line and column), or GDAL for every other vector format (spreadsheets, Shapefiles,
    /// KML, GeoPackage, FlatGeobuf, ...).
    enum Format { case csv, geoJSON, gdal }

    static func format(of path: String) -> Format {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "geojson", "json": return .geoJSON
        case "", "csv", "txt", "tsv": return .csv
        default: return .gdal
        }
    }

    private func readGeoJSON(path: String, name: String) -> (rows: [SeizureRow], problems: [InputError]) {
        let collection: GeoJSONFeatureCollection
        do {
            collection = try GeoJSONReader.read(path: path, encoding: encoding).asFeatureCollection
        } catch {
            var location = error.location
            location.file = name
            return ([], [InputError(location, error.message)])
        }
        var transformer: CoordinateTransformer?
        if let crs = collection.declaredCRS {
            do {
                transformer = try coordinates.transformer(from: crs)
            } catch {
                return ([], [InputError(InputLocation(file: name, field: "crs"), "\(error)")])
            }
        }
        let records = collection.features.enumerated().map { i, f in
            FeatureRecord(properties: f.properties ?? JSONObject(), geometry: f.geometry, location: InputLocation(file: name, feature: i),
                          fieldPrefix: "properties.")
        }
        return readFeatures(records, transformer: transformer)
    }

    /// Any vector file GDAL opens: the first layer with the seizure columns (or the only
    /// layer). A spreadsheet's problems name the sheet row; other formats' the feature.
    private func readVector(path: String, name: String) -> (rows: [SeizureRow], problems: [InputError]) {
        let file: VectorFile
        do {
            file = try VectorFile.read(path: path, geos: geos)
        } catch {
            return ([], [InputError(InputLocation(file: name), "\(error.operation): \(error.message)")])
        }
        let layers = file.layers.map(Self.restoringShortenedNames)
        let complete = layers.first { layer in Self.required.allSatisfy(layer.fields.contains) }
        guard let layer = complete ?? (layers.count == 1 ? layers.first : nil) else {
            let listed = layers.map { "\($0.name) (\($0.fields.joined(separator: ", ")))" }.joined(separator: "; ")
            return ([], [InputError(InputLocation(file: name),
                                    "no layer has the seizure columns \(Self.required.joined(separator: ", ")); layers: \(listed.isEmpty ? "none" : listed)")])
        }
        var problems: [InputError] = []
        for column in Self.required where !layer.fields.contains(column) {
            problems.append(InputError(InputLocation(file: name, field: column), "missing column \"\(column)\" in layer \(layer.name)"))
        }
        guard problems.isEmpty else { return ([], problems) }
        var transformer: CoordinateTransformer?
        if let crs = layer.crs, !layer.isWGS84 {
            do {
                transformer = try coordinates.transformer(from: crs)
            } catch {
                return ([], [InputError(InputLocation(file: name, field: "crs"), "\(error)")])
            }
        }
        let sheet = ["XLSX", "ODS", "XLS", "CSV"].contains(file.driver)
        let records = layer.features.map { f in
            FeatureRecord(
                properties: f.properties, geometry: f.geometry,
                location: sheet ? InputLocation(file: name, line: Int(f.fid)) : InputLocation(file: name, feature: f.index), fieldPrefix: "")
        }
        return readFeatures(records, transformer: transformer)
    }

    /// Every column a seizure file may have.
    static let columns = [
        "id", "date", "date_precision", "place", "country", "province", "lon", "lat", "crs", "location_precision", "commodity",
        "amount", "unit", "mode", "agency", "source", "notes", "tlp",
    ]

    /// A Shapefile keeps 10 characters of a field's name (`date_preci`, `location_p`): such a
    /// field is read under the column name it shortens, when that name is not there itself.
    static func restoringShortenedNames(_ layer: VectorLayer) -> VectorLayer {
        var renamed: [String: String] = [:]
        for column in columns where column.count > 10 && !layer.fields.contains(column) {
            let short = String(column.prefix(10))
            if layer.fields.contains(short) { renamed[short] = column }
        }
        guard !renamed.isEmpty else { return layer }
        var out = layer
        out.fields = layer.fields.map { renamed[$0] ?? $0 }
        out.features = layer.features.map { f in
            var g = f
            g.properties = JSONObject(f.properties.map { (renamed[$0.0] ?? $0.0, $0.1) })
            return g
        }
        return out
    }

    /// One record of a feature-based file: its attributes, geometry and where it is.
    struct FeatureRecord {
        var properties: JSONObject
        var geometry: GeoJSONGeometry?
        var location: InputLocation
        /// Put before a field's name in problems ("properties." in GeoJSON).
        var fieldPrefix: String
    }

    /// Rows from feature records: the CSV's columns as attributes; the position from a Point
    /// geometry (transformed by `transformer` when the file is in another CRS), or from
    /// `lon`/`lat` attributes (with an optional `crs`) when there is no geometry.
    private func readFeatures(_ records: [FeatureRecord], transformer: CoordinateTransformer?) -> (rows: [SeizureRow], problems: [InputError]) {
        var problems: [InputError] = []
        var rows: [SeizureRow] = []
        for record in records {
            let f = record.properties
            func report(_ field: String, _ message: String) {
                var location = record.location
                location.field = record.fieldPrefix + field
                problems.append(InputError(location, message))
            }
            func text(_ key: String) -> String {
                guard let v = f[key] else { return "" }
                return (v.stringValue ?? v.doubleValue.map(\.formatted6) ?? "").trimmingWhitespace()
            }
            var ok = true
            let lenientSource = conventions.lenient && text("source").isEmpty
            for key in Self.required where text(key).isEmpty && !(key == "source" && lenientSource) {
                report(key, "missing; a value is required")
                ok = false
            }
            let failed: (String, String) -> Void = { field, message in
                report(field, message)
                ok = false
            }
            // A number cell is taken as it is; text goes through the conventions (1,200,000).
            var amount: Double?
            if case let .number(x)? = f["amount"] { amount = x } else if case let .integer(x)? = f["amount"] { amount = Double(x) }
            if amount.map({ $0 < 0 || !$0.isFinite }) ?? false {
                failed("amount", "expected a number ≥ 0, got \(text("amount"))")
                amount = nil
            } else if amount == nil, !text("amount").isEmpty {
                amount = readAmount(text("amount"), report: failed)
            }
            let date = text("date").isEmpty ? nil : readDate(text("date"), precision: text("date_precision"), report: failed)
            let unit = text("unit").isEmpty ? nil : readUnit(text("unit"), report: failed)
            let source = lenientSource ? unsourced(name: record.location.file, row: record.location.line ?? (record.location.feature ?? 0)) : text("source")
            var coordinate: Coordinate?
            switch record.geometry {
            case let .point(c)?:
                do {
                    coordinate = try transformer.map { t throws(PROJError) in try t.transform(c) } ?? c
                } catch {
                    report("geometry", "cannot transform: \(error)")
                    ok = false
                }
            case nil:
                if !text("lon").isEmpty || !text("lat").isEmpty {
                    coordinate = position(lon: text("lon"), lat: text("lat"), crs: text("crs"), report: { field, message in
                        report(field, message)
                        ok = false
                    })
                }
            case let g?:
                report("geometry", "expected a Point or null, got a \(g.typeName)")
                ok = false
            }
            if let p = coordinate, !(-180...180).contains(p.lon) || !(-90...90).contains(p.lat) {
                report(record.geometry == nil ? "lat" : "geometry",
                       "position \(p) is outside lon/lat range\((-90...90).contains(p.lon) && (-180...180).contains(p.lat) ? ": lon and lat look swapped" : "")")
                ok = false
            }
            let places = Self.places(text("place"))
            if coordinate == nil && places.isEmpty && ok {
                report("place", record.fieldPrefix.isEmpty ? "a seizure needs a place, a Point geometry or lon/lat" : "a seizure needs a place or a Point geometry")
                ok = false
            }
            guard ok, let amount, let date, let unit else { continue }
            var seizure = SeizureRow(id: text("id"), date: date, datePrecision: text("date_precision"), places: places,
                                     coordinate: coordinate, locationPrecision: text("location_precision"), commodity: text("commodity"),
                                     amount: amount, unit: unit, mode: conventions.mode(text("mode")) ?? text("mode"),
                                     agency: text("agency"), source: source, line: record.location.line ?? 0, feature: record.location.feature)
            seizure.country = text("country")
            seizure.province = text("province")
            seizure.tlp = text("tlp")
            rows.append(seizure)
        }
        return (rows, problems)
    }

    /// A position from `lon`/`lat` attributes, in `crs` when one is named.
    private func position(lon rawLon: String, lat rawLat: String, crs: String, report: (String, String) -> Void) -> Coordinate? {
        let lon = coordinates.decimal(rawLon), lat = coordinates.decimal(rawLat)
        guard let x = Double(lon), x.isFinite else {
            report("lon", "expected a number, got \"\(lon)\"")
            return nil
        }
        guard let y = Double(lat), y.isFinite else {
            report("lat", "expected a number, got \"\(lat)\"")
            return nil
        }
        guard !crs.isEmpty, !CoordinateReader.isWGS84(crs) else { return Coordinate(lon: x, lat: y) }
        do {
            return try coordinates.transformer(from: crs).transform(Coordinate(x: x, y: y))
        } catch {
            report("crs", "\(error)")
            return nil
        }
    }
}
