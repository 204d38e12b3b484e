/// A failure reported by GEOS, or a geometry our wrapper refused to build.
public enum GEOSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// GEOS could not create a context (out of memory).
    case contextUnavailable
    /// A GEOS call failed; `message` is GEOS's own text (for example
    /// "ParseException: Expected word but encountered end of stream").
    case library(operation: String, message: String)
    /// Input that cannot make the requested geometry (a ring that is not closed,
    /// a line with one point, ...), caught before GEOS sees it.
    case invalidInput(operation: String, reason: String)

    public var description: String {
        switch self {
        case .contextUnavailable:
            return "GEOS: could not create a context"
        case let .library(operation, message):
            return "GEOS \(operation) failed: \(message)"
        case let .invalidInput(operation, reason):
            return "cannot \(operation): \(reason)"
        }
    }
}
