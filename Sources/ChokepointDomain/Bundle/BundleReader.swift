import ChokepointGeo
import ChokepointSupport
import Foundation

/// Reads a network bundle directory (schema in GeoData/README.md) into a `NetworkBundle`,
/// type-checking every row and feature. It never stops at the first problem: every
/// malformed field is reported with its file, line or feature, and column, and the rows
/// that can be read are kept so later checks still run on them.
public struct BundleReader {
    public let directory: String
    private let coordinates: CoordinateReader
    private let geodesic = Geodesic.wgs84
    private let geos: GEOSContext

    public init(directory: String, proj: PROJContext, geos: GEOSContext) {
        self.directory = directory
        self.coordinates = CoordinateReader(proj: proj)
        self.geos = geos
    }

    public func read() -> (bundle: NetworkBundle, problems: [BundleProblem]) {
        var bundle = NetworkBundle(directory: directory)
        var problems: [BundleProblem] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return (bundle, [BundleProblem(InputLocation(file: directory), "not a directory")])
        }
        for canonical in BundleFile.layers {
            if let found = located(canonical), found != canonical { bundle.fileNames[canonical] = found }
        }
        bundle.places = readPlaces(&problems)
        bundle.crossings = readCrossings(&problems)
        bundle.links = readLinks(&problems, nodes: Dictionary(
            bundle.places.map { ($0.id, $0.coordinate) } + bundle.crossings.map { ($0.id, $0.coordinate) },
            uniquingKeysWith: { first, _ in first }))
        bundle.provinces = readProvinces(&problems)
        bundle.countries = readBoundaries(BundleFile.countries, countryKeys: ["country"], &problems)
        bundle.borders = readBoundaries(BundleFile.borders, countryKeys: ["country_a", "country_b"], &problems)
        bundle.demand = readDemand(&problems)
        bundle.seizures = readSeizures(&problems)
        bundle.scenario = readScenario(&problems)
        bundle.gazetteer = readGazetteer(&problems)
        return (bundle, problems)
    }

    // MARK: Files

    private func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    private func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: path(file)) }

    /// Other formats a layer may come in, tried in this order when its canonical file
    /// (`places.csv`, `provinces.geojson`) is absent: `places.xlsx`, `provinces.gpkg`, ...
    static let alternateExtensions = ["xlsx", "ods", "gpkg", "shp", "shp.zip", "zip", "fgb", "kml", "kmz", "geojson", "json", "csv"]

    /// The file a layer is read from: its canonical name, else the same stem in another format.
    private func located(_ file: String) -> String? {
        if exists(file) { return file }
        let stem = (file as NSString).deletingPathExtension
        return Self.alternateExtensions.lazy.map { stem + "." + $0 }.first { exists($0) }
    }

    /// Whether our own reader reads `file` (CSV, GeoJSON), or GDAL.
    private static func isOwnFormat(_ file: String) -> Bool {
        ["csv", "geojson", "json"].contains((file as NSString).pathExtension.lowercased())
    }

    /// A table GDAL reads (a sheet, a GeoPackage, a Shapefile...), as the CSV our table reader
    /// takes: its fields, plus `lon`/`lat` from point geometries and `geometry` as WKT from
    /// lines, in WGS 84, when the table has no such columns. A sheet's line numbers are its rows.
    private func tableThroughGDAL(_ name: String) throws(InputError) -> [UInt8] {
        let layer = try firstLayer(name)
        var columns = layer.fields
        let points = layer.features.contains { if case .point = $0.geometry { true } else { false } }
        let lines = layer.features.contains { if case .lineString = $0.geometry { true } else { false } }
        if points && !columns.contains("lon") { columns += ["lon", "lat"] }
        if lines && !columns.contains("geometry") { columns.append("geometry") }
        var text = columns.map(Self.csvQuoted).joined(separator: ",") + "\n"
        for f in layer.features {
            var cells = layer.fields.map { key -> String in
                guard let v = f.properties[key] else { return "" }
                return Self.csvQuoted(v.stringValue ?? (v.doubleValue.map { $0.formatted6 } ?? ""))
            }
            switch f.geometry {
            case let .point(c)? where columns.count > layer.fields.count && columns.contains("lat"):
                cells += [c.lon.formatted6, c.lat.formatted6]
            case let .lineString(cs)? where columns.last == "geometry":
                cells.append(Self.csvQuoted("LINESTRING (" + cs.map { "\($0.lon.formatted6) \($0.lat.formatted6)" }.joined(separator: ", ") + ")"))
            default:
                cells += Array(repeating: "", count: columns.count - layer.fields.count)
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }

    /// The first layer of a file GDAL reads, geometries in WGS 84 lon/lat.
    private func firstLayer(_ name: String) throws(InputError) -> VectorLayer {
        let file: VectorFile
        do {
            file = try VectorFile.read(path: path(name), geos: geos)
        } catch {
            throw InputError(InputLocation(file: name), "\(error.operation): \(error.message)")
        }
        guard var layer = file.layers.first else { throw InputError(InputLocation(file: name), "holds no layer") }
        if let crs = layer.crs, !layer.isWGS84 {
            let transformer: CoordinateTransformer
            do {
                transformer = try coordinates.transformer(from: crs)
            } catch {
                throw InputError(InputLocation(file: name, field: "crs"), "\(error)")
            }
            for i in layer.features.indices {
                guard let g = layer.features[i].geometry else { continue }
                do {
                    layer.features[i].geometry = try g.mapCoordinates { c throws(PROJError) in try transformer.transform(c) }
                } catch {
                    throw InputError(InputLocation(file: name, feature: i, field: "geometry"), "cannot transform: \(error)")
                }
            }
        }
        return layer
    }

    private static func csvQuoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Opens a CSV file; a missing required file or column is one problem and no rows.
    private func open(_ file: String, required columns: [String], mandatory: Bool,
                      _ problems: inout [BundleProblem]) -> CSVTable? {
        guard let name = located(file) else {
            if mandatory { problems.append(BundleProblem(InputLocation(file: file), "missing: every bundle needs this file")) }
            return nil
        }
        do {
            if Self.isOwnFormat(name) { return try CSVTable(path: path(name), name: name, required: columns, problems: &problems) }
            return try CSVTable(bytes: try tableThroughGDAL(name), name: name, required: columns)
        } catch {
            problems.append(BundleProblem(InputLocation(file: name, line: error.location.line, column: error.location.column,
                                                        feature: error.location.feature, field: error.location.field), error.message))
            return nil
        }
    }

    /// Two ASCII capitals (ISO 3166-1 alpha-2 shape; the code list itself is not checked).
    static func isCountryCode(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { (65...90).contains($0) }
    }

    private func country(_ table: inout CSVTable, _ column: String) -> String? {
        guard let code = table.required(column) else { return nil }
        guard Self.isCountryCode(code) else {
            table.report(column, "expected an ISO 3166-1 alpha-2 code such as VN, got \"\(code)\"")
            return nil
        }
        return code
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: "|").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    // MARK: places.csv

    private func readPlaces(_ problems: inout [BundleProblem]) -> [Place] {
        guard var t = open(BundleFile.places, required: ["id", "name", "kind", "country", "lon", "lat", "source"],
                           mandatory: true, &problems) else { return [] }
        var places: [Place] = []
        while t.next() {
            let id = t.required("id"), name = t.required("name")
            let kind = t.required("kind") != nil ? t.choice("kind", as: PlaceKind.self) : nil
            let source = t.required("source"), country = country(&t, "country")
            let c = coordinates.coordinate(&t)
            guard let id, let name, let kind, let source, let country, let c else { continue }
            places.append(Place(id: id, name: name, kind: kind, roles: Set(Self.list(t.text("roles"))), country: country,
                                province: t.text("province"), coordinate: c, aliases: Self.list(t.text("aliases")),
                                source: source, line: t.line))
        }
        problems += t.problems
        return places
    }

    // MARK: crossings.csv

    private func readCrossings(_ problems: inout [BundleProblem]) -> [Crossing] {
        guard var t = open(BundleFile.crossings,
                           required: ["id", "name", "country_a", "name_a", "country_b", "name_b", "type", "modes", "lon", "lat", "source"],
                           mandatory: false, &problems) else { return [] }
        var crossings: [Crossing] = []
        while t.next() {
            let id = t.required("id"), name = t.required("name"), source = t.required("source")
            let a = country(&t, "country_a"), b = country(&t, "country_b")
            let nameA = t.required("name_a"), nameB = t.required("name_b")
            var type: CrossingType?
            if let raw = t.required("type") {
                type = CrossingType(rawValue: raw)
                if type == nil {
                    t.report("type", "unknown crossing type \"\(raw)\" (expected \(CrossingType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            let modes = readModes(&t, "modes")
            if let a, let b, a == b { t.report("country_b", "a crossing joins two different countries; both are \(a)") }
            let c = coordinates.coordinate(&t)
            guard let id, let name, let source, let a, let b, a != b, let nameA, let nameB, let type, let modes, let c else { continue }
            crossings.append(Crossing(id: id, name: name, countryA: a, nameA: nameA, countryB: b, nameB: nameB, type: type,
                                      modes: modes, hours: t.text("hours"), coordinate: c,
                                      locationMethod: t.text("location_method"), site: t.text("site"), source: source, line: t.line))
        }
        problems += t.problems
        return crossings
    }

    private func readModes(_ t: inout CSVTable, _ column: String) -> [TransportMode]? {
        guard let raw = t.required(column) else { return nil }
        var modes: [TransportMode] = []
        for name in Self.list(raw) {
            guard let mode = TransportMode(rawValue: name) else {
                t.report(column, "unknown mode \"\(name)\" (expected \(TransportMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            modes.append(mode)
        }
        return modes.isEmpty ? nil : modes
    }

    // MARK: links.csv

    private func readLinks(_ problems: inout [BundleProblem], nodes: [String: Coordinate]) -> [Link] {
        guard var t = open(BundleFile.links, required: ["from", "to", "mode", "source"], mandatory: true, &problems) else { return [] }
        var links: [Link] = []
        while t.next() {
            let from = t.required("from"), to = t.required("to"), source = t.required("source")
            let modes = readModes(&t, "mode")
            if let modes, modes.count > 1 { t.report("mode", "one mode per link; split \(modes.map(\.rawValue).joined(separator: "|")) into one row each") }
            var directed = false
            switch t.text("directed").lowercased() {
            case "", "false", "0", "no": directed = false
            case "true", "1", "yes": directed = true
            case let other: t.report("directed", "expected true or false, got \"\(other)\"")
            }
            let geometry = readLineGeometry(&t)
            let givenKm = t.number("length_km", in: 0...40_075, optional: true)
            if let from, let to, from == to { t.report("to", "a link must join two different nodes; both ends are \(from)") }
            guard let from, let to, from != to, let source, let mode = modes?.first, modes?.count == 1 else { continue }
            let id = t.text("id").isEmpty ? "\(from)~\(to)~\(mode.rawValue)~\(t.line)" : t.text("id")
            let basis = t.choice("basis", as: LinkBasis.self)
            let stated = t.choice("length_method", as: LengthMethod.self)
            var metres = givenKm.map { $0 * 1000 }
            var method = stated ?? (givenKm == nil ? (geometry == nil ? .straightLine : .geometry) : .stated)
            if metres == nil {
                if [.roadDistance, .detourFactor, .stated].contains(method) {
                    t.report("length_km", "empty, but length_method \(method.rawValue) needs the length it stands for")
                }
                if method == .geometry, geometry == nil { t.report("length_method", "geometry, but the row has no geometry") }
                // Lengths missing from a link are measured geodesically along its geometry,
                // or between its ends when it has none.
                let vertices = geometry ?? [nodes[from], nodes[to]].compactMap { $0 }
                if vertices.count >= 2 { metres = try? geodesic.length(of: vertices) }
                method = geometry == nil ? .straightLine : .geometry
            }
            var link = Link(id: id, from: from, to: to, mode: mode, directed: directed, geometry: geometry,
                            lengthMetres: metres ?? .nan, lengthMethod: method, basis: basis, source: source, line: t.line)
            link.speedKmh = t.number("speed_kmh", in: 0.1...2000, optional: true)
            links.append(link)
        }
        problems += t.problems
        return links
    }

    /// A `geometry` column holding a WKT or GeoJSON LineString in lon/lat.
    private func readLineGeometry(_ t: inout CSVTable) -> [Coordinate]? {
        let text = t.text("geometry")
        guard !text.isEmpty else { return nil }
        do {
            let g = text.hasPrefix("{") ? try Geometry(geoJSONGeometry: text, context: geos) : try Geometry(wkt: text, context: geos)
            guard g.type == .lineString else {
                t.report("geometry", "expected a LineString, got a \(g.type.rawValue)")
                return nil
            }
            let cs = try g.coordinates()
            if let bad = cs.first(where: { !(-180...180).contains($0.lon) || !(-90...90).contains($0.lat) }) {
                t.report("geometry", "vertex \(bad) is outside lon/lat range")
                return nil
            }
            return cs
        } catch {
            t.report("geometry", "unreadable geometry: \(error)")
            return nil
        }
    }

    // MARK: GeoJSON layers

    /// A GeoJSON layer in WGS 84 lon/lat; one that declares another CRS in a legacy `crs`
    /// member is transformed with PROJ feature by feature.
    private func readCollection(_ canonical: String, _ problems: inout [BundleProblem]) -> GeoJSONFeatureCollection? {
        guard let file = located(canonical) else { return nil }
        if !Self.isOwnFormat(file) {
            do {
                let layer = try firstLayer(file)
                return GeoJSONFeatureCollection(features: layer.features.map { GeoJSONFeature(geometry: $0.geometry, properties: $0.properties) })
            } catch {
                problems.append(BundleProblem(error.location, error.message))
                return nil
            }
        }
        do {
            var collection = try GeoJSONReader.read(path: path(file)).asFeatureCollection
            if let crs = collection.declaredCRS {
                let transformer: CoordinateTransformer
                do {
                    transformer = try coordinates.transformer(from: crs)
                } catch {
                    problems.append(BundleProblem(InputLocation(file: file, field: "crs"), "\(error)"))
                    return nil
                }
                for i in collection.features.indices {
                    guard let g = collection.features[i].geometry else { continue }
                    do {
                        collection.features[i].geometry = try g.mapCoordinates { c throws(PROJError) in try transformer.transform(c) }
                    } catch {
                        problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "geometry"),
                                                      "cannot transform from \(crs): \(error)"))
                        collection.features[i].geometry = nil
                    }
                }
            }
            return collection
        } catch {
            problems.append(BundleProblem(InputLocation(file: file, line: error.location.line, column: error.location.column,
                                                        feature: error.location.feature, field: error.location.field), error.message))
            return nil
        }
    }

    private func property(_ f: GeoJSONFeature, _ key: String) -> String? {
        guard let v = f.properties?[key] else { return nil }
        return v.stringValue ?? v.doubleValue.map { $0.formatted6 }
    }

    private func readProvinces(_ problems: inout [BundleProblem]) -> [Province] {
        guard let collection = readCollection(BundleFile.provinces, &problems) else { return [] }
        let file = located(BundleFile.provinces) ?? BundleFile.provinces
        var provinces: [Province] = []
        for (i, f) in collection.features.enumerated() {
            var ok = true
            func need(_ key: String) -> String? {
                guard let v = property(f, key), !v.isEmpty else {
                    problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "properties.\(key)"), "missing; a value is required"))
                    ok = false
                    return nil
                }
                return v
            }
            let id = need("id"), name = need("name"), country = need("country"), _ = need("source")
            guard let geometry = polygonal(f, file: file, feature: i, &problems), ok,
                  let id, let name, let country else { continue }
            provinces.append(Province(id: id, name: name, country: country, aliases: Self.list(property(f, "aliases") ?? ""),
                                      geometry: geometry, feature: i))
        }
        return provinces
    }

    private func polygonal(_ f: GeoJSONFeature, file: String, feature i: Int, _ problems: inout [BundleProblem]) -> GeoJSONGeometry? {
        switch f.geometry {
        case let g? where g.typeName == "Polygon" || g.typeName == "MultiPolygon": return g
        case let g?:
            problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "geometry"), "expected a Polygon or MultiPolygon, got a \(g.typeName)"))
        case nil:
            problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "geometry"), "missing geometry"))
        }
        return nil
    }

    private func readBoundaries(_ canonical: String, countryKeys: [String], _ problems: inout [BundleProblem]) -> [BoundaryFeature] {
        guard let collection = readCollection(canonical, &problems) else { return [] }
        let file = located(canonical) ?? canonical
        var out: [BoundaryFeature] = []
        for (i, f) in collection.features.enumerated() {
            var countries: [String] = []
            for key in countryKeys {
                if let c = property(f, key), Self.isCountryCode(c) {
                    countries.append(c)
                } else {
                    problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "properties.\(key)"),
                                                  "expected an ISO 3166-1 alpha-2 code"))
                }
            }
            if property(f, "source")?.isEmpty ?? true {
                problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "properties.source"), "missing; a value is required"))
            }
            guard countries.count == countryKeys.count, let g = f.geometry else {
                if f.geometry == nil { problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "geometry"), "missing geometry")) }
                continue
            }
            var clip: Envelope?
            if let box = f.properties?["clip_bbox"] {
                let v = box.arrayValue?.compactMap(\.doubleValue) ?? []
                if v.count == 4 && v[0] < v[2] && v[1] < v[3] {
                    clip = Envelope(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
                } else {
                    problems.append(BundleProblem(InputLocation(file: file, feature: i, field: "properties.clip_bbox"),
                                                  "expected [min lon, min lat, max lon, max lat]"))
                }
            }
            out.append(BoundaryFeature(id: property(f, "id") ?? countries.joined(separator: "-"), countries: countries.sorted(),
                                       geometry: g, clipBox: clip, feature: i))
        }
        return out
    }

    // MARK: demand.csv, seizures.csv, gazetteer.csv

    private func readDemand(_ problems: inout [BundleProblem]) -> [DemandEntry] {
        guard var t = open(BundleFile.demand, required: ["target", "weight", "source"], mandatory: false, &problems) else { return [] }
        var out: [DemandEntry] = []
        while t.next() {
            let target = t.required("target"), weight = t.number("weight", in: 0...1e15), _ = t.required("source")
            guard let target, let weight else { continue }
            let basis = t.choice("basis", as: DemandBasis.self)
            out.append(DemandEntry(target: target, province: t.text("province"), weight: weight, basis: basis, line: t.line))
        }
        problems += t.problems
        return out
    }

    private func readSeizures(_ problems: inout [BundleProblem]) -> [SeizureRow] {
        guard let name = located(BundleFile.seizures) else { return [] }
        let (rows, found) = SeizureFileReader(coordinates: coordinates, geos: geos).read(path: path(name), name: name)
        problems += found
        return rows
    }

    /// YYYY, YYYY-MM or YYYY-MM-DD with a real month and day (leap years included).
    /// YYYY (1900 or later), YYYY-MM or YYYY-MM-DD, a real day; digits only.
    static func isISODate(_ text: String) -> Bool { SeizureDate.isoParts(text) != nil }

    private func readGazetteer(_ problems: inout [BundleProblem]) -> [GazetteerTown] {
        guard var t = open(BundleFile.gazetteer, required: ["geonameid", "name", "country", "lon", "lat", "source"],
                           mandatory: false, &problems) else { return [] }
        var towns: [(population: Double, town: GazetteerTown)] = []
        while t.next() {
            let id = t.required("geonameid"), name = t.required("name"), _ = t.required("source")
            let cc = country(&t, "country"), c = coordinates.coordinate(&t)
            guard let id, let name, let cc, let c else { continue }
            towns.append((Double(t.text("population")) ?? 0,
                          GazetteerTown(geonameID: id, name: name, country: cc, province: t.text("province"), coordinate: c,
                                        aliases: Self.list(t.text("aliases")))))
        }
        problems += t.problems
        // Most populous first, so a name shared by several towns resolves to the largest.
        return towns.enumerated().sorted { ($0.element.population, -$0.offset) > ($1.element.population, -$1.offset) }.map(\.element.town)
    }

    // MARK: scenario.yaml

    /// Reads a scenario file on its own (`analyze --scenario`), with the same checks.
    public static func scenario(path: String, overrides: [ScenarioOverride] = []) throws(InputError) -> Scenario {
        try ScenarioReader.read(path: path, file: path, overrides: overrides)
    }

    private func readScenario(_ problems: inout [BundleProblem]) -> Scenario? {
        guard exists(BundleFile.scenario) else { return nil }
        do {
            return try ScenarioReader.read(path: path(BundleFile.scenario), file: BundleFile.scenario)
        } catch {
            problems.append(error)
            return nil
        }
    }
}
