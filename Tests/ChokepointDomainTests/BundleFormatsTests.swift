import ChokepointDomain
import ChokepointGeo
import Foundation
import Testing

/// A bundle whose layers come in other formats GDAL reads (issue 18 item 1): the fixture's
/// places as an XLSX sheet, links as ODS, provinces as a GeoPackage and borders as a
/// Shapefile, each made by GDAL's ogr2ogr from the fixture's own file and that file removed.
/// It must validate as clean as the CSV/GeoJSON bundle, and a problem must name the file the
/// analyst has.
@Suite struct BundleFormatsTests {
    static func convert(_ f: BundleFixture, _ from: String, to: String, _ format: String, _ extra: [String] = []) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        p.arguments = ["-f", format, f.directory.appendingPathComponent(to).path, f.directory.appendingPathComponent(from).path] + extra
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "ogr2ogr \(from) → \(to)")
        try FileManager.default.removeItem(at: f.directory.appendingPathComponent(from))
    }

    @Test func layersInOtherFormatsValidateLikeTheirCSVs() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try Self.convert(f, "places.csv", to: "places.xlsx", "XLSX")
        try Self.convert(f, "links.csv", to: "links.ods", "ODS")
        try Self.convert(f, "provinces.geojson", to: "provinces.gpkg", "GPKG")
        try Self.convert(f, "borders.geojson", to: "borders.shp", "ESRI Shapefile")
        #expect(try f.problems().map(\.description) == [])
        let (bundle, _) = BundleReader(directory: f.directory.path, proj: try PROJContext(), geos: try GEOSContext()).read()
        #expect(bundle.places.map(\.id) == ["vn-a", "la-b", "la-c"] && bundle.provinces.count == 2 && bundle.borders.count == 1)
        #expect(bundle.fileName(BundleFile.places) == "places.xlsx" && bundle.fileName(BundleFile.crossings) == "crossings.csv")
    }

    @Test func aProblemNamesTheSheetAndItsRow() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // Town C swapped lon/lat, in row 4 of the sheet (header, vn-a, la-b, la-c).
        try f.edit("places.csv", replacing: "la-c,Town C,town,,LA,la-east,1.8,0.2", with: "la-c,Town C,town,,LA,la-east,20,105")
        try Self.convert(f, "places.csv", to: "places.xlsx", "XLSX")
        #expect(try f.problems().map(\.description).contains(
            #"places.xlsx:4: field "lat": latitude 105 is out of range and longitude 20 would be a valid latitude: lat and lon look swapped"#))
    }
}
