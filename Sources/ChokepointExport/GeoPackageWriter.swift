import ChokepointGeo
import ChokepointSupport
import Foundation
import GRDB

/// One feature table of a GeoPackage, with the QGIS style it opens with.
public struct GeoPackageLayer: Sendable {
    public var name: String
    public var description: String
    public var features: [GeoJSONFeature]
    /// A QGIS QML document, stored in `layer_styles` as the layer's default style.
    public var style: String?

    public init(name: String, description: String, features: [GeoJSONFeature], style: String? = nil) {
        self.name = name
        self.description = description
        self.features = features
        self.style = style
    }
}

public struct GeoPackageError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): cannot write the GeoPackage: \(message)" }
}

/// Writes feature layers into one OGC GeoPackage 1.3 file (OGC 12-128r18), in WGS 84
/// (EPSG:4326), with:
/// - the required tables `gpkg_spatial_ref_sys` (with the three mandatory rows),
///   `gpkg_contents` and `gpkg_geometry_columns`; `application_id` "GPKG" and
///   `user_version` 10300;
/// - the metadata extension (`gpkg_metadata`, `gpkg_metadata_reference`, registered in
///   `gpkg_extensions`) holding `metadata` as JSON for the whole GeoPackage;
/// - QGIS's `layer_styles` table (registered as an attributes table, as QGIS and GDAL do),
///   so that each layer opens in QGIS with its style.
///
/// Property columns take their SQLite type from the values (INTEGER, REAL, BOOLEAN, TEXT;
/// lists and objects as JSON text). The file is built under a temporary name in the same
/// directory and renamed into place when complete, so a failed run leaves nothing behind.
/// Timestamps are the caller's, so that the same inputs give the same bytes.
public enum GeoPackageWriter {
    public static func write(_ layers: [GeoPackageLayer], metadata: JSONObject, timestamp: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        try? FileManager.default.removeItem(atPath: temporary)
        TemporaryFiles.register(temporary)
        var staged = false
        defer { if !staged { TemporaryFiles.forget(temporary) } }
        do {
            let queue = try DatabaseQueue(path: temporary)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = 1196444487")  // 0x47504B47, "GPKG"
                try db.execute(sql: "PRAGMA user_version = 10300")
                // No rollback journal: a failed write removes the temporary file, which no one
                // has seen. Otherwise SQLite journals (and syncs) the pages it spills from its
                // cache during the one large transaction.
                try db.execute(sql: "PRAGMA journal_mode = OFF")
            }
            try queue.write { db in
                try createCoreTables(db)
                for layer in layers { try write(layer, timestamp: timestamp, db) }
                try writeMetadata(metadata, timestamp: timestamp, db)
                try writeStyles(layers, timestamp: timestamp, db)
            }
            try queue.close()
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw GeoPackageError(path: path, message: error.description)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        if let set = OutputSet.current {
            set.stage(temporary: temporary, destination: path)
            staged = true
            return
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw GeoPackageError(path: path, message: reason)
        }
    }

    /// OGC's WKT for EPSG:4326, as in the GeoPackage specification's own example row.
    static let wgs84 = """
        GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],\
        AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,\
        AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]
        """

    private static func createCoreTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
                  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
                  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
                  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
                CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
                  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
                  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
                CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
                  definition TEXT NOT NULL, scope TEXT NOT NULL,
                  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
                """)
        let rows: [(String, Int, String, Int, String, String)] = [
            ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
            ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
            ("WGS 84 geodetic", 4326, "EPSG", 4326, wgs84, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
        ]
        for r in rows {
            try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", arguments: [r.0, r.1, r.2, r.3, r.4, r.5])
        }
    }

    private enum ColumnType: String {
        case integer = "INTEGER", real = "REAL", boolean = "BOOLEAN", text = "TEXT"
    }

    /// Columns in order of first appearance, each with the type that holds all its values.
    private static func columns(_ features: [GeoJSONFeature]) -> [(String, ColumnType)] {
        var order: [String] = []
        var types: [String: ColumnType] = [:]
        for f in features {
            for (key, value) in f.properties ?? JSONObject() {
                let type: ColumnType?
                switch value {
                case .null: type = nil
                case .bool: type = .boolean
                case .integer: type = .integer
                case .number: type = .real
                case .string, .array, .object: type = .text
                }
                if types[key] == nil && !order.contains(key) { order.append(key) }
                guard let type else { continue }
                switch (types[key], type) {
                case (nil, _): types[key] = type
                case let (old?, new) where old == new: break
                case (.integer?, .real), (.real?, .integer): types[key] = .real
                default: types[key] = .text
                }
            }
        }
        return order.map { ($0, types[$0] ?? .text) }
    }

    private static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private static func write(_ layer: GeoPackageLayer, timestamp: String, _ db: Database) throws {
        let geometries = GeoPackageGeometry.unified(layer.features.compactMap(\.geometry))
        let typeName = GeoPackageGeometry.typeName(geometries)
        let columns = columns(layer.features)
        let definitions =
            ["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom \(typeName)"]
            + columns.map { "\(quoted($0.0)) \($0.1.rawValue)" }
        try db.execute(sql: "CREATE TABLE \(quoted(layer.name)) (\(definitions.joined(separator: ", ")))")

        var bounds = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        let insert =
            "INSERT INTO \(quoted(layer.name)) (geom\(columns.map { ", " + quoted($0.0) }.joined())) VALUES (?\(String(repeating: ", ?", count: columns.count)))"
        let statement = try db.makeStatement(sql: insert)
        var next = 0
        for feature in layer.features {
            var arguments: [(any DatabaseValueConvertible)?] = []
            if feature.geometry != nil {
                let g = geometries[next]
                next += 1
                for c in g.allCoordinates {
                    bounds = (min(bounds.0, c.lon), min(bounds.1, c.lat), max(bounds.2, c.lon), max(bounds.3, c.lat))
                }
                arguments.append(Data(GeoPackageGeometry.blob(g, srsID: 4326)))
            } else {
                arguments.append(nil)
            }
            let properties = feature.properties ?? JSONObject()
            for (c, (key, type)) in columns.enumerated() {
                arguments.append(value(properties.value(key, expectedAt: c), as: type))
            }
            // The statement's placeholders match the arguments by construction.
            statement.setUncheckedArguments(StatementArguments(arguments))
            try statement.execute()
        }
        let hasBounds = bounds.0 <= bounds.2
        try db.execute(
            sql: """
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
                VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)
                """,
            arguments: [
                layer.name, layer.name, layer.description, timestamp,
                hasBounds ? bounds.0 : nil, hasBounds ? bounds.1 : nil, hasBounds ? bounds.2 : nil, hasBounds ? bounds.3 : nil,
            ])
        try db.execute(sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)", arguments: [layer.name, typeName])
    }

    private static func value(_ v: JSONValue?, as type: ColumnType) -> (any DatabaseValueConvertible)? {
        switch v {
        case nil, .null?: return nil
        case let .bool(b)?:
            if type == .text { return b ? "true" : "false" }
            return b
        case let .integer(i)?:
            if type == .text { return String(i) }
            if type == .real { return Double(i) }
            return i
        case let .number(x)?:
            guard x.isFinite else { return nil }
            if type == .text { return String(x) }
            return x
        case let .string(s)?: return s
        case let .array(items)?: return jsonText(.array(items))
        case let .object(o)?: return jsonText(.object(o))
        }
    }

    /// Non-finite numbers, the only values JSON cannot hold, are written as null.
    private static func jsonText(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        if (try? JSONWriter.append(value, to: &out)) == nil { return "null" }
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeMetadata(_ metadata: JSONObject, timestamp: String, _ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
                  md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
                CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT,
                  row_id_value INTEGER, timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                  md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
                  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
                  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
                """)
        try db.execute(
            sql: "INSERT INTO gpkg_metadata VALUES (1, 'dataset', 'https://www.rfc-editor.org/rfc/rfc8259', 'application/json', ?)",
            arguments: [jsonText(.object(metadata))])
        try db.execute(
            sql: "INSERT INTO gpkg_metadata_reference VALUES ('geopackage', NULL, NULL, NULL, ?, 1, NULL)", arguments: [timestamp])
        for table in ["gpkg_metadata", "gpkg_metadata_reference"] {
            try db.execute(
                sql:
                    "INSERT INTO gpkg_extensions VALUES (?, NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', 'read-write')",
                arguments: [table])
        }
    }

    private static func writeStyles(_ layers: [GeoPackageLayer], timestamp: String, _ db: Database) throws {
        // The table as QGIS creates it (QgsOgrProviderUtils), so QGIS finds the default styles.
        try db.execute(
            sql: """
                CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
                  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
                  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT CURRENT_TIMESTAMP)
                """)
        for layer in layers {
            guard let style = layer.style else { continue }
            try db.execute(
                sql: """
                    INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML,
                      styleSLD, useAsDefault, description, owner, ui, update_time)
                    VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', NULL, ?)
                    """, arguments: [layer.name, layer.name, style, "chokepoint default style for \(layer.name)", timestamp])
        }
        try db.execute(
            sql: """
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
                VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', ?)
                """, arguments: [timestamp])
    }
}

extension GeoJSONGeometry {
    /// Every position of the geometry, in order.
    var allCoordinates: [Coordinate] {
        switch self {
        case let .point(c): [c]
        case let .multiPoint(cs), let .lineString(cs): cs
        case let .multiLineString(ls), let .polygon(ls): ls.flatMap { $0 }
        case let .multiPolygon(ps): ps.flatMap { $0.flatMap { $0 } }
        case let .geometryCollection(gs): gs.flatMap(\.allCoordinates)
        }
    }
}
