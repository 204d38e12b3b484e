import ChokepointGeo
import ChokepointGraph
import ChokepointSupport
import Foundation

/// Checks a bundle that `BundleReader` has read: references, geography and connectivity.
/// Every problem names its file, row or feature, and field; a bundle is clean when the
/// reader and the validator together report none.
///
/// Distances in metres are geodesic (WGS 84, geodesic.h) from a point to the nearest point
/// GEOS finds in lon/lat space. That point is on the geometry, so the distance is never
/// less than the true shortest geodesic distance: a "within" check that passes is right,
/// and one that fails by a hair errs on the side of a report.
public struct BundleValidator {
    public struct Tolerances: Sendable {
        /// How far a crossing may lie from the shared border of its two countries.
        public var crossingToBorderMetres = 5_000.0
        /// How far a place may lie outside its country or province polygon: the outlines are
        /// generalised (1:1M, 1:10M), so coastal and border towns fall just outside.
        public var placeOutsideAreaMetres = 5_000.0
        /// How close two crossings may lie unless their rows name one `site`: closer than
        /// this, the evidence kernel (10 km) and the snapper cannot tell them apart, and a
        /// copied position is the usual cause.
        public var sameSiteMetres = 1_000.0
        /// A link's stated length may not be shorter than this fraction of the geodesic
        /// between its ends: node positions are town centres, so a road distance measured
        /// from a town's edge may fall a little short, but not by a tenth.
        public var linkShorterThanStraightFraction = 0.9
        /// How far a link's geometry may end from the node it names.
        public var linkEndToNodeMetres = 1_000.0
        /// Buffer (degrees) within which two country outlines are taken to share a border when
        /// the bundle has no borders.geojson.
        public var sharedBorderDegrees = 0.01
        public init() {}
    }

    public var tolerances = Tolerances()
    private let geos: GEOSContext
    private let geodesic = Geodesic.wgs84

    public init(geos: GEOSContext) {
        self.geos = geos
    }

    public func validate(_ bundle: NetworkBundle) -> [BundleProblem] {
        var problems: [BundleProblem] = []
        checkIdentifiers(bundle, &problems)
        // One index for every check that resolves a place name: building it folds every name.
        let names = NameIndex(bundle: bundle)
        checkReferences(bundle, names, &problems)
        checkModes(bundle, &problems)
        checkSeizureRecords(bundle, names, &problems)
        checkSeizureDuplicates(bundle, names, &problems)
        do {
            try checkGeography(bundle, &problems)
        } catch {
            problems.append(BundleProblem(InputLocation(file: bundle.directory), "geometry check failed: \(error)"))
        }
        checkReachability(bundle, &problems)
        return problems
    }

    // MARK: Identifiers and references

    private func checkIdentifiers(_ b: NetworkBundle, _ problems: inout [BundleProblem]) {
        var seen: [String: String] = [:]
        for p in b.places {
            if let first = seen[p.id] {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.places), line: p.line, field: "id"), "id \(p.id) is already used (\(first))"))
            } else { seen[p.id] = "\(b.fileName(BundleFile.places)):\(p.line)" }
        }
        for c in b.crossings {
            if let first = seen[c.id] {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.crossings), line: c.line, field: "id"), "id \(c.id) is already used (\(first))"))
            } else { seen[c.id] = "\(b.fileName(BundleFile.crossings)):\(c.line)" }
        }
        var links: [String: Int] = [:]
        for l in b.links {
            if let first = links[l.id] {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.links), line: l.line, field: "id"), "id \(l.id) is already used (line \(first))"))
            } else { links[l.id] = l.line }
        }
        var provinces: [String: Int] = [:]
        for p in b.provinces {
            if seen[p.id] != nil {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.provinces), feature: p.feature, field: "properties.id"),
                                              "id \(p.id) is also a node id (\(seen[p.id] ?? "")); a seizure or demand row naming it would be ambiguous"))
            }
            if let first = provinces[p.id] {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.provinces), feature: p.feature, field: "properties.id"),
                                              "id \(p.id) is already used (feature \(first))"))
            } else { provinces[p.id] = p.feature }
        }
    }

    private func checkReferences(_ b: NetworkBundle, _ names: NameIndex, _ problems: inout [BundleProblem]) {
        let nodes = Set(b.nodeIDs)
        for l in b.links {
            for (field, id) in [("from", l.from), ("to", l.to)] where !nodes.contains(id) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.links), line: l.line, field: field),
                                              "unknown node \(id) (not in \(b.fileName(BundleFile.places)) or \(b.fileName(BundleFile.crossings)))"))
            }
            if l.lengthMetres.isNaN && nodes.contains(l.from) && nodes.contains(l.to) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.links), line: l.line, field: "length_km"), "length unknown and not computable"))
            }
        }
        if !b.provinces.isEmpty {
            let provinces = Set(b.provinces.map(\.id))
            for p in b.places where !p.province.isEmpty && !provinces.contains(p.province) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.places), line: p.line, field: "province"),
                                              "unknown province \(p.province) (not in \(b.fileName(BundleFile.provinces)))"))
            }
        }
        let provinceIDs = Set(b.provinces.map(\.id))
        for d in b.demand {
            if !nodes.contains(d.target) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.demand), line: d.line, field: "target"), "unknown node \(d.target)"))
            }
            if !d.province.isEmpty && !b.provinces.isEmpty && !provinceIDs.contains(d.province) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.demand), line: d.line, field: "province"), "unknown province \(d.province)"))
            }
        }
        if let s = b.scenario {
            for id in s.sources where !nodes.contains(id) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.scenario), field: "sources"), "unknown node \(id)"))
            }
            for id in s.targets where !nodes.contains(id) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.scenario), field: "targets"), "unknown node \(id)"))
            }
            let countryOf = s.markets.isEmpty ? [:] : Dictionary(b.places.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
            let targetCountries = Set((s.targetsFile != nil ? b.demand.map(\.target) : s.targets).compactMap { countryOf[$0] })
            for market in s.markets where !targetCountries.contains(market) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.scenario), field: "markets"),
                                              "\(market) has no target among the scenario's demand: the scenario would route nothing there"))
            }
            if let file = s.targetsFile, file != b.fileName(BundleFile.demand) {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.scenario), field: "targets"),
                                              "names \(file); a bundle's demand table is \(b.fileName(BundleFile.demand))"))
            } else if s.targetsFile != nil && b.demand.isEmpty {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.scenario), field: "targets"),
                                              "names \(b.fileName(BundleFile.demand)), which is missing or has no valid rows"))
            }
        }
        for s in b.seizures {
            for place in s.places where names.resolve(place) == nil {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.seizures), line: s.line, field: "place"),
                                              "unknown place \"\(place)\" (not a node, province or country id, nor a name or alias of one)"))
            }
        }
    }

    /// A link's mode must be one its ends can take: a crossing lists its modes; air, sea and
    /// postal lanes enter and leave through gateways of their kind (airports, sea ports,
    /// postal hubs), where customs watch them.
    private func checkModes(_ b: NetworkBundle, _ problems: inout [BundleProblem]) {
        let crossings = Dictionary(b.crossings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let places = Dictionary(b.places.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for l in b.links {
            for (field, id) in [("from", l.from), ("to", l.to)] {
                if let c = crossings[id], !c.modes.contains(l.mode) {
                    problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.links), line: l.line, field: "mode"),
                                                  "\(l.mode.rawValue) link into crossing \(id), which allows only \(c.modes.map(\.rawValue).joined(separator: "|"))"))
                }
                if let gateway = GatewayKind.forLane(l.mode), let p = places[id], p.kind.gateway != gateway {
                    problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.links), line: l.line, field: field),
                                                  "\(l.mode.rawValue) lane at \(id), which is a \(p.kind.rawValue), not a \(gateway.rawValue): lanes enter and leave through a place of kind \(gateway.rawValue)"))
                }
            }
        }
    }

    // MARK: Seizures

    /// Each row as the seizure ingest reads it (`SeizureNormaliser`): a known commodity and
    /// mode, and a location precision no finer than the place it resolved to, so that a bundle
    /// `validate` calls clean is one whose every record reaches the evidence. Dates and units
    /// are the reader's to report and places `checkReferences`', so only the fields the ingest
    /// alone checks are taken from it.
    private func checkSeizureRecords(_ b: NetworkBundle, _ names: NameIndex, _ problems: inout [BundleProblem]) {
        let reportedElsewhere: Set<String> = ["date", "unit", "place"]
        let normaliser = SeizureNormaliser(bundle: b, names: names, conversion: b.scenario?.conversion ?? AmountConversion())
        let found = normaliser.normalise(b.seizures, file: b.fileName(BundleFile.seizures)).problems
        problems += found.filter { !reportedElsewhere.contains($0.location.field ?? "") }
    }

    /// The same event entered twice (same id, or same date, place, commodity and amount once
    /// names are resolved). Near-duplicates from two agencies (dates a few days apart, amounts
    /// rounded) are merged by the seizure ingest, which reports each merge.
    private func checkSeizureDuplicates(_ b: NetworkBundle, _ names: NameIndex, _ problems: inout [BundleProblem]) {
        var ids: [String: Int] = [:]
        var records: [String: (id: String, line: Int)] = [:]
        let asOf = b.scenario?.evidence.referenceDay
        for s in b.seizures {
            if let asOf, let date = SeizureDate(s.date, precision: s.datePrecision), date.firstDay > asOf {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.seizures), line: s.line, field: "date"),
                                              "dated \(s.date), after the evidence's reference date \(SeizureDate.isoDate(dayNumber: asOf)) (scenario evidence.as_of)"))
            }
            if let first = ids[s.id] {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.seizures), line: s.line, field: "id"), "id \(s.id) is already used (line \(first))"))
            } else { ids[s.id] = s.line }
            let whereKey = s.coordinate.map { String(format: "%.5f,%.5f", $0.lon, $0.lat) } ?? s.places.map { names.resolve($0).map { "\($0)" } ?? $0 }.sorted().joined(separator: "|")
            let key = [s.date, whereKey, s.commodity.lowercased(), s.amount.formatted6, s.unit.lowercased()].joined(separator: "\u{1F}")
            if let first = records[key] {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.seizures), line: s.line),
                                              "duplicate of \(first.id) (line \(first.line)): same date, place, commodity and amount"))
            } else { records[key] = (s.id, s.line) }
        }
    }

    // MARK: Geography

    private func checkGeography(_ b: NetworkBundle, _ problems: inout [BundleProblem]) throws {
        var countries: [String: Geometry] = [:]
        var clipBoxes: [String: Envelope] = [:]
        for c in b.countries {
            if let box = c.clipBox, let code = c.countries.first { clipBoxes[code] = box }
            let g = try checkedPolygon(c.geometry, file: b.fileName(BundleFile.countries), feature: c.feature, &problems)
            if let code = c.countries.first { countries[code] = try countries[code].map { try $0.union(g) } ?? g }
        }
        var provinces: [String: PreparedGeometry] = [:]
        for p in b.provinces {
            provinces[p.id] = try PreparedGeometry(try checkedPolygon(p.geometry, file: b.fileName(BundleFile.provinces), feature: p.feature, &problems))
        }
        // Prepared once: each place's covers test is then a lookup, not a topology graph.
        let preparedCountries = try countries.mapValues { try PreparedGeometry($0) }
        for p in b.places {
            if let box = clipBoxes[p.country], !box.contains(p.coordinate) { continue }
            try checkInside(p.coordinate, areaName: "country \(p.country)", area: preparedCountries[p.country],
                            InputLocation(file: b.fileName(BundleFile.places), line: p.line, field: "lon"), &problems)
            if !p.province.isEmpty {
                try checkInside(p.coordinate, areaName: "province \(p.province)", area: provinces[p.province],
                                InputLocation(file: b.fileName(BundleFile.places), line: p.line, field: "province"), &problems)
            }
        }
        try checkCrossings(b, countries: countries, &problems)
        try checkSharedPositions(b, &problems)
        try checkLinkGeometry(b, &problems)
        try checkLinkLengths(b, &problems)
    }

    /// The polygon as a GEOS geometry; an invalid one is reported (with GEOS's reason) and
    /// repaired in memory so the other checks can go on.
    private func checkedPolygon(_ value: GeoJSONGeometry, file: String, feature: Int, _ problems: inout [BundleProblem]) throws -> Geometry {
        let g = try Geometry(value, context: geos)
        if try !g.isValid {
            problems.append(BundleProblem(InputLocation(file: file, feature: feature, field: "geometry"),
                                          "invalid polygon: \(try g.validityReason()) (chokepoint validate --fix repairs it with GEOS MakeValid)"))
            return try g.makeValid()
        }
        return g
    }

    private func checkInside(_ c: Coordinate, areaName: String, area: PreparedGeometry?, _ location: InputLocation,
                             _ problems: inout [BundleProblem]) throws {
        guard let area else { return }
        let metres = try distance(from: c, to: area)
        guard metres > tolerances.placeOutsideAreaMetres else { return }
        var message = "(\(c.lon.formatted6), \(c.lat.formatted6)) lies \(Self.km(metres)) outside \(areaName)"
        if (-180...180).contains(c.lat), (-90...90).contains(c.lon),
           try distance(from: Coordinate(lon: c.lat, lat: c.lon), to: area) <= tolerances.placeOutsideAreaMetres {
            message += "; with lon and lat swapped it would lie inside: the columns look swapped"
        }
        problems.append(BundleProblem(location, message))
    }

    private func checkCrossings(_ b: NetworkBundle, countries: [String: Geometry], _ problems: inout [BundleProblem]) throws {
        var borders: [[String]: Geometry] = [:]
        for f in b.borders {
            let g = try Geometry(f.geometry, context: geos)
            borders[f.countries] = try borders[f.countries].map { try $0.union(g) } ?? g
        }
        for c in b.crossings {
            let pair = [c.countryA, c.countryB].sorted()
            var border = borders[pair]
            if border == nil, b.borders.isEmpty, let a = countries[pair[0]], let other = countries[pair[1]] {
                // No borders layer: derive the shared border from the two outlines, once.
                let line = try a.boundary().intersection(try other.buffer(tolerances.sharedBorderDegrees))
                if !line.isEmpty { border = line; borders[pair] = line }
            }
            let location = InputLocation(file: b.fileName(BundleFile.crossings), line: c.line, field: "lon")
            guard let border else {
                if !b.borders.isEmpty || (countries[pair[0]] != nil && countries[pair[1]] != nil) {
                    problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.crossings), line: c.line, field: "country_b"),
                                                  "\(pair[0]) and \(pair[1]) share no border in this bundle"))
                }
                continue
            }
            let metres = try distance(from: c.coordinate, toLine: border)
            if metres > tolerances.crossingToBorderMetres {
                problems.append(BundleProblem(location, "crossing lies \(Self.km(metres)) from the \(pair[0])–\(pair[1]) border (at most \(Self.km(tolerances.crossingToBorderMetres)) allowed)"))
            }
        }
    }

    /// Two crossings closer than `sameSiteMetres` must say they are one site (the same
    /// non-empty `site`). Crossings are swept in order of latitude, so only pairs within the
    /// tolerance's latitude band are measured: O(n log n + pairs in a band).
    private func checkSharedPositions(_ b: NetworkBundle, _ problems: inout [BundleProblem]) throws {
        let band = tolerances.sameSiteMetres / 110_574  // metres per degree of latitude, at its smallest
        let order = b.crossings.indices.sorted {
            (b.crossings[$0].coordinate.lat, $0) < (b.crossings[$1].coordinate.lat, $1)
        }
        var reported: [(Int, Int)] = []
        for (k, i) in order.enumerated() {
            let a = b.crossings[i]
            for j in order[(k + 1)...] {
                let other = b.crossings[j]
                if other.coordinate.lat - a.coordinate.lat > band { break }
                if !a.site.isEmpty, a.site == other.site { continue }
                let metres = try geodesic.distance(from: a.coordinate, to: other.coordinate)
                if metres < tolerances.sameSiteMetres { reported.append((min(i, j), max(i, j))) }
            }
        }
        // Reported at the later row, in file order.
        for (i, j) in reported.sorted(by: { ($0.1, $0.0) < ($1.1, $1.0) }) {
            let (first, second) = (b.crossings[i], b.crossings[j])
            let metres = try geodesic.distance(from: first.coordinate, to: second.coordinate)
            problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.crossings), line: second.line, field: "lon"),
                                          "crossing \(second.id) lies \(String(format: "%.2f km", metres / 1000)) from \(first.id) (line \(first.line)); two crossings closer than \(Self.km(tolerances.sameSiteMetres)) must name the same site in their \"site\" column, or one position was copied"))
        }
    }

    private func checkLinkGeometry(_ b: NetworkBundle, _ problems: inout [BundleProblem]) throws {
        let nodes = Dictionary(b.places.map { ($0.id, $0.coordinate) } + b.crossings.map { ($0.id, $0.coordinate) },
                               uniquingKeysWith: { a, _ in a })
        for l in b.links {
            guard let g = l.geometry, let first = g.first, let last = g.last,
                  let from = nodes[l.from], let to = nodes[l.to] else { continue }
            // Either orientation is fine: an undirected link may be drawn either way.
            let forward = max(try geodesic.distance(from: first, to: from), try geodesic.distance(from: last, to: to))
            let backward = max(try geodesic.distance(from: first, to: to), try geodesic.distance(from: last, to: from))
            let gap = min(forward, backward)
            if gap > tolerances.linkEndToNodeMetres {
                problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.links), line: l.line, field: "geometry"),
                                              "geometry ends \(Self.km(gap)) from its nodes \(l.from) and \(l.to) (at most \(Self.km(tolerances.linkEndToNodeMetres)))"))
            }
        }
    }

    /// A stated length cannot be much shorter than the straight line between the ends (a
    /// figure for another leg, or miles read as km), and one labelled `straight-line` must be it.
    private func checkLinkLengths(_ b: NetworkBundle, _ problems: inout [BundleProblem]) throws {
        let nodes = Dictionary(b.places.map { ($0.id, $0.coordinate) } + b.crossings.map { ($0.id, $0.coordinate) },
                               uniquingKeysWith: { a, _ in a })
        for l in b.links where l.lengthMetres.isFinite {
            guard let from = nodes[l.from], let to = nodes[l.to] else { continue }
            let straight = try geodesic.distance(from: from, to: to)
            let location = InputLocation(file: b.fileName(BundleFile.links), line: l.line, field: "length_km")
            if l.lengthMetres < tolerances.linkShorterThanStraightFraction * straight {
                problems.append(BundleProblem(location, "\(Self.km(l.lengthMetres)) is shorter than the straight line between \(l.from) and \(l.to) (\(Self.km(straight))); a route cannot be"))
            } else if l.lengthMethod == .straightLine, abs(l.lengthMetres - straight) > max(0.01 * straight, 100) {
                problems.append(BundleProblem(location, "length_method straight-line, but \(Self.km(l.lengthMetres)) is not the straight line between \(l.from) and \(l.to) (\(Self.km(straight)))"))
            }
        }
    }

    /// Geodesic metres from `c` to the nearest point of `area` found by GEOS; 0 inside.
    private func distance(from c: Coordinate, to area: PreparedGeometry) throws -> Double {
        let point = try Geometry.point(c, context: geos)
        if try area.covers(point) { return 0 }
        let (nearest, _) = try area.geometry.nearestPoints(to: point)
        return try geodesic.distance(from: c, to: nearest)
    }

    /// Geodesic metres from `c` to the nearest point of the line `border` found by GEOS.
    private func distance(from c: Coordinate, toLine border: Geometry) throws -> Double {
        let (nearest, _) = try border.nearestPoints(to: try Geometry.point(c, context: geos))
        return try geodesic.distance(from: c, to: nearest)
    }

    static func km(_ metres: Double) -> String {
        String(format: "%.1f km", metres / 1000)
    }

    // MARK: Reachability

    /// Every node must be reachable from a scenario source along links (in their direction):
    /// a part no source reaches carries no flow and hides a data error.
    private func checkReachability(_ b: NetworkBundle, _ problems: inout [BundleProblem]) {
        guard let scenario = b.scenario else { return }
        let ids = b.nodeIDs
        // Duplicate ids are reported already and make "which node" ambiguous: skip.
        guard Set(ids).count == ids.count else { return }
        var index: [String: Int32] = [:]
        for (i, id) in ids.enumerated() where index[id] == nil { index[id] = Int32(i) }
        var edges: [(from: Int32, to: Int32, directed: Bool)] = []
        for l in b.links {
            guard let u = index[l.from], let v = index[l.to] else { continue }
            edges.append((u, v, l.directed))
        }
        guard let graph = try? Graph(nodeIDs: ids, edges: edges),
              let weighted = try? graph.weighted(weights: Array(repeating: 1, count: edges.count)) else {
            problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.links)), "the network graph could not be built"))
            return
        }
        var reached = Array(repeating: false, count: ids.count)
        for source in scenario.sources {
            guard let s = index[source] else { continue }
            let tree = weighted.dijkstra(from: s)
            for (v, d) in tree.distance.enumerated() where d.isFinite { reached[v] = true }
        }
        for (i, place) in b.places.enumerated() where !reached[i] {
            problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.places), line: place.line, field: "id"),
                                          "no scenario source reaches \(place.id) along the links"))
        }
        for (j, crossing) in b.crossings.enumerated() where !reached[b.crossingNode(j)] {
            problems.append(BundleProblem(InputLocation(file: b.fileName(BundleFile.crossings), line: crossing.line, field: "id"),
                                          "no scenario source reaches \(crossing.id) along the links"))
        }
    }
}
