import ChokepointGeo
import ChokepointSupport
import Foundation

/// Writes a network bundle's nodes, links, gazetteer and scenario as the files `BundleReader`
/// reads (GeoData/README.md, "Bundle schema"), and copies boundary layers beside them; every
/// file atomically, the folder replaced as one set (`OutputSet`, `manifest.json` last).
public enum BundleWriter {
    /// `boundaries`: files copied as they are (countries.geojson, borders.geojson,
    /// provinces.geojson of another bundle). `populations`: each gazetteer town's, in order.
    @discardableResult
    public static func write(
        _ b: NetworkBundle, to directory: String, boundaries: [String], populations: [Int] = [], tool: String
    ) throws -> [String] {
        try OutputDirectory.create(directory)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func table(_ name: String, _ columns: [String], _ rows: [[String]]) throws {
            var text = CSVWriter.line(columns.map(CSVWriter.field))
            for row in rows { text += CSVWriter.line(row.map(CSVWriter.field)) }
            try AtomicFileWriter.write(Array(text.utf8), to: path(name))
        }
        func number(_ x: Double) -> String { x.formatted6 }
        func wkt(_ cs: [Coordinate]) -> String { "LINESTRING (" + cs.map { "\(number($0.lon)) \(number($0.lat))" }.joined(separator: ", ") + ")" }
        return try OutputSet.write(
            into: directory, manifestName: "manifest.json",
            manifest: { files in
                var entries: [JSONValue] = []
                for file in files {
                    let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
                    entries.append(.object(["name": .string((file as NSString).lastPathComponent), "bytes": .integer(size)]))
                }
                var out: [UInt8] = []
                try JSONWriter.append(.object(["tool": .string(tool), "files": .array(entries)]), to: &out)
                return out + [10]
            }
        ) {
            try table(
                BundleFile.places, ["id", "name", "kind", "roles", "country", "province", "lon", "lat", "aliases", "source"],
                b.places.map { p in
                    [p.id, p.name, p.kind.rawValue, p.roles.sorted().joined(separator: "|"), p.country, p.province, number(p.coordinate.lon),
                     number(p.coordinate.lat), p.aliases.joined(separator: "|"), p.source]
                })
            try table(
                BundleFile.crossings,
                ["id", "name", "country_a", "name_a", "country_b", "name_b", "type", "modes", "hours", "lon", "lat", "location_method", "site", "source"],
                b.crossings.map { c in
                    [c.id, c.name, c.countryA, c.nameA.isEmpty ? c.name : c.nameA, c.countryB, c.nameB.isEmpty ? c.name : c.nameB, c.type.rawValue,
                     c.modes.map(\.rawValue).joined(separator: "|"), c.hours, number(c.coordinate.lon), number(c.coordinate.lat),
                     c.locationMethod, c.site, c.source]
                })
            try table(
                BundleFile.links,
                ["id", "from", "to", "mode", "directed", "geometry", "length_km", "length_method", "speed_kmh", "basis", "source"],
                b.links.map { l in
                    [l.id, l.from, l.to, l.mode.rawValue, l.directed ? "true" : "false", l.geometry.map(wkt) ?? "",
                     number((l.lengthMetres / 1000 * 1000).rounded() / 1000), l.lengthMethod.rawValue, l.speedKmh.map(number) ?? "",
                     l.basis?.rawValue ?? "", l.source]
                })
            if !b.gazetteer.isEmpty {
                try table(
                    BundleFile.gazetteer, ["geonameid", "name", "country", "province", "lon", "lat", "population", "source"],
                    b.gazetteer.enumerated().map { i, t in
                        [t.geonameID, t.name, t.country, t.province, number(t.coordinate.lon), number(t.coordinate.lat),
                         String(i < populations.count ? populations[i] : 0), "OpenStreetMap node \(t.geonameID) (ODbL)"]
                    })
            }
            if let s = b.scenario {
                let list = { (ids: [String]) in "[" + ids.joined(separator: ", ") + "]" }
                let yaml = "# Made by \(tool): every town weighs 1; see GeoData/README.md for every key.\nname: \(s.name)\nsources: \(list(s.sources))\ntargets: \(list(s.targets))\n"
                try AtomicFileWriter.write(Array(yaml.utf8), to: path(BundleFile.scenario))
            }
            for file in boundaries {
                let bytes = try TextEncoding.read(path: file)
                try AtomicFileWriter.write(bytes, to: path((file as NSString).lastPathComponent))
            }
        }
    }
}
