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
        let scores = try Backtest.run(bundle: bundle, seizures: seizures, cutoffs: [2021, 2022, 2023, 2024], geos: geos)
        #expect(Set(scores.compactMap(\.cutoff)) == [2021, 2022, 2023, 2024])
        let pooled = Dictionary(uniqueKeysWithValues: scores.filter { $0.cutoff == nil }.map { ($0.method, $0) })
        let model = try #require(pooled[.flowModel])
        for method in Backtest.Method.allCases where method != .flowModel {
            #expect(model.logLikelihood > (pooled[method]?.logLikelihood ?? .infinity), "\(method.rawValue)")
        }
        // Every held-out record is scored at each cut-off: past + future = all records.
        for s in scores where s.cutoff != nil { #expect(s.trainRecords + s.testRecords == seizures.records.count) }
    }
}
