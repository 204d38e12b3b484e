import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import Testing

@Suite struct CrossingCandidatesTests {
    @Test func candidatesLieOnBordersWithTownsOnBothSidesAwayFromKnownCrossings() throws {
        let bundle = SimulatorTests.bundle
        let geos = try GEOSContext()
        let generator = CrossingCandidates()
        let candidates = try generator.generate(bundle, geos: geos)
        #expect(candidates.count > 20)
        for c in candidates {
            // Towns on each side, in the right country, within reach (measured again here).
            #expect(c.townA.country == c.countries[0] && c.townB.country == c.countries[1], "\(c.id)")
            #expect(try Geodesic.wgs84.distance(from: c.coordinate, to: c.townA.coordinate) <= 15_000, "\(c.id)")
            #expect(try Geodesic.wgs84.distance(from: c.coordinate, to: c.townB.coordinate) <= 15_000, "\(c.id)")
            // Clear of every known crossing of the same border.
            for x in bundle.crossings where Set([x.countryA, x.countryB]) == Set(c.countries) {
                #expect(try Geodesic.wgs84.distance(from: c.coordinate, to: x.coordinate) > 5_000, "\(c.id) near \(x.id)")
            }
        }
        // Same bundle, same candidates.
        #expect(try generator.generate(bundle, geos: geos) == candidates)

        // Added to the network, the bundle still validates: every candidate reachable, on its border.
        let augmented = try generator.augment(bundle, with: candidates)
        let problems = BundleValidator(geos: geos).validate(augmented)
        #expect(problems.map(\.description) == [])
        #expect(augmented.crossings.count == bundle.crossings.count + candidates.count)
    }

    /// A seizure near a gate belongs to the gate: with candidates added, every element of the
    /// bundle keeps exactly the evidence it had, and only a record that says `mode=trail`
    /// reaches a candidate that sits within the bandwidth of a known crossing.
    @Test func candidatesNeverSplitTheBundlesEvidence() throws {
        let bundle = SimulatorTests.bundle
        let geos = try GEOSContext()
        let generator = CrossingCandidates()
        let candidates = try generator.generate(bundle, geos: geos)
        let augmented = try generator.augment(bundle, with: candidates)
        let records = SeizurePipeline(bundle: bundle).ingestBundleSeizures().records
        #expect(records.count > 100)
        let parameters = bundle.scenario?.evidence ?? EvidenceModel.Parameters()
        let before = try SeizurePipeline.snap(records, to: bundle, bandwidthKm: parameters.bandwidthKm, geos: geos)
            .evidence(on: bundle, parameters: parameters)
        let after = try SeizurePipeline.snap(records, to: augmented, bandwidthKm: parameters.bandwidthKm, geos: geos)
            .evidence(on: augmented, parameters: parameters)
        // Node numbers move (the candidates' towns are places); compare by id.
        let ids = bundle.nodeIDs, augmentedIDs = augmented.nodeIDs
        let position = Dictionary(uniqueKeysWithValues: augmentedIDs.enumerated().map { ($1, $0) })
        for (v, id) in ids.enumerated() {
            let a = before.scores[.node(v)] ?? 0
            let b = position[id].map { after.scores[.node($0)] ?? 0 } ?? -1
            #expect(a == b, "\(id): \(a) → \(b)")
        }
        for j in bundle.links.indices {  // augment appends links, so bundle links keep their index
            #expect((before.scores[.link(j)] ?? 0) == (after.scores[.link(j)] ?? 0), "\(bundle.links[j].id)")
        }

        // The candidate nearest Mae Sai – Tachileik lies within 10 km of the gate: a seizure on
        // it goes to the gate alone, unless it says it came by trail.
        let gate = try #require(bundle.crossings.first { $0.id == "x-mae-sai" })
        let near = try #require(
            candidates.min {
                try! Geodesic.wgs84.distance(from: $0.coordinate, to: gate.coordinate)
                    < Geodesic.wgs84.distance(from: $1.coordinate, to: gate.coordinate)
            })
        #expect(try Geodesic.wgs84.distance(from: near.coordinate, to: gate.coordinate) < 9_000)
        var record = try #require(records.first { $0.coordinate != nil })
        record.location = .point(near.coordinate)
        record.coordinate = near.coordinate
        let candidateNode = try #require(position[near.id])
        for (mode, reaches) in [(TransportMode?.none, false), (.road, false), (.trail, true)] {
            record.mode = mode
            let snaps = try SeizurePipeline.snap([record], to: augmented, bandwidthKm: parameters.bandwidthKm, geos: geos).snaps
            #expect(snaps.contains { $0.element == .node(candidateNode) } == reaches, "mode \(String(describing: mode))")
            #expect(snaps.contains { $0.element == .node(position[gate.id] ?? -1) })
        }
    }
}
