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
        for border in bundle.borders.sorted(by: { $0.countries.lexicographicallyPrecedes($1.countries) }) {
            let pair = border.countries
            guard pair.count == 2 else { continue }
            let towns = pair.map { cc in bundle.gazetteer.filter { $0.country == cc } }
            let known = bundle.crossings.filter { Set([$0.countryA, $0.countryB]) == Set(pair) }.map(\.coordinate)
            let line = try Geometry(border.geometry, context: geos)
            var parts: [Geometry] = []
            if line.type == .lineString { parts = [line] } else { for i in 0..<line.partCount { parts.append(try line.part(i)) } }
            var serial = 0
            for part in parts where part.type == .lineString {
                let km = try geodesic.length(of: try part.coordinates()) / 1000
                let steps = Int(km / spacingKm)
                guard steps >= 1 else { continue }
                for s in 0...steps {
                    guard let p = try part.interpolate(fraction: Double(s) / Double(steps)).coordinates().first else { continue }
                    if try known.contains(where: { try geodesic.distance(from: $0, to: p) <= clearanceKm * 1000 }) { continue }
                    guard let a = try nearest(towns[0], to: p), let b = try nearest(towns[1], to: p) else { continue }
                    serial += 1
                    out.append(
                        Candidate(
                            id: "cand-\(pair[0].lowercased())-\(pair[1].lowercased())-\(String(format: "%03d", serial))",
                            countries: pair, coordinate: p, townA: a.0, kmA: a.1, townB: b.0, kmB: b.1))
                }
            }
        }
        return out
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
                    id: id, name: town.name, kind: "town", roles: [], country: town.country, province: town.province,
                    coordinate: town.coordinate, aliases: [],
                    source: "GeoNames \(town.geonameID) (gazetteer town beside a crossing candidate)",
                    line: 0, origin: .generatedCandidate))
            if let (place, metres) = nearest {
                b.links.append(
                    Link(
                        id: "cand-access~\(id)~\(place.id)", from: id, to: place.id, mode: .road, directed: false, geometry: nil,
                        lengthMetres: metres, basis: "modelled",
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
                        lengthMetres: km * 1000, basis: "modelled", source: "trail to a generated crossing candidate", line: 0,
                        origin: .generatedCandidate))
            }
        }
        return b
    }
}
