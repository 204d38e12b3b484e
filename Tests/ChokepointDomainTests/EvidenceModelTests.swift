import ChokepointDomain
import ChokepointGeo
import Foundation
import Testing

/// Snapping and weighting on the hand-made fixture bundle: link l3 runs from la-b (1.5, 0.5)
/// to la-c (1.8, 0.2); province la-east is the square lon 1…2, lat 0…1.
@Suite struct EvidenceModelTests {
    static func setUp(_ f: BundleFixture, seizures: String) throws -> (NetworkBundle, [SeizureRecord]) {
        try f.write("seizures.csv", "id,date,place,lon,lat,location_precision,commodity,amount,unit,source\n" + seizures)
        let geos = try GEOSContext(), proj = try PROJContext()
        let (bundle, problems) = BundleReader(directory: f.path, proj: proj, geos: geos).read()
        #expect(problems.isEmpty)
        let (records, normaliseProblems) = SeizureNormaliser(bundle: bundle).normalise(bundle.seizures, file: "seizures.csv")
        #expect(normaliseProblems.isEmpty)
        return (bundle, records)
    }

    static func link(_ id: String, _ b: NetworkBundle) -> EvidenceElement { .link(b.links.firstIndex { $0.id == id }!) }
    static func node(_ id: String, _ b: NetworkBundle) -> EvidenceElement { .node(b.nodeIDs.firstIndex(of: id)!) }

    @Test func aSeizureOnALinkWeighsOnlyThatLink() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // On l3's midpoint; la-b and la-c are 23.6 km away, beyond the 10 km bandwidth.
        let (bundle, records) = try Self.setUp(f, seizures: "s1,2024-03-01,,1.65,0.35,exact,heroin,1,kg,test\n")
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext()).snap(records)
        #expect(snaps.count == 1 && snaps[0].element == Self.link("l3", bundle))
        #expect(snaps[0].distanceMetres < 1e-6)
        let model = EvidenceModel(bundle: bundle, records: records, snaps: snaps)
        // log(1 + 1 kg) · decay 1 · kernel 1 / road control 0.5 = 2 ln 2.
        #expect(abs(model.scores[Self.link("l3", bundle)]! - 2 * log(2)) < 1e-12)
        #expect(model.contributions[Self.link("l3", bundle)]?.map(\.record) == [0])
    }

    @Test func attributionCountsEachSeizureOnceOnItsNearestElement() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // s1 sits on node la-b, where l3 also starts: the kernel weighs both, the attribution
        // only the node (equal distance 0: nodes first). s2 is on l3's midpoint.
        let (bundle, records) = try Self.setUp(f, seizures: """
            s1,2024-03-01,,1.5,0.5,exact,heroin,1,kg,test
            s2,2024-03-01,,1.65,0.35,exact,heroin,3,kg,test

            """)
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext()).snap(records)
        #expect(snaps.filter { $0.record == 0 }.count > 1)
        let model = EvidenceModel(bundle: bundle, records: records, snaps: snaps)
        // Weights before any control division: log(1 + kg), no decay on the reference day.
        #expect(model.attributed.count == 2)
        #expect(abs((model.attributed[Self.node("la-b", bundle)] ?? 0) - log(2)) < 1e-12)
        #expect(abs((model.attributed[Self.link("l3", bundle)] ?? 0) - log(4)) < 1e-12)
        // The kernel's scores still spread s1 over l3 as well.
        #expect(model.contributions[Self.link("l3", bundle)]?.map(\.record).sorted() == [0, 1])
    }

    @Test func kernelAndTimeDecayAreApplied() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // 0.05° of latitude north of l3's midpoint is not on the line: the nearest point of
        // l3 (slope −1) is at distance 0.05/√2 degrees along the normal, which the geodesic
        // measures; the kernel is 1 − (d/h)². The second seizure is two half-lives older.
        let (bundle, records) = try Self.setUp(f, seizures: """
            s1,2024-03-01,,1.65,0.40,exact,heroin,1,kg,test
            s2,2020-03-01,,1.65,0.35,exact,heroin,1,kg,test

            """)
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext()).snap(records)
        let d = try #require(snaps.first { $0.record == 0 }?.distanceMetres)
        let expectedD = try Geodesic.wgs84.distance(from: Coordinate(lon: 1.65, lat: 0.40), to: Coordinate(lon: 1.675, lat: 0.375))
        #expect(abs(d - expectedD) < 1)  // GEOS's planar nearest point vs the geodesic one: within a metre here
        var p = EvidenceModel.Parameters()
        p.halfLifeDays = Double(SeizureDate("2024-03-01")!.firstDay - SeizureDate("2020-03-01")!.firstDay) / 2
        let model = EvidenceModel(bundle: bundle, records: records, snaps: snaps, parameters: p)
        let kernel = 1 - pow(d / 10_000, 2)
        let expected = 2 * log(2) * kernel + 2 * log(2) * 0.25
        #expect(abs(model.scores[Self.link("l3", bundle)]! - expected) < 1e-9)
    }

    @Test func areaRecordsSpreadEvenlyAndBiasCorrectionDividesByControl() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        let (bundle, records) = try Self.setUp(f, seizures: "s1,2024,East,,,province,heroin,10,kg,test\n")
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext()).snap(records)
        // Inside la-east: nodes x-ab (on the border, covered), la-b, la-c; links l2 and l3
        // (midpoints inside); l1's midpoint (0.75, 0.5) is in the west.
        #expect(Set(snaps.map(\.element)) == [Self.node("x-ab", bundle), Self.node("la-b", bundle), Self.node("la-c", bundle),
                                              Self.link("l2", bundle), Self.link("l3", bundle)])
        #expect(snaps.allSatisfy { $0.share == 0.2 })
        let model = EvidenceModel(bundle: bundle, records: records, snaps: snaps)
        // A year-precision date counts from its middle day; the reference is its last day.
        let year = try #require(SeizureDate("2024"))
        let decay = pow(0.5, (Double(year.lastDay) - year.midDay) / 730)
        let base = 0.2 * log(11) * decay
        #expect(abs(model.scores[Self.node("x-ab", bundle)]! - base / 1.0) < 1e-12)   // international gate
        #expect(abs(model.scores[Self.node("la-b", bundle)]! - base / 0.6) < 1e-12)   // town
        #expect(abs(model.scores[Self.link("l2", bundle)]! - base / 0.5) < 1e-12)     // road
        var off = EvidenceModel.Parameters()
        off.correctsDetectionBias = false
        let plain = EvidenceModel(bundle: bundle, records: records, snaps: snaps, parameters: off)
        #expect(abs(plain.scores[Self.link("l2", bundle)]! - base) < 1e-12)
        // The attribution spreads an area record by its shares, before any control division.
        #expect(model.attributed.count == 5 && model.attributed.values.allSatisfy { abs($0 - base) < 1e-12 })
        // The ranking puts the least watched elements first: roads, then towns, then the gate.
        #expect(model.ranked.first.map { $0.element } == Self.link("l2", bundle) || model.ranked.first.map { $0.element } == Self.link("l3", bundle))
        #expect(model.ranked.last.map { $0.element } == Self.node("x-ab", bundle))
    }
}
