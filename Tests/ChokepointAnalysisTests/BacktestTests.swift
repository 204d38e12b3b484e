@testable import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import Foundation
import Testing

/// `Backtest`: its scores worked by hand, and the bar on the bundle's real seizures.
@Suite struct BacktestTests {
    @Test func scoresAreWorkedByHand() {
        // Four elements; the method ranks 2, 0, 1, 3; held-out weight 1 on element 0, 3 on element 3.
        let p = [2.0, 1, 3, 0], y = [1.0, 0, 0, 3]
        let s = Backtest.score(p, y, top10: 2)
        #expect(s.hit10 == 1 && s.hit20 == 4)
        // q = 0.99 · p / 6 + 0.01 / 4.
        let q0 = 0.99 * 2 / 6 + 0.0025, q3 = 0.0025
        #expect(abs(s.ll - (log(q0) + 3 * log(q3))) < 1e-12)
        // No prediction at all: uniform.
        #expect(abs(Backtest.score([0, 0, 0, 0], y, top10: 1).ll - 4 * log(0.25)) < 1e-12)
    }

    @Test func theFlowModelBeatsEveryBaselineOnPooledHeldOutLikelihood() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let geos = try GEOSContext()
        let bundle = try CheckedBundle.read(
            directory: root.appendingPathComponent("GeoData/mekong").path, overrides: [], proj: try PROJContext(), geos: geos)
        let seizures = SeizurePipeline(bundle: bundle).ingestBundleSeizures()
        let folds = try Backtest.folds(bundle: bundle, seizures: seizures, cutoffs: [2021, 2022, 2023, 2024], geos: geos)
        let scores = Backtest.scores(folds)
        #expect(Set(scores.compactMap(\.cutoff)) == [2021, 2022, 2023, 2024])
        let pooled = Dictionary(uniqueKeysWithValues: scores.filter { $0.cutoff == nil }.map { ($0.method, $0) })
        let model = try #require(pooled[.flowModel])
        for method in Backtest.Method.allCases where method != .flowModel {
            #expect(model.logLikelihood > (pooled[method]?.logLikelihood ?? .infinity), "\(method.rawValue)")
        }
        // With its element effects it also has the best pooled hit rates, top 20 and top 10%
        // (BENCHMARKS.md, 7 December 2026: 0.322 and 0.518 against past counts' 0.304 and 0.467
        // and the kernel density's 0.489); without them it had neither.
        for method in Backtest.Method.allCases where method != .flowModel {
            let other = try #require(pooled[method])
            #expect(model.hitRateTop20 > other.hitRateTop20 && model.hitRateTop10Percent > other.hitRateTop10Percent, "\(method.rawValue)")
        }
        // Every record is on one side of each cut-off, except one whose date range spans it (a
        // report dated 6 January 2023 may tell of a seizure in December 2022): counted by hand.
        for s in scores {
            guard let year = s.cutoff else { continue }
            let day = SeizureDate.dayNumber(year: year, month: 1, day: 1)
            let spanning = seizures.records.filter { $0.date.firstDay < day && $0.date.lastDay >= day }.count
            #expect(s.trainRecords + s.testRecords + spanning == seizures.records.count, "\(year)")
        }

        // The curves agree with the scores: at 20 flagged and at the top 10% they are the hit
        // rates; they only rise; flagging everything finds everything.
        let curves = Backtest.curves(folds)
        let n = bundle.nodeCount + bundle.links.count
        for s in scores {
            let curve = curves.filter { $0.method == s.method && $0.cutoff == s.cutoff }
            #expect(curve.map(\.flagged) == Array(1...n))
            #expect(abs(curve[19].hitRate - s.hitRateTop20) < 1e-12, "\(s.method.rawValue) \(String(describing: s.cutoff))")
            #expect(abs(curve[Int((0.1 * Double(n)).rounded()) - 1].hitRate - s.hitRateTop10Percent) < 1e-12)
            #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.hitRate <= $1.hitRate + 1e-15 })
            #expect(abs((curve.last?.hitRate ?? 0) - 1) < 1e-9)
        }
    }
}
