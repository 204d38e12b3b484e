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
}
