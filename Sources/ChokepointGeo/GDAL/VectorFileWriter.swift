import CGDAL
import ChokepointSupport
import Foundation

/// The vector formats `analyze --format` writes through GDAL, beside our own GeoJSON and
/// GeoPackage.
public enum VectorFormat: String, Sendable, Hashable, CaseIterable {
    /// Google Earth (GDAL's LIBKML driver), with each feature's style.
    case kml
    case flatGeobuf = "fgb"
    /// ESRI Shapefile, with its .prj (WGS 84) and a .cpg saying UTF-8.
    case shapefile = "shp"

    var driver: String {
        switch self {
        case .kml: "LIBKML"
        case .flatGeobuf: "FlatGeobuf"
        case .shapefile: "ESRI Shapefile"
        }
    }

    /// The files one layer is written as, by extension; the first is the one GDAL is given.
    var extensions: [String] {
        switch self {
        case .kml: ["kml"]
        case .flatGeobuf: ["fgb"]
        case .shapefile: ["shp", "shx", "dbf", "prj", "cpg"]
        }
    }
}

/// Writes one layer of GeoJSON features through GDAL, atomically: GDAL writes under a
/// temporary name in the destination's folder (every side file registered with
/// `TemporaryFiles`, so an interruption removes them), and only a complete layer is renamed
/// into place, or staged into the current `OutputSet` with the rest of the export.
public enum VectorFileWriter {
    /// `base` is the destination without its extension (`out/crossings`); returns the files
    /// written. Fields come from the features' properties in order of first appearance:
    /// integers as 64-bit integers, other numbers as reals, true/false as integers 1/0, the
    /// rest as text. `styles` (KML only) gives each feature an OGR style string. `date`
    /// (YYYY-MM-DD) is the Shapefile's last-update date, so that runs are byte-identical.
    @discardableResult
    public static func write(
        _ features: [GeoJSONFeature], layer name: String, format: VectorFormat, base: String, styles: [String?]? = nil,
        date: String = "1970-01-01", geos: GEOSContext
    ) throws(GDALError) -> [String] {
        let destination = base + "." + format.extensions[0]
        let directory = (base as NSString).deletingLastPathComponent
        let stem = (base as NSString).lastPathComponent
        // A unique temporary stem: GDAL adds the extensions, each side file is registered.
        let temporaryStem = (directory.isEmpty ? "." : directory) + "/.\(stem).\(format.rawValue).tmp-\(UUID().uuidString.prefix(8))"
        let temporaries = format.extensions.map { temporaryStem + "." + $0 }
        for t in temporaries { TemporaryFiles.register(t) }
        var finished = false
        defer {
            if !finished {
                for t in temporaries {
                    unlink(t)
                    TemporaryFiles.forget(t)
                }
            }
        }
        _ = GDALLibrary.ready
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        CPLErrorReset()
        try writeLayer(features, name: name, format: format, path: temporaries[0], styles: styles, date: date, reported: destination, geos: geos)
        var written: [String] = []
        for (temporary, ext) in zip(temporaries, format.extensions) where FileManager.default.fileExists(atPath: temporary) {
            let target = base + "." + ext
            if let set = OutputSet.current {
                set.stage(temporary: temporary, destination: target)
            } else if rename(temporary, target) != 0 {
                throw GDALError(path: target, operation: "rename the finished file into place", message: String(cString: strerror(errno)))
            } else {
                TemporaryFiles.forget(temporary)
            }
            written.append(target)
        }
        finished = true
        // Side files GDAL did not make (a layer with no text field has no .cpg need) are not
        // staged; their registrations go.
        for t in temporaries where !FileManager.default.fileExists(atPath: t) && OutputSet.current == nil { TemporaryFiles.forget(t) }
        return written
    }

    private static func writeLayer(
        _ features: [GeoJSONFeature], name: String, format: VectorFormat, path: String, styles: [String?]?, date: String,
        reported: String, geos: GEOSContext
    ) throws(GDALError) {
        func failure(_ operation: String) -> GDALError {
            GDALError(path: reported, operation: operation, message: GDALLibrary.lastMessage(or: "GDAL gave no reason"))
        }
        guard let driver = GDALGetDriverByName(format.driver) else { throw failure("find GDAL's \(format.driver) driver") }
        guard let created = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else { throw failure("create the file") }
        let dataset = DatasetHandle(owning: created)
        guard let srs = OSRNewSpatialReference(nil) else { throw failure("make the WGS 84 reference") }
        defer { OSRRelease(srs) }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        guard OSRImportFromEPSG(srs, 4326) == OGRERR_NONE else { throw failure("make the WGS 84 reference") }
        var options: [String] = []
        if format == .shapefile { options += ["ENCODING=UTF-8", "DBF_DATE_LAST_UPDATE=\(date)"] }
        let geometryType = layerGeometryType(features, format: format)
        let layer = withCStringArray(options) { GDALDatasetCreateLayer(dataset.pointer, name, srs, geometryType, $0) }
        guard let layer else { throw failure("create layer \(name)") }
        let fields = fieldTypes(features)
        for (key, type) in fields {
            guard let definition = OGR_Fld_Create(key, type) else { throw failure("define field \(key)") }
            defer { OGR_Fld_Destroy(definition) }
            guard OGR_L_CreateField(layer, definition, 1) == OGRERR_NONE else { throw failure("create field \(key)") }
        }
        let definition = OGR_L_GetLayerDefn(layer)
        for (i, f) in features.enumerated() {
            guard let feature = OGR_F_Create(definition) else { throw failure("create feature \(i)") }
            defer { OGR_F_Destroy(feature) }
            for (j, (key, type)) in fields.enumerated() {
                guard let value = f.properties?[key], value != .null else { continue }
                let index = Int32(j)
                switch (type, value) {
                // `case let (OFTReal, ...)` would bind a new name, not compare with the constant.
                case (OFTInteger64, .integer(let x)): OGR_F_SetFieldInteger64(feature, index, GIntBig(x))
                case (OFTReal, .integer(let x)): OGR_F_SetFieldDouble(feature, index, Double(x))
                case (OFTReal, .number(let x)): OGR_F_SetFieldDouble(feature, index, x)
                case (OFTInteger, .bool(let b)): OGR_F_SetFieldInteger(feature, index, b ? 1 : 0)
                default: OGR_F_SetFieldString(feature, index, text(value))
                }
            }
            if let geometry = f.geometry {
                let wkb: [UInt8]
                do {
                    wkb = try Geometry(geometry, context: geos).wkb()
                } catch {
                    throw GDALError(path: reported, operation: "encode the geometry of feature \(i)", message: "\(error)")
                }
                var g: OGRGeometryH?
                let status = wkb.withUnsafeBufferPointer { OGR_G_CreateFromWkb($0.baseAddress, srs, &g, Int32($0.count)) }
                guard status == OGRERR_NONE, let g else { throw failure("read back the geometry of feature \(i)") }
                // The feature takes the geometry over.
                OGR_F_SetGeometryDirectly(feature, g)
            }
            if let style = styles?[i] { OGR_F_SetStyleString(feature, style) }
            guard OGR_L_CreateFeature(layer, feature) == OGRERR_NONE else { throw failure("write feature \(i)") }
        }
        // Closing the dataset (its handle's deinit) flushes every file; an error there is GDAL's.
        CPLErrorReset()
        _ = consume dataset
        if CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal { throw failure("finish the file") }
    }

    /// One field type per property: integers only → 64-bit integers, any real → real,
    /// booleans → integers, else text.
    static func fieldTypes(_ features: [GeoJSONFeature]) -> [(String, OGRFieldType)] {
        var order: [String] = []
        var kinds: [String: Set<Int>] = [:]  // 0 integer, 1 real, 2 bool, 3 text
        for f in features {
            for (key, value) in f.properties ?? JSONObject() {
                if kinds[key] == nil {
                    order.append(key)
                    kinds[key] = []
                }
                switch value {
                case .null: break
                case .integer: kinds[key]?.insert(0)
                case .number: kinds[key]?.insert(1)
                case .bool: kinds[key]?.insert(2)
                default: kinds[key]?.insert(3)
                }
            }
        }
        return order.map { key in
            let k = kinds[key] ?? []
            let type: OGRFieldType =
                if k == [0] { OFTInteger64 } else if k.isSubset(of: [0, 1]) && !k.isEmpty { OFTReal } else if k == [2] { OFTInteger } else {
                    OFTString
                }
            return (key, type)
        }
    }

    /// A Shapefile holds one kind of geometry; the others take whatever comes.
    static func layerGeometryType(_ features: [GeoJSONFeature], format: VectorFormat) -> OGRwkbGeometryType {
        guard format == .shapefile, let first = features.lazy.compactMap(\.geometry).first else { return wkbUnknown }
        switch first {
        case .point, .multiPoint: return wkbPoint
        case .lineString, .multiLineString: return wkbLineString
        case .polygon, .multiPolygon: return wkbPolygon
        case .geometryCollection: return wkbUnknown
        }
    }

    /// A value as a text field: text as it is, numbers as the JSON writer writes them.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case let .string(s): return s
        case let .integer(i): return String(i)
        case let .number(x):
            var out: [UInt8] = []
            JSONWriter.appendNumber(x, to: &out)
            return String(decoding: out, as: UTF8.self)
        case let .bool(b): return b ? "true" : "false"
        case .null, .object: return ""
        case let .array(items): return items.map { $0.stringValue ?? "" }.joined(separator: ";")
        }
    }
}
