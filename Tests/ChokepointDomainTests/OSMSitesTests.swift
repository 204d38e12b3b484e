@testable import ChokepointDomain
import ChokepointGeo
import Testing

/// Crossings closer than 1 km must share a site (the validator's rule), also along chains.
@Suite struct OSMSitesTests {
    @Test func aChainOfCloseCrossingsIsOneSiteAndALoneOneHasNone() {
        // At 18.5°N a 0.008° step of longitude is 844.8 m and 0.016° is 1,689.6 m (PROJ's
        // geod_inverse on WGS 84, the routine pyproj's Geod wraps): a–c and c–b are under
        // 1 km, a–b is not. Given in the order a, b, c, a first-neighbour pass
        // gave a and c one site and then c and b another.
        let a = Coordinate(lon: 105.000, lat: 18.5), b = Coordinate(lon: 105.016, lat: 18.5)
        let c = Coordinate(lon: 105.008, lat: 18.5), far = Coordinate(lon: 106, lat: 18.5)
        let e = Coordinate(lon: 106.005, lat: 18.5)  // 528.0 m from `far` (same routine)
        #expect(OSMNetwork.sites(of: [a, b, c, far, e]) == ["osm-site-1", "osm-site-1", "osm-site-1", "osm-site-2", "osm-site-2"])
        #expect(OSMNetwork.sites(of: [a, b, far]) == ["", "", ""])
        #expect(OSMNetwork.sites(of: []) == [])
    }
}
