import ChokepointGeo
import Foundation

/// A geometry as a GeoPackage geometry BLOB: the GeoPackage header followed by ISO
/// well-known binary (OGC GeoPackage 1.3, §2.1.3 "Geometry Encoding"; OGC 06-103r4 for WKB).
///
/// Header: magic `GP`, version 0, a flags byte (little-endian, envelope `[minx, maxx, miny,
/// maxy]`, empty flag, standard binary type), the `srs_id` as int32, the envelope; then the
/// WKB in little-endian. Coordinates are x = longitude, y = latitude, as the GeoPackage
/// requires whatever the CRS's axis order. O(number of coordinates).
enum GeoPackageGeometry {
    /// The BLOB for `geometry` in `srsID`; coordinates rounded to `precision` decimals like
    /// the GeoJSON layers, so that both exports hold the same numbers.
    static func blob(_ geometry: GeoJSONGeometry, srsID: Int32, precision: Int = 6) -> [UInt8] {
        var wkb: [UInt8] = []
        let scale = pow(10.0, Double(precision))
        let round = { (x: Double) in (x * scale).rounded() / scale }
        var bounds = (minX: Double.infinity, maxX: -Double.infinity, minY: Double.infinity, maxY: -Double.infinity)
        func point(_ c: Coordinate) {
            let x = round(c.lon), y = round(c.lat)
            bounds = (min(bounds.minX, x), max(bounds.maxX, x), min(bounds.minY, y), max(bounds.maxY, y))
            append(x, to: &wkb)
            append(y, to: &wkb)
        }
        func points(_ cs: [Coordinate]) {
            append(UInt32(cs.count), to: &wkb)
            cs.forEach(point)
        }
        func rings(_ rs: [[Coordinate]]) {
            append(UInt32(rs.count), to: &wkb)
            rs.forEach(points)
        }
        func header(_ type: UInt32) {
            wkb.append(1)  // little-endian
            append(type, to: &wkb)
        }
        func encode(_ g: GeoJSONGeometry) {
            switch g {
            case let .point(c): header(1); point(c)
            case let .lineString(cs): header(2); points(cs)
            case let .polygon(rs): header(3); rings(rs)
            case let .multiPoint(cs):
                header(4); append(UInt32(cs.count), to: &wkb)
                for c in cs { header(1); point(c) }
            case let .multiLineString(ls):
                header(5); append(UInt32(ls.count), to: &wkb)
                for l in ls { header(2); points(l) }
            case let .multiPolygon(ps):
                header(6); append(UInt32(ps.count), to: &wkb)
                for p in ps { header(3); rings(p) }
            case let .geometryCollection(gs):
                header(7); append(UInt32(gs.count), to: &wkb)
                gs.forEach(encode)
            }
        }
        encode(geometry)

        let empty = bounds.minX > bounds.maxX
        var out: [UInt8] = [0x47, 0x50, 0]  // "GP", version 0
        // Flags: bit 0 little-endian; bits 1–3 envelope (1 = xy, 0 = none); bit 4 empty.
        out.append(empty ? 0b0001_0001 : 0b0000_0011)
        append(UInt32(bitPattern: srsID), to: &out)
        if !empty {
            for v in [bounds.minX, bounds.maxX, bounds.minY, bounds.maxY] { append(v, to: &out) }
        }
        return out + wkb
    }

    /// The layer's geometry type name for `gpkg_geometry_columns` (§2.1.5): the one type all
    /// features share, else GEOMETRY.
    static func typeName(_ geometries: [GeoJSONGeometry]) -> String {
        let names = Set(geometries.map { name($0) })
        return names.count == 1 ? names.first ?? "GEOMETRY" : "GEOMETRY"
    }

    static func name(_ g: GeoJSONGeometry) -> String {
        switch g {
        case .point: "POINT"
        case .lineString: "LINESTRING"
        case .polygon: "POLYGON"
        case .multiPoint: "MULTIPOINT"
        case .multiLineString: "MULTILINESTRING"
        case .multiPolygon: "MULTIPOLYGON"
        case .geometryCollection: "GEOMETRYCOLLECTION"
        }
    }

    /// Polygons promoted to multipolygons (and lines to multilines) when a layer mixes the
    /// two, so that the layer has one geometry type, as GIS styling expects.
    static func unified(_ geometries: [GeoJSONGeometry]) -> [GeoJSONGeometry] {
        let names = Set(geometries.map { name($0) })
        if names == ["POLYGON", "MULTIPOLYGON"] {
            return geometries.map { if case let .polygon(rs) = $0 { .multiPolygon([rs]) } else { $0 } }
        }
        if names == ["LINESTRING", "MULTILINESTRING"] {
            return geometries.map { if case let .lineString(cs) = $0 { .multiLineString([cs]) } else { $0 } }
        }
        return geometries
    }

    private static func append(_ v: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ v: Double, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
}
