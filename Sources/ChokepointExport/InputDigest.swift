import ChokepointGeo
import ChokepointSupport
import Crypto
import Foundation

/// SHA-256 of input files (FIPS 180-4, via swift-crypto), recorded in every export's
/// metadata so that a map can be traced to the exact bundle, scenario and seizure files
/// behind it. Reads in 1 MiB chunks: O(file size) time, O(1) memory.
public enum InputDigest {
    public static func sha256(path: String) throws(InputError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(InputLocation(file: path), "cannot open the file to compute its SHA-256")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw InputError(InputLocation(file: path), "cannot read the file to compute its SHA-256: \(error)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The digests of `paths` that exist, as a JSON object keyed by path, in the given order.
    public static func object(_ paths: [String]) throws(InputError) -> JSONObject {
        var members: [(String, JSONValue)] = []
        for path in paths where FileManager.default.fileExists(atPath: path) {
            members.append((path, .string(try sha256(path: path))))
        }
        return JSONObject(members)
    }
}
