@testable import ChokepointDomain
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
        #expect(model.contributions(of: Self.link("l3", bundle)).map(\.record) == [0])
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
        #expect(model.contributions(of: Self.link("l3", bundle)).map(\.record).sorted() == [0, 1])
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

/// The contributions are kept as indices into the snaps and their weights recomputed when
/// asked for: they must still be exactly the parts of each score.
@Suite struct EvidenceContributionTests {
    @Test func eachScoreIsTheSumOfItsContributionsInSnapOrderAndListsAreSorted() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // s5 repeats s1 (same place, date and mass): equal weights, ordered by record.
        let (bundle, records) = try EvidenceModelTests.setUp(f, seizures: """
            s1,2024-03-01,,1.5,0.5,exact,heroin,1,kg,test
            s2,2024-03-01,,1.65,0.35,exact,heroin,3,kg,test
            s3,2024,East,,,province,heroin,10,kg,test
            s4,2023-06-01,,1.55,0.45,exact,heroin,2,kg,test
            s5,2024-03-01,,1.5,0.5,exact,heroin,1,kg,test

            """)
        let snapper = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext())
        let snaps = try snapper.snap(records)
        let set = try snapper.snapSet(records)
        #expect(set.areas.count == 1 && set.recordArea == [-1, -1, 0, -1, -1] && set.count == snaps.count)
        // Each area kept once gives the same bits as every area snap stored.
        let model = EvidenceModel(bundle: bundle, records: records, snapSet: set)
        let stored = EvidenceModel(bundle: bundle, records: records, snaps: snaps)
        #expect(model.scores == stored.scores && model.attributed == stored.attributed)
        #expect(model.scores.keys.allSatisfy { model.contributions(of: $0) == stored.contributions(of: $0) })
        #expect(model.contributedElements == model.scores.keys.sorted())
        #expect(model.scores.count > 3)
        for (element, score) in model.scores {
            var sum = 0.0
            var records: [Int] = []
            model.forEachContribution(of: element) {
                sum += $0.weight
                records.append($0.record)
            }
            #expect(sum == score, "\(element)")
            #expect(records == snaps.filter { $0.element == element }.map(\.record))
            let sorted = model.contributions(of: element)
            #expect(sorted.count == model.contributionCount(of: element) && sorted.count == records.count)
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { a, b in a.weight > b.weight || (a.weight == b.weight && a.record < b.record) })
        }
        let la = EvidenceModelTests.node("la-b", bundle)
        let both = model.contributions(of: la).filter { [0, 4].contains($0.record) }
        #expect(both.map(\.record) == [0, 4] && both[0].weight == both[1].weight)
        #expect(model.contributions(of: .link(10_000)).isEmpty && model.contributionCount(of: .node(-1)) == 0)
    }

    @Test func partsGiveTheSameContributionsAndAnAreaIsHeaviestFirstEverywhere() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        // Two areas: East holds s2, s3 (a tie) and s5; West holds s4. The border crossing
        // x-ab is in both.
        let (bundle, records) = try EvidenceModelTests.setUp(f, seizures: """
            s1,2024-03-01,,1.5,0.5,exact,heroin,1,kg,test
            s2,2024,East,,,province,heroin,10,kg,test
            s3,2024,East,,,province,heroin,10,kg,test
            s4,2023,West,,,province,heroin,5,kg,test
            s5,2022,East,,,province,heroin,1000,kg,test
            s6,2024-03-01,,1.02,0.5,exact,heroin,4,kg,test

            """)
        let set = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext()).snapSet(records)
        let model = EvidenceModel(bundle: bundle, records: records, snapSet: set)
        #expect(model.areaCount == 2)
        var crossed = 0
        for element in model.contributedElements {
            var parts: [EvidenceModel.Contribution] = []
            var areas: [Int] = []
            model.forEachContribution(of: element) { parts.append($0) } areas: { part in
                areas.append(part.area)
                #expect(Array(part.recordsByWeight) == Array(model.weighingRecords(ofArea: part.area)))
                let weights = part.recordsByWeight.map { part.weight(ofRecord: Int($0)) }
                let ordered = zip(part.recordsByWeight, weights).map { ($0, $1) }
                #expect(zip(ordered, ordered.dropFirst()).allSatisfy { a, b in a.1 > b.1 || (a.1 == b.1 && a.0 < b.0) }, "\(element)")
                for (r, w) in ordered { parts.append(.init(record: Int(r), weight: w, distanceMetres: 0)) }
            }
            if areas.count == 2 { crossed += 1 }
            var one: [EvidenceModel.Contribution] = []
            model.forEachContribution(of: element) { one.append($0) }
            #expect(parts.sorted { $0.record < $1.record } == one, "\(element)")
        }
        #expect(crossed >= 1)
        // At two years' half-life s5 (1 t, mid-2022: log 1001 × 0.42 = 2.90)
        // outweighs s2 and s3 (10 kg, mid-2024: log 11 × 0.84 = 2.02), which tie: by record.
        let east = (0..<2).first { model.weighingRecords(ofArea: $0).contains(1) }
        #expect(east.map { Array(model.weighingRecords(ofArea: $0)) } == [4, 1, 2])
    }

    @Test func aResampleWeighsLikeTheSameRecordsSnappedAgain() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        let (bundle, records) = try EvidenceModelTests.setUp(f, seizures: """
            s1,2024-03-01,,1.5,0.5,exact,heroin,1,kg,test
            s2,2024,East,,,province,heroin,10,kg,test
            s3,2023-06-01,,1.55,0.45,exact,heroin,2,kg,test

            """)
        let geos = try GEOSContext()
        let snapped = try SeizurePipeline.snap(records, to: bundle, bandwidthKm: 10, geos: geos)
        let draw = [2, 1, 1, 0, 2]
        let drawn = draw.map { records[$0] }
        var parameters = EvidenceModel.Parameters()
        parameters.referenceDay = records.map(\.date.lastDay).max()
        let resampled = snapped.resampled(draw).evidence(on: bundle, parameters: parameters)
        let again = EvidenceModel(
            bundle: bundle, records: drawn, snaps: try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: geos).snap(drawn),
            parameters: parameters)
        #expect(!resampled.scores.isEmpty && resampled.scores == again.scores && resampled.attributed == again.attributed)
        #expect(snapped.resampled(draw).snaps.map(\.record) == (try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: geos).snap(drawn)).map(\.record))
    }

    @Test func aSnapKeepsItsRecordAndElementInItsPackedForm() {
        for element in [EvidenceElement.node(0), .node(1_234_567), .link(0), .link(2_000_000)] {
            var located = SeizureSnap(record: 99_999, element: element, distanceMetres: 12.5)
            #expect(located.record == 99_999 && located.element == element && located.distanceMetres == 12.5 && located.share == 1)
            located.record = 7
            located.element = .link(3)
            #expect(located.record == 7 && located.element == .link(3) && located.distanceMetres == 12.5)
            let area = SeizureSnap(record: 3, element: element, share: 1.0 / 3)
            #expect(area.record == 3 && area.element == element && area.distanceMetres == 0 && area.share == 1.0 / 3)
            #expect(SeizureSnap(record: 0, element: element, distanceMetres: 0).share == 1)
            #expect(SeizureSnap(record: 0, element: element, share: 1).distanceMetres == 0)
        }
        #expect(MemoryLayout<SeizureSnap>.stride == 16)
    }

    @Test func snapBlocksJoinInOrderAcrossBlocks() {
        var blocks = SnapBlocks()
        let n = (1 << 16) * 2 + 5
        for i in 0..<n { blocks.append(SeizureSnap(record: i, element: .node(i % 7), distanceMetres: Double(i))) }
        let all = blocks.joined()
        #expect(all.count == n && all.indices.allSatisfy { all[$0].record == $0 && all[$0].distanceMetres == Double($0) })
        #expect(all.capacity < n + n / 100)
    }
}
