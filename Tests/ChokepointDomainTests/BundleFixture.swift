import ChokepointDomain
import ChokepointGeo
import Foundation

/// A small bundle written to a temporary directory, file by file, so each test can break
/// exactly one thing and check that the validator names it.
///
/// The geography is hand-made: country VN is the square lon 0…1, lat 0…1 and LA the square
/// lon 1…2, lat 0…1, so their shared border is the meridian lon = 1 between lat 0 and 1.
struct BundleFixture {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chokepoint-bundle-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write("places.csv", """
            id,name,kind,roles,country,province,lon,lat,aliases,source
            vn-a,Town A,city,,VN,vn-west,0.5,0.5,Ville A,test
            la-b,Town B,city,airport,LA,la-east,1.5,0.5,,test
            la-c,Town C,town,,LA,la-east,1.8,0.2,,test

            """)
        try write("crossings.csv", """
            id,name,country_a,name_a,country_b,name_b,type,modes,hours,lon,lat,source
            x-ab,A–B gate,VN,A side,LA,B side,international,road,,1.0,0.5,test

            """)
        try write("links.csv", """
            id,from,to,mode,directed,geometry,source
            l1,vn-a,x-ab,road,false,,test
            l2,x-ab,la-b,road,false,,test
            l3,la-b,la-c,road,false,"LINESTRING (1.5 0.5, 1.8 0.2)",test

            """)
        try write("countries.geojson", Self.collection([
            Self.squareFeature(["id": "VN", "country": "VN", "source": "test"], minLon: 0),
            Self.squareFeature(["id": "LA", "country": "LA", "source": "test"], minLon: 1),
        ]))
        try write("borders.geojson", Self.collection([
            #"{"type":"Feature","properties":{"id":"LA-VN","country_a":"LA","country_b":"VN","source":"test"},"geometry":{"type":"LineString","coordinates":[[1,0],[1,1]]}}"#,
        ]))
        try write("provinces.geojson", Self.collection([
            Self.squareFeature(["id": "vn-west", "name": "West", "country": "VN", "aliases": "Ouest|Tây", "source": "test"], minLon: 0),
            Self.squareFeature(["id": "la-east", "name": "East", "country": "LA", "source": "test"], minLon: 1),
        ]))
        try write("demand.csv", """
            target,weight,source
            la-c,10,test

            """)
        try write("seizures.csv", """
            id,date,place,lon,lat,location_precision,commodity,amount,unit,source
            s1,2024-03-01,Ouest,,,province,heroin,2,kg,test
            s2,2024-03,,1.5,0.5,town,methamphetamine tablets,1000,tablets,test

            """)
        try write("scenario.yaml", """
            name: test
            sources: [vn-a]
            targets: demand.csv

            """)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Replaces the first occurrence of `old` in a file; fails the test if it is absent.
    func edit(_ name: String, replacing old: String, with new: String) throws {
        let text = try read(name)
        guard let range = text.range(of: old) else {
            throw FixtureError.notFound(old, name)
        }
        try write(name, text.replacingCharacters(in: range, with: new))
    }

    enum FixtureError: Error { case notFound(String, String) }

    var path: String { directory.path }

    func problems() throws -> [BundleProblem] {
        let geos = try GEOSContext()
        let proj = try PROJContext()
        let (bundle, readProblems) = BundleReader(directory: path, proj: proj, geos: geos).read()
        return (readProblems + BundleValidator(geos: geos).validate(bundle)).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    static func collection(_ features: [String]) -> String {
        #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}\n"
    }

    static func squareFeature(_ properties: [String: String], minLon: Int) -> String {
        let props = properties.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let x0 = minLon, x1 = minLon + 1
        return #"{"type":"Feature","properties":{"# + props + #"},"geometry":{"type":"Polygon","coordinates":[[["#
            + "\(x0),0],[\(x1),0],[\(x1),1],[\(x0),1],[\(x0),0]]]}}"
    }
}
