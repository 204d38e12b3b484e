#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears at its destination complete or not at all.
///
/// Bytes go to a temporary file in the destination's own directory (so the final
/// `rename(2)` stays on one file system and is atomic); `commit()` flushes, syncs and
/// renames it into place. A writer dropped without `commit()` (an error part-way through
/// an export, say) removes its temporary file, so a reader never sees half a layer.
public final class AtomicFileWriter {
    public let destination: String
    public let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var finished = false
    private var staged = false
    private static let bufferCapacity = 1 << 16

    public init(destination: String) throws(FileOutputError) {
        self.destination = destination
        let directory: String
        let name: String
        if let slash = destination.lastIndex(of: "/") {
            directory = String(destination[..<slash]).isEmpty ? "/" : String(destination[..<slash])
            name = String(destination[destination.index(after: slash)...])
        } else {
            directory = "."
            name = destination
        }
        guard !name.isEmpty else {
            throw FileOutputError(path: destination, operation: "open", reason: "the path names a directory, not a file")
        }
        var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
        // Created and registered under the registry's lock: an interruption between the two
        // would leave the file behind.
        let (fd, path) = TemporaryFiles.whileLocked {
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if fd >= 0 { TemporaryFiles.register(path) }
            return (fd, path)
        }
        guard fd >= 0 else {
            throw FileOutputError(path: destination, operation: "create a temporary file in \(directory)", reason: FileOutputError.systemMessage())
        }
        descriptor = fd
        temporaryPath = path
        // mkstemp creates 0600; an export is an ordinary file the analyst will share.
        fchmod(fd, 0o644)
        buffer.reserveCapacity(Self.bufferCapacity)
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(temporaryPath)
        }
        // A staged file stays registered until its set is renamed into place.
        if !staged { TemporaryFiles.forget(temporaryPath) }
    }

    public func write(_ bytes: some Collection<UInt8>) throws(FileOutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferCapacity { try flush() }
    }

    public func write(_ text: String) throws(FileOutputError) {
        try write(text.utf8)
    }

    private func flush() throws(FileOutputError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileOutputError(path: destination, operation: "write", reason: FileOutputError.systemMessage())
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Makes the file visible at `destination`, replacing any file already there; within an
    /// `OutputSet`, hands it to the set, which renames it with the others.
    public func commit() throws(FileOutputError) {
        precondition(!finished, "AtomicFileWriter.commit() called twice")
        try flush()
        guard fsync(descriptor) == 0 else {
            throw FileOutputError(path: destination, operation: "sync", reason: FileOutputError.systemMessage())
        }
        close(descriptor)
        finished = true
        if let set = OutputSet.current {
            set.stage(temporary: temporaryPath, destination: destination)
            staged = true
            return
        }
        guard rename(temporaryPath, destination) == 0 else {
            let reason = FileOutputError.systemMessage()
            unlink(temporaryPath)
            TemporaryFiles.forget(temporaryPath)
            throw FileOutputError(path: destination, operation: "rename the finished file into place", reason: reason)
        }
        TemporaryFiles.forget(temporaryPath)
    }

    /// Writes `bytes` to `path` atomically in one call.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(FileOutputError) {
        let writer = try AtomicFileWriter(destination: path)
        try writer.write(bytes)
        try writer.commit()
    }
}

/// An output file could not be written; `path` is the destination the user asked for.
public struct FileOutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var reason: String

    public var description: String { "cannot \(operation) for \(path): \(reason)" }

    static func systemMessage() -> String {
        String(cString: strerror(errno))
    }
}
