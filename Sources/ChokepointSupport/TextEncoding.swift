import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The character encodings an input text file may be declared in. Every reader works on
/// UTF-8: a file in another encoding is transcoded first, and a file said to be UTF-8 is
/// checked, so that a stray Latin-1 `é` is an error at its line and byte instead of a
/// U+FFFD that silently stops a place name resolving.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    /// Windows code page 1252, what spreadsheets on Western-locale Windows save as "CSV".
    case windows1252 = "windows-1252"
    /// ISO 8859-1.
    case latin1 = "latin-1"

    /// Reads the names analysts type: `utf8`, `UTF-8`, `cp1252`, `iso-8859-1`, ...
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "windows1252": self = .windows1252
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": self = .latin1
        default: return nil
        }
    }

    /// The bytes as UTF-8: checked when the file is UTF-8, transcoded otherwise.
    public func utf8(_ bytes: consuming [UInt8], file: String) throws(InputError) -> [UInt8] {
        switch self {
        case .utf8:
            try Self.checkUTF8(bytes, file: file)
            return bytes
        case .latin1:
            return Self.transcode(bytes) { UInt32($0) }
        case .windows1252:
            return Self.transcode(bytes) { b in (0x80...0x9F).contains(b) ? Self.cp1252High[Int(b) - 0x80] : UInt32(b) }
        }
    }

    /// Throws at the first byte that does not begin a valid UTF-8 character, naming its
    /// line, column and byte offset. `firstLine` and `firstOffset` place `bytes` in its file
    /// when they are a block of it that starts a line.
    public static func checkUTF8(_ bytes: [UInt8], file: String, firstLine: Int = 1, firstOffset: Int = 0) throws(InputError) {
        if let blockOffset = Self.firstInvalidUTF8(bytes) {
            let before = bytes[..<blockOffset]
            let line = before.reduce(firstLine) { $1 == 0x0A ? $0 + 1 : $0 }
            let column = blockOffset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            let offset = firstOffset + blockOffset
            throw InputError(
                InputLocation(file: file, line: line, column: column),
                "not UTF-8: byte 0x\(String(bytes[blockOffset], radix: 16, uppercase: true)) at byte offset \(offset) "
                    + "does not begin a valid UTF-8 character; save the file as UTF-8 (a seizure file may "
                    + "instead be read with --encoding windows-1252 or --encoding latin-1)")
        }
    }

    /// Opens a file for reading, with errors that say why in a sentence naming the path;
    /// returns the descriptor (the caller closes it) and the file's size.
    static func open(path: String) throws(InputError) -> (descriptor: Int32, size: Int) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(InputLocation(file: path), "no such file")
        }
        if isDirectory.boolValue { throw InputError(InputLocation(file: path), "is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw InputError(InputLocation(file: path), "cannot be read: permission denied")
        }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw readFailure(path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = readFailure(path)
            close(fd)
            throw error
        }
        return (fd, Int(info.st_size))
    }

    static func readFailure(_ path: String) -> InputError {
        InputError(InputLocation(file: path), "cannot be read: \(String(cString: strerror(errno)))")
    }

    /// Reads a whole file, with errors that say why in a sentence naming the path.
    public static func read(path: String) throws(InputError) -> [UInt8] {
        let (fd, size) = try open(path: path)
        defer { close(fd) }
        func failure() -> InputError { readFailure(path) }
        // Read straight into the array: through Data it was a mapping, then a copy.
        var failed: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let n = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failed = n < 0 ? errno : 0
                    break
                }
                count += n
            }
        }
        if failed != 0 {
            errno = failed
            throw failure()
        }
        return bytes
    }

    /// Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629:
    /// no overlong forms, no surrogates, nothing above U+10FFFF), or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        return bytes.withUnsafeBufferPointer { b -> Int? in
            while i < n {
                // Eight ASCII bytes at a time: most of a seizure sheet is ASCII.
                if let base = b.baseAddress, i + 8 <= n,
                    UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    i += 8
                    continue
                }
                let c = b[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
                switch c {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return i
                }
                guard i + length <= n, (low...high).contains(b[i + 1]) else { return i }
                for k in 2..<max(2, length) where !(0x80...0xBF).contains(b[i + k]) { return i }
                i += length
            }
            return nil
        }
    }

    private static func transcode(_ bytes: [UInt8], _ scalar: (UInt8) -> UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let u = scalar(b)
            if u < 0x800 {
                out.append(UInt8(0xC0 | (u >> 6)))
                out.append(UInt8(0x80 | (u & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (u >> 12)))
                out.append(UInt8(0x80 | ((u >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (u & 0x3F)))
            }
        }
        return out
    }

    /// Windows-1252's 0x80–0x9F (the WHATWG encoding standard's index); its five unassigned
    /// bytes map to the C1 controls, as WHATWG does.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
