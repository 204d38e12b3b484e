import ChokepointGeo
import ChokepointSupport
import Foundation

/// Repairs invalid polygons of a bundle's polygon layers with GEOS MakeValid and rewrites
/// each changed file atomically (`validate --fix`). Valid features are written back as read;
/// member order and properties are kept. Only files with a repair are rewritten.
public struct PolygonRepair {
    public static let layers = ["provinces.geojson", "countries.geojson"]
    private let geos: GEOSContext

    public init(geos: GEOSContext) {
        self.geos = geos
    }

    /// One line per repaired feature, naming file and feature.
    public func repair(directory: String) throws -> [String] {
        var report: [String] = []
        for layer in Self.layers {
            let path = (directory as NSString).appendingPathComponent(layer)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            var collection = try GeoJSONReader.read(path: path).asFeatureCollection
            var changed = false
            for i in collection.features.indices {
                guard let value = collection.features[i].geometry else { continue }
                let g = try Geometry(value, context: geos)
                guard try !g.isValid else { continue }
                let reason = try g.validityReason()
                var fixed = try g.makeValid()
                // MakeValid may return a collection with stray lines; a polygon layer keeps polygons.
                if fixed.type == .geometryCollection {
                    var polygons: [Geometry] = []
                    for k in 0..<fixed.partCount {
                        let part = try fixed.part(k)
                        if part.type == .polygon || part.type == .multiPolygon { polygons.append(part) }
                    }
                    fixed = try polygons.dropFirst().reduce(polygons.first ?? fixed) { try $0.union($1) }
                }
                collection.features[i].geometry = try fixed.geoJSON()
                changed = true
                report.append("\(layer): feature \(i): repaired (\(reason))")
            }
            guard changed else { continue }
            let writer = try GeoJSONFileWriter(path: path, encoder: GeoJSONEncoder(precision: nil),
                                               bbox: collection.bbox, foreignMembers: collection.foreignMembers)
            for feature in collection.features { try writer.write(feature) }
            try writer.finish()
        }
        return report
    }
}
