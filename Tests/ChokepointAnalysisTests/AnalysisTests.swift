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
/// Roads at 40 km/h, so with no evidence la-s → vn-t costs 1 + 2 + 1 = 4 h via x-m,
/// 1 + 1 + 2.5 = 4.5 h via x-n and 2 + 0.5 + 3 = 5.5 h via x-s. Demand: vn-t 10, vn-u 5.
struct TinyBundle {
    let directory: URL

    init(seizures: String = "") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chokepoint-tiny-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write("places.csv", """
            id,name,kind,roles,country,province,lon,lat,aliases,source
            la-s,Source,source_area,,LA,la-east,1.5,0.5,,test
            vn-t,Market T,city,,VN,vn-west,0.3,0.5,,test
            vn-u,Market U,city,,VN,vn-west,0.3,0.8,,test

            """)
        try write("crossings.csv", """
            id,name,country_a,name_a,country_b,name_b,type,modes,hours,lon,lat,source
            x-m,Main gate,LA,m,VN,m,international,road,,1.0,0.5,test
            x-n,North gate,LA,n,VN,n,secondary,road,,1.0,0.8,test
            x-s,South trail,LA,s,VN,s,unofficial-known,road,,1.0,0.2,test

            """)
        try write("links.csv", """
            id,from,to,mode,directed,length_km,source
            l-sm,la-s,x-m,road,false,40,test
            l-mt,x-m,vn-t,road,false,40,test
            l-sn,la-s,x-n,road,false,40,test
            l-nt,x-n,vn-t,road,false,100,test
            l-ss,la-s,x-s,road,false,80,test
            l-st,x-s,vn-t,road,false,120,test
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

    @Test func withoutEvidenceAllDemandTakesTheCheapestGate() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let result = try tiny.analyse()
        let a = result.analysis
        // Both pairs' cheapest route runs through x-m (4 h against 4.5 h and 5.5 h).
        #expect(Self.flows(a) == ["x-m": 15, "x-n": 0, "x-s": 0])
        #expect(a.crossings.map { a.bundle.crossings[$0.index].id } == ["x-m", "x-n", "x-s"])
        #expect(a.totalDemand == 15 && a.unservedDemand == 0)
        // Links: la-s→x-m→vn-t carries both pairs, vn-t→vn-u only vn-u's 5.
        let linkFlow = Dictionary(uniqueKeysWithValues: zip(a.bundle.links.map(\.id), a.linkFlow))
        #expect(linkFlow == ["l-sm": 15, "l-mt": 15, "l-sn": 0, "l-nt": 0, "l-ss": 0, "l-st": 0, "l-tu": 5])
        // A province's flow is the flow *through* its places: vn-t is on la-s → vn-u's route
        // (5) and is the end of la-s → vn-t's (not counted); la-s is only a source.
        let provinceFlow = Dictionary(uniqueKeysWithValues: a.provinces.map { ($0.id, $0.flow) })
        #expect(provinceFlow == ["vn-west": 5, "la-east": 0])

        // Routes, best first by demand: la-s → vn-t (10) then la-s → vn-u (5).
        let best = a.bestRoutes
        #expect(best.map(\.target) == ["vn-t", "vn-u"])
        #expect(best[0].crossings == ["x-m"] && best[0].nodes == ["la-s", "x-m", "vn-t"])
        #expect(abs(best[0].lengthKm - 80) < 1e-9 && abs(best[0].travelHours - 4) < 1e-9 && abs(best[0].cost - 4) < 1e-9)
        #expect(abs(best[1].lengthKm - 120) < 1e-9 && abs(best[1].travelHours - 5) < 1e-9)
        #expect(best[0].provinces == ["la-east", "vn-west"])
        // The second route of la-s → vn-t goes via x-n (shares nothing with the first).
        let second = try #require(a.routes.first { $0.target == "vn-t" && $0.rank == 2 })
        #expect(second.crossings == ["x-n"] && abs(second.travelHours - 4.5) < 1e-9)
        #expect(result.seizureAccount.used == 0)
    }

    @Test func controlsAreChosenGreedilyWithTheirMarginalEffects() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let result = try tiny.analyse { $0.controls = 3 }
        let b = result.analysis.bundle
        let chosen = result.controls
        #expect(chosen.map { b.crossings[$0.crossing].id } == ["x-m", "x-n", "x-s"])
        // Closing x-m moves both pairs to x-n: +0.5 h for 10 + 5 units.
        #expect(abs(chosen[0].marginalCostHours - 7.5) < 1e-9 && chosen[0].marginalUnserved == 0)
        // Then x-n: to x-s, +1 h for 15 units.
        #expect(abs(chosen[1].marginalCostHours - 15) < 1e-9 && chosen[1].marginalUnserved == 0)
        // Then x-s: nothing is left, all 15 cut off.
        #expect(chosen[2].marginalUnserved == 15 && chosen[2].unserved == 15)
    }

    @Test func closingTheMainGateMovesItsFlowToTheNextCheapest() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let w = try #require(try tiny.analyse { $0.close = ["x-m"] }.whatIf)
        #expect(w.closed == ["x-m"])
        #expect(w.before == [15, 0, 0] && w.after == [0, 15, 0])
        #expect(w.unservedBefore == 0 && w.unservedAfter == 0)
    }

    @Test func withoutCostNoiseOrSeizuresEverySampleGivesTheSameRanks() throws {
        let tiny = try TinyBundle()
        defer { tiny.remove() }
        let a = try tiny.analyse().analysis
        let stability = try a.rankStability(samples: 20, seed: 3, k: 1, costNoise: 0)
        #expect(stability.map(\.baseRank) == [1, 2, 3])
        #expect(stability.allSatisfy { $0.low == $0.baseRank && $0.high == $0.baseRank })
        #expect(stability.map(\.topKShare) == [1, 0, 0])
        // With noise the samples differ, but the same seed gives the same intervals.
        let noisy = try a.rankStability(samples: 20, seed: 3, costNoise: 0.5)
        #expect(noisy.map(\.high) == (try a.rankStability(samples: 20, seed: 3, costNoise: 0.5)).map(\.high))
    }

    @Test func aSeizureAtTheTrailMovesAllFlowThere() throws {
        // 100 kg at x-s itself: evidence log(101) divided by the control intensity, on x-s
        // (unofficial, 0.2) and on the two roads that touch it (0.5) at distance 0.
        let tiny = try TinyBundle(seizures: "s1,2024-03-01,,1.0,0.2,exact,heroin,100,kg,test\n")
        defer { tiny.remove() }
        let a = try tiny.analyse().analysis
        let e = log(101.0)
        let gate = try #require(a.crossings.first { a.bundle.crossings[$0.index].id == "x-s" })
        #expect(abs(gate.evidence - e / 0.2) < 1e-9 && abs(gate.rawEvidence - e) < 1e-9)
        #expect(gate.seizures == ["s1"])
        // Costs: E_max = 5e on x-s, so x-s costs 0.5 h · e^−2 and its roads 5 h · e^−0.8.
        let viaTrail = 5 * exp(-0.8) + 0.5 * exp(-2.0)
        #expect(viaTrail < 4)
        #expect(Self.flows(a) == ["x-m": 0, "x-n": 0, "x-s": 15])
        let best = try #require(a.bestRoutes.first)
        #expect(best.crossings == ["x-s"] && abs(best.cost - viaTrail) < 1e-9)
        // Travel time is the plain 5.5 h, whatever the evidence.
        #expect(abs(best.travelHours - 5.5) < 1e-9)
        #expect(best.seizures == ["s1"])
    }

    @Test func theCommodityFilterAppliesToEveryCount() throws {
        let tiny = try TinyBundle(seizures: """
            s1,2024-03-01,,1.0,0.2,exact,heroin,100,kg,test
            s2,2024-03-02,,1.0,0.8,exact,methamphetamine tablets,10,kg,test
            s3,2019-01-01,,1.0,0.8,exact,heroin,1,kg,test

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
        #expect(result.analysis.evidence.contributions.values.allSatisfy { $0.allSatisfy { $0.record == 0 } })
    }

    @Test func aRecordAfterTheReferenceDateIsALocatedErrorAndTheDateIsRecorded() throws {
        let tiny = try TinyBundle(seizures: "s1,2024-03-01,,1.0,0.2,exact,heroin,100,kg,test\n")
        defer { tiny.remove() }
        // Without evidence.as_of the newest record sets the date, and the metadata names it.
        let plain = try tiny.analyse()
        #expect(plain.parameters["evidence_as_of"] == .string("2024-03-01"))
        #expect(plain.parameters["evidence_as_of_from"] == .string("the newest record, s1"))

        try tiny.write("scenario.yaml", "name: tiny\nsources: [la-s]\ntargets: demand.csv\nevidence:\n  as_of: 2024-06-30\n")
        let file = tiny.directory.appendingPathComponent("mine.csv")
        try ("id,date,place,lon,lat,location_precision,commodity,amount,unit,source\n"
            + "m1,2024-05-01,,1.0,0.2,exact,heroin,1,kg,test\nm2,2099-06-01,,1.0,0.5,exact,heroin,5000,kg,test\n")
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
            + "s1,2024-03-01,,1.0,0.2,exact,heroin,100,kg,test\ns9,2099-06-01,,1.0,0.5,exact,heroin,1,kg,test\n")
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
