import CPROJ

/// Transforms coordinates between two CRSs that PROJ knows: authority codes
/// ("EPSG:32648"), WKT, PROJJSON or PROJ strings ("+proj=utm +zone=48 +datum=WGS84 +type=crs").
///
/// Axis order is normalised for GIS use (`proj_normalize_for_visualization`): geographic
/// coordinates go in and come out as (lon, lat) even for EPSG:4326, whose authority order
/// is lat, lon; projected ones as (easting, northing).
public final class CoordinateTransformer {
    public let source: String
    public let target: String
    private let context: PROJContext
    private let transformation: OpaquePointer

    public init(from source: String, to target: String, context: PROJContext) throws(PROJError) {
        self.source = source
        self.target = target
        self.context = context
        // Create each CRS alone first so an error names the one that is unknown.
        let sourceCRS = try Self.makeCRS(source, context: context)
        defer { proj_destroy(sourceCRS) }
        let targetCRS = try Self.makeCRS(target, context: context)
        defer { proj_destroy(targetCRS) }
        context.clearFailures()
        guard let raw = proj_create_crs_to_crs_from_pj(context.handle, sourceCRS, targetCRS, nil, nil) else {
            throw .noTransformation(source: source, target: target, reason: context.failureReason())
        }
        defer { proj_destroy(raw) }
        guard let normalised = proj_normalize_for_visualization(context.handle, raw) else {
            throw .noTransformation(source: source, target: target, reason: context.failureReason())
        }
        transformation = normalised
    }

    deinit {
        proj_destroy(transformation)
    }

    private static func makeCRS(_ definition: String, context: PROJContext) throws(PROJError) -> OpaquePointer {
        context.clearFailures()
        guard let crs = proj_create(context.handle, definition) else {
            var reason = context.failureReason()
            if context.databasePath == nil, !reason.contains("proj.db") {
                reason += "; proj.db was not found"
            }
            throw .unknownCRS(crs: definition, reason: reason, searchPaths: context.searchPaths)
        }
        guard proj_is_crs(crs) == 1 else {
            proj_destroy(crs)
            throw .unknownCRS(crs: definition, reason: "this defines a coordinate operation, not a coordinate reference system (add +type=crs to a PROJ string)",
                              searchPaths: context.searchPaths)
        }
        return crs
    }

    public func transform(_ coordinate: Coordinate) throws(PROJError) -> Coordinate {
        proj_errno_reset(transformation)
        let result = proj_trans(transformation, PJ_FWD, proj_coord(coordinate.x, coordinate.y, coordinate.z ?? 0, 0))
        let (x, y, z) = (result.xyz.x, result.xyz.y, result.xyz.z)
        guard x.isFinite, y.isFinite, proj_errno(transformation) == 0 else {
            let code = proj_errno(transformation)
            let reason = code != 0 ? proj_context_errno_string(context.handle, code).map { String(cString: $0) } ?? "error \(code)" : "the result is not finite"
            proj_errno_reset(transformation)
            throw .transformFailed(coordinate: coordinate, source: source, target: target, reason: reason)
        }
        return Coordinate(x: x, y: y, z: coordinate.z == nil ? nil : z)
    }

    public func transform(_ coordinates: [Coordinate]) throws(PROJError) -> [Coordinate] {
        var result: [Coordinate] = []
        result.reserveCapacity(coordinates.count)
        for c in coordinates { result.append(try transform(c)) }
        return result
    }
}
