/// A planar or geographic coordinate. In geographic use `x` is longitude and `y` latitude,
/// in degrees (the GeoJSON and GIS order, whatever axis order a CRS's authority declares).
public struct Coordinate: Sendable, Hashable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    /// Altitude or elevation when the source had one; GEOS operations here are 2-D and drop it.
    public var z: Double?

    public init(x: Double, y: Double, z: Double? = nil) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// Geographic spelling: longitude first, as in GeoJSON.
    public init(lon: Double, lat: Double) {
        self.init(x: lon, y: lat)
    }

    public var lon: Double { x }
    public var lat: Double { y }

    public var description: String {
        if let z { return "(\(x), \(y), \(z))" }
        return "(\(x), \(y))"
    }
}

/// An axis-aligned rectangle in the coordinates' own units.
public struct Envelope: Sendable, Hashable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// True when the coordinate lies inside or on the edge of the box.
    public func contains(_ c: Coordinate) -> Bool {
        (minX...maxX).contains(c.x) && (minY...maxY).contains(c.y)
    }
}
