import Foundation

/// Geodesic distances on WGS84 from one origin to points near it, about ten times faster
/// than Karney's inverse and within 0.1 µm of it up to `domainMetres` (farther points are
/// measured by `Geodesic.wgs84`, Karney's algorithm in PROJ, which this agrees with).
///
/// The chord between the two points is exact (Earth-centred Cartesian coordinates, no
/// approximation), and the arc over it is that of the circle with the normal section's
/// radius of curvature R in the chord's direction (Euler's theorem, 1/R = cos²α/M + sin²α/N
/// at the mid-latitude): s = 2R·asin(c/2R) = c + c³/24R² + 3c⁵/640R⁴ + O(c⁷/R⁶). What it
/// leaves out (R's change along the line, the normal section against the geodesic, the
/// series' tail) is below a nanometre at 50 km; the floating-point round-off of Cartesian
/// coordinates near 6.4 Mm is a few nanometres. Against Karney (PROJ's `geod_inverse`) over
/// random pairs at every latitude the largest difference is under 2·10⁻⁸ m up to 80 km
/// (`ShortGeodesicTests`); Karney's own error is about 1.5·10⁻⁸ m.
///
/// Why: the seizure snapper measures hundreds of millions of distances of at most the
/// bandwidth (10 km) on a country-scale road network, and Karney's inverse, with its Newton
/// iterations, took 1.7 µs each, a third of the run (BENCHMARKS.md, "Country scale").
///
/// Cost: O(1), two sine–cosine pairs and a square root per point.
public struct ShortGeodesic: Sendable {
    /// Beyond this chord the distance is Karney's.
    public static let domainMetres = 50_000.0

    private static let a = 6_378_137.0
    private static let f = 1 / 298.257223563
    private static let e2 = f * (2 - f)

    private let origin: Coordinate
    private let phi: Double
    private let lambda: Double
    private let x: Double, y: Double, z: Double

    /// Distances from `origin` (lon, lat in degrees).
    public init(origin: Coordinate) throws(GeodesicError) {
        try Geodesic.check(origin)
        self.origin = origin
        phi = origin.lat * .pi / 180
        lambda = origin.lon * .pi / 180
        (x, y, z) = Self.cartesian(phi: phi, lambda: lambda)
    }

    /// Metres along the geodesic from the origin to `point`.
    public func distance(to point: Coordinate) throws(GeodesicError) -> Double {
        try Geodesic.check(point)
        let phi2 = point.lat * .pi / 180, lambda2 = point.lon * .pi / 180
        let (x2, y2, z2) = Self.cartesian(phi: phi2, lambda: lambda2)
        let dx = x2 - x, dy = y2 - y, dz = z2 - z
        let c2 = dx * dx + dy * dy + dz * dz
        guard c2 > 0 else { return 0 }
        guard c2 <= Self.domainMetres * Self.domainMetres else { return try Geodesic.wgs84.distance(from: origin, to: point) }
        // The chord's direction at the mid-latitude, for Euler's radius.
        let mid = (phi + phi2) / 2
        let s = sin(mid)
        let w = 1 - Self.e2 * s * s
        let n = Self.a / w.squareRoot()
        let m = n * (1 - Self.e2) / w
        var dLambda = lambda2 - lambda
        if dLambda > .pi { dLambda -= 2 * .pi } else if dLambda < -.pi { dLambda += 2 * .pi }
        let north = (phi2 - phi) * m, east = dLambda * n * cos(mid)
        let h2 = north * north + east * east
        let cos2 = h2 > 0 ? north * north / h2 : 1
        let inverseR = cos2 / m + (1 - cos2) / n
        let q = c2 * inverseR * inverseR
        return c2.squareRoot() * (1 + q / 24 + 3 * q * q / 640)
    }

    private static func cartesian(phi: Double, lambda: Double) -> (Double, Double, Double) {
        let sp = sin(phi), cp = cos(phi)
        let n = a / (1 - e2 * sp * sp).squareRoot()
        return (n * cp * cos(lambda), n * cp * sin(lambda), n * (1 - e2) * sp)
    }
}
