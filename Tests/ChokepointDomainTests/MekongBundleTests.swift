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

    @Test func demandHoldsTheSeedsRegisteredUsers() throws {
        let (bundle, _) = try Self.load()
        let observed = bundle.demand.filter { $0.basis == "observed" }
        // ../shared/seeds/001: 45,585 registered drug users across the eight provinces.
        #expect(observed.count == 8)
        #expect(observed.map(\.weight).reduce(0, +) == 45_585)
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
