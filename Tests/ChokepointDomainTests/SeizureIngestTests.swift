import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import ChokepointSupport
import Foundation
import Testing

@Suite struct SeizureDateTests {
    @Test func dayNumbersMatchPythonsDatetime() throws {
        // (date(y, m, d) - date(1970, 1, 1)).days from Python's datetime.
        let expected: [(String, Int)] = [("1970-01-01", 0), ("2000-03-01", 11017), ("2024-02-29", 19782), ("2100-12-31", 47846)]
        for (text, days) in expected {
            let d = try #require(SeizureDate(text))
            #expect(d.firstDay == days && d.lastDay == days, "\(text)")
        }
    }

    @Test func impreciseDatesSpanTheirPeriod() throws {
        let month = try #require(SeizureDate("2024-02"))
        #expect(month.lastDay - month.firstDay == 28)  // 29 days in February 2024
        let year = try #require(SeizureDate("2023"))
        #expect(year.lastDay - year.firstDay == 364)
        let report = try #require(SeizureDate("2024-03-26", precision: "report"))
        #expect(report.lastDay - report.firstDay == SeizureDate.reportLagDays)
        #expect(month.gap(to: try #require(SeizureDate("2024-02-15"))) == 0)
        #expect(month.gap(to: try #require(SeizureDate("2024-03-05"))) == 5)
    }

    @Test func impossibleDatesAndMismatchedPrecisionsAreRefused() {
        #expect(SeizureDate("2023-02-29") == nil)
        #expect(SeizureDate("2024-13") == nil)
        #expect(SeizureDate("24-01-01") == nil)
        #expect(SeizureDate("2024-03", precision: "day") == nil)
        #expect(SeizureDate("2024", precision: "report") == nil)
        #expect(SeizureDate("2024-03-01", precision: "decade") == nil)
    }
}

@Suite struct AmountAndCommodityTests {
    @Test func amountsConvertToKilograms() {
        let c = AmountConversion()
        // seeds/001: 1,395,703 pills; at 100 mg each, 139.5703 kg.
        #expect(abs((c.kilograms(1_395_703, unit: "tablets") ?? 0) - 139.5703) < 1e-9)
        #expect(c.kilograms(20, unit: "cakes") == 7)
        #expect(c.kilograms(2.5, unit: "t") == 2500)
        #expect(c.kilograms(850, unit: "g") == 0.85)
        #expect(c.kilograms(12, unit: "specimens") == nil)
        #expect(c.kilograms(1, unit: "pounds") == nil)
    }

    @Test func commoditySynonymsMapToCanonicalNames() {
        #expect(Commodity(parsing: "Yaba") == .methamphetamineTablets)
        #expect(Commodity(parsing: "ICE") == .crystalMethamphetamine)
        #expect(Commodity(parsing: "ma túy đá") == .crystalMethamphetamine)
        #expect(Commodity(parsing: "Marijuana") == .cannabis)
        #expect(Commodity(parsing: "heroin") == .heroin)
        #expect(Commodity(parsing: "glue") == nil)
    }
}

/// Normalisation and merging against the bundled GeoData/mekong, whose names and aliases
/// are the ones analysts write.
@Suite struct SeizureNormaliserTests {
    static func bundle() throws -> NetworkBundle {
        let (b, problems) = BundleReader(directory: MekongBundleTests.directory, proj: try PROJContext(), geos: try GEOSContext()).read()
        #expect(problems.isEmpty)
        return b
    }

    static func read(_ csv: String) throws -> (rows: [SeizureRow], problems: [InputError]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seizures-\(UUID().uuidString).csv")
        try csv.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return SeizureFileReader(proj: try PROJContext(), geos: try GEOSContext()).read(path: url.path, name: "in.csv")
    }

    static let header = "id,date,date_precision,place,lon,lat,location_precision,commodity,amount,unit,mode,agency,source\n"

    @Test func placeNamesResolveWithoutDiacriticsOrCase() throws {
        let (rows, readProblems) = try Self.read(Self.header + """
            a,2024-03-01,,Nghệ An,,,,heroin,2,kg,,,test
            b,2024-03-01,,nghe an,,,,heroin,2,kg,,,test
            c,2024-03-01,,Hua Phan,,,,yaba,20000,tablets,,,test
            d,2024-03-01,,Houaphanh,,,,ICE,1,kg,,,test
            e,2024-03-01,,Krong Klang,,,,heroin,3,cakes,road,,test
            f,2024-03-01,,Lao Bao,,,,heroin,1,kg,,,test

            """)
        #expect(readProblems.isEmpty)
        let (records, problems) = SeizureNormaliser(bundle: try Self.bundle()).normalise(rows, file: "in.csv")
        #expect(problems.isEmpty)
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        #expect(byID["a"]?.location == .provinces(["prov-vn-nghe-an"]))
        #expect(byID["b"]?.location == .provinces(["prov-vn-nghe-an"]))
        #expect(byID["c"]?.location == .provinces(["prov-la-houaphan"]) && byID["c"]?.kilograms == 2)
        #expect(byID["d"]?.location == .provinces(["prov-la-houaphan"]) && byID["d"]?.commodity == .crystalMethamphetamine)
        // A gazetteer town (GeoNames 8650753) becomes a point at the town, precision town.
        #expect(byID["e"]?.location == .point(Coordinate(lon: 106.8874, lat: 16.68906)) && byID["e"]?.precision == .town)
        #expect(byID["e"]?.kilograms == 1.05 && byID["e"]?.mode == .road)
        // A network node named by its alias-free name.
        #expect(byID["f"]?.location == .node("vn-lao-bao"))
    }

    /// A stated precision may be coarser than the place (a district known by its seat), never
    /// finer: a province is at most `province`, a town or node `town`, `exact` needs lon/lat.
    @Test func precisionNeverFinerThanThePlace() throws {
        let (rows, readProblems) = try Self.read(Self.header + """
            a,2024-03-01,,prov-la-bokeo,,,district,heroin,2,kg,,,test
            b,2024-03-01,,prov-la-bokeo,,,province,heroin,2,kg,,,test
            c,2024-03-01,,Krong Klang,,,district,heroin,2,kg,,,test
            d,2024-03-01,,x-lao-bao,,,exact,heroin,2,kg,,,test
            e,2024-03-01,,x-lao-bao,106.6,16.62,exact,heroin,2,kg,,,test
            f,2024-03-01,,LA,,,province,heroin,2,kg,,,test
            g,2024-03-01,,Krong Klang,,,town,heroin,2,kg,,,test

            """)
        #expect(readProblems.isEmpty)
        let (records, problems) = SeizureNormaliser(bundle: try Self.bundle()).normalise(rows, file: "in.csv")
        #expect(records.map(\.id) == ["b", "c", "e", "g"])
        #expect(problems.map(\.description) == [
            "in.csv:2: field \"location_precision\": \"district\" is finer than the place: province prov-la-bokeo can be at most \"province\"",
            "in.csv:5: field \"location_precision\": \"exact\" is finer than the place: node x-lao-bao can be at most \"town\" (exact needs lon and lat)",
            "in.csv:7: field \"location_precision\": \"province\" is finer than the place: country LA can be at most \"country\"",
        ])
        #expect(records.first { $0.id == "c" }?.precision == .district)
    }

    @Test func badRowsAreNamedAndSkipped() throws {
        let (rows, readProblems) = try Self.read(Self.header + """
            a,2024-03-01,,Atlantis,,,,heroin,2,kg,,,test
            b,2024-03-01,,,20.5,105.8,,heroin,2,kg,,,test
            c,2023-02-29,,Nghe An,,,,heroin,2,kg,,,test
            d,2024-03-01,,Nghe An,,,,glue,2,kg,,,test
            e,2024-03-01,,Nghe An,,,,heroin,2,pounds,,,test
            f,2024-03-01,,Nghe An,,,,heroin,2,kg,,,test

            """)
        let (records, problems) = SeizureNormaliser(bundle: try Self.bundle()).normalise(rows, file: "in.csv")
        let all = (readProblems + problems).sorted().map(\.description)
        #expect(all == [
            #"in.csv:2: field "place": unknown place "Atlantis" (not a node, province, country or gazetteer town, nor an alias of one)"#,
            #"in.csv:3: field "lat": latitude 105.8 is out of range and longitude 20.5 would be a valid latitude: lat and lon look swapped"#,
            #"in.csv:4: field "date": expected an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), got "2023-02-29""#,
            #"in.csv:5: field "commodity": unknown commodity "glue" (expected one of methamphetamine tablets, crystal methamphetamine, methamphetamine (form not stated), heroin, opium, morphine, cannabis, ketamine, cocaine, opium plants, ecstasy (MDMA), precursors, synthetic drugs, drugs (unspecified), wildlife, or a common synonym)"#,
            #"in.csv:6: field "unit": unknown unit "pounds" (expected cakes, g, kg, litres, specimens, t, tablets)"#,
        ])
        #expect(records.map(\.id) == ["f"])
    }

    @Test func twoAgenciesReportingOneCaseAreMerged() throws {
        let (rows, _) = try Self.read(Self.header + """
            bg-1,2024-03-01,,Nghe An,,,,heroin,10,kg,,Border guards,report A
            cu-7,2024-03-03,,Nghệ An,,,,heroin,9,kg,,Customs,report B
            po-2,2024-03-02,,Nghe An,,,,heroin,10.5,kg,,Police,report C
            late,2024-03-10,,Nghe An,,,,heroin,10,kg,,Police,report D
            meth,2024-03-01,,Nghe An,,,,crystal methamphetamine,10,kg,,Police,report E
            small,2024-03-01,,Nghe An,,,,heroin,2,kg,,Police,report F
            lb-1,2024-03-01,,Lao Bao,,,,yaba,100000,tablets,,Border guards,report G
            lb-2,2024-03-02,,,106.6,16.62,,yaba,110000,tablets,,Customs,report H

            """)
        let (records, _) = SeizureNormaliser(bundle: try Self.bundle()).normalise(rows, file: "in.csv")
        let (merged, merges) = SeizureMerger().merge(records)
        // bg-1, cu-7 and po-2: same commodity, within 3 days, same province, amounts within 20%.
        // lb-2 is 1.6 km from Lao Bao's position (GeoNames 1576304) and 10% larger.
        #expect(merges == [SeizureMerger.Merge(kept: "bg-1", merged: ["cu-7", "po-2"]),
                           SeizureMerger.Merge(kept: "lb-1", merged: ["lb-2"])])
        #expect(merged.map(\.id) == ["bg-1", "late", "lb-1", "meth", "small"])
    }

    /// The merge compares within a commodity and a date window only; on random records its
    /// cases must be the connected components of `sameCase` over all pairs.
    @Test func mergeEqualsAllPairsComponents() throws {
        var rng = SplitMix64(seed: 16)
        let commodities: [Commodity] = [.heroin, .crystalMethamphetamine, .wildlife]
        let precisions = ["day", "month", "report"]
        for round in 0..<20 {
            var records: [SeizureRecord] = []
            for i in 0..<150 {
                let day = Int.random(in: 1...28, using: &rng), month = Int.random(in: 1...2, using: &rng)
                let precision = precisions[Int.random(in: 0..<3, using: &rng)]
                let text = precision == "month" ? String(format: "2024-%02d", month) : String(format: "2024-%02d-%02d", month, day)
                let date = try #require(SeizureDate(text, precision: precision))
                let c = Coordinate(lon: 105 + Double.random(in: 0...0.3, using: &rng), lat: 18 + Double.random(in: 0...0.3, using: &rng))
                let location: SeizureLocation = Bool.random(using: &rng) ? .point(c) : .provinces(["prov-\(Int.random(in: 0..<3, using: &rng))"])
                let commodity = commodities[Int.random(in: 0..<3, using: &rng)]
                let kg = 10 * Double.random(in: 0.8...1.2, using: &rng)
                records.append(SeizureRecord(id: String(format: "r%03d", (i * 37 + round) % 1000), date: date, location: location,
                                             coordinate: location == .point(c) ? c : nil, precision: .exact, commodity: commodity,
                                             amount: kg, unit: "kg", kilograms: commodity == .wildlife ? nil : kg, mode: nil,
                                             agency: "", source: "property test", file: "t", line: i, marking: .clear))
            }
            let merger = SeizureMerger()
            var parent = Array(records.indices)
            func find(_ i: Int) -> Int { parent[i] == i ? i : find(parent[i]) }
            for i in records.indices {
                for j in records.indices where j > i && merger.isSameCase(records[i], records[j]) {
                    let a = find(i), b = find(j)
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
            }
            var groups: [Int: [String]] = [:]
            for i in records.indices { groups[find(i), default: []].append(records[i].id) }
            let expected = groups.values.filter { $0.count > 1 }.map { ids in
                let sorted = ids.sorted()
                return SeizureMerger.Merge(kept: sorted[0], merged: Array(sorted.dropFirst()))
            }.sorted { $0.kept < $1.kept }
            let (merged, merges) = merger.merge(records)
            #expect(merges == expected, "round \(round)")
            #expect(merged.count == records.count - expected.reduce(0) { $0 + $1.merged.count })
            #expect(!expected.isEmpty, "round \(round): the random records should hold some cases")
        }
    }

    /// Each bad row was a level of recursion in the table reader: 300k of them overflowed
    /// the stack (a segmentation fault, found by reading a broken sheet). Now a loop.
    @Test func threeHundredThousandBadRowsAreReportedNotACrash() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-rows-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let bad = 300_000
        try Data(("id,date,commodity,amount,unit,source\n" + String(repeating: "x,y\n", count: bad)).utf8).write(to: url)
        let (rows, problems) = SeizureFileReader(proj: try PROJContext(), geos: try GEOSContext()).read(path: url.path)
        #expect(rows.isEmpty)
        #expect(problems.count == bad)
        #expect(problems.last?.description == "\(url.path):\(bad + 1): expected 6 fields as in the header, got 2")
    }

    @Test func geoJSONInputInAnotherCRSIsRead() throws {
        let proj = try PROJContext()
        let utm = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32648", context: proj).transform(Coordinate(lon: 106.6, lat: 16.62))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seizures-\(UUID().uuidString).geojson")
        try """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},"features":[
            {"type":"Feature","properties":{"id":"g1","date":"2024-05","commodity":"heroin","amount":3,"unit":"kg","source":"test"},
             "geometry":{"type":"Point","coordinates":[\(utm.x),\(utm.y)]}},
            {"type":"Feature","properties":{"id":"g2","date":"2024-05","commodity":"heroin","amount":3,"unit":"kg","source":"test"},"geometry":null}]}
            """.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let (rows, problems) = SeizureFileReader(proj: proj, geos: try GEOSContext()).read(path: url.path, name: "in.geojson")
        #expect(problems.map(\.description) == [#"in.geojson: feature 1: field "properties.place": a seizure needs a place or a Point geometry"#])
        let c = try #require(rows.first?.coordinate)
        #expect(abs(c.lon - 106.6) < 1e-9 && abs(c.lat - 16.62) < 1e-9)
    }
}
