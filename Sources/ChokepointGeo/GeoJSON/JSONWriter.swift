/// A value that JSON cannot hold (NaN or an infinity), found at `path` while writing.
public struct JSONWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// Compact JSON text from `JSONValue`, appended to a byte buffer so large documents
/// are written without building intermediate strings.
public enum JSONWriter {
    public static func append(_ value: JSONValue, to out: inout [UInt8], path: String = "$") throws(JSONWriteError) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .integer(i): out.append(contentsOf: String(i).utf8)
        case let .number(d):
            guard d.isFinite else {
                throw JSONWriteError(path: path, message: "\(d) cannot be written as JSON (use null for a missing value)")
            }
            appendNumber(d, to: &out)
        case let .string(s): appendString(s, to: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try append(item, to: &out, path: "\(path)[\(i)]")
            }
            out.append(UInt8(ascii: "]"))
        case let .object(object):
            try appendObject(object, to: &out, path: path)
        }
    }

    public static func appendObject(_ object: JSONObject, to out: inout [UInt8], path: String = "$") throws(JSONWriteError) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in object {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            try append(value, to: &out, path: "\(path).\(key)")
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The shortest text that reads back as the same double (Swift's `description`, whose
    /// forms — "12.0", "1e-07", "1.5e+20" — are all JSON numbers; integral reals keep their
    /// ".0" so readers type the field as real). Negative zero is written as 0.0 so that
    /// rounding a tiny negative coordinate never prints "-0.0".
    public static func appendNumber(_ d: Double, to out: inout [UInt8]) {
        out.append(contentsOf: (d == 0 ? 0.0 : d).description.utf8)
    }

    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole (a byte-by-byte append was a twentieth
        // of writing a large seizure layer).
        var s = s
        let plain = s.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        guard !plain else {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
