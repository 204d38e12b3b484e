import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation
import Testing

/// Seizure files in the formats analysts hold, read through GDAL for real: each is made from
/// one CSV by GDAL's own `ogr2ogr` (gdal-bin; scripts/install-deps --test), and must give the
/// rows our CSV reader gives, positions included; a projected copy must come back to the same
/// lon/lat. Problems in a sheet name its row.
@Suite struct SeizureFormatsTests {
    static let csv = """
        id,date,date_precision,place,lon,lat,location_precision,commodity,amount,unit,mode,agency,source,notes
        s1,2024-03-15,day,,104.12345,19.54321,exact,heroin,12.5,kg,road,Nghe An police,report one,first
        s2,2024-04,month,Vinh,,,,methamphetamine tablets,200000,tablets,,customs,report two,
        s3,2023,year,prov-vn-son-la,,,province,crystal methamphetamine,3,kg,trail,border guard,report three,"with, comma"
        s4,2022-11-02,day,,102.6331,17.9757,exact,heroin,1.25,kg,river,LCDC,report four,

        """

    struct Workspace {
        let directory: String
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-formats-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try SeizureFormatsTests.csv.write(toFile: directory + "/s.csv", atomically: true, encoding: .utf8)
        }
        func path(_ name: String) -> String { directory + "/" + name }
        func remove() { try? FileManager.default.removeItem(atPath: directory) }

        /// `ogr2ogr -f FORMAT OUT s.csv ARGS...`, with the CSV's lon/lat made a point geometry
        /// when `points` (rows without a position keep a null geometry where the format can).
        func convert(_ format: String, _ out: String, points: Bool, _ extra: [String] = []) throws {
            var args = ["-f", format, path(out), path("s.csv")]
            if points {
                // The CSV's lon/lat are WGS 84: assigned, or the source of a reprojection.
                let srs = extra.contains("-t_srs") ? "-s_srs" : "-a_srs"
                args += ["-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "KEEP_GEOM_COLUMNS=NO", srs, "EPSG:4326"]
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
            p.arguments = args + extra
            let err = Pipe()
            p.standardError = err
            try p.run()
            p.waitUntilExit()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(p.terminationStatus == 0, "ogr2ogr \(format): \(message)")
        }
    }

    static func read(_ path: String) throws -> (rows: [SeizureRow], problems: [InputError]) {
        SeizureFileReader(proj: try PROJContext(), geos: try GEOSContext()).read(path: path)
    }

    /// The fields two readings must agree on.
    static func summary(_ r: SeizureRow) -> String {
        let position = r.coordinate.map { String(format: "%.6f,%.6f", $0.lon, $0.lat) } ?? "-"
        return [r.id, r.date, r.datePrecision, r.places.joined(separator: "|"), position, r.locationPrecision, r.commodity,
                "\(r.amount)", r.unit, r.mode, r.agency, r.source].joined(separator: ";")
    }

    @Test func everyFormatGivesTheCSVsRows() throws {
        let w = try Workspace()
        defer { w.remove() }
        let expected = try Self.read(w.path("s.csv"))
        #expect(expected.problems.isEmpty && expected.rows.count == 4)
        let all = expected.rows.map(Self.summary)
        try w.convert("XLSX", "s.xlsx", points: false)
        try w.convert("ODS", "s.ods", points: false)
        try w.convert("GPKG", "s.gpkg", points: true)
        try w.convert("KML", "s.kml", points: true)
        try w.convert("LIBKML", "s.kmz", points: true)
        try w.convert("ESRI Shapefile", "s.shp", points: true)
        try w.convert("ESRI Shapefile", "zipped.shp.zip", points: true)
        for file in ["s.xlsx", "s.ods", "s.gpkg", "s.kml", "s.kmz", "s.shp", "zipped.shp.zip"] {
            let (rows, problems) = try Self.read(w.path(file))
            #expect(problems.map(\.description) == [], "\(file)")
            #expect(rows.map(Self.summary) == all, "\(file)")
        }
        // FlatGeobuf keeps only features with a geometry: the two with a position.
        try w.convert("FlatGeobuf", "s.fgb", points: true)
        let fgb = try Self.read(w.path("s.fgb"))
        #expect(fgb.problems.isEmpty && fgb.rows.map(Self.summary) == all.filter { !$0.contains(";-;") })
    }

    @Test func aProjectedFileComesBackToLonLat() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.convert("GPKG", "utm.gpkg", points: true, ["-t_srs", "EPSG:32648"])
        let (rows, problems) = try Self.read(w.path("utm.gpkg"))
        #expect(problems.isEmpty)
        let s1 = try #require(rows.first { $0.id == "s1" }?.coordinate)
        let s4 = try #require(rows.first { $0.id == "s4" }?.coordinate)
        #expect(abs(s1.lon - 104.12345) < 1e-7 && abs(s1.lat - 19.54321) < 1e-7)
        #expect(abs(s4.lon - 102.6331) < 1e-7 && abs(s4.lat - 17.9757) < 1e-7)
    }

    @Test func aSheetsProblemsNameItsRowAndColumn() throws {
        let w = try Workspace()
        defer { w.remove() }
        // Row 3 of the sheet (the second record) has a bad amount; the whole sheet lacks `unit`.
        try Self.csv.replacingOccurrences(of: "tablets,200000,tablets", with: "tablets,lots,tablets")
            .write(toFile: w.path("s.csv"), atomically: true, encoding: .utf8)
        try w.convert("XLSX", "bad.xlsx", points: false)
        let (rows, problems) = try Self.read(w.path("bad.xlsx"))
        #expect(rows.map(\.id) == ["s1", "s3", "s4"])
        #expect(problems.map(\.description) == [#"\#(w.path("bad.xlsx")):3: field "amount": expected a number, got "lots""#])
        try Self.csv.replacingOccurrences(of: ",unit,", with: ",units,").write(toFile: w.path("s.csv"), atomically: true, encoding: .utf8)
        try w.convert("ODS", "nounit.ods", points: false)
        let missing = try Self.read(w.path("nounit.ods"))
        #expect(missing.rows.isEmpty)
        #expect(missing.problems.map(\.description) == [#"\#(w.path("nounit.ods")): field "unit": missing column "unit" in layer s"#])
    }

    @Test func aFileGDALCannotOpenOrARemotePathIsAnError() throws {
        let w = try Workspace()
        defer { w.remove() }
        try "not a spreadsheet".write(toFile: w.path("junk.xlsx"), atomically: true, encoding: .utf8)
        let junk = try Self.read(w.path("junk.xlsx"))
        #expect(junk.rows.isEmpty && junk.problems.count == 1)
        #expect(junk.problems.first?.description.hasPrefix("\(w.path("junk.xlsx")): open as a vector file: ") == true)
        let remote = try Self.read("/vsicurl/https://example.org/seizures.gpkg")
        #expect(remote.problems.map(\.description) == ["/vsicurl/https://example.org/seizures.gpkg: open: a remote path; Chokepoint reads local files only"])
    }
}
