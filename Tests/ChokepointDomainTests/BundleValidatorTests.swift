import ChokepointDomain
import ChokepointExport
import ChokepointGeo
import Foundation
import Testing

/// Each test breaks one thing in the hand-made fixture bundle and checks the validator's
/// report: the right file, line or feature, field, and a message with the measured value.
@Suite struct BundleValidatorTests {
    private func descriptions(_ f: BundleFixture) throws -> [String] {
        try f.problems().map(\.description)
    }

    @Test func fixtureIsClean() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        #expect(try descriptions(f) == [])
    }

    @Test func swappedCoordinatesAreNamed() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // lat 105 is impossible while 20 would be a fine latitude: the columns were swapped.
        try f.edit("places.csv", replacing: "la-c,Town C,town,,LA,la-east,1.8,0.2", with: "la-c,Town C,town,,LA,la-east,20,105")
        let problems = try descriptions(f)
        #expect(problems.contains(#"places.csv:4: field "lat": latitude 105 is out of range and longitude 20 would be a valid latitude: lat and lon look swapped"#))
    }

    @Test func placeOutsideItsCountryIsMeasured() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.edit("places.csv", replacing: "vn-a,Town A,city,,VN,vn-west,0.5,0.5", with: "vn-a,Town A,city,,VN,,0.5,1.3")
        // From (0.5, 1.3) to the square's top edge (lat 1) along the meridian: 0.3° of
        // latitude near the equator, 110.57 km/° on WGS 84, so 33.2 km. Swapped, (1.3, 0.5)
        // lies in LA, not VN, so no swap hint is given.
        #expect(try descriptions(f) == [#"places.csv:2: field "lon": (0.5, 1.3) lies 33.2 km outside country VN"#])
    }

    @Test func crossingFarFromItsBorderIsMeasured() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.edit("crossings.csv", replacing: "international,road,,1.0,0.5", with: "international,road,,1.1,0.5")
        let problems = try descriptions(f)
        // 0.1° of longitude at lat 0.5 on WGS 84: 11.13 km (111.32 km/° × cos 0.5°).
        #expect(problems.contains(#"crossings.csv:2: field "lon": crossing lies 11.1 km from the LA–VN border (at most 5.0 km allowed)"#))
    }

    @Test func crossingWithinToleranceIsAccepted() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // 0.04° of longitude ≈ 4.45 km: inside the 5 km tolerance.
        try f.edit("crossings.csv", replacing: "international,road,,1.0,0.5", with: "international,road,,1.04,0.5")
        #expect(try descriptions(f) == [])
    }

    @Test func crossingsSharingAPositionMustNameOneSite() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // A second gate 0.005° of latitude north of x-ab: 0.553 km on WGS 84 near the equator
        // (110.574 km/°), under the 1 km tolerance; a third 0.02° north of x-ab, 1.66 km from the second, is far enough.
        try f.edit("crossings.csv", replacing: "international,road,,1.0,0.5,test\n", with: """
            international,road,,1.0,0.5,test
            x-ab-rail,A–B rail,VN,A rail,LA,B rail,international,rail,,1.0,0.505,test
            x-ab-far,A–B north,VN,A north,LA,B north,secondary,road,,1.0,0.52,test

            """)
        try f.edit("links.csv", replacing: "l3,", with: "l4,vn-a,x-ab-rail,rail,false,,test\nl5,x-ab-rail,la-b,rail,false,,test\nl6,vn-a,x-ab-far,road,false,,test\nl3,")
        #expect(try descriptions(f) == [
            #"crossings.csv:3: field "lon": crossing x-ab-rail lies 0.55 km from x-ab (line 2); two crossings closer than 1.0 km must name the same site in their "site" column, or one position was copied"#,
        ])
        // Said to be one site, the pair is accepted.
        try f.edit("crossings.csv", replacing: "hours,lon,lat,source", with: "hours,lon,lat,site,source")
        try f.edit("crossings.csv", replacing: "1.0,0.5,test", with: "1.0,0.5,ab-post,test")
        try f.edit("crossings.csv", replacing: "1.0,0.505,test", with: "1.0,0.505,ab-post,test")
        try f.edit("crossings.csv", replacing: "1.0,0.52,test", with: "1.0,0.52,,test")
        #expect(try descriptions(f) == [])
    }

    @Test func crossingBetweenCountriesWithoutBorderIsReported() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.edit("crossings.csv", replacing: "VN,A side,LA,B side", with: "VN,A side,TH,B side")
        let problems = try descriptions(f)
        #expect(problems.contains(#"crossings.csv:2: field "country_b": LA and TH share no border in this bundle"#) == false)
        #expect(problems.contains(#"crossings.csv:2: field "country_b": TH and VN share no border in this bundle"#))
    }

    @Test func danglingReferencesAndBadEnumsAreNamed() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.edit("links.csv", replacing: "l2,x-ab,la-b,road", with: "l2,x-ab,la-zz,boat")
        try f.edit("demand.csv", replacing: "la-c,10", with: "la-q,10")
        try f.edit("crossings.csv", replacing: "international,road", with: "official,road")
        let problems = try descriptions(f)
        #expect(problems.contains(#"links.csv:3: field "mode": unknown mode "boat" (expected road, river, rail, sea, air, trail, post)"#))
        #expect(problems.contains(#"demand.csv:2: field "target": unknown node la-q"#))
        #expect(problems.contains(#"crossings.csv:2: field "type": unknown crossing type "official" (expected international, main, secondary, unofficial-known)"#))
    }

    @Test func duplicateIdsAndMissingSourcesAreNamed() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.edit("places.csv", replacing: "la-c,Town C,town,,LA,la-east,1.8,0.2,,test", with: "la-b,Town C,town,,LA,la-east,1.8,0.2,,")
        let problems = try descriptions(f)
        #expect(problems.contains(#"places.csv:4: field "source": empty; a value is required"#))
        // The row without a source is dropped, so the duplicate id is not double-reported;
        // give it a source and the duplicate shows.
        try f.edit("places.csv", replacing: "la-b,Town C,town,,LA,la-east,1.8,0.2,,", with: "la-b,Town C,town,,LA,la-east,1.8,0.2,,test")
        #expect(try descriptions(f).contains(#"places.csv:4: field "id": id la-b is already used (places.csv:3)"#))
    }

    @Test func linkGeometryEndingAwayFromItsNodeIsMeasured() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // The geometry now ends at lat 0.23 instead of 0.2: 0.03° of latitude ≈ 3.3 km.
        try f.edit("links.csv", replacing: "LINESTRING (1.5 0.5, 1.8 0.2)", with: "LINESTRING (1.5 0.5, 1.8 0.23)")
        #expect(try descriptions(f).contains(#"links.csv:4: field "geometry": geometry ends 3.3 km from its nodes la-b and la-c (at most 1.0 km)"#))
    }

    @Test func unreachableNodesAreListed() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.edit("links.csv", replacing: "l3,la-b,la-c,road,false", with: "l3,la-c,la-b,road,true")
        let problems = try descriptions(f)
        // l3 now runs only from C to B: no source reaches C.
        #expect(problems == [#"places.csv:4: field "id": no scenario source reaches la-c along the links"#])
    }

    @Test func seizureDatesPlacesAndDuplicatesAreChecked() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.write("seizures.csv", """
            id,date,place,lon,lat,location_precision,commodity,amount,unit,source
            s1,2023-02-29,Ouest,,,province,heroin,2,kg,test
            s2,2024-02-29,Ouest,,,province,heroin,2,kg,test
            s3,2024-02-29,ouest,,,province,heroin,2,kg,test
            s4,2024-03-01,Atlantis,,,province,heroin,2,kg,test

            """)
        let problems = try descriptions(f)
        #expect(problems.contains(#"seizures.csv:2: field "date": expected an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), got "2023-02-29""#))
        // "ouest" and "Ouest" name the same province: s3 repeats s2.
        #expect(problems.contains("seizures.csv:4: duplicate of s2 (line 3): same date, place, commodity and amount"))
        #expect(problems.contains(#"seizures.csv:5: field "place": unknown place "Atlantis" (not a node, province or country id, nor a name or alias of one)"#))
        #expect(problems.count == 3)
    }

    @Test func exactDuplicateSeizureIsReported() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.write("seizures.csv", """
            id,date,place,lon,lat,location_precision,commodity,amount,unit,source
            s1,2024-02-29,Ouest,,,province,heroin,2,kg,agency A
            s2,2024-02-29,Ouest,,,province,Heroin,2,KG,agency B

            """)
        #expect(try descriptions(f) == ["seizures.csv:3: duplicate of s1 (line 2): same date, place, commodity and amount"])
    }

    @Test func invalidPolygonIsReportedAndFixRepairsIt() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // A bow tie: the ring crosses itself at (0.5, 0.5).
        try f.edit("provinces.geojson", replacing: "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]", with: "[[[0,0],[1,1],[1,0],[0,1],[0,0]]]")
        let before = try descriptions(f)
        #expect(before.contains { $0.hasPrefix(#"provinces.geojson: feature 0: field "geometry": invalid polygon: Self-intersection"#) })
        let report = try PolygonRepair(geos: try GEOSContext()).repair(directory: f.path)
        #expect(report.count == 1 && report[0].hasPrefix("provinces.geojson: feature 0: repaired (Self-intersection"))
        #expect(try !descriptions(f).contains { $0.contains("invalid polygon") })
    }

    @Test func missingRequiredFileAndColumnAreNamed() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try FileManager.default.removeItem(at: f.directory.appendingPathComponent("links.csv"))
        try f.write("places.csv", "id,name,country,lon,lat,source\nvn-a,A,VN,0.5,0.5,test\n")
        let problems = try descriptions(f)
        #expect(problems.contains("links.csv: missing: every bundle needs this file"))
        #expect(problems.contains(#"places.csv:1: field "kind": missing column kind (the header has: id, name, country, lon, lat, source)"#))
    }

    @Test func scenarioErrorsGiveTheLine() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.write("scenario.yaml", "name: test\nsources: [vn-a]\ntargets: demand.csv\nbandwith_km: 5\n")
        #expect(try descriptions(f) == [#"scenario.yaml:4: field "bandwith_km": unknown key (expected one of cost, estimate, evidence, markets, name, seizures, sources, targets)"#])
        try f.write("scenario.yaml", "name: test\nsources: [vn-a\n")
        #expect(try descriptions(f).first?.hasPrefix("scenario.yaml:3:") == true)
        try f.write("scenario.yaml", "name: test\nsources: [vn-nowhere]\ntargets: demand.csv\n")
        #expect(try descriptions(f).contains(#"scenario.yaml: field "sources": unknown node vn-nowhere"#))
    }

    @Test func projectedCoordinatesAreTransformed() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // Town C given in UTM zone 31N: 1.8°E 0.2°N is easting 255 ... computed by PROJ here
        // and back; the place must still validate inside LA and its province.
        let proj = try PROJContext()
        let utm = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32631", context: proj).transform(Coordinate(lon: 1.8, lat: 0.2))
        try f.write("places.csv", """
            id,name,kind,roles,country,province,lon,lat,crs,aliases,source
            vn-a,Town A,city,,VN,vn-west,0.5,0.5,,,test
            la-b,Town B,city,airport,LA,la-east,1.5,0.5,,,test
            la-c,Town C,town,,LA,la-east,\(utm.x),\(utm.y),EPSG:32631,,test

            """)
        #expect(try descriptions(f) == [])
        try f.edit("places.csv", replacing: "EPSG:32631", with: "EPSG:999999")
        #expect(try descriptions(f).contains { $0.hasPrefix(#"places.csv:4: field "crs": "#) })
    }

    @Test func provinceIdThatIsAlsoANodeIdIsAmbiguous() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.edit("provinces.geojson", replacing: #""id":"la-east""#, with: #""id":"la-b""#)
        try f.edit("places.csv", replacing: "LA,la-east,1.5", with: "LA,la-b,1.5")
        try f.edit("places.csv", replacing: "LA,la-east,1.8", with: "LA,la-b,1.8")
        #expect(try descriptions(f) == [#"provinces.geojson: feature 1: field "properties.id": id la-b is also a node id (places.csv:3); a seizure or demand row naming it would be ambiguous"#])
    }

    @Test func seizureUnitsAndDatePrecisionsAreChecked() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.write("seizures.csv", """
            id,date,date_precision,place,lon,lat,location_precision,commodity,amount,unit,source
            s1,2024-03,day,Ouest,,,province,heroin,2,kg,test
            s2,2024-03-01,day,Ouest,,,province,heroin,2,pounds,test
            s3,2024,decade,Ouest,,,province,heroin,2,kg,test
            s4,2024-03-01,report,Ouest,,,province,heroin,3,cakes,test

            """)
        #expect(try descriptions(f) == [
            "seizures.csv:2: field \"date_precision\": day does not match the date 2024-03",
            "seizures.csv:3: field \"unit\": unknown unit \"pounds\" (expected cakes, g, kg, litres, specimens, t, tablets)",
            "seizures.csv:4: field \"date_precision\": unknown precision \"decade\" (expected day, month, report, year)",
        ])
    }

    /// What only the seizure ingest checks: commodity, mode, and a precision no finer than the place.
    @Test func seizureCommodityModeAndPrecisionAreChecked() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.write("seizures.csv", """
            id,date,date_precision,place,lon,lat,location_precision,commodity,amount,unit,mode,source
            s1,2024-03-01,day,Ouest,,,town,heroin,2,kg,,test
            s2,2024-03-01,day,Ouest,,,province,moonshine,2,kg,,test
            s3,2024-03-01,day,Ouest,,,province,heroin,3,kg,truck,test
            s4,2024-03-01,day,Ouest,,,province,heroin,4,kg,road,test

            """)
        #expect(try descriptions(f) == [
            "seizures.csv:2: field \"location_precision\": \"town\" is finer than the place: province vn-west can be at most \"province\"",
            "seizures.csv:3: field \"commodity\": unknown commodity \"moonshine\" (expected one of \(Commodity.allCases.map(\.rawValue).joined(separator: ", ")), or a common synonym)",
            "seizures.csv:4: field \"mode\": unknown mode \"truck\"",
        ])
    }

    @Test func layerInAnotherCRSIsTransformed() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // The provinces again, written in UTM 31N (EPSG:32631) by PROJ, with a legacy crs member:
        // once transformed back they must still hold their places, so the bundle stays clean.
        let proj = try PROJContext()
        let utm = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32631", context: proj)
        func ring(_ x0: Double) throws -> String {
            try [(x0, 0.0), (x0 + 1, 0), (x0 + 1, 1), (x0, 1), (x0, 0)].map { p in
                let c = try utm.transform(Coordinate(lon: p.0, lat: p.1))
                return "[\(c.x),\(c.y)]"
            }.joined(separator: ",")
        }
        try f.write("provinces.geojson", """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32631"}},"features":[
            {"type":"Feature","properties":{"id":"vn-west","name":"West","country":"VN","aliases":"Ouest","source":"test"},"geometry":{"type":"Polygon","coordinates":[[\(try ring(0))]]}},
            {"type":"Feature","properties":{"id":"la-east","name":"East","country":"LA","source":"test"},"geometry":{"type":"Polygon","coordinates":[[\(try ring(1))]]}}]}
            """)
        #expect(try descriptions(f) == [])
        try f.edit("provinces.geojson", replacing: "EPSG::32631", with: "EPSG::999999")
        #expect(try descriptions(f).contains { $0.hasPrefix(#"provinces.geojson: field "crs": "#) })
    }

    @Test func scenarioParametersAreReadAndCheckedWithTheirLine() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        try f.write("scenario.yaml", """
            name: test
            sources: [vn-a]
            targets: demand.csv
            seizures: {tablet_mg: 90, merge_days: 5}
            evidence:
              bandwidth_km: 5
              commodities: [heroin, yaba]
              control: {unofficial-known: 0.1, trail: 0.3, place: 0.5}
            cost:
              evidence_strength: 0.5
              speed_kmh: {road: 30}
              crossing_delay_hours: {international: 3}

            """)
        let (bundle, problems) = BundleReader(directory: f.path, proj: try PROJContext(), geos: try GEOSContext()).read()
        #expect(problems.isEmpty)
        let s = try #require(bundle.scenario)
        #expect(abs(s.conversion.tabletGrams - 0.09) < 1e-15 && s.merger.maxDays == 5)
        #expect(s.evidence.bandwidthKm == 5 && s.seizureFilter.commodities == [.heroin, .methamphetamineTablets])
        #expect(s.evidence.crossingControl[.unofficialKnown] == 0.1 && s.evidence.linkControl[.trail] == 0.3 && s.evidence.placeControl == 0.5)
        #expect(s.evidence.halfLifeDays == 730)  // untouched keys keep their defaults
        #expect(s.cost.evidenceStrength == 0.5 && s.cost.speedKmh[.road] == 30 && s.cost.speedKmh[.rail] == 50)
        #expect(s.cost.crossingDelayHours[.international] == 3)

        try f.write("scenario.yaml", "name: t\nsources: [vn-a]\ntargets: demand.csv\nevidence:\n  bandwidth_km: -2\n")
        #expect(try descriptions(f) == [#"scenario.yaml:5: field "evidence.bandwidth_km": expected a positive number, got -2"#])
        try f.write("scenario.yaml", "name: t\nsources: [vn-a]\ntargets: demand.csv\ncost:\n  speed_kmh: {hovercraft: 80}\n")
        #expect(try descriptions(f).first?.hasPrefix(#"scenario.yaml:5: field "cost.speed_kmh.hovercraft": unknown key"#) == true)
    }
}
