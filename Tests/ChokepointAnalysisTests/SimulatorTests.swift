import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import Foundation
import Testing

/// Validity checks of issue 5 on the bundled GeoData/mekong at the scenario's default
/// parameters, asserting what the experiment shows over seeds 1–20 (BENCHMARKS.md, "Validity
/// of the evidence model", has the figures and the two other seed blocks):
/// - evidence-weighted routing beats both baselines (raw seizure counts per crossing, plain
///   betweenness) on precision@k, Spearman and flow share when traffic follows travel time
///   and when official gates are avoided (3× slower), and the detection-bias correction helps
///   on every measure in the latter;
/// - when unofficial and secondary crossings carry nearly all the flow (gates 10× slower),
///   evidence still wins precision and Spearman, and the correction still raises flow share,
///   but raw counts capture more of the flow in their top k (recorded, not hidden);
/// - the seizure-implied flow (`SeizureFlowEstimate`, a likelihood fit of route flows to the
///   seizures) beats both baselines on all three measures at every level of avoidance.
@Suite struct SimulatorTests {
    static let bundle: NetworkBundle = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (b, _) = BundleReader(
            directory: root.appendingPathComponent("GeoData/mekong").path,
            proj: try! PROJContext(), geos: try! GEOSContext()
        ).read()
        return b
    }()

    /// Mean scores per method over `seeds`; the route measure (the slow part) only when
    /// `routesPerPair` > 0.
    static func mean(
        seeds: ClosedRange<UInt64>, officialAvoidance: Double = 1, routesPerPair: Int = 0
    ) throws -> [SeizureSimulator.Method: SeizureSimulator.Scores] {
        var p = SeizureSimulator.Parameters()
        p.seed = seeds.lowerBound
        p.officialAvoidance = officialAvoidance
        p.routesPerPair = routesPerPair
        return try SeizureSimulator(bundle: bundle, parameters: p, geos: try GEOSContext()).mean(runs: seeds.count).scores
    }

    static func expectBeatsBothBaselines(
        _ m: [SeizureSimulator.Method: SeizureSimulator.Scores], method: SeizureSimulator.Method = .evidence,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let evidence = try #require(m[method])
        for baseline in [SeizureSimulator.Method.seizureCounts, .betweenness] {
            let b = try #require(m[baseline])
            #expect(evidence.precisionAtK > b.precisionAtK, "\(method) precision vs \(baseline)", sourceLocation: sourceLocation)
            #expect(evidence.spearman > b.spearman, "\(method) Spearman vs \(baseline)", sourceLocation: sourceLocation)
            #expect(evidence.flowShareAtK > b.flowShareAtK, "\(method) flow share vs \(baseline)", sourceLocation: sourceLocation)
        }
    }

    @Test func evidenceBeatsBothBaselinesWhenTrafficFollowsTravelTime() throws {
        let m = try Self.mean(seeds: 1...20)
        try Self.expectBeatsBothBaselines(m)
        try Self.expectBeatsBothBaselines(m, method: .flowEstimate)
    }

    @Test func whenGatesAreAvoidedEvidenceBeatsBothBaselinesAndBiasCorrectionHelps() throws {
        // Official gates three times slower in the true cost: 40% of the flow leaves them (seed 1).
        let m = try Self.mean(seeds: 1...20, officialAvoidance: 3)
        try Self.expectBeatsBothBaselines(m)
        try Self.expectBeatsBothBaselines(m, method: .flowEstimate)
        let corrected = try #require(m[.evidence]), uncorrected = try #require(m[.evidenceNoBiasCorrection])
        #expect(corrected.precisionAtK > uncorrected.precisionAtK)
        #expect(corrected.spearman > uncorrected.spearman)
        #expect(corrected.flowShareAtK > uncorrected.flowShareAtK)
        // For the seizure-implied flow the correction does not help here: on the 391-link network
        // (Highway 1 rerouted, 2 December) it moves the flow share by less than 0.01, down (0.963
        // against 0.968); before, it raised it. Asserted so that a change either way is noticed.
        let estimate = try #require(m[.flowEstimate]), flatEstimate = try #require(m[.flowEstimateNoBiasCorrection])
        #expect(abs(estimate.flowShareAtK - flatEstimate.flowShareAtK) < 0.01)
    }

    @Test func whenUnofficialCrossingsCarryTheFlowEvidenceStillRanksThemBest() throws {
        // Gates ten times slower: secondary and unofficial crossings carry 97% of the flow (seed 1).
        let m = try Self.mean(seeds: 1...20, officialAvoidance: 10)
        let evidence = try #require(m[.evidence]), uncorrected = try #require(m[.evidenceNoBiasCorrection])
        let counts = try #require(m[.seizureCounts]), plain = try #require(m[.betweenness])
        #expect(evidence.precisionAtK > counts.precisionAtK && evidence.precisionAtK > plain.precisionAtK + 0.2)
        #expect(evidence.spearman > counts.spearman && evidence.spearman > plain.spearman + 0.2)
        #expect(evidence.flowShareAtK > plain.flowShareAtK + 0.5)
        // The correction lifts the unwatched crossings' share of the flow...
        #expect(evidence.flowShareAtK > uncorrected.flowShareAtK)
        // ...while raw counts, strongest where detections are many, keep a larger share in
        // their top k than the evidence cost's routing: asserted so a change that closes it is noticed.
        #expect(counts.flowShareAtK > evidence.flowShareAtK)
        // The seizure-implied flow closes it: it beats both baselines on every measure here too.
        try Self.expectBeatsBothBaselines(m, method: .flowEstimate)
    }

    @Test func evidenceFindsTheTrueRoutesMoreOftenWhenGatesAreAvoided() throws {
        // Share of the true flow whose true route is among its pair's top 3 diverse routes.
        let m = try Self.mean(seeds: 1...5, officialAvoidance: 3, routesPerPair: 3)
        let evidence = try #require(m[.evidence]?.routeFlowShare), uncorrected = try #require(m[.evidenceNoBiasCorrection]?.routeFlowShare)
        let plain = try #require(m[.betweenness]?.routeFlowShare)
        #expect(m[.seizureCounts]?.routeFlowShare == nil)
        #expect(evidence > plain + 0.1)
        #expect(evidence > uncorrected)
        // On the 391-link network (2 December) the seizure-implied fit also recovers more true
        // routes than the evidence cost (0.41 against 0.38); on the 387-link one it recovered
        // fewer. Asserted so that a change is noticed (BENCHMARKS.md).
        let estimate = try #require(m[.flowEstimate]?.routeFlowShare)
        #expect(estimate > evidence)
    }

    @Test func sameSeedSameOutcome() throws {
        let geos = try GEOSContext()
        var p = SeizureSimulator.Parameters()
        p.seed = 7
        let a = try SeizureSimulator(bundle: Self.bundle, parameters: p, geos: geos).run()
        let b = try SeizureSimulator(bundle: Self.bundle, parameters: p, geos: geos).run()
        #expect(a.seizures == b.seizures)
        #expect(a.scores == b.scores && a.rankings == b.rankings)
        #expect(a.seizures.allSatisfy { $0.source.hasPrefix("SYNTHETIC") })
    }
}

extension SimulatorTests {
    /// Issue 14, item 6: hidden border trails in the truth. The sites obey the candidate rule
    /// (towns within reach on both sides, clear of known crossings) and lie apart; the counts
    /// are consistent; and with gates avoided (10× slower) `--candidates` finds every hidden
    /// crossing that carries flow on seeds 7–8 without costing the known crossings more than
    /// 0.02 of mean precision. Seeds 7–8 are two where hidden trails carry flow (on seeds 1–6
    /// one or none does, and on seed 4 it is missed); BENCHMARKS.md has seeds 1–60.
    @Test func hiddenCrossingsAreFoundByCandidates() throws {
        let geos = try GEOSContext()
        var p = SeizureSimulator.Parameters()
        p.officialAvoidance = 10
        p.hiddenCrossings = 20
        p.routesPerPair = 0
        let known = Self.bundle.crossings.map(\.coordinate)
        var withFlow = 0, found = 0, precision = 0.0, plainPrecision = 0.0
        for seed: UInt64 in [7, 8] {
            p.seed = seed
            let outcome = try SeizureSimulator(bundle: Self.bundle, parameters: p, geos: geos).run()
            #expect(outcome.hidden.count == 20)
            for (i, h) in outcome.hidden.enumerated() {
                #expect(!Self.bundle.crossings.contains { $0.id == h.site.id })
                #expect(try known.allSatisfy { try Geodesic.wgs84.distance(from: $0, to: h.site.coordinate) > 5_000 }, "\(h.site.id)")
                #expect(try Geodesic.wgs84.distance(from: h.site.coordinate, to: h.site.townA.coordinate) <= 15_000)
                #expect(try Geodesic.wgs84.distance(from: h.site.coordinate, to: h.site.townB.coordinate) <= 15_000)
                for other in outcome.hidden[..<i] {
                    #expect(try Geodesic.wgs84.distance(from: other.site.coordinate, to: h.site.coordinate) >= 10_000)
                }
            }
            let s = try #require(outcome.scores[.flowModelWithCandidates])
            let n = try #require(s.hiddenWithFlow), f = try #require(s.hiddenFound)
            #expect(n == outcome.hidden.filter { $0.flow > 0 }.count && f <= n)
            withFlow += n
            found += f
            precision += s.precisionAtK / 2
            plainPrecision += try #require(outcome.scores[.flowModel]).precisionAtK / 2
            #expect(outcome.rankings[.flowModelWithCandidates]?.sorted() == Array(Self.bundle.crossings.indices))
        }
        #expect(withFlow >= 2 && found == withFlow, "\(found) of \(withFlow)")
        #expect(precision >= plainPrecision - 0.02)
    }
}

@Suite struct RankMetricsTests {
    @Test func spearmanMatchesHandWorkedValues() {
        // Identical order: 1; reversed: −1; with ties, scipy.stats.spearmanr([1,2,2,3],[1,2,3,4]) = 0.9486832980505139.
        #expect(abs(RankMetrics.spearman([1, 2, 3, 4], [10, 20, 30, 40]) - 1) < 1e-12)
        #expect(abs(RankMetrics.spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12)
        #expect(abs(RankMetrics.spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 0.9486832980505139) < 1e-12)
    }

    @Test func precisionAndFlowShareAtK() {
        let truth = [5.0, 0, 3, 1, 0]
        // True top 2: items 0 and 2. Predicted order 2, 1, 0: one of the top 2 found.
        #expect(RankMetrics.precisionAtK(predicted: [2, 1, 0, 3, 4], truth: truth, k: 2) == 0.5)
        // k larger than the items with flow shrinks to them (3 items): found 2 and 0 and 3 → 1.
        #expect(RankMetrics.precisionAtK(predicted: [2, 0, 3, 1, 4], truth: truth, k: 5) == 1)
        #expect(RankMetrics.flowShareAtK(predicted: [2, 1], truth: truth, k: 2) == 3.0 / 9)
    }
}
