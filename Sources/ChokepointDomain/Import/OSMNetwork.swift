import ChokepointGeo
import ChokepointSupport
import Foundation

/// A network bundle built from an OpenStreetMap extract (XML or PBF, read by GDAL's OSM
/// driver): `chokepoint network from-osm`.
///
/// - Links: drivable highways by class (motorway … residential, with the class's speed,
///   slower on unpaved surfaces; `oneway` honoured), tracks and paths as trails, `route=ferry`
///   as river lanes (sea lanes when longer than `seaFerryKm`, their ends sea ports), railways.
///   A way is cut where it meets another way (a vertex two ways share: GDAL's OSM driver gives
///   ways as coordinates, and a shared OSM node gives the same coordinate), then chains
///   through nodes only two links of one kind meet at are merged back, keeping their real
///   geometry and geodesic length.
/// - Crossings: a `barrier=border_control` node on the network is an official gate (`main`)
///   between its country and the nearest other within 5 km; where a link runs from one
///   country into another with no gate within 5 km of the border, a crossing is made where
///   it meets the border: `secondary` on a road or railway, `unofficial-known` on a trail or
///   ferry (so unofficial crossings appear where paths cross with no control). Crossings
///   within 1 km of each other are one `site`.
/// - Towns: every `place=city|town|village` goes into the gazetteer; one within `townKm` of
///   the network becomes a node joined to it by a modelled road.
/// - Countries and provinces come from the boundary layers given (a bundle's countries,
///   borders and provinces); nodes outside every country are dropped. Only the connected
///   part that holds the first source (or, without sources, the largest) is kept, so that
///   the bundle passes `validate`.
///
/// - Complexity: O(V log V) over the extract's way vertices, plus GEOS point-in-polygon
///   tests per node and intersections per border-crossing link.
public struct OSMNetwork {
    public struct Options: Sendable {
        /// km/h by OSM class (`highway=*`, `rail`, `ferry`); documented in README.
        public var speeds: [String: Double] = OSMNetwork.defaultSpeeds
        /// Factor on a road's speed when its `surface` is unpaved.
        public var unpavedFactor = 0.6
        /// A ferry longer than this is a sea lane.
        public var seaFerryKm = 30.0
        /// How close a town must be to the network to be a node of it.
        public var townKm = 2.0
        /// Place names (or node ids) the scenario routes from and to (weight 1 each).
        public var sources: [String] = []
        public var targets: [String] = []
        public init() {}
    }

    /// What the build kept and dropped, for the command's summary.
    public struct Summary: Sendable {
        public var ways = 0
        public var links = 0
        public var nodes = 0
        public var crossings = 0
        public var towns = 0
        public var droppedOutside = 0
        public var droppedDisconnected = 0
    }

    public static let defaultSpeeds: [String: Double] = [
        "motorway": 90, "motorway_link": 50, "trunk": 70, "trunk_link": 40, "primary": 60, "primary_link": 40,
        "secondary": 50, "secondary_link": 35, "tertiary": 40, "tertiary_link": 30, "unclassified": 30, "road": 30,
        "residential": 25, "living_street": 10, "service": 15,
        "track": 12, "path": 4, "footway": 4, "bridleway": 4, "steps": 2, "cycleway": 4,
        "rail": 50, "ferry": 15,
    ]
    static let trailClasses: Set<String> = ["track", "path", "footway", "bridleway", "steps", "cycleway"]
    static let unpaved: Set<String> = ["unpaved", "dirt", "earth", "ground", "gravel", "fine_gravel", "sand", "mud", "grass", "compacted", "pebblestone"]

    public let bundle: NetworkBundle
    public let summary: Summary
    /// Each gazetteer town's population (OSM `population`, 0 when not tagged), in order.
    public let populations: [Int]

    /// An OSM way as a candidate link: its vertices, mode, class, speed, direction.
    struct Way {
        var id: String
        var name: String
        var mode: TransportMode
        var osmClass: String
        var speed: Double
        /// true: one way, in vertex order.
        var oneway: Bool
        var vertices: [Coordinate]
    }

    /// A vertex's identity: its position in OSM's own units, 10⁻⁷ degree. GDAL gives the
    /// same node slightly different doubles from XML and from PBF, and in PBF a tagged node's
    /// point and the way vertex it is can differ in the last bit.
    struct Key: Hashable, Comparable {
        var lon: Int64
        var lat: Int64
        init(_ c: Coordinate) {
            lon = Int64((c.lon * 1e7).rounded())
            lat = Int64((c.lat * 1e7).rounded())
        }
        var coordinate: Coordinate { Coordinate(lon: Double(lon) / 1e7, lat: Double(lat) / 1e7) }
        static func < (a: Key, b: Key) -> Bool { (a.lat, a.lon) < (b.lat, b.lon) }
    }

    public init(extract path: String, boundaries: NetworkBundle, options: Options = Options(), geos: GEOSContext) throws {
        let file = try VectorFile.read(path: path, geos: geos)
        let points = file.layers.first { $0.name == "points" }?.features ?? []
        let lines = file.layers.first { $0.name == "lines" }?.features ?? []
        var summary = Summary()
        let ways = Self.ways(lines, options: options)
        summary.ways = ways.count
        let gates = Set(points.filter { Self.tag($0, "barrier") == "border_control" }.compactMap { f -> Key? in
            if case let .point(c)? = f.geometry { return Key(c) } else { return nil }
        })
        var b = NetworkBundle(directory: "")
        b.countries = boundaries.countries
        b.borders = boundaries.borders
        b.provinces = boundaries.provinces
        let areas = try Areas(boundaries, geos: geos)
        // Split every way where it meets another (or at a gate), then merge chains back.
        let segments = Self.split(ways, stops: gates)
        var edges = Self.mergeChains(segments, keep: gates)
        // Every node's country and province; links leaving the countries are dropped.
        var nodeKeys = Set<Key>()
        for e in edges { nodeKeys.insert(Key(e.vertices[0])); nodeKeys.insert(Key(e.vertices[e.vertices.count - 1])) }
        var located: [Key: (country: String, province: String)] = [:]
        for key in nodeKeys.sorted() {
            if let at = try areas.locate(key.coordinate) { located[key] = at }
        }
        let before = edges.count
        edges.removeAll { located[Key($0.vertices[0])] == nil || located[Key($0.vertices[$0.vertices.count - 1])] == nil }
        summary.droppedOutside = before - edges.count
        // Nodes: a junction per end, a crossing per gate.
        func nodeID(_ key: Key) -> String {
            String(format: "j%.7f_%.7f", key.coordinate.lat, key.coordinate.lon)
        }
        var crossings: [Crossing] = []
        var crossingAt: [Key: String] = [:]
        for key in gates.sorted() where located[key] != nil && edges.contains(where: { Key($0.vertices[0]) == key || Key($0.vertices[$0.vertices.count - 1]) == key }) {
            let c = key.coordinate
            guard let here = located[key], let other = try areas.nearestOtherCountry(c, than: here.country, withinMetres: 5_000) else { continue }
            let id = "x-osm-" + nodeID(key)
            crossingAt[key] = id
            crossings.append(
                Crossing(
                    id: id, name: points.first { Key(Self.point($0) ?? c) == key }.map { Self.tag($0, "name") }.flatMap { $0.isEmpty ? nil : $0 }
                        ?? "Border control \(here.country)–\(other)",
                    countryA: here.country, nameA: "", countryB: other, nameB: "", type: .main, modes: [], hours: "", coordinate: c,
                    locationMethod: "source", source: "OpenStreetMap node with barrier=border_control (ODbL)", line: 0))
        }
        // Links that run from one country into another away from a gate: a crossing where
        // they meet the border.
        var finalEdges: [Edge] = []
        for e in edges {
            let a = Key(e.vertices[0]), z = Key(e.vertices[e.vertices.count - 1])
            guard let ca = located[a]?.country, let cz = located[z]?.country, ca != cz else {
                finalEdges.append(e)
                continue
            }
            let gated = try [a, z].contains { k in
                guard crossingAt[k] != nil else { return false }
                return try areas.distanceToBorder(k.coordinate, ca, cz) <= 5_000
            }
            guard !gated, let (cut, at) = try areas.borderCut(e.vertices, ca, cz) else {
                finalEdges.append(e)
                continue
            }
            let key = Key(at)
            let trailLike = e.mode == .trail || e.mode == .river
            let id = "x-osm-" + nodeID(key)
            crossingAt[key] = id
            crossings.append(
                Crossing(
                    id: id, name: "\(e.name.isEmpty ? (trailLike ? "Path" : "Road") : e.name) at the \(ca)–\(cz) border",
                    countryA: ca, nameA: "", countryB: cz, nameB: "", type: trailLike ? .unofficialKnown : .secondary, modes: [],
                    hours: "", coordinate: at, locationMethod: "estimated:osm-way-meets-border",
                    source: "OpenStreetMap way \(e.id) crosses the \(ca)–\(cz) border with no border_control within 5 km (ODbL)", line: 0))
            var first = e, second = e
            first.vertices = Array(e.vertices[...cut]) + [at]
            second.vertices = [at] + Array(e.vertices[(cut + 1)...])
            finalEdges += [first, second]
        }
        edges = finalEdges
        // Places: junctions, then towns near the network; links; crossings' modes.
        var places: [Place] = []
        var seen = Set<String>()
        for e in edges {
            for v in [e.vertices[0], e.vertices[e.vertices.count - 1]] {
                let key = Key(v)
                guard crossingAt[key] == nil, seen.insert(nodeID(key)).inserted, let at = located[key] else { continue }
                places.append(Place(id: nodeID(key), name: "junction", kind: .junction, roles: [], country: at.country, province: at.province,
                                    coordinate: v, aliases: [], source: "OpenStreetMap (ODbL): where ways meet", line: 0))
            }
        }
        places.sort { $0.id < $1.id }
        crossings.sort { $0.id < $1.id }
        var links: [Link] = []
        var modesAt: [String: Set<TransportMode>] = [:]
        for e in edges.sorted(by: { ($0.id, Key($0.vertices[0])) < ($1.id, Key($1.vertices[0])) }) {
            let from = crossingAt[Key(e.vertices[0])] ?? nodeID(Key(e.vertices[0]))
            let to = crossingAt[Key(e.vertices[e.vertices.count - 1])] ?? nodeID(Key(e.vertices[e.vertices.count - 1]))
            guard from != to else { continue }
            let metres = try Geodesic.wgs84.length(of: e.vertices)
            let mode: TransportMode = e.mode == .river && metres > options.seaFerryKm * 1000 ? .sea : e.mode
            var link = Link(
                id: "osm-\(e.id)-\(links.count + 1)", from: from, to: to, mode: mode, directed: e.oneway, geometry: e.vertices,
                lengthMetres: metres, lengthMethod: .geometry, basis: .observed,
                source: "OpenStreetMap way \(e.id) (\(e.osmClass)), © OpenStreetMap contributors, ODbL", line: 0)
            link.speedKmh = e.speed
            links.append(link)
            modesAt[from, default: []].insert(mode)
            modesAt[to, default: []].insert(mode)
        }
        // Sea ferries end at their terminals, ports where customs may check.
        let seaEnds = Set(links.filter { $0.mode == .sea }.flatMap { [$0.from, $0.to] })
        for i in places.indices where seaEnds.contains(places[i].id) {
            places[i].kind = .seaPort
            places[i].name = "ferry terminal"
        }
        for i in crossings.indices {
            crossings[i].modes = TransportMode.allCases.filter { (modesAt[crossings[i].id] ?? []).contains($0) }
        }
        // Crossings within 1 km of each other are one site.
        Self.assignSites(&crossings)
        // Towns: the gazetteer, and a node with an access road when near the network.
        let towns = points.compactMap { f -> (GeoJSONFeature, Coordinate, String)? in
            let kind = Self.tag(f, "place")
            guard ["city", "town", "village"].contains(kind), let c = Self.point(f), !Self.tag(f, "name").isEmpty else { return nil }
            return (GeoJSONFeature(geometry: .point(c), properties: f.properties), c, kind)
        }
        // A town's modelled access road ends at a junction, never at a crossing: it would
        // add a road to a trail-only crossing (which the validator refuses) and a modelled
        // way across the border.
        let nodePoints = places.map(\.coordinate)
        let nodeIDs = places.map(\.id)
        let index = try SpatialIndex(try nodePoints.map { c throws(GEOSError) in try Geometry.point(c, context: geos) }, context: geos)
        var gazetteer: [(GazetteerTown, Int)] = []
        for (n, (f, c, kind)) in towns.enumerated() {
            guard let at = try areas.locate(c) else { continue }
            let osmID = Self.tag(f, "osm_id")
            let name = Self.tag(f, "name")
            let population = Int(Self.otherTag(f, "population") ?? "") ?? 0
            gazetteer.append((GazetteerTown(geonameID: osmID.isEmpty ? String(n) : osmID, name: name, country: at.country,
                                            province: at.province, coordinate: c, aliases: []), population))
            guard let near = try index.nearest(to: try Geometry.point(c, context: geos)),
                  try Geodesic.wgs84.distance(from: c, to: nodePoints[near.index]) <= options.townKm * 1000
            else { continue }
            let id = "osm-\(osmID.isEmpty ? String(n) : osmID)"
            places.append(
                Place(id: id, name: name, kind: kind == "city" ? .city : .town, roles: [], country: at.country, province: at.province,
                      coordinate: c, aliases: [], source: "OpenStreetMap node \(osmID) place=\(kind) (ODbL)", line: 0))
            var access = Link(
                id: "access~\(id)", from: id, to: nodeIDs[near.index], mode: .road, directed: false, geometry: nil,
                lengthMetres: try Geodesic.wgs84.distance(from: c, to: nodePoints[near.index]), lengthMethod: .straightLine, basis: .modelled,
                source: "modelled access road: the town to the nearest network node", line: 0)
            access.speedKmh = options.speeds["residential"] ?? 25
            links.append(access)
            summary.towns += 1
        }
        // Most populous first: among namesakes the gazetteer's first is taken (NameIndex).
        gazetteer.sort { ($1.1, $0.0.name, $0.0.geonameID) < ($0.1, $1.0.name, $1.0.geonameID) }
        b.gazetteer = gazetteer.map(\.0)
        self.populations = gazetteer.map(\.1)
        b.places = places
        b.crossings = crossings
        b.links = links
        // The connected part that holds the first source, or the largest.
        var scenario: Scenario?
        let resolve = { (name: String) -> String? in
            let folded = NameIndex.fold(name)
            return b.places.first { $0.id == name || NameIndex.fold($0.name) == folded && $0.kind != .junction }?.id
        }
        let sources = options.sources.compactMap(resolve), targets = options.targets.compactMap(resolve)
        if !options.sources.isEmpty {
            guard sources.count == options.sources.count else {
                throw InputError(InputLocation(file: path, field: "--sources"), "no town of the network is named \(options.sources.filter { resolve($0) == nil }.joined(separator: ", "))")
            }
            guard targets.count == options.targets.count, !targets.isEmpty else {
                throw InputError(InputLocation(file: path, field: "--targets"), "no town of the network is named \(options.targets.filter { resolve($0) == nil }.joined(separator: ", "))")
            }
            scenario = Scenario(name: "from \((path as NSString).lastPathComponent)", sources: sources, targetsFile: nil, targets: targets)
        }
        summary.droppedDisconnected = Self.keepConnected(&b, around: sources.first)
        b.scenario = scenario
        summary.links = b.links.count
        summary.nodes = b.nodeCount
        summary.crossings = b.crossings.count
        self.bundle = b
        self.summary = summary
    }

    // MARK: Ways

    static func tag(_ f: GeoJSONFeature, _ key: String) -> String {
        f.properties?[key]?.stringValue ?? otherTag(f, key) ?? ""
    }

    static func tag(_ f: VectorFeature, _ key: String) -> String {
        if let v = f.properties[key]?.stringValue, !v.isEmpty { return v }
        return otherTag(f.properties, key) ?? ""
    }

    static func otherTag(_ f: GeoJSONFeature, _ key: String) -> String? { f.properties.flatMap { otherTag($0, key) } }

    /// A tag from GDAL's `other_tags` column (`"key"=>"value","k2"=>"v2"`).
    static func otherTag(_ properties: JSONObject, _ key: String) -> String? {
        guard let text = properties["other_tags"]?.stringValue else { return nil }
        let marker = "\"\(key)\"=>\""
        guard let start = text.range(of: marker) else { return nil }
        let rest = text[start.upperBound...]
        var value = ""
        var escaped = false
        for ch in rest {
            if escaped {
                value.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "\"" {
                break
            } else {
                value.append(ch)
            }
        }
        return value
    }

    static func point(_ f: VectorFeature) -> Coordinate? {
        if case let .point(c)? = f.geometry { return c }
        return nil
    }

    static func ways(_ lines: [VectorFeature], options: Options) -> [Way] {
        var out: [Way] = []
        for f in lines {
            guard case let .lineString(vertices)? = f.geometry, vertices.count >= 2 else { continue }
            let highway = tag(f, "highway"), railway = tag(f, "railway"), route = tag(f, "route")
            let mode: TransportMode, osmClass: String
            if route == "ferry" {
                (mode, osmClass) = (.river, "ferry")
            } else if railway == "rail" {
                (mode, osmClass) = (.rail, "rail")
            } else if trailClasses.contains(highway) {
                (mode, osmClass) = (.trail, highway)
            } else if !highway.isEmpty, options.speeds[highway] != nil {
                (mode, osmClass) = (.road, highway)
            } else {
                continue
            }
            var speed = options.speeds[osmClass] ?? 30
            if mode == .road, unpaved.contains(tag(f, "surface")) { speed *= options.unpavedFactor }
            let oneway = tag(f, "oneway")
            let reversed = oneway == "-1"
            out.append(
                Way(
                    id: tag(f, "osm_id"), name: tag(f, "name"), mode: mode, osmClass: osmClass, speed: speed,
                    oneway: oneway == "yes" || oneway == "true" || oneway == "1" || reversed || highway == "motorway",
                    vertices: reversed ? vertices.reversed() : vertices))
        }
        return out
    }

    /// A piece of a way between two nodes of the network.
    typealias Edge = Way

    /// Every way cut at the vertices it shares with another way (or with itself), at its ends
    /// and at `stops`.
    static func split(_ ways: [Way], stops: Set<Key>) -> [Edge] {
        var uses: [Key: Int] = [:]
        for w in ways { for v in w.vertices { uses[Key(v), default: 0] += 1 } }
        var out: [Edge] = []
        for w in ways {
            var start = 0
            for i in 1..<w.vertices.count {
                let key = Key(w.vertices[i])
                if i == w.vertices.count - 1 || (uses[key] ?? 0) > 1 || stops.contains(key) {
                    var piece = w
                    piece.vertices = Array(w.vertices[start...i])
                    out.append(piece)
                    start = i
                }
            }
        }
        return out
    }

    /// Chains through nodes where exactly two edges of one mode, class, speed and direction
    /// meet merged into one edge (`keep` nodes always stay).
    static func mergeChains(_ edges: [Edge], keep: Set<Key>) -> [Edge] {
        var incident: [Key: [Int]] = [:]
        for (i, e) in edges.enumerated() {
            incident[Key(e.vertices[0]), default: []].append(i)
            incident[Key(e.vertices[e.vertices.count - 1]), default: []].append(i)
        }
        func same(_ a: Edge, _ b: Edge) -> Bool {
            a.mode == b.mode && a.osmClass == b.osmClass && a.speed == b.speed && a.oneway == b.oneway
        }
        func passThrough(_ key: Key) -> Bool {
            guard !keep.contains(key), let list = incident[key], list.count == 2, list[0] != list[1] else { return false }
            return same(edges[list[0]], edges[list[1]])
        }
        var used = [Bool](repeating: false, count: edges.count)
        var out: [Edge] = []
        // Walk from each edge end that is a real node; pure cycles are cut at their first edge.
        for pass in 0..<2 {
            for i in edges.indices where !used[i] {
                let e = edges[i]
                let startKey = Key(e.vertices[0]), endKey = Key(e.vertices[e.vertices.count - 1])
                if pass == 0 && passThrough(startKey) && passThrough(endKey) { continue }
                used[i] = true
                var chain = e
                // Extend forward from the end, then backward from the start.
                for forward in [true, false] {
                    while true {
                        let key = Key(forward ? chain.vertices[chain.vertices.count - 1] : chain.vertices[0])
                        guard passThrough(key), let next = incident[key]?.first(where: { !used[$0] }) else { break }
                        var piece = edges[next]
                        let pieceStart = Key(piece.vertices[0])
                        if forward {
                            if pieceStart != key {
                                guard !piece.oneway else { break }
                                piece.vertices.reverse()
                            }
                            chain.vertices += piece.vertices.dropFirst()
                        } else {
                            if Key(piece.vertices[piece.vertices.count - 1]) != key {
                                guard !piece.oneway else { break }
                                piece.vertices.reverse()
                            }
                            chain.vertices = Array(piece.vertices.dropLast()) + chain.vertices
                        }
                        used[next] = true
                        if !chain.name.contains(piece.name) && !piece.name.isEmpty && chain.name.isEmpty { chain.name = piece.name }
                    }
                }
                out.append(chain)
            }
        }
        return out
    }

    static func assignSites(_ crossings: inout [Crossing]) {
        for (i, site) in sites(of: crossings.map(\.coordinate)).enumerated() where !site.isEmpty { crossings[i].site = site }
    }

    /// The site of each position: positions linked by chains of distances under 1 km share
    /// one (`osm-site-N`, numbered by their first position), a position alone has none. By
    /// union–find over the close pairs: a greedy pass that gives each position its first
    /// neighbour's site split a chain a–c–b (a and b apart, both near c) in two, and the
    /// validator then refused the bundle (two crossings within 1 km must share a site).
    static func sites(of positions: [Coordinate]) -> [String] {
        var sets = UnionFind(count: positions.count)
        for i in positions.indices {
            for j in positions.indices where j > i {
                guard ((try? Geodesic.wgs84.distance(from: positions[i], to: positions[j])) ?? .infinity) < 1_000 else { continue }
                sets.union(i, j)
            }
        }
        var size = [Int: Int]()
        for i in positions.indices { size[sets.root(of: i), default: 0] += 1 }
        var number = [Int: Int]()
        return positions.indices.map { i in
            let r = sets.root(of: i)
            guard (size[r] ?? 0) > 1 else { return "" }
            if number[r] == nil { number[r] = number.count + 1 }
            return "osm-site-\(number[r] ?? 0)"
        }
    }

    /// Keeps the links and nodes connected (either way) to `source`, or the largest part;
    /// returns how many nodes were dropped.
    static func keepConnected(_ b: inout NetworkBundle, around source: String?) -> Int {
        let ids = b.nodeIDs
        let index = b.nodeIndex()
        var sets = UnionFind(count: ids.count)
        for l in b.links {
            guard let a = index[l.from], let z = index[l.to] else { continue }
            sets.union(a, z)
        }
        var sizes: [Int: Int] = [:]
        for v in ids.indices { sizes[sets.root(of: v), default: 0] += 1 }
        guard let keep = source.flatMap({ index[$0] }).map({ sets.root(of: $0) })
            ?? sizes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key
        else { return 0 }
        let kept = Set(ids.indices.filter { sets.root(of: $0) == keep }.map { ids[$0] })
        let before = ids.count
        b.places.removeAll { !kept.contains($0.id) }
        b.crossings.removeAll { !kept.contains($0.id) }
        b.links.removeAll { !kept.contains($0.from) || !kept.contains($0.to) }
        return before - b.nodeCount
    }
}

/// The boundary layers a network is placed in: which country and province a point lies in,
/// and where a line crosses a shared border.
struct Areas {
    let geos: GEOSContext
    let countries: [(code: String, area: PreparedGeometry, geometry: Geometry)]
    let provinces: [(id: String, country: String, area: PreparedGeometry)]
    var borders: [[String]: Geometry] = [:]

    init(_ b: NetworkBundle, geos: GEOSContext) throws {
        self.geos = geos
        countries = try b.countries.map { c in
            let g = try Geometry(c.geometry, context: geos)
            return (c.countries[0], try PreparedGeometry(g), g)
        }
        provinces = try b.provinces.map { p in (p.id, p.country, try PreparedGeometry(try Geometry(p.geometry, context: geos))) }
        for f in b.borders {
            let g = try Geometry(f.geometry, context: geos)
            borders[f.countries] = try borders[f.countries].map { try $0.union(g) } ?? g
        }
    }

    func locate(_ c: Coordinate) throws -> (country: String, province: String)? {
        let point = try Geometry.point(c, context: geos)
        guard let country = try countries.first(where: { try $0.area.covers(point) }) else { return nil }
        let province = try provinces.first { try $0.country == country.code && $0.area.covers(point) }
        return (country.code, province?.id ?? "")
    }

    /// The shared border of two countries: the borders layer's line, else where their
    /// outlines touch.
    func border(_ a: String, _ b: String) throws -> Geometry? {
        let pair = [a, b].sorted()
        if let line = borders[pair] { return line }
        guard let ga = countries.first(where: { $0.code == pair[0] })?.geometry,
              let gb = countries.first(where: { $0.code == pair[1] })?.geometry else { return nil }
        let line = try ga.boundary().intersection(try gb.buffer(0.01))
        return line.isEmpty ? nil : line
    }

    func distanceToBorder(_ c: Coordinate, _ a: String, _ b: String) throws -> Double {
        guard let line = try border(a, b) else { return .infinity }
        let (nearest, _) = try line.nearestPoints(to: try Geometry.point(c, context: geos))
        return try Geodesic.wgs84.distance(from: c, to: nearest)
    }

    /// The country other than `country` whose border with it lies within `metres` of `c`.
    func nearestOtherCountry(_ c: Coordinate, than country: String, withinMetres metres: Double) throws -> String? {
        var best: (Double, String)?
        for other in countries.map(\.code) where other != country {
            let d = try distanceToBorder(c, country, other)
            if d <= metres, best.map({ (d, other) < $0 }) ?? true { best = (d, other) }
        }
        return best?.1
    }

    /// Where a line running from country `a` into `b` first meets their border: the index
    /// of the vertex before the cut, and the point.
    func borderCut(_ vertices: [Coordinate], _ a: String, _ b: String) throws -> (Int, Coordinate)? {
        guard let line = try border(a, b) else { return nil }
        for i in 0..<(vertices.count - 1) {
            let segment = try Geometry.lineString([vertices[i], vertices[i + 1]], context: geos)
            let hit = try segment.intersection(line)
            guard !hit.isEmpty else { continue }
            let (point, _) = try hit.nearestPoints(to: try Geometry.point(vertices[i], context: geos))
            if point == vertices[i] || point == vertices[i + 1] { continue }
            return (i, point)
        }
        return nil
    }
}
