import CPROJ

/// The solution of the inverse geodesic problem between two points.
public struct GeodesicInverse: Sendable, Hashable {
    /// Length of the geodesic, metres.
    public var distance: Double
    /// Azimuth at the first point, degrees clockwise from north, in (-180, 180].
    public var initialAzimuth: Double
    /// Forward azimuth at the second point.
    public var finalAzimuth: Double
}

public enum GeodesicError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCoordinate(Coordinate, reason: String)

    public var description: String {
        switch self {
        case let .invalidCoordinate(c, reason): return "invalid coordinate \(c) (lon, lat): \(reason)"
        }
    }
}

/// Geodesics on an ellipsoid by Karney's algorithms (C. F. F. Karney, "Algorithms for
/// geodesics", J. Geodesy 87, 43–55, 2013, doi:10.1007/s00190-012-0578-z), through the
/// GeographicLib C port that PROJ ships as `geodesic.h`. Accurate to about 15 nm.
///
/// A value type with no handle: `geod_geodesic` holds only precomputed constants.
public struct Geodesic: @unchecked Sendable {
    // @unchecked: a C struct of doubles, never mutated after init; Swift cannot prove that.
    private var g = geod_geodesic()

    public init(equatorialRadius: Double, flattening: Double) {
        geod_init(&g, equatorialRadius, flattening)
    }

    /// WGS84: a = 6378137 m, f = 1/298.257223563.
    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    static func check(_ c: Coordinate) throws(GeodesicError) {
        guard c.x.isFinite, c.y.isFinite else { throw .invalidCoordinate(c, reason: "not finite") }
        guard (-90...90).contains(c.y) else {
            throw .invalidCoordinate(c, reason: "latitude \(c.y) is outside -90...90 (are lon and lat swapped?)")
        }
        guard (-540...540).contains(c.x) else { throw .invalidCoordinate(c, reason: "longitude \(c.x) is outside -540...540") }
    }

    /// Distance and azimuths from `a` to `b` (both lon, lat in degrees).
    public func inverse(from a: Coordinate, to b: Coordinate) throws(GeodesicError) -> GeodesicInverse {
        try Self.check(a)
        try Self.check(b)
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        var copy = g
        // geod_inverse takes latitude before longitude.
        geod_inverse(&copy, a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2)
        return GeodesicInverse(distance: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// Geodesic distance in metres.
    public func distance(from a: Coordinate, to b: Coordinate) throws(GeodesicError) -> Double {
        try inverse(from: a, to: b).distance
    }

    /// The point reached from `start` after `distance` metres on initial azimuth `azimuth` (degrees).
    public func destination(from start: Coordinate, azimuth: Double, distance: Double) throws(GeodesicError) -> Coordinate {
        try Self.check(start)
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        var copy = g
        geod_direct(&copy, start.lat, start.lon, azimuth, distance, &lat2, &lon2, &azi2)
        return Coordinate(lon: lon2, lat: lat2)
    }

    /// Length in metres of the polyline through `points`, each segment a geodesic.
    public func length(of points: [Coordinate]) throws(GeodesicError) -> Double {
        guard points.count >= 2 else { return 0 }
        var total = 0.0
        for i in 1..<points.count {
            total += try distance(from: points[i - 1], to: points[i])
        }
        return total
    }
}
