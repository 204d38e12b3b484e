import CGDAL

/// GDAL's process-wide set-up, done once: drivers registered, spreadsheets read with their
/// first row as the header, nothing fetched from a network.
enum GDALLibrary {
    static let ready: Void = {
        GDALAllRegister()
        // An analyst's sheet has its column names in the first row, whatever their types.
        CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE")
        CPLSetConfigOption("OGR_ODS_HEADERS", "FORCE")
        // KML attributes as <Data> elements, not a <Schema> with <SimpleData>: Google Earth
        // shows both, and libkml takes 21 s instead of 0.3 s to write the 1,154 routes with
        // a schema (measured 7 December 2026).
        CPLSetConfigOption("LIBKML_USE_SIMPLEFIELD", "NO")
        // Seizure data is sensitive: nothing GDAL does may leave the machine. Every HTTP
        // request GDAL's curl would make (a remote schema, a style sheet, a /vsicurl/ path)
        // goes to a proxy on a closed local port and fails at once; remote paths are also
        // refused before GDAL sees them (`isRemote`).
        CPLSetConfigOption("GDAL_HTTP_PROXY", "127.0.0.1:9")
        CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1")
        CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0")
    }()

    /// Runs `body` with GDAL's errors kept from stderr (this thread's handler stack) and its
    /// last error cleared first; `GDALLibrary.lastMessage` then tells what failed.
    static func quietly<T>(_ body: () throws -> T) rethrows -> T {
        _ = ready
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        CPLErrorReset()
        return try body()
    }

    /// The last error GDAL raised on this thread, or `fallback`.
    static func lastMessage(or fallback: String) -> String {
        guard let text = CPLGetLastErrorMsg(), text.pointee != 0 else { return fallback }
        return String(cString: text)
    }

    /// Paths GDAL would read over a network (`/vsicurl/`, URLs) are refused before GDAL
    /// sees them.
    static func isRemote(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.contains("://") || ["/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsiadls", "/vsioss", "/vsiswift", "/vsihdfs", "/vsiwebhdfs"]
            .contains { lower.hasPrefix($0) || lower.contains($0 + "/") || lower.contains($0 + "_") }
    }
}
