import ChokepointGeo
import ChokepointSupport
import Foundation

/// Reads seizure records from CSV (the columns of a bundle's seizures.csv) or GeoJSON (Point
/// features whose properties use the same names; a legacy `crs` member is honoured). Every
/// malformed field is reported with file, line or feature, and field; well-formed rows are
/// returned even when others are not.
public struct SeizureFileReader {
    static let required = ["id", "date", "commodity", "amount", "unit", "source"]
    private let coordinates: CoordinateReader
    private let geos: GEOSContext
    /// The files' character encoding (UTF-8 unless the analyst names another).
    public var encoding = TextEncoding.utf8

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
        if path.lowercased().hasSuffix(".geojson") || path.lowercased().hasSuffix(".json") {
            let (rows, problems) = readGeoJSON(path: path, name: name)
            rows.forEach(row)
            return problems
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
            let id = t.required("id"), date = t.required("date"), commodity = t.required("commodity")
            let amount = t.number("amount", in: 0...1e12), unit = t.required("unit"), source = t.required("source")
            if let date { checkDate(date, precision: t.text("date_precision"), report: { t.report($0, $1) }) }
            if let unit, !SeizureRow.units.contains(unit.lowercased()) {
                t.report("unit", "unknown unit \"\(unit)\" (expected \(SeizureRow.units.sorted().joined(separator: ", ")))")
            }
            let c = coordinates.coordinate(&t, optional: true)
            let places = Self.places(t.text("place"))
            if c == nil && places.isEmpty && t.text("lon").isEmpty {
                t.report("place", "a seizure needs a place or a lon/lat")
            }
            // A position that was given but could not be read is reported above: drop the row
            // rather than fall back to its place name.
            let positionFailed = c == nil && !(t.text("lon").isEmpty && t.text("lat").isEmpty)
            guard let id, let date, BundleReader.isISODate(date), let commodity, let amount, let unit,
                  SeizureRow.units.contains(unit.lowercased()), let source, !positionFailed else { continue }
            row(SeizureRow(id: id, date: date, datePrecision: t.text("date_precision"), places: places, coordinate: c,
                           locationPrecision: t.text("location_precision"), commodity: commodity, amount: amount,
                           unit: unit, mode: t.text("mode"), agency: t.text("agency"), source: source, line: t.line))
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

    private func readGeoJSON(path: String, name: String) -> (rows: [SeizureRow], problems: [InputError]) {
        var problems: [InputError] = []
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
        var rows: [SeizureRow] = []
        for (i, f) in collection.features.enumerated() {
            func report(_ field: String, _ message: String) {
                problems.append(InputError(InputLocation(file: name, feature: i, field: field), message))
            }
            func text(_ key: String) -> String {
                guard let v = f.properties?[key] else { return "" }
                return v.stringValue ?? v.doubleValue.map(\.formatted6) ?? ""
            }
            var ok = true
            for key in Self.required where text(key).isEmpty {
                report("properties.\(key)", "missing; a value is required")
                ok = false
            }
            let amount = f.properties?["amount"]?.doubleValue
            if !text("amount").isEmpty && (amount == nil || amount! < 0 || !amount!.isFinite) {
                report("properties.amount", "expected a number ≥ 0, got \(text("amount"))")
                ok = false
            }
            checkDate(text("date"), precision: text("date_precision"), report: { field, message in
                report("properties.\(field)", message)
                ok = false
            })
            if !text("unit").isEmpty && !SeizureRow.units.contains(text("unit").lowercased()) {
                report("properties.unit", "unknown unit \"\(text("unit"))\" (expected \(SeizureRow.units.sorted().joined(separator: ", ")))")
                ok = false
            }
            var coordinate: Coordinate?
            switch f.geometry {
            case let .point(c)?:
                do {
                    coordinate = try transformer.map { t throws(PROJError) in try t.transform(c) } ?? c
                } catch {
                    report("geometry", "cannot transform: \(error)")
                    ok = false
                }
                if let p = coordinate, !(-180...180).contains(p.lon) || !(-90...90).contains(p.lat) {
                    report("geometry", "position \(p) is outside lon/lat range\((-90...90).contains(p.lon) && (-180...180).contains(p.lat) ? ": lon and lat look swapped" : "")")
                    ok = false
                }
            case nil:
                break
            case let g?:
                report("geometry", "expected a Point or null, got a \(g.typeName)")
                ok = false
            }
            let places = Self.places(text("place"))
            if coordinate == nil && places.isEmpty && ok {
                report("properties.place", "a seizure needs a place or a Point geometry")
                ok = false
            }
            guard ok, let amount else { continue }
            rows.append(SeizureRow(id: text("id"), date: text("date"), datePrecision: text("date_precision"), places: places,
                                   coordinate: coordinate, locationPrecision: text("location_precision"), commodity: text("commodity"),
                                   amount: amount, unit: text("unit"), mode: text("mode"), agency: text("agency"),
                                   source: text("source"), line: 0, feature: i))
        }
        return (rows, problems)
    }
}
