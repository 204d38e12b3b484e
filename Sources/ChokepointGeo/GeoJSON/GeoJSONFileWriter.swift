import ChokepointSupport

/// Streams a FeatureCollection to disk one feature at a time, so a layer of a million
/// links never has to sit in memory as one document, and the file appears only when
/// complete (`finish()`), never half-written.
///
///     let writer = try GeoJSONFileWriter(path: "out/links.geojson", metadata: meta)
///     for link in links { try writer.write(feature(for: link)) }
///     try writer.finish()
public final class GeoJSONFileWriter {
    public let path: String
    private let encoder: GeoJSONEncoder
    private let file: AtomicFileWriter
    private var buffer: [UInt8] = []
    public private(set) var featureCount = 0

    /// - Parameters:
    ///   - foreignMembers: top-level members written before the features (a `metadata`
    ///     object with tool version, parameters and data credits, say). A `crs` member is never written.
    ///   - bbox: the collection's bounding box if the caller knows it up front.
    public init(path: String, encoder: GeoJSONEncoder = GeoJSONEncoder(), bbox: [Double]? = nil,
                foreignMembers: JSONObject = JSONObject()) throws(FileOutputError) {
        self.path = path
        self.encoder = encoder
        self.file = try AtomicFileWriter(destination: path)
        try file.write(encoder.collectionHeader(bbox: bbox, foreignMembers: foreignMembers))
    }

    /// Appends one feature. A value JSON cannot hold (NaN) fails with the feature's index.
    public func write(_ feature: GeoJSONFeature) throws(GeoJSONExportError) {
        buffer.removeAll(keepingCapacity: true)
        if featureCount > 0 { buffer.append(UInt8(ascii: ",")) }
        buffer.append(UInt8(ascii: "\n"))
        do {
            try encoder.appendFeature(feature, to: &buffer, path: "$.features[\(featureCount)]")
        } catch {
            throw .invalidValue(path: path, feature: featureCount, error)
        }
        do { try file.write(buffer) } catch { throw .output(error) }
        featureCount += 1
    }

    /// Closes the collection and moves the file into place.
    public func finish() throws(FileOutputError) {
        try file.write(encoder.collectionFooter)
        try file.commit()
    }
}

public enum GeoJSONExportError: Error, Sendable, CustomStringConvertible {
    case invalidValue(path: String, feature: Int, JSONWriteError)
    case output(FileOutputError)

    public var description: String {
        switch self {
        case let .invalidValue(path, feature, error): return "\(path): feature \(feature): \(error)"
        case let .output(error): return error.description
        }
    }
}
