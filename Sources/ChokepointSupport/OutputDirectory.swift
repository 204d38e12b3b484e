#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder an export writes into, created with its parents when missing (as `mkdir -p`),
/// with errors that name the path and say why in a sentence (a file of that name, no
/// permission), not a Foundation error domain and code.
public enum OutputDirectory {
    public static func create(_ path: String) throws(FileOutputError) {
        guard !path.isEmpty else { throw FileOutputError(path: path, operation: "create the output folder", reason: "the path is empty") }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(part) : "/" + part
            var info = stat()
            if stat(prefix, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw FileOutputError(path: path, operation: "create the output folder",
                                          reason: "\(prefix) exists and is a file, not a folder")
                }
                continue
            }
            guard mkdir(prefix, 0o755) == 0 || errno == EEXIST else {
                throw FileOutputError(path: path, operation: "create the output folder \(prefix)", reason: FileOutputError.systemMessage())
            }
        }
        guard access(path, W_OK) == 0 else {
            throw FileOutputError(path: path, operation: "write into the output folder", reason: FileOutputError.systemMessage())
        }
    }
}
