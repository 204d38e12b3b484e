import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of one export, replaced together. While an `OutputSet` is `current` (a task
/// local, set by `write(into:manifest:_:)`), every `AtomicFileWriter` and the GeoPackage
/// writer finish their file under its temporary name and stage it here instead of renaming
/// it. When all of them are written, `commit` removes the folder's manifest, renames every
/// staged file into place, removes the files the previous manifest listed that this run did
/// not write, and writes the new manifest last.
///
/// So after any failure or interruption the folder holds the complete previous results (a
/// failure before the commit leaves them untouched, and the temporaries are removed) or
/// the complete new ones. The renames and the manifest take milliseconds and hold
/// `TemporaryFiles`' lock, so a Ctrl-C during them waits for them; a reader that must also survive a power cut checks
/// the manifest, which exists only when the set is complete. Other files in the folder (an
/// analyst's notes) are never touched.
public final class OutputSet: @unchecked Sendable {
    public let directory: String
    public let manifestName: String
    private let lock = NSLock()
    private var staged: [String: String] = [:]  // destination → temporary

    @TaskLocal public static var current: OutputSet?

    public init(directory: String, manifestName: String) {
        self.directory = directory
        self.manifestName = manifestName
    }

    /// Writes `body`'s files as one set; `manifest` turns the destinations (sorted) into the
    /// manifest's bytes once they are all in place. Returns the destinations.
    @discardableResult
    public static func write(
        into directory: String, manifestName: String, manifest: ([String]) throws -> [UInt8], _ body: () throws -> Void
    ) throws -> [String] {
        let set = OutputSet(directory: directory, manifestName: manifestName)
        do {
            try $current.withValue(set) { try body() }
        } catch {
            set.discard()
            throw error
        }
        return try set.commit(manifest: manifest)
    }

    /// Takes a finished temporary file for `destination` (still registered with
    /// `TemporaryFiles`, so an interruption before the commit removes it).
    public func stage(temporary: String, destination: String) {
        lock.lock()
        if let earlier = staged[destination], earlier != temporary {
            unlink(earlier)
            TemporaryFiles.forget(earlier)
        }
        staged[destination] = temporary
        lock.unlock()
    }

    private func discard() {
        lock.lock()
        let all = staged
        staged = [:]
        lock.unlock()
        for temporary in all.values {
            unlink(temporary)
            TemporaryFiles.forget(temporary)
        }
    }

    private func commit(manifest: ([String]) throws -> [UInt8]) throws -> [String] {
        lock.lock()
        let pairs = staged.sorted { $0.key < $1.key }
        staged = [:]
        lock.unlock()
        let manifestPath = (directory as NSString).appendingPathComponent(manifestName)
        let previous = Self.listedFiles(manifestPath)
        let destinations = pairs.map(\.key)
        try TemporaryFiles.whileLocked {
            if unlink(manifestPath) != 0 && errno != ENOENT {
                throw FileOutputError(path: manifestPath, operation: "remove the previous manifest", reason: FileOutputError.systemMessage())
            }
            for (i, (destination, temporary)) in pairs.enumerated() where rename(temporary, destination) != 0 {
                let reason = FileOutputError.systemMessage()
                for (_, left) in pairs[i...] { unlink(left) }
                throw FileOutputError(path: destination, operation: "rename the finished file into place", reason: reason)
            }
            for (_, temporary) in pairs { TemporaryFiles.forget(temporary) }
            let written = Set(destinations.map { ($0 as NSString).lastPathComponent })
            for name in previous where !written.contains(name) && !name.contains("/") && name != manifestName {
                unlink((directory as NSString).appendingPathComponent(name))
            }
            // The manifest last, atomically, outside the set.
            try OutputSet.$current.withValue(nil) {
                try AtomicFileWriter.write(try manifest(destinations), to: manifestPath)
            }
        }
        return destinations
    }

    /// The file names a manifest lists (its `files[].name`), or none when there is no
    /// readable manifest.
    static func listedFiles(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = object["files"] as? [[String: Any]] else { return [] }
        return files.compactMap { $0["name"] as? String }
    }
}
