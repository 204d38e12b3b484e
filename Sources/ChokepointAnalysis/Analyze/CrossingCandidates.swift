import ChokepointDomain
import ChokepointGeo
import Foundation

/// Unofficial crossing candidates: places along a shared border where a path could cross
/// unseen. Every `spacingKm` along each shared border line (GEOS linear referencing), a point
/// becomes a candidate when a gazetteer town lies within `reachKm` of it on each side and no
/// known crossing of that border lies within `clearanceKm`. Each candidate is joined to its two
/// towns by trail links, and each town, if it is not a network place already, to the nearest
/// network place of its country by a modelled road, so the candidates are scored like any
/// crossing. Everything added is labelled: candidates are generated, not observed.
///
/// Cost: O(P · T) geodesic checks for P border points and T towns of the two countries, with
/// a bounding-box filter first.
public struct CrossingCandidates {
    public var spacingKm = 10.0
    public var reachKm = 15.0
    public var clearanceKm = 5.0

    public struct Candidate: Sendable, Hashable {
        public var id: String
        public var countries: [String]
        public var coordinate: Coordinate
        public var townA: GazetteerTown
        public var kmA: Double
        public var townB: GazetteerTown
        public var kmB: Double
    }

    public init() {}

    public func generate(_ bundle: NetworkBundle, geos: GEOSContext) throws -> [Candidate] {
        var out: [Candidate] = []
        let geodesic = Geodesic.wgs84
        for border in try BorderLines(bundle, geos: geos).borders {
            var serial = 0
            for part in border.parts {
                let steps = Int(part.km / spacingKm)
                guard steps >= 1 else { continue }
                for s in 0...steps {
                    guard let p = try part.line.interpolate(fraction: Double(s) / Double(steps)).coordinates().first else { continue }
                    let id =
                        "cand-\(border.countries[0].lowercased())-\(border.countries[1].lowercased())-\(String(format: "%03d", serial + 1))"
                    guard let c = try site(at: p, on: border, id: id, geodesic: geodesic) else { continue }
                    serial += 1
                    out.append(c)
                }
            }
        }
        return out
    }

    /// A candidate at `p` on `border`, or nil when a known crossing of that border lies within
    /// `clearanceKm` or either side has no town within `reachKm`.
    public func site(at p: Coordinate, on border: BorderLines.Border, id: String, geodesic: Geodesic = .wgs84) throws -> Candidate? {
        if try border.crossings.contains(where: { try geodesic.distance(from: $0, to: p) <= clearanceKm * 1000 }) { return nil }
        guard let a = try nearest(border.towns[0], to: p), let b = try nearest(border.towns[1], to: p) else { return nil }
        return Candidate(id: id, countries: border.countries, coordinate: p, townA: a.0, kmA: a.1, townB: b.0, kmB: b.1)
    }

    /// The town within `reachKm` of `p` nearest to it (ties by GeoNames id), and its distance in km.
    private func nearest(_ towns: [GazetteerTown], to p: Coordinate) throws -> (GazetteerTown, Double)? {
        let dLat = reachKm / 110.574 * 1.01, dLon = reachKm / (111.320 * max(cos(p.lat * .pi / 180), 0.01)) * 1.01
        var best: (GazetteerTown, Double)?
        for t in towns where abs(t.coordinate.lat - p.lat) <= dLat && abs(t.coordinate.lon - p.lon) <= dLon {
            let km = try Geodesic.wgs84.distance(from: p, to: t.coordinate) / 1000
            guard km <= reachKm else { continue }
            if best.map({ (km, t.geonameID) < ($0.1, $0.0.geonameID) }) ?? true { best = (t, km) }
        }
        return best
    }

    /// The bundle with the candidates as crossings (type unofficial-known, trail only), their
    /// towns as places where needed, and the links that join them to the network.
    public func augment(_ bundle: NetworkBundle, with candidates: [Candidate]) throws -> NetworkBundle {
        var b = bundle
        var townNode: [String: String] = [:]
        let geodesic = Geodesic.wgs84
        func node(for town: GazetteerTown) throws -> String {
            if let id = townNode[town.geonameID] { return id }
            // A network place at the town's own position is the town.
            if let p = b.places.first(where: {
                $0.country == town.country && (try? geodesic.distance(from: $0.coordinate, to: town.coordinate)) ?? .infinity < 100
            }) {
                townNode[town.geonameID] = p.id
                return p.id
            }
            let id = "gn-\(town.geonameID)"
            let nearest = b.places.filter { $0.country == town.country && !$0.id.hasPrefix("gn-") }
                .map { ($0, (try? geodesic.distance(from: $0.coordinate, to: town.coordinate)) ?? .infinity) }
                .min { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
            b.places.append(
                Place(
                    id: id, name: town.name, kind: .town, roles: [], country: town.country, province: town.province,
                    coordinate: town.coordinate, aliases: [],
                    source: "GeoNames \(town.geonameID) (gazetteer town beside a crossing candidate)",
                    line: 0, origin: .generatedCandidate))
            if let (place, metres) = nearest {
                b.links.append(
                    Link(
                        id: "cand-access~\(id)~\(place.id)", from: id, to: place.id, mode: .road, directed: false, geometry: nil,
                        lengthMetres: metres, lengthMethod: .straightLine, basis: .modelled,
                        source: "modelled access road for a crossing candidate's town: nearest network place of its country", line: 0,
                        origin: .generatedCandidate))
            }
            townNode[town.geonameID] = id
            return id
        }
        for c in candidates {
            let a = try node(for: c.townA), bb = try node(for: c.townB)
            b.crossings.append(
                Crossing(
                    id: c.id, name: "Candidate \(c.townA.name) – \(c.townB.name)", countryA: c.countries[0], nameA: c.townA.name,
                    countryB: c.countries[1], nameB: c.townB.name, type: .unofficialKnown, modes: [.trail], hours: "",
                    coordinate: c.coordinate, locationMethod: "candidate:generated",
                    source:
                        "GENERATED by chokepoint analyze --candidates: a border point with towns on both sides within \(reachKm) km; not an observed crossing",
                    line: 0, origin: .generatedCandidate))
            for (end, km) in [(a, c.kmA), (bb, c.kmB)] {
                b.links.append(
                    Link(
                        id: "\(c.id)~\(end)~trail", from: end, to: c.id, mode: .trail, directed: false, geometry: nil,
                        lengthMetres: km * 1000, lengthMethod: .straightLine, basis: .modelled, source: "trail to a generated crossing candidate", line: 0,
                        origin: .generatedCandidate))
            }
        }
        return b
    }
}

/// The bundle's shared borders as lines to walk along, each with the gazetteer towns of its
/// two countries and the positions of its known crossings.
public struct BorderLines {
    public struct Part {
        public var line: Geometry
        /// Geodesic length.
        public var km: Double
    }

    public struct Border {
        /// The two countries, as the border row orders them.
        public var countries: [String]
        public var parts: [Part]
        public var towns: [[GazetteerTown]]
        public var crossings: [Coordinate]
    }

    /// Borders shared by two countries, in the order of their country pairs.
    public var borders: [Border] = []

    public init(_ bundle: NetworkBundle, geos: GEOSContext) throws {
        for border in bundle.borders.sorted(by: { $0.countries.lexicographicallyPrecedes($1.countries) }) {
            let pair = border.countries
            guard pair.count == 2 else { continue }
            let line = try Geometry(border.geometry, context: geos)
            var lines: [Geometry] = []
            if line.type == .lineString { lines = [line] } else { for i in 0..<line.partCount { lines.append(try line.part(i)) } }
            var parts: [Part] = []
            for l in lines where l.type == .lineString {
                parts.append(Part(line: l, km: try Geodesic.wgs84.length(of: try l.coordinates()) / 1000))
            }
            borders.append(
                Border(
                    countries: pair, parts: parts, towns: pair.map { cc in bundle.gazetteer.filter { $0.country == cc } },
                    crossings: bundle.crossings.filter { Set([$0.countryA, $0.countryB]) == Set(pair) }.map(\.coordinate)))
        }
    }
}
