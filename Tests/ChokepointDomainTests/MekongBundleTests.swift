import ChokepointDomain
import ChokepointGeo
import Foundation
import Testing

/// The bundled GeoData/mekong must validate clean and hold what issue 3 asks for. Expected
/// values come from outside the bundle: border lengths from the DCW reference figures in
/// ../shared/GEODATA-SOURCES.md, crossing names from the issue, spellings from the seeds.
@Suite struct MekongBundleTests {
    static let directory: String = {
        // Tests/ChokepointDomainTests/MekongBundleTests.swift → repository root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("GeoData/mekong").path
    }()

    static func load() throws -> (NetworkBundle, [BundleProblem]) {
        let geos = try GEOSContext()
        let (bundle, problems) = BundleReader(directory: directory, proj: try PROJContext(), geos: geos).read()
        return (bundle, problems + BundleValidator(geos: geos).validate(bundle))
    }

    @Test func validatesClean() throws {
        let (bundle, problems) = try Self.load()
        #expect(problems.map(\.description) == [])
        #expect(bundle.places.count > 100)
        #expect(bundle.provinces.count == 197)  // VN 63, LA 17, TH 77, MM 14, KH 24, CN 2
    }

    @Test func provincesPerCountryMatchNaturalEarth() throws {
        let (bundle, _) = try Self.load()
        let counts = Dictionary(grouping: bundle.provinces, by: \.country).mapValues(\.count)
        #expect(counts == ["VN": 63, "LA": 17, "TH": 77, "MM": 14, "KH": 24, "CN": 2])
    }

    @Test func sharedBorderLengthsMatchTheDCWReference() throws {
        // Reference lengths (km) measured on the same DCW outlines, GEODATA-SOURCES.md.
        let reference: [String: Double] = ["LA-VN": 1931, "CN-VN": 1145, "KH-VN": 1030, "LA-TH": 1705,
                                           "LA-MM": 233, "CN-LA": 398, "KH-LA": 481, "MM-TH": 2065]
        let (bundle, _) = try Self.load()
        for (pair, km) in reference {
            let feature = try #require(bundle.borders.first { $0.countries.joined(separator: "-") == pair })
            let line = try Geometry(feature.geometry, context: try GEOSContext())
            var metres = 0.0
            for i in 0..<max(line.partCount, 1) {
                let part = line.partCount > 0 && line.type != .lineString ? try line.part(i) : line
                metres += try Geodesic.wgs84.length(of: try part.coordinates())
            }
            #expect(abs(metres / 1000 - km) / km < 0.01, "\(pair): \(metres / 1000) km against \(km) km")
        }
    }

    @Test func holdsTheCrossingsTheIssueNames() throws {
        let (bundle, _) = try Self.load()
        #expect(bundle.crossings.count >= 60)
        let names = bundle.crossings.map { NameIndex.fold($0.name) }
        for required in ["Tay Trang", "Chieng Khuong", "Long Sap", "Na Meo", "Nam Can", "Cau Treo", "Cha Lo", "Lao Bao",
                         "La Lay", "Nam Giang", "Bo Y", "Boten", "Mae Sai", "Xieng Kok", "Friendship Bridge"] {
            #expect(names.contains { $0.contains(NameIndex.fold(required)) }, "no crossing named like \(required)")
        }
        let pairs = Set(bundle.crossings.map { [$0.countryA, $0.countryB].sorted().joined(separator: "-") })
        for pair in ["LA-VN", "CN-VN", "KH-VN", "LA-TH", "LA-MM", "CN-LA", "KH-LA", "MM-TH", "CN-MM"] {
            #expect(pairs.contains(pair), "no crossing on the \(pair) border")
        }
    }

    @Test func seedSpellingsResolveToProvinces() throws {
        let (bundle, _) = try Self.load()
        let index = NameIndex(bundle: bundle)
        let expected: [(String, String)] = [
            ("Nghệ An", "prov-vn-nghe-an"), ("Nghe An", "prov-vn-nghe-an"), ("Hua Phan", "prov-la-houaphan"), ("Houaphanh", "prov-la-houaphan"),
            ("Phong Sa Ly", "prov-la-phongsali"), ("Phongsaly", "prov-la-phongsali"), ("Xieng Khouang", "prov-la-xiangkhoang"),
            ("Luang Prabang", "prov-la-louangphrabang"), ("Điện Biên", "prov-vn-dien-bien"), ("Thanh Hoa", "prov-vn-thanh-hoa"),
            ("Son La", "prov-vn-son-la"),
        ]
        for (name, id) in expected {
            // Luang Prabang is also a city: a place name resolves to the node, which lies in the province.
            switch index.resolve(name) {
            case .province(let p)?: #expect(p == id, "\(name)")
            case .node(let n)?: #expect(bundle.places.first { $0.id == n }?.province == id, "\(name) → \(n)")
            default: Issue.record("\(name) does not resolve")
            }
        }
    }

    @Test func demandCoversEveryMarketAndSaysWhatEachWeightRestsOn() throws {
        let (bundle, _) = try Self.load()
        #expect(bundle.demand.allSatisfy { $0.basis != nil })
        // ../shared/seeds/001: 45,585 registered drug users across the eight provinces.
        let seedProvinces: Set = [
            "prov-vn-nghe-an", "prov-vn-thanh-hoa", "prov-vn-dien-bien", "prov-vn-son-la", "prov-la-houaphan",
            "prov-la-xiangkhoang", "prov-la-louangphrabang", "prov-la-phongsali",
        ]
        let seeds = bundle.demand.filter { seedProvinces.contains($0.province) }
        #expect(seeds.count == 8 && seeds.allSatisfy { $0.basis == .observed })
        #expect(seeds.map(\.weight).reduce(0, +) == 45_585)
        // Vietnam's rows add up to the national register, 235,314 (VnExpress, Nov 2019): nine
        // provinces observed, the other 54 estimated from it by census population (each row
        // rounded to 0.1).
        let country = Dictionary(bundle.places.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
        let vietnam = bundle.demand.filter { country[$0.target] == "VN" }
        #expect(Set(vietnam.map(\.province)).count == 63)
        let vietnamTotal: Double = vietnam.map(\.weight).reduce(0, +)
        #expect(abs(vietnamTotal - 235_314) < 0.05 * Double(vietnam.count))
        #expect(vietnam.filter { $0.basis == .observed }.count == 9 && vietnam.filter { $0.basis == .estimated }.count == 54)
        // Thailand's ONCB figure (330,000) split over its 77 provinces.
        let thailand = bundle.demand.filter { country[$0.target] == "TH" }
        let thailandTotal: Double = thailand.map(\.weight).reduce(0, +)
        #expect(thailand.count == 77 && abs(thailandTotal - 330_000) < 0.05 * 77)
        // Every market the corridor serves has demand, and the markets without a comparable
        // figure, and only those, are defaults.
        let markets = Set(bundle.demand.compactMap { country[$0.target] })
        #expect(markets == ["VN", "LA", "TH", "KH", "MM", "CN", "HK", "MY", "AU", "JP", "KR", "TW", "PH"])
        let defaults = Set(bundle.demand.filter { $0.basis == .default }.compactMap { country[$0.target] })
        #expect(defaults == ["LA", "MM", "CN", "AU", "JP", "KR", "TW", "PH"])
    }

    /// Issue 15 item 4: air, sea and postal lanes enter and leave through gateways with customs.
    @Test func lanesPassThroughGatewaysOfTheirKind() throws {
        let (bundle, _) = try Self.load()
        let places = Dictionary(bundle.places.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let lanes = bundle.links.filter { [.air, .sea, .post].contains($0.mode) }
        #expect(lanes.count == 63)
        for lane in lanes {
            for end in [lane.from, lane.to] {
                #expect(places[end]?.kind.gateway == GatewayKind.forLane(lane.mode), "\(lane.id) at \(end)")
            }
        }
        let gateways = bundle.places.filter { $0.kind.gateway != nil }
        #expect(gateways.count == 39)
        #expect(bundle.controlPointNodes.count == 39 + bundle.crossings.count)
        // Each joins the city it serves by a road.
        let access = Set(bundle.links.filter { $0.id.hasPrefix("gateway~") }.map(\.to))
        #expect(Set(gateways.map(\.id)) == access)
    }

    /// Issue 15 items 1 and 2: positions no longer copied, lengths no longer bare straight lines.
    @Test func positionsAndLengthsSayHowTheyWereFound() throws {
        let (bundle, _) = try Self.load()
        let crossing = Dictionary(bundle.crossings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (a, b) in [("x-stung-bot", "x-poipet"), ("x-friendship-4", "x-chiang-khong-ferry"), ("x-friendship-3", "x-nakhon-phanom-ferry"),
                       ("x-friendship-1", "x-tha-sadet"), ("x-huu-nghi", "x-dong-dang-rail")] {
            let ca = try #require(crossing[a]), cb = try #require(crossing[b])
            #expect(try Geodesic.wgs84.distance(from: ca.coordinate, to: cb.coordinate) > 3_000, "\(a) and \(b)")
        }
        // Kengtung at Wikipedia's coordinate, not GeoNames 1319364 (50 km off): Mong La (GeoNames
        // 1847826, 2.9 km from Wikipedia's) lies "80 kilometres north-east of Kengtung" by road,
        // 59.3 km in a straight line (pyproj, WGS 84).
        let places = Dictionary(bundle.places.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let kengtung = try #require(places["mm-kengtung"]), mongLa = try #require(places["mm-mong-la"])
        #expect(kengtung.coordinate == Coordinate(lon: 99.60833, lat: 21.29167))
        #expect(abs(try Geodesic.wgs84.distance(from: kengtung.coordinate, to: mongLa.coordinate) / 1000 - 59.34) < 0.01)
        // Every overland leg but the rivers' has a cited distance or a cited detour factor.
        let methods = Dictionary(grouping: bundle.links, by: \.lengthMethod).mapValues(\.count)
        #expect(methods == [.roadDistance: 61, .detourFactor: 249, .straightLine: 131])
        for link in bundle.links where link.lengthMethod == .straightLine {
            #expect([.river, .air, .sea, .post].contains(link.mode) || link.id.hasPrefix("gateway~"), "\(link.id)")
        }
        // Highway 1 Mae Sai–Chiang Rai: the median of three cited figures (61, 62, 68 km).
        let highway = try #require(bundle.links.first { $0.from == "th-mae-sai" && $0.to == "th-chiang-rai" })
        #expect(highway.lengthMethod == .roadDistance && highway.lengthMetres == 62_000)
        // No link says observed while its own source says its chain was modelled.
        #expect(bundle.links.filter { $0.basis == .observed && $0.source.contains("modelled") }.map(\.id) == [])
    }

    @Test func seizuresAreSourcedDatedAndMostlyEvents() throws {
        let (bundle, _) = try Self.load()
        // Issue 15: at least 400 sourced rows, 2015-2026, and at least 25 in each year from 2019.
        #expect(bundle.seizures.count == 483)
        let events = bundle.seizures.filter { !$0.id.hasPrefix("seed-") }
        #expect(events.count == 474)
        var perYear: [Int: Int] = [:]
        for s in bundle.seizures {
            #expect(!s.source.isEmpty, "\(s.id) has no source")
            let year = Int(s.date.prefix(4)) ?? 0
            #expect((2015...2026).contains(year), "\(s.id) dated \(s.date)")
            perYear[year, default: 0] += 1
        }
        for year in 2019...2026 {
            #expect(perYear[year, default: 0] >= 25, "\(year): \(perYear[year, default: 0]) rows")
        }
        // Every mode the corridor carries drugs by is represented.
        let modes = Set(bundle.seizures.map(\.mode))
        for mode in ["road", "trail", "river", "sea", "air", "post"] {
            #expect(modes.contains(mode), "no \(mode) seizure")
        }
    }

    /// Rows the audit of 1 December found wrong, as they are now (issue 15).
    @Test func auditedRowsStayFixed() throws {
        let (bundle, _) = try Self.load()
        let links = Set(bundle.links.map { "\($0.from)~\($0.to)" })
        #expect(!links.contains("th-chiang-rai~th-nakhon-ratchasima") && !links.contains("th-nakhon-ratchasima~th-bangkok"))
        #expect(links.contains("th-lampang~th-tak") && links.contains("th-nakhon-sawan~th-bangkok"))
        let byID = Dictionary(bundle.seizures.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byID["la-2022-03-meun"]?.locationPrecision == "province")
        #expect(byID["th-2024-03-07-pai"]?.places == ["Pai"] && byID["th-2024-03-07-pai"]?.locationPrecision == "district")
        #expect(byID["th-2025-07-28-friendship-1"]?.locationPrecision == "town")
    }
}
