import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import Foundation
import Testing

/// `Analysis`, its controls, what-if and rank stability on a bundle small enough to work by
/// hand. Country LA is the square lon 1…2, lat 0…1 and VN the square lon 0…1; their border
/// is the meridian lon = 1. One source in Laos, two markets in Vietnam, three crossings:
///
///     la-s ──40 km── x-m (international, 2 h) ──40 km── vn-t ──40 km── vn-u
///     la-s ──40 km── x-n (secondary, 1 h)     ──100 km── vn-t
///     la-s ──80 km── x-s (unofficial, 0.5 h)  ──120 km── vn-t
///
/// The towns sit 0.3° from the border and the gates 0.1° of latitude apart (11 km, more than
/// the 10 km evidence bandwidth), so every stated length is at least the straight line, as
/// `validate` requires. Roads at 40 km/h, so la-s → vn-t takes 1 + 2 + 1 = 4 h via x-m, 1 + 1 + 2.5 = 4.5 h via
/// x-n and 2 + 0.5 + 3 = 5.5 h via x-s. Demand: vn-t 10, vn-u 5. Without seizures the flow
/// model runs on its defaults: μ = 6 h, α = 12 h per unit control (x-m 1, x-n 0.5, x-s 0.2),
/// so the generalised costs are 16, 10.5 and 7.9 h to vn-t, one hour more to vn-u.
struct TinyBundle {
    let directory: URL

    init(seizures: String = "", trailKm: Double = 120) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chokepoint-tiny-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write("places.csv", """
            id,name,kind,roles,country,province,lon,lat,aliases,source
            la-s,Source,source_area,,LA,la-east,1.3,0.5,,test
            vn-t,Market T,city,,VN,vn-west,0.7,0.5,,test
            vn-u,Market U,city,,VN,vn-west,0.7,0.8,,test

            """)
        try write("crossings.csv", """
            id,name,country_a,name_a,country_b,name_b,type,modes,hours,lon,lat,source
            x-m,Main gate,LA,m,VN,m,international,road,,1.0,0.5,test
            x-n,North gate,LA,n,VN,n,secondary,road,,1.0,0.6,test
            x-s,South trail,LA,s,VN,s,unofficial-known,road,,1.0,0.4,test

            """)
        try write("links.csv", """
            id,from,to,mode,directed,length_km,source
            l-sm,la-s,x-m,road,false,40,test
            l-mt,x-m,vn-t,road,false,40,test
            l-sn,la-s,x-n,road,false,40,test
            l-nt,x-n,vn-t,road,false,100,test
            l-ss,la-s,x-s,road,false,80,test
            l-st,x-s,vn-t,road,false,\(trailKm),test
            l-tu,vn-t,vn-u,road,false,40,test

            """)
        func square(_ properties: String, _ x0: Int) -> String {
            #"{"type":"Feature","properties":{"# + properties + #"},"geometry":{"type":"Polygon","coordinates":[[["#
                + "\(x0),0],[\(x0 + 1),0],[\(x0 + 1),1],[\(x0),1],[\(x0),0]]]}}"
        }
        func collection(_ features: [String]) -> String {
            #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}\n"
        }
        try write("countries.geojson", collection([square(#""id":"VN","country":"VN","source":"test""#, 0),
                                                   square(#""id":"LA","country":"LA","source":"test""#, 1)]))
        try write("borders.geojson", collection([
            #"{"type":"Feature","properties":{"id":"LA-VN","country_a":"LA","country_b":"VN","source":"test"},"geometry":{"type":"LineString","coordinates":[[1,0],[1,1]]}}"#,
        ]))
        try write("provinces.geojson", collection([
            square(#""id":"vn-west","name":"West","country":"VN","source":"test""#, 0),
            square(#""id":"la-east","name":"East","country":"LA","source":"test""#, 1),
        ]))
        try write("demand.csv", "target,weight,source\nvn-t,10,test\nvn-u,5,test\n")
        try write("seizures.csv", "id,date,place,lon,lat,location_precision,commodity,amount,unit,source\n" + seizures)
        try write("scenario.yaml", "name: tiny\nsources: [la-s]\ntargets: demand.csv\n")
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// The main job on this bundle, checked by the validator first as `analyze` does.
    func analyse(_ configure: (inout AnalysisJob.Options) -> Void = { _ in }) throws -> AnalysisResult {
        var options = AnalysisJob.Options(bundleDirectory: directory.path)
        // Most cases here have no seizures on purpose: their flows are worked by hand.
        options.allowEmpty = true
        configure(&options)
        return try AnalysisJob.run(options)
    }
}

@Suite struct AnalysisTests {
    /// Flow per crossing id.
    static func flows(_ a: Analysis) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: a.crossings.map { (a.bundle.crossings[$0.index].id, $0.flow) })
    }

    /// Path-size logit shares worked by hand: P ∝ exp(−C/μ) · PS, PS = Σ (l_a / L) / N_a.
    static func shares(_ cost: [Double], _ pathSize: [Double], mu: Double = 6) -> [Double] {
        let w = zip(cost, pathSize).map { exp(-$0 / mu) * $1 }
        let total = w.reduce(0, +)
        return w.map { $0 / total }
    }

    /// The tiny bundle's shares via x-m, x-n, x-s for vn-t and vn-u at avoidance α. To vn-t
    /// the three routes share nothing (PS 1); to vn-u all share l-tu (1 h of 3, 4.5 and 6 h).
    static func tinyShares(alpha: Double = 12) -> (t: [Double], u: [Double]) {
        let hours = [4.0, 4.5, 5.5], watched = [1.0, 0.5, 0.2]
        let cost = zip(hours, watched).map { $0 + alpha * $1 }
        let pathSizeU = [(2 + 1.0 / 3) / 3, (3.5 + 1.0 / 3) / 4.5, (5 + 1.0 / 3) / 6]
        return (shares(cost, [1, 1, 1]), shares(cost.map { $0 + 1 }, pathSizeU))
    }

    @Test func withoutSeizuresEachPairSharesItsDemandByTheDefaultRouteChoice() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let result = try tiny.analyse()
        let a = result.analysis
        #expect(a.fit.notEstimatedBecause != nil && a.fit.estimates.allSatisfy { !$0.identified })
        #expect(a.fit.parameters.dispersionHours == 6 && a.fit.parameters.avoidanceHours == 12)
        let (t, u) = Self.tinyShares()
        let expected = ["x-m": 10 * t[0] + 5 * u[0], "x-n": 10 * t[1] + 5 * u[1], "x-s": 10 * t[2] + 5 * u[2]]
        let flows = Self.flows(a)
        for (id, value) in expected { #expect(abs((flows[id] ?? -1) - value) < 1e-9, "\(id)") }
        // The trail is cheapest once gates are avoided; every crossing carries some flow.
        #expect(a.crossings.map { a.bundle.crossings[$0.index].id } == ["x-s", "x-n", "x-m"])
        #expect(a.crossings.allSatisfy { $0.flow > 0 })
        #expect(a.totalDemand == 15 && a.unservedDemand == 0)
        // The cheapest-route comparison: all 15 through x-m (4 h, the evidence-discounted cost without evidence).
        #expect(a.crossings.first { a.bundle.crossings[$0.index].id == "x-m" }?.cheapestRouteFlow == 15)
        let linkFlow = Dictionary(uniqueKeysWithValues: zip(a.bundle.links.map(\.id), a.linkFlow))
        #expect(abs((linkFlow["l-sm"] ?? 0) - expected["x-m"]!) < 1e-9 && abs((linkFlow["l-st"] ?? 0) - expected["x-s"]!) < 1e-9)
        #expect(abs((linkFlow["l-tu"] ?? 0) - 5) < 1e-9)
        // Every route starts in la-east and ends in vn-west: each province counts all 15 once.
        let provinceFlow = Dictionary(uniqueKeysWithValues: a.provinces.map { ($0.id, $0.flow) })
        #expect(abs(provinceFlow["la-east"]! - 15) < 1e-9 && abs(provinceFlow["vn-west"]! - 15) < 1e-9)

        // Routes, likeliest first, each with its share and flow.
        let toT = a.routes.filter { $0.target == "vn-t" }
        #expect(toT.map(\.crossings) == [["x-s"], ["x-n"], ["x-m"]] && toT.map(\.rank) == [1, 2, 3])
        #expect(abs(toT[0].share - t[2]) < 1e-12 && abs(toT[0].flow - 10 * t[2]) < 1e-9)
        #expect(abs(toT[0].cost - 7.9) < 1e-9 && abs(toT[0].travelHours - 5.5) < 1e-9 && abs(toT[0].lengthKm - 200) < 1e-9)
        #expect(toT[0].nodes == ["la-s", "x-s", "vn-t"] && toT[0].provinces == ["la-east", "vn-west"])
        #expect(a.routesInOverallOrder.first?.target == "vn-t" && a.bestRoutes.map(\.target) == ["vn-t", "vn-u"])
        #expect(result.seizureAccount.used == 0)
    }

    @Test func withoutAvoidanceControlsGoWhereTheFlowIs() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        // α = 0: nobody goes round a control, so a control adds exactly the flow through it.
        let result = try tiny.analyse {
            $0.controls = 3
            $0.overrides = ["estimate.avoidance_hours=0"]
        }
        let (t, u) = Self.tinyShares(alpha: 0)
        let flow = (0..<3).map { 10 * t[$0] + 5 * u[$0] }  // x-m, x-n, x-s
        let b = result.analysis.bundle
        #expect(result.controls.map { b.nodeIDs[$0.node] } == ["x-m", "x-n", "x-s"])
        for (c, f) in zip(result.controls, flow) {
            #expect(abs(c.marginalExposure - f * Analysis.controlAdded) < 1e-9 && abs(c.flowAfter - c.flowBefore) < 1e-9)
        }
    }

    @Test func aControlPushesTrafficAwayWhenTraffickersAvoidControls() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let result = try tiny.analyse { $0.controls = 1 }
        let c = try #require(result.controls.first)
        // With α = 12 h a new control costs a route 12 h more: much of the flow leaves it.
        #expect(c.flowAfter < 0.5 * c.flowBefore && c.marginalExposure > 0)
    }

    @Test func closingTheTrailSharesItsFlowAmongTheGatesByTheirOdds() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let w = try #require(try tiny.analyse { $0.close = ["x-s"] }.whatIf)
        #expect(w.closed == ["x-s"])
        // What is left: x-m and x-n, odds unchanged to vn-t; to vn-u two routes now share l-tu.
        let t = Self.shares([16, 10.5], [1, 1]), u = Self.shares([17, 11.5], [2.5 / 3, 4 / 4.5])
        let after = [10 * t[0] + 5 * u[0], 10 * t[1] + 5 * u[1], 0]
        #expect(zip(w.after, after).allSatisfy { abs($0 - $1) < 1e-9 })
        // Every open crossing gains (the balloon effect), and no flow is lost.
        #expect(w.after[0] > w.before[0] && w.after[1] > w.before[1])
        #expect(abs(w.after.reduce(0, +) - 15) < 1e-9 && w.unservedBefore == 0 && w.unservedAfter == 0)
    }

    @Test func aSmallCostChangeMovesFlowsSmoothly() throws {
        let base = try TinyBundle(), nudged = try TinyBundle(trailKm: 121)
        defer {
            base.remove()
            nudged.remove()
        }
        let before = Self.flows(try base.analyse().analysis), after = Self.flows(try nudged.analyse().analysis)
        // One more km (1.5 min) on the trail moves a little flow, from the trail to both gates.
        #expect(after["x-s"]! < before["x-s"]! && after["x-m"]! > before["x-m"]! && after["x-n"]! > before["x-n"]!)
        #expect(["x-m", "x-n", "x-s"].allSatisfy { abs(after[$0]! - before[$0]!) < 0.05 })
    }

    @Test func withoutSeizuresEverySampleGivesTheSameRanksAndFlows() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let a = try tiny.analyse().analysis
        let stability = try a.rankStability(samples: 20, seed: 3, k: 1)
        #expect(stability.map(\.baseRank) == [1, 2, 3])
        #expect(stability.allSatisfy { $0.low == $0.baseRank && $0.high == $0.baseRank })
        #expect(zip(stability, a.crossings).allSatisfy { $0.flowLow == $1.flow && $0.flowHigh == $1.flow })
        #expect(stability.map(\.topKShare) == [1, 0, 0])
    }

    @Test func aSeizureAtTheTrailIsItsEvidenceAndBendsTheCheapestRoute() throws {
        // 100 kg at x-s itself: evidence log(101) divided by the control intensity, on x-s
        // (unofficial, 0.2) and on the two roads that touch it (0.5) at distance 0.
        let tiny = try TinyBundle(seizures: "s1,2024-03-01,,1.0,0.4,exact,heroin,100,kg,test\n")
        defer { tiny.remove() }
        let a = try tiny.analyse().analysis
        let e = log(101.0)
        let gate = try #require(a.crossings.first { a.bundle.crossings[$0.index].id == "x-s" })
        #expect(abs(gate.evidence - e / 0.2) < 1e-9 && abs(gate.rawEvidence - e) < 1e-9)
        #expect(gate.seizures == ["s1"])
        // The evidence-discounted cost: E_max = 5e on x-s, so x-s costs 0.5 h · e^−2 and its
        // roads 5 h · e^−0.8 < 4 h: the cheapest-route comparison sends all 15 through it.
        #expect(5 * exp(-0.8) + 0.5 * exp(-2.0) < 4 && gate.cheapestRouteFlow == 15)
        let best = try #require(a.bestRoutes.first)
        #expect(best.crossings == ["x-s"] && abs(best.travelHours - 5.5) < 1e-9 && best.seizures == ["s1"])
    }

    @Test func theSeizuresBehindEachFigureAreTheHeaviestOfAllItsContributions() throws {
        // Area records by the dozen (seven tied 10 kg ones in East) beside located ones: the
        // top five taken by area (`strongest`) and by province (dense sums) must be what the
        // full lists, sorted or summed one by one, give.
        var rows = ""
        // Seven commodities, so that the ties are not duplicates.
        for (k, drug) in ["heroin", "opium", "morphine", "cannabis", "ketamine", "cocaine", "precursors"].enumerated() {
            rows += "e\(k),2024-03-01,East,,,province,\(drug),10,kg,test\n"
        }
        // Eight in West, each heavier than the one before: record order is not weight order.
        for k in 0..<8 { rows += "w\(k),2023-0\(k + 1)-01,West,,,province,heroin,\((k + 1) * 15),kg,test\n" }
        rows += "p1,2024-03-01,,1.0,0.4,exact,heroin,100,kg,test\np2,2024-02-01,,1.02,0.5,exact,heroin,3,kg,test\n"
        rows += "p3,2024-03-01,,1.3,0.5,exact,heroin,10,kg,test\n"
        let tiny = try TinyBundle(seizures: rows)
        defer { tiny.remove() }
        let a = try tiny.analyse().analysis
        let ids = a.seizures.map(\.id)
        var checked = 0
        for element in a.evidence.contributedElements {
            let all = a.evidence.contributions(of: element)
            let support = a.support(of: element)
            #expect(support.ids == all.prefix(5).map { ids[$0.record] } && support.weights == all.prefix(5).map(\.weight), "\(element)")
            #expect(support.unnamed == 0 && support.marking == a.disclosure.marking(of: all.map(\.record)))
            checked += all.count > 5 ? 1 : 0
        }
        #expect(checked > 3)
        for province in a.provinces {
            var sums: [Int: Double] = [:]
            for (v, place) in a.bundle.places.enumerated() where place.province == province.id {
                a.evidence.forEachContribution(of: .node(v)) { sums[$0.record, default: 0] += $0.weight }
            }
            let top = sums.sorted { ($1.value, ids[$0.key]) < ($0.value, ids[$1.key]) }.prefix(5)
            #expect(province.support == top.map { ids[$0.key] } && province.supportWeights == top.map(\.value), "\(province.id)")
        }
    }

    @Test func theCommodityFilterAppliesToEveryCount() throws {
        let tiny = try TinyBundle(seizures: """
            s1,2024-03-01,,1.0,0.4,exact,heroin,100,kg,test
            s2,2024-03-02,,1.0,0.6,exact,methamphetamine tablets,10,kg,test
            s3,2019-01-01,,1.0,0.6,exact,heroin,1,kg,test

            """)
        defer { tiny.remove() }
        let result = try tiny.analyse {
            $0.commodities = ["heroin"]
            $0.from = "2020"
        }
        #expect(result.analysis.seizures.map(\.id) == ["s1"])
        let account = result.seizureAccount
        #expect(account.rowsRead == 3 && account.skippedAsBad == 0 && account.filteredOut == 2 && account.used == 1)
        // The tablets at x-n are gone from the evidence too.
        let evidence = result.analysis.evidence
        #expect(!evidence.contributedElements.isEmpty)
        #expect(evidence.contributedElements.allSatisfy { e in evidence.contributions(of: e).allSatisfy { $0.record == 0 } })
    }

    @Test func aRecordAfterTheReferenceDateIsALocatedErrorAndTheDateIsRecorded() throws {
        let tiny = try TinyBundle(seizures: "s1,2024-03-01,,1.0,0.4,exact,heroin,100,kg,test\n")
        defer { tiny.remove() }
        // Without evidence.as_of the newest record sets the date, and the metadata names it.
        let plain = try tiny.analyse()
        #expect(plain.parameters["evidence_as_of"] == .string("2024-03-01"))
        #expect(plain.parameters["evidence_as_of_from"] == .string("the newest record, s1"))

        try tiny.write("scenario.yaml", "name: tiny\nsources: [la-s]\ntargets: demand.csv\nevidence:\n  as_of: 2024-06-30\n")
        let file = tiny.directory.appendingPathComponent("mine.csv")
        try ("id,date,place,lon,lat,location_precision,commodity,amount,unit,source\n"
            + "m1,2024-05-01,,1.0,0.4,exact,heroin,1,kg,test\nm2,2099-06-01,,1.0,0.5,exact,heroin,5000,kg,test\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try tiny.analyse { $0.seizureFile = file.path }
        #expect(result.analysis.seizures.map(\.id) == ["m1"])
        #expect(result.seizureAccount.skippedAsBad == 1 && result.seizureAccount.used == 1)
        let problem = try #require(result.analysis.seizureSet.problems.first)
        #expect(problem.location.file == file.path && problem.location.line == 3 && problem.location.field == "date")
        #expect(problem.message.contains("after the evidence's reference date 2024-06-30"))
        #expect(result.parameters["evidence_as_of"] == .string("2024-06-30"))
        #expect(result.parameters["evidence_as_of_from"] == .string("scenario evidence.as_of"))

        // In the bundle's own seizures.csv the validator reports it, so analyze refuses.
        try tiny.write("seizures.csv", "id,date,place,lon,lat,location_precision,commodity,amount,unit,source\n"
            + "s1,2024-03-01,,1.0,0.4,exact,heroin,100,kg,test\ns9,2099-06-01,,1.0,0.5,exact,heroin,1,kg,test\n")
        #expect {
            _ = try tiny.analyse()
        } throws: { error in
            (error as? BundleRejected)?.problems.contains { $0.description.hasPrefix("seizures.csv:3: field \"date\": dated 2099-06-01") } == true
        }
    }

    @Test func aBundleTheValidatorRejectsIsRefusedWithItsProblems() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        try tiny.write("links.csv", "id,from,to,mode,directed,length_km,source\nl-sm,la-s,x-nowhere,road,false,40,test\n")
        #expect {
            _ = try tiny.analyse()
        } throws: { error in
            let rejected = error as? BundleRejected
            return rejected?.problems.contains { $0.description.hasPrefix("links.csv:2: field \"to\"") } == true
        }
    }
}

@Suite struct BundleGraphTests {
    @Test func aLinkWithAnUnknownEndIsRefusedWithItsLineAndField() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        try tiny.write("links.csv", "id,from,to,mode,directed,length_km,source\nl-sm,la-s,x-m,road,false,40,test\nl-bad,x-nowhere,x-m,road,false,4,test\n")
        let (bundle, _) = BundleReader(directory: tiny.directory.path, proj: try PROJContext(), geos: try GEOSContext()).read()
        #expect {
            _ = try BundleGraph(bundle: bundle, costs: CostModel(bundle: bundle, evidence: nil))
        } throws: { error in
            guard case let .unknownNode(e)? = error as? BundleGraphError else { return false }
            return e.location.file == "links.csv" && e.location.line == 3 && e.location.field == "from"
        }
    }
}
