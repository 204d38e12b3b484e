import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import Foundation
import Testing

/// The two bundled scenarios route the same demand table to different markets (issue 15
/// item 3): every market the corridor serves, or Vietnam's alone.
@Suite struct MekongScenarioTests {
    static let directory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("GeoData/mekong").path
    }()

    static func demands(scenario file: String) throws -> (NetworkBundle, [Demand]) {
        let geos = try GEOSContext()
        var (bundle, problems) = BundleReader(directory: directory, proj: try PROJContext(), geos: geos).read()
        #expect(problems.isEmpty)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file)))
        bundle.scenario = try ScenarioReader.read(bytes: bytes, file: file)
        #expect(BundleValidator(geos: geos).validate(bundle).map(\.description) == [])
        let graph = try BundleGraph(bundle: bundle, costs: CostModel(bundle: bundle, evidence: nil))
        return (bundle, ScenarioDemand.demands(bundle: bundle, graph: graph.graph))
    }

    @Test func theVietnamScenarioRoutesOnlyToVietnamsProvinces() throws {
        let (bundle, all) = try Self.demands(scenario: "scenario.yaml")
        let (_, vietnam) = try Self.demands(scenario: "scenario-vietnam.yaml")
        let sources = Set(all.map(\.source))
        #expect(sources.count == 4 && Set(vietnam.map(\.source)) == sources)
        // Each target once per source (rows of one target added), every one in Vietnam.
        #expect(Set(vietnam.map { bundle.node(Int($0.target)).country }) == ["VN"])
        #expect(vietnam.count == Set(vietnam.map(\.target)).count * sources.count)
        // The same Vietnamese demand in both: the national register, 235,314 (rounded rows).
        let inVietnam = all.filter { bundle.node(Int($0.target)).country == "VN" }
        let vietnamTotal: Double = vietnam.map(\.amount).reduce(0, +)
        let inVietnamTotal: Double = inVietnam.map(\.amount).reduce(0, +)
        #expect(abs(vietnamTotal - 235_314) < 10)
        #expect(vietnamTotal == inVietnamTotal)
        // The full scenario also routes Thailand's, Malaysia's, ... markets.
        #expect(Set(all.map { bundle.node(Int($0.target)).country }).count == 13)
        let markets = ScenarioDemand.markets(bundle: bundle)
        #expect(markets.first?.country == "TH" && markets.count == 13)
    }
}
