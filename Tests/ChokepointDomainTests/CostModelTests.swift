import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import Foundation
import Testing

@Suite struct CostModelTests {
    @Test func travelTimeDelaysAndEvidenceCombineAsDocumented() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        let (bundle, records) = try EvidenceModelTests.setUp(f, seizures: "s1,2024-03-01,,1.65,0.35,exact,heroin,1,kg,test\n")
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext()).snap(records)
        let evidence = EvidenceModel(bundle: bundle, records: records, snaps: snaps)
        let costs = CostModel(bundle: bundle, evidence: evidence)
        let l1 = bundle.links.firstIndex { $0.id == "l1" }!, l3 = bundle.links.firstIndex { $0.id == "l3" }!
        // Roads at 40 km/h, no handling time.
        #expect(abs(costs.linkTravelHours[l1] - bundle.links[l1].lengthMetres / 1000 / 40) < 1e-12)
        // l1 has no evidence; l3 holds all of it, so its cost is e^−2 of its travel time.
        #expect(costs.linkCost[l1] == costs.linkTravelHours[l1])
        #expect(abs(costs.linkCost[l3] - costs.linkTravelHours[l3] * exp(-2)) < 1e-12)
        // The international gate x-ab has no evidence: its full 2 h delay.
        let gate = bundle.nodeIDs.firstIndex(of: "x-ab")!
        #expect(costs.nodeCost[gate] == 2)

        // Through the graph: vn-a → x-ab → la-b → la-c costs l1 + 2 h + l2 + l3.
        let graph = try BundleGraph(bundle: bundle, costs: costs)
        let weighted = try graph.byCost()
        let from = try #require(graph.graph.node("vn-a")), to = try #require(graph.graph.node("la-c"))
        let l2 = bundle.links.firstIndex { $0.id == "l2" }!
        let expected = costs.linkCost[l1] + 2 + costs.linkCost[l2] + costs.linkCost[l3]
        #expect(abs(weighted.dijkstra(from: from).distance[Int(to)] - expected) < 1e-9)
    }

    @Test func strengthZeroIgnoresEvidence() throws {
        let f = try BundleFixture()
        defer { f.remove() }
        let (bundle, records) = try EvidenceModelTests.setUp(f, seizures: "s1,2024-03-01,,1.65,0.35,exact,heroin,1,kg,test\n")
        let snaps = try SeizureSnapper(bundle: bundle, bandwidthMetres: 10_000, geos: try GEOSContext()).snap(records)
        var p = CostModel.Parameters()
        p.evidenceStrength = 0
        let costs = CostModel(bundle: bundle, evidence: EvidenceModel(bundle: bundle, records: records, snaps: snaps), parameters: p)
        #expect(costs.linkCost == costs.linkTravelHours)
    }
}
