/// A failure inside GDAL, with GDAL's own message and what was being done.
public struct GDALError: Error, Sendable, CustomStringConvertible {
    /// The file the operation was on.
    public var path: String
    /// What was being done ("open", "read layer 0", "create field name").
    public var operation: String
    /// GDAL's message (`CPLGetLastErrorMsg`), or ours when GDAL gave none.
    public var message: String

    public init(path: String, operation: String, message: String) {
        self.path = path
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(path): cannot \(operation): \(message)" }
}
