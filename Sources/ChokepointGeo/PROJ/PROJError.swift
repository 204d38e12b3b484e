/// A coordinate reference system PROJ could not use, or a transformation that failed.
public enum PROJError: Error, Sendable, Hashable, CustomStringConvertible {
    /// PROJ could not create a context (out of memory).
    case contextUnavailable
    /// `crs` is unknown or not a CRS. `reason` is PROJ's own message; `searchPaths` are the
    /// directories PROJ searched for `proj.db` and grids, so a missing database is obvious.
    case unknownCRS(crs: String, reason: String, searchPaths: [String])
    /// No transformation between the two CRSs could be set up.
    case noTransformation(source: String, target: String, reason: String)
    /// A coordinate could not be transformed (outside the projection's domain, say).
    case transformFailed(coordinate: Coordinate, source: String, target: String, reason: String)

    public var description: String {
        switch self {
        case .contextUnavailable:
            return "PROJ: could not create a context"
        case let .unknownCRS(crs, reason, searchPaths):
            let paths = searchPaths.isEmpty ? "no search path" : searchPaths.joined(separator: ", ")
            return "unknown coordinate reference system \"\(crs)\": \(reason) (PROJ looked for proj.db in: \(paths))"
        case let .noTransformation(source, target, reason):
            return "cannot transform from \(source) to \(target): \(reason)"
        case let .transformFailed(coordinate, source, target, reason):
            return "cannot transform \(coordinate) from \(source) to \(target): \(reason)"
        }
    }
}
