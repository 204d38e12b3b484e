import ChokepointGeo
import Foundation
import Testing

@Suite("Short geodesic distances against Karney's (PROJ geod_inverse)")
struct ShortGeodesicTests {
    /// xorshift64*, so the pairs are the same on every run.
    struct Pairs {
        var state: UInt64
        mutating func unit() -> Double {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Double((state &* 2_685_821_657_736_338_717) >> 11) / Double(1 << 53)
        }
    }

    @Test("Random pairs at every latitude, up to 80 km apart, within 0.1 µm of Karney")
    func randomPairs() throws {
        var random = Pairs(state: 0x9E37_79B9_7F4A_7C15)
        var largest = 0.0, longest = 0.0
        for latitude in stride(from: -88.0, through: 88.0, by: 8.0) {
            for span in [1e-5, 0.01, 0.1, 0.4, 1.0] {
                for _ in 0..<400 {
                    let a = Coordinate(lon: -180 + 360 * random.unit(), lat: latitude + 2 * random.unit() - 1)
                    let b = Coordinate(
                        lon: a.lon + span * (random.unit() - 0.5),
                        lat: min(90, max(-90, a.lat + span * (random.unit() - 0.5))))
                    let karney = try Geodesic.wgs84.distance(from: a, to: b)
                    let short = try ShortGeodesic(origin: a).distance(to: b)
                    #expect(abs(short - karney) < 1e-7, "\(a) → \(b): \(short) against \(karney)")
                    largest = max(largest, abs(short - karney))
                    longest = max(longest, karney)
                }
            }
        }
        #expect(longest > 50_000)  // Beyond the domain too, where it is Karney's by construction.
        #expect(largest < 1e-7)
    }

    @Test("Across the antimeridian, at a pole, the same point, and beyond the domain")
    func edges() throws {
        for (a, b) in [
            (Coordinate(lon: 179.99, lat: 10), Coordinate(lon: -179.98, lat: 10.02)),
            (Coordinate(lon: -179.999, lat: -45), Coordinate(lon: 179.995, lat: -45.01)),
            (Coordinate(lon: 0, lat: 90), Coordinate(lon: 37, lat: 89.95)),
            (Coordinate(lon: 102.6, lat: 18), Coordinate(lon: 102.6, lat: 18.05)),  // a meridian
            (Coordinate(lon: 102.6, lat: 0), Coordinate(lon: 102.7, lat: 0)),  // the equator
            (Coordinate(lon: 102.6331, lat: 17.9757), Coordinate(lon: 105.8342, lat: 21.0278)),  // 476 km
        ] {
            let karney = try Geodesic.wgs84.distance(from: a, to: b)
            #expect(abs(try ShortGeodesic(origin: a).distance(to: b) - karney) < 1e-7, "\(a) → \(b)")
        }
        #expect(try ShortGeodesic(origin: Coordinate(lon: 105, lat: 20)).distance(to: Coordinate(lon: 105, lat: 20)) == 0)
    }

    @Test("Swapped coordinates are refused as Geodesic refuses them")
    func invalid() {
        #expect(throws: GeodesicError.self) { try ShortGeodesic(origin: Coordinate(lon: 17.9757, lat: 102.6331)) }
        #expect(throws: GeodesicError.self) {
            try ShortGeodesic(origin: Coordinate(lon: 0, lat: 0)).distance(to: Coordinate(lon: .nan, lat: 0))
        }
    }
}
