import CPROJ
import Foundation
import Logging

/// One PROJ context: its own error state, database handle and log. Not `Sendable`; each
/// task creates its own, as PROJ's threading rules require.
///
/// PROJ writes its log to stderr unless told otherwise, and its most useful failure text
/// ("Cannot find proj.db") only goes there. This context routes the log to a `Logger`
/// (label `chokepoint.proj`) and keeps the latest error lines so that thrown errors carry them.
public final class PROJContext {
    let handle: OpaquePointer
    private let log: LogSink
    /// The directories this context searches for `proj.db`, in order.
    public let searchPaths: [String]

    final class LogSink {
        let logger: Logger
        var recentErrors: [String] = []
        init(logger: Logger) { self.logger = logger }
    }

    /// - Parameter searchPaths: directories to search for `proj.db` instead of PROJ's
    ///   defaults (`PROJ_DATA`, then the install prefix). Mainly for tests and bundled data.
    public init(searchPaths: [String]? = nil, logger: Logger = Logger(label: "chokepoint.proj")) throws(PROJError) {
        guard let handle = proj_context_create() else { throw .contextUnavailable }
        self.handle = handle
        self.log = LogSink(logger: logger)
        proj_log_func(handle, Unmanaged.passUnretained(log).toOpaque()) { userdata, level, message in
            guard let userdata, let message else { return }
            let sink = Unmanaged<LogSink>.fromOpaque(userdata).takeUnretainedValue()
            let text = String(cString: message)
            if level == Int32(PJ_LOG_ERROR.rawValue) {
                if sink.recentErrors.count >= 8 { sink.recentErrors.removeFirst() }
                sink.recentErrors.append(text)
                // Debug level: the same text reaches the user inside the thrown error.
                sink.logger.debug("\(text)")
            } else {
                sink.logger.trace("\(text)")
            }
        }
        if let searchPaths {
            var cStrings = searchPaths.map { strdup($0) }
            defer { cStrings.forEach { free($0) } }
            cStrings.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { paths in
                    proj_context_set_search_paths(handle, Int32(paths.count), paths.baseAddress)
                }
            }
            self.searchPaths = searchPaths
        } else {
            self.searchPaths = PROJContext.defaultSearchPaths()
        }
    }

    deinit {
        proj_context_destroy(handle)
    }

    /// PROJ's default search path: `PROJ_DATA` (or the older `PROJ_LIB`) if set, else the
    /// compiled-in directory that `proj_info()` reports.
    private static func defaultSearchPaths() -> [String] {
        let environment = ProcessInfo.processInfo.environment
        if let dir = environment["PROJ_DATA"] ?? environment["PROJ_LIB"], !dir.isEmpty {
            return dir.split(separator: ":").map(String.init)
        }
        guard let searchPath = proj_info().searchpath else { return [] }
        // ";" on Windows, ":" elsewhere.
        return String(cString: searchPath).split(whereSeparator: { $0 == ";" || $0 == ":" }).map(String.init)
    }

    /// The PROJ log's error lines since the last `clearFailures()`, else PROJ's errno text.
    func failureReason() -> String {
        defer { log.recentErrors.removeAll() }
        if !log.recentErrors.isEmpty { return log.recentErrors.joined(separator: "; ") }
        let code = proj_context_errno(handle)
        if code != 0, let text = proj_context_errno_string(handle, code) { return String(cString: text) }
        return "PROJ reported no message"
    }

    func clearFailures() {
        log.recentErrors.removeAll()
    }

    /// The path of the `proj.db` this context opened, or nil if none could be found.
    public var databasePath: String? {
        proj_context_get_database_path(handle).map { String(cString: $0) }
    }
}
