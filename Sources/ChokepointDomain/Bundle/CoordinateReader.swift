import ChokepointGeo
import ChokepointSupport

/// Reads lon/lat columns, in WGS 84 unless a `crs` column names another CRS (then PROJ
/// transforms them), and says when a pair looks swapped.
final class CoordinateReader {
    private let proj: PROJContext
    private var transformers: [String: CoordinateTransformer] = [:]
    /// Read `104,5` as 104.5 (an analyst's sheet with decimal commas; `--decimal-comma`).
    var decimalComma = false

    init(proj: PROJContext) {
        self.proj = proj
    }

    /// Nil with a problem recorded when the pair is missing, malformed, out of range or in a
    /// CRS that PROJ does not know.
    func coordinate(_ table: inout CSVTable, lon lonColumn: String = "lon", lat latColumn: String = "lat",
                    optional: Bool = false) -> Coordinate? {
        let rawLon = decimal(table.text(lonColumn)), rawLat = decimal(table.text(latColumn))
        if rawLon.isEmpty && rawLat.isEmpty && optional { return nil }
        let crs = table.text("crs")
        if !crs.isEmpty && !Self.isWGS84(crs) {
            guard let x = Double(rawLon), x.isFinite else {
                table.report(lonColumn, "expected a number, got \"\(rawLon)\"")
                return nil
            }
            guard let y = Double(rawLat), y.isFinite else {
                table.report(latColumn, "expected a number, got \"\(rawLat)\"")
                return nil
            }
            do {
                let transformer = try transformer(from: crs)
                let c = try transformer.transform(Coordinate(x: x, y: y))
                guard (-180...180).contains(c.lon), (-90...90).contains(c.lat) else {
                    table.report(lonColumn, "(\(rawLon), \(rawLat)) in \(crs) lies outside lon/lat range once transformed")
                    return nil
                }
                return c
            } catch {
                table.report("crs", "\(error)")
                return nil
            }
        }
        guard let lon = Double(rawLon), let lat = Double(rawLat), lon.isFinite, lat.isFinite else {
            if rawLon.isEmpty || Double(rawLon) == nil {
                table.report(lonColumn, rawLon.isEmpty ? "empty; a longitude is required" : "expected a longitude in degrees, got \"\(rawLon)\"")
            }
            if rawLat.isEmpty || Double(rawLat) == nil {
                table.report(latColumn, rawLat.isEmpty ? "empty; a latitude is required" : "expected a latitude in degrees, got \"\(rawLat)\"")
            }
            return nil
        }
        if !(-90...90).contains(lat) {
            if (-90...90).contains(lon) && (-180...180).contains(lat) {
                table.report(latColumn, "latitude \(rawLat) is out of range and longitude \(rawLon) would be a valid latitude: lat and lon look swapped")
            } else {
                table.report(latColumn, "latitude \(rawLat) is outside -90…90")
            }
            return nil
        }
        guard (-180...180).contains(lon) else {
            table.report(lonColumn, "longitude \(rawLon) is outside -180…180")
            return nil
        }
        return Coordinate(lon: lon, lat: lat)
    }

    /// `12,5` as `12.5` when the sheet writes decimal commas.
    func decimal(_ text: String) -> String {
        decimalComma && !text.contains(".") ? text.replacingOccurrences(of: ",", with: ".") : text
    }

    func transformer(from crs: String) throws(PROJError) -> CoordinateTransformer {
        if let t = transformers[crs] { return t }
        let t = try CoordinateTransformer(from: crs, to: "EPSG:4326", context: proj)
        transformers[crs] = t
        return t
    }

    static func isWGS84(_ crs: String) -> Bool {
        let c = crs.uppercased()
        return c == "EPSG:4326" || c == "OGC:CRS84" || c == "WGS84" || c == "URN:OGC:DEF:CRS:OGC:1.3:CRS84"
    }
}
