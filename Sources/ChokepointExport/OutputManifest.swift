import ChokepointGeo
import ChokepointSupport
import Foundation

/// `manifest.json`, written last into an `analyze --out` folder (`OutputSet`): the tool, and
/// every file of the set with its size and SHA-256. It exists only while the folder holds one
/// complete set, so a script or a colleague can check a folder before trusting it:
///
///     python3 -c 'import json,hashlib; m=json.load(open("out/manifest.json")); \
///       assert all(hashlib.sha256(open("out/"+f["name"],"rb").read()).hexdigest()==f["sha256"] for f in m["files"])'
public enum OutputManifest {
    public static let name = "manifest.json"

    public static func bytes(tool: String, files: [String]) throws -> [UInt8] {
        var entries: [JSONValue] = []
        for path in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            entries.append(
                .object([
                    "name": .string((path as NSString).lastPathComponent), "bytes": .integer(size),
                    "sha256": .string(try InputDigest.sha256(path: path)),
                ]))
        }
        let manifest: JSONObject = [
            "tool": .string(tool), "complete": .bool(true),
            "description": .string("the files of one complete chokepoint export; removed before the next one replaces them"),
            "files": .array(entries),
        ]
        var out: [UInt8] = []
        try JSONWriter.appendObject(manifest, to: &out)
        out.append(0x0A)
        return out
    }
}
