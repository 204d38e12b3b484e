import CGDAL
import Foundation

/// One feature of a vector file read through GDAL: its attributes in the file's column
/// order, typed, and its geometry.
public struct VectorFeature: Sendable, Hashable {
    /// 0-based position in its layer, in reading order.
    public var index: Int
    /// GDAL's feature id (for spreadsheets, the sheet row of the record).
    public var fid: Int64
    /// Each field by name: integers, reals, dates as ISO 8601 text, text; `.null` when unset.
    public var properties: JSONObject
    /// In the layer's CRS (`VectorLayer.crs`); nil when the feature has none.
    public var geometry: GeoJSONGeometry?
}

/// One layer of a vector file.
public struct VectorLayer: Sendable {
    public var name: String
    /// The layer's CRS as WKT, or nil when the file declares none.
    public var crs: String?
    /// Whether that CRS is WGS 84 longitude/latitude already (no transformation needed).
    public var isWGS84: Bool
    public var fields: [String]
    public var features: [VectorFeature]
}

/// A vector file GDAL/OGR opens: spreadsheets (XLSX, ODS), CSV, Shapefile (zipped too),
/// KML/KMZ, GeoPackage, FlatGeobuf, GeoJSON and every other format of the local GDAL. The
/// only code that calls GDAL: no GDAL handle leaves this type.
public struct VectorFile: Sendable {
    /// GDAL's short name of the driver that opened it (`XLSX`, `ESRI Shapefile`, `LIBKML`...).
    public var driver: String
    public var layers: [VectorLayer]

    /// Reads every layer of `path`. A `.zip` is read through GDAL's `/vsizip/` (a zipped
    /// Shapefile); paths that would be read over a network are refused.
    public static func read(path: String, geos: GEOSContext) throws(GDALError) -> VectorFile {
        if GDALLibrary.isRemote(path) {
            throw GDALError(path: path, operation: "open", message: "a remote path; Chokepoint reads local files only")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw GDALError(path: path, operation: "open", message: "no such file")
        }
        let gdalPath = path.lowercased().hasSuffix(".zip") ? "/vsizip/" + path : path
        let dataset = try DatasetHandle(opening: gdalPath, reportedAs: path)
        var layers: [VectorLayer] = []
        for i in 0..<GDALDatasetGetLayerCount(dataset.pointer) {
            guard let layer = GDALDatasetGetLayer(dataset.pointer, i) else { continue }
            layers.append(try readLayer(layer, path: path, geos: geos))
        }
        let driver = GDALGetDatasetDriver(dataset.pointer).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) } ?? "?"
        return VectorFile(driver: driver, layers: layers)
    }

    private static func readLayer(_ layer: OGRLayerH, path: String, geos: GEOSContext) throws(GDALError) -> VectorLayer {
        let name = String(cString: OGR_L_GetName(layer))
        let definition = OGR_L_GetLayerDefn(layer)
        let count = OGR_FD_GetFieldCount(definition)
        var fields: [String] = []
        var types: [OGRFieldType] = []
        for i in 0..<count {
            let field = OGR_FD_GetFieldDefn(definition, i)
            fields.append(String(cString: OGR_Fld_GetNameRef(field)))
            types.append(OGR_Fld_GetType(field))
        }
        let (crs, isWGS84) = spatialReference(OGR_L_GetSpatialRef(layer))
        var features: [VectorFeature] = []
        OGR_L_ResetReading(layer)
        while true {
            let next = GDALLibrary.quietly { OGR_L_GetNextFeature(layer) }
            guard let feature = next else {
                let message = GDALLibrary.lastMessage(or: "")
                if !message.isEmpty {
                    throw GDALError(path: path, operation: "read layer \(name) after feature \(features.count)", message: message)
                }
                break
            }
            defer { OGR_F_Destroy(feature) }
            var values: [JSONValue] = []
            values.reserveCapacity(Int(count))
            for i in 0..<count { values.append(value(feature, i, types[Int(i)])) }
            var geometry: GeoJSONGeometry?
            if let g = OGR_F_GetGeometryRef(feature), OGR_G_IsEmpty(g) == 0 {
                geometry = try geoJSON(g, geos: geos, path: path, where: "layer \(name), feature \(features.count)")
            }
            features.append(
                VectorFeature(
                    index: features.count, fid: Int64(OGR_F_GetFID(feature)),
                    properties: JSONObject(distinctKeys: uniqued(fields), values: values), geometry: geometry))
        }
        return VectorLayer(name: name, crs: crs, isWGS84: isWGS84, fields: fields, features: features)
    }

    /// Field names as keys: a repeated header (two "notes" columns) gets a suffix.
    private static func uniqued(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { name in
            let n = seen[name, default: 0]
            seen[name] = n + 1
            return n == 0 ? name : "\(name)_\(n + 1)"
        }
    }

    private static func value(_ feature: OGRFeatureH, _ i: Int32, _ type: OGRFieldType) -> JSONValue {
        guard OGR_F_IsFieldSetAndNotNull(feature, i) != 0 else { return .null }
        switch type {
        case OFTInteger, OFTInteger64:
            return .integer(Int64(OGR_F_GetFieldAsInteger64(feature, i)))
        case OFTReal:
            return .number(OGR_F_GetFieldAsDouble(feature, i))
        case OFTDate, OFTDateTime:
            var year: Int32 = 0, month: Int32 = 0, day: Int32 = 0, hour: Int32 = 0, minute: Int32 = 0, zone: Int32 = 0
            var second: Float = 0
            guard OGR_F_GetFieldAsDateTimeEx(feature, i, &year, &month, &day, &hour, &minute, &second, &zone) != 0 else {
                return .string(String(cString: OGR_F_GetFieldAsString(feature, i)))
            }
            // A seizure's date is a day: the time of a spreadsheet's date-time cell is dropped.
            return .string(String(format: "%04d-%02d-%02d", year, month, day))
        default:
            return .string(String(cString: OGR_F_GetFieldAsString(feature, i)))
        }
    }

    /// The layer's CRS as WKT2, and whether it is WGS 84 lon/lat.
    private static func spatialReference(_ srs: OGRSpatialReferenceH?) -> (String?, Bool) {
        guard let srs else { return (nil, false) }
        var text: UnsafeMutablePointer<CChar>?
        let options = ["FORMAT=WKT2_2019"]
        let ok = withCStringArray(options) { list in
            list.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: options.count + 1) { OSRExportToWktEx(srs, &text, $0) }
        }
        defer { VSIFree(text) }
        guard ok == OGRERR_NONE, let text else { return (nil, false) }
        let wkt = String(cString: text)
        let authority = OSRGetAuthorityName(srs, nil).map { String(cString: $0) }
        let code = OSRGetAuthorityCode(srs, nil).map { String(cString: $0) }
        let wgs84 = authority == "EPSG" && (code == "4326" || code == "4979")
            || (OSRIsGeographic(srs) != 0 && OSRGetSemiMajor(srs, nil) == 6_378_137 && abs(OSRGetInvFlattening(srs, nil) - 298.257223563) < 1e-9
                && OSRGetPrimeMeridian(srs, nil) == 0)
        return (wkt, wgs84)
    }

    /// An OGR geometry as our GeoJSON value, through ISO WKB and GEOS.
    private static func geoJSON(_ g: OGRGeometryH, geos: GEOSContext, path: String, where location: String) throws(GDALError) -> GeoJSONGeometry {
        let size = Int(OGR_G_WkbSize(g))
        var bytes = [UInt8](repeating: 0, count: size)
        let status = bytes.withUnsafeMutableBufferPointer { OGR_G_ExportToIsoWkb(g, wkbNDR, $0.baseAddress) }
        guard status == OGRERR_NONE else {
            throw GDALError(path: path, operation: "read the geometry of \(location)", message: GDALLibrary.lastMessage(or: "OGR error \(status)"))
        }
        do {
            return try Geometry(wkb: bytes, context: geos).geoJSON()
        } catch {
            throw GDALError(path: path, operation: "read the geometry of \(location)", message: "\(error)")
        }
    }
}

/// An open GDAL dataset, closed when released.
final class DatasetHandle {
    let pointer: GDALDatasetH

    init(opening path: String, reportedAs name: String) throws(GDALError) {
        let opened = GDALLibrary.quietly { GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, nil, nil) }
        guard let opened else {
            throw GDALError(path: name, operation: "open as a vector file", message: GDALLibrary.lastMessage(or: "GDAL has no driver that reads it"))
        }
        pointer = opened
    }

    init(owning pointer: GDALDatasetH) {
        self.pointer = pointer
    }

    deinit {
        GDALClose(pointer)
    }
}

/// `body` with a NULL-terminated C array of the strings (GDAL's `char **` option lists).
func withCStringArray<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) -> T {
    var pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}
