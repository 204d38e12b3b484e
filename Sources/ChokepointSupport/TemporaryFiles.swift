import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every temporary output file this process has open, so that an interrupted run (SIGINT,
/// SIGTERM, SIGHUP) removes them before it exits instead of leaving `.routes.geojson.tmp-…`
/// or `.chokepoint.gpkg.<pid>.tmp` behind. Writers register a path when they create it and
/// forget it once it is renamed into place or removed; `removeAll()` is what the command
/// line's signal handler calls (`InterruptCleanup`).
public enum TemporaryFiles {
    // Recursive: `whileLocked` bodies write files, which register their temporaries.
    private static let lock = NSRecursiveLock()
    nonisolated(unsafe) private static var paths: Set<String> = []

    public static func register(_ path: String) {
        lock.lock()
        paths.insert(path)
        lock.unlock()
    }

    public static func forget(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }

    /// The paths now registered, sorted.
    public static var registered: [String] {
        lock.lock()
        defer { lock.unlock() }
        return paths.sorted()
    }

    /// Runs `body` holding the registry's lock, so that `removeAll()` (an interruption)
    /// waits until it is done: `OutputSet` renames a whole set this way.
    public static func whileLocked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Unlinks every registered file (and SQLite's side files beside it); returns how many
    /// existed. Files already renamed into place are not registered any more, so a finished
    /// output is never removed.
    @discardableResult
    public static func removeAll() -> Int {
        lock.lock()
        let all = paths
        paths.removeAll()
        lock.unlock()
        var removed = 0
        for path in all.sorted() {
            if unlink(path) == 0 { removed += 1 }
            for side in ["-journal", "-wal", "-shm"] { unlink(path + side) }
        }
        return removed
    }
}
