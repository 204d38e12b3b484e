import Foundation

/// A streaming RFC 4180 CSV reader over a file's bytes: comma-separated, fields optionally
/// in double quotes (a quote inside is doubled, and a quoted field may span lines), CRLF or
/// LF line ends, an optional UTF-8 byte order mark, and a header row.
///
/// Rows are handed out as byte ranges into one buffer, so reading 1.5 M edges allocates
/// nothing per row; numbers are parsed in place with `strtod`. Every row knows the line it
/// starts on, so errors read `edges.csv:1042: field "time_h": expected a number, got "1,5"`.
/// Written here rather than taken from a package because the loaders need both those line
/// numbers and this speed (measured in BENCHMARKS.md).
public struct CSVReader {
    public let file: String
    public private(set) var header: [String]
    /// The 1-based line on which the current row starts.
    public private(set) var line = 1
    /// Byte ranges of the current row's fields, one per header column.
    public private(set) var fields: [Range<Int>] = []

    private var bytes: [UInt8]
    private var position = 0
    private var nextLine = 1
    private var end: Int
    private var columnIndex: [String: Int]
    /// The rest of the file when reading a block at a time (`init(streaming:)`).
    private var source: CSVBlockSource?

    /// Reads the file at `path`, in `encoding` (checked when UTF-8, transcoded otherwise).
    public init(path: String, encoding: TextEncoding = .utf8) throws(InputError) {
        var bytes = try TextEncoding.read(path: path)
        // Checked in place when UTF-8: the reader unescapes quoted fields in the buffer, and
        // a second reference to it would copy the whole file on the first write.
        if encoding == .utf8 { try TextEncoding.checkUTF8(bytes, file: path) } else { bytes = try encoding.utf8(bytes, file: path) }
        try self.init(bytes: consume bytes, file: path)
    }

    /// Reads the file at `path` a block of whole records at a time (`CSVBlockSource`), so
    /// that only one block is in memory. Fields of the current row are valid as in the
    /// whole-file reader; ranges of earlier rows are not (the graph loader, which keeps them,
    /// uses `init(path:)`).
    public init(streaming path: String, encoding: TextEncoding = .utf8, blockSize: Int = 4 << 20) throws(InputError) {
        let source = try CSVBlockSource(path: path, encoding: encoding, blockSize: blockSize)
        try self.init(bytes: try source.next(), file: path, source: source)
    }

    public init(text: String, file: String) throws(InputError) {
        try self.init(bytes: Array(text.utf8), file: file)
    }

    /// `bytes` is consumed: the reader unescapes quoted fields in place, and a caller that
    /// kept its copy would make it copy the whole file.
    public init(bytes: consuming [UInt8], file: String) throws(InputError) {
        try self.init(bytes: consume bytes, file: file, source: nil)
    }

    private init(bytes: consuming [UInt8], file: String, source: CSVBlockSource?) throws(InputError) {
        self.file = file
        self.source = source
        self.end = bytes.count
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        self.bytes = consume bytes
        self.header = []
        self.columnIndex = [:]
        guard try readRow() else {
            throw InputError(InputLocation(file: file, line: 1), "the file is empty: expected a header row")
        }
        var names: [String] = []
        var index: [String: Int] = [:]
        for (i, range) in fields.enumerated() {
            let name = String(decoding: self.bytes[range], as: UTF8.self).trimmingWhitespace()
            guard !name.isEmpty else {
                throw InputError(InputLocation(file: file, line: 1), "column \(i + 1) of the header has no name")
            }
            guard index[name] == nil else {
                throw InputError(InputLocation(file: file, line: 1, field: name), "the column name appears twice in the header")
            }
            index[name] = i
            names.append(name)
        }
        self.header = names
        self.columnIndex = index
    }

    public func hasColumn(_ name: String) -> Bool { columnIndex[name] != nil }

    /// The position of a column; a missing column is an error that lists those present.
    public func column(_ name: String) throws(InputError) -> Int {
        guard let i = columnIndex[name] else {
            throw InputError(InputLocation(file: file, line: 1, field: name),
                             "missing column (the header has: \(header.joined(separator: ", ")))")
        }
        return i
    }

    public func optionalColumn(_ name: String) -> Int? { columnIndex[name] }

    /// Moves to the next data row; false at the end of the file. Blank lines are skipped.
    public mutating func next() throws(InputError) -> Bool {
        while true {
            guard try readRow() else { return false }
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count == header.count else {
                throw InputError(InputLocation(file: file, line: line),
                                 "expected \(header.count) fields as in the header, got \(fields.count)")
            }
            return true
        }
    }

    public func location(column: Int? = nil) -> InputLocation {
        InputLocation(file: file, line: line, field: column.map { header[$0] })
    }

    // MARK: Field access

    public func string(_ column: Int) -> String {
        String(decoding: bytes[fields[column]], as: UTF8.self)
    }

    /// The field without leading and trailing spaces and tabs (as `trimmingWhitespace`),
    /// trimmed in the bytes before a string is made.
    public func trimmedString(_ column: Int) -> String {
        var r = fields[column]
        while r.lowerBound < r.upperBound, bytes[r.lowerBound] == 0x20 || bytes[r.lowerBound] == 0x09 { r = r.lowerBound + 1..<r.upperBound }
        while r.upperBound > r.lowerBound, bytes[r.upperBound - 1] == 0x20 || bytes[r.upperBound - 1] == 0x09 { r = r.lowerBound..<r.upperBound - 1 }
        return String(decoding: bytes[r], as: UTF8.self)
    }

    public func isEmpty(_ column: Int) -> Bool {
        let r = fields[column]
        var i = r.lowerBound
        while i < r.upperBound {
            if bytes[i] != UInt8(ascii: " ") && bytes[i] != UInt8(ascii: "\t") { return false }
            i += 1
        }
        return true
    }

    /// Calls `body` with the raw bytes of a field (no copy).
    public func withBytes<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = fields[column]
        return try bytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[r]))
        }
    }

    /// The field as a finite number; an empty field is nil.
    public func optionalDouble(_ column: Int) throws(InputError) -> Double? {
        let r = fields[column]
        let value: Double?? = bytes.withUnsafeBufferPointer { buffer in
            var start = r.lowerBound, end = r.upperBound
            while start < end, buffer[start] == UInt8(ascii: " ") || buffer[start] == UInt8(ascii: "\t") { start += 1 }
            while end > start, buffer[end - 1] == UInt8(ascii: " ") || buffer[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            if start == end { return .some(nil) }
            return DecimalParser.parse(UnsafeBufferPointer(rebasing: buffer[start..<end])).map { .some($0) } ?? nil
        }
        guard let value else {
            throw InputError(location(column: column), "expected a number, got \"\(string(column))\"")
        }
        guard let number = value else { return nil }
        guard number.isFinite else {
            throw InputError(location(column: column), "expected a finite number, got \"\(string(column))\"")
        }
        return number
    }

    public func double(_ column: Int) throws(InputError) -> Double {
        guard let value = try optionalDouble(column) else {
            throw InputError(location(column: column), "expected a number, got an empty field")
        }
        return value
    }

    // MARK: Parsing

    /// Reads one record into `fields`; false at the end of input.
    private mutating func readRow() throws(InputError) -> Bool {
        if position >= end {
            guard let source else { return false }
            bytes = []  // the block just read: released before the next one is loaded
            bytes = try source.next()
            position = 0
            end = bytes.count
            guard end > 0 else { return false }
        }
        line = nextLine
        fields.removeAll(keepingCapacity: true)
        while true {
            if position < end && bytes[position] == UInt8(ascii: "\"") {
                if try quotedField() { return true }
                continue
            }
            // Scan an unquoted field over a buffer view: this loop touches every byte of the file.
            let start = position
            let (stop, terminator) = bytes.withUnsafeBufferPointer { buffer -> (Int, UInt8) in
                var i = start
                while i < end {
                    let b = buffer[i]
                    if b == UInt8(ascii: ",") || b == 0x0A || b == 0x0D || b == UInt8(ascii: "\"") { return (i, b) }
                    i += 1
                }
                return (end, 0)
            }
            position = stop
            fields.append(start..<stop)
            switch terminator {
            case UInt8(ascii: ","):
                position += 1
            case 0x0A, 0x0D:
                consumeNewline()
                return true
            case UInt8(ascii: "\""):
                throw InputError(InputLocation(file: file, line: nextLine),
                                 "a quote inside an unquoted field (quote the whole field and double the quote)")
            default:
                // End of a file without a final newline (an empty last field after a trailing comma).
                return true
            }
        }
    }

    /// A rough count of the data rows, from the file size and the length of 64 lines at the
    /// start and 64 from the middle (ids grow longer down a file); for sizing tables.
    public var estimatedRowCount: Int {
        func sample(from start: Int) -> (lines: Int, bytes: Int) {
            var i = start, newlines = 0
            while i < end && newlines < 64 {
                if bytes[i] == 0x0A { newlines += 1 }
                i += 1
            }
            return (newlines, i - start)
        }
        var middle = position + (end - position) / 2
        while middle < end && bytes[middle] != 0x0A { middle += 1 }
        let a = sample(from: position), b = sample(from: min(end, middle + 1))
        let lines = a.lines + b.lines, sampled = a.bytes + b.bytes
        guard lines > 0, sampled > 0 else { return 16 }
        return (end - position + (source?.remaining ?? 0)) * lines / sampled + 1
    }

    private mutating func consumeNewline() {
        if bytes[position] == 0x0D, position + 1 < end, bytes[position + 1] == 0x0A { position += 1 }
        position += 1
        nextLine += 1
    }

    /// A quoted field, unescaped in place (content only ever shrinks). Returns true when the
    /// field ended its row.
    private mutating func quotedField() throws(InputError) -> Bool {
        let openLine = nextLine
        position += 1
        let start = position
        var write = position
        while true {
            guard position < end else {
                throw InputError(InputLocation(file: file, line: openLine), "a quoted field is never closed")
            }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                if position + 1 < end, bytes[position + 1] == UInt8(ascii: "\"") {
                    bytes[write] = b
                    write += 1
                    position += 2
                    continue
                }
                position += 1
                break
            }
            if b == 0x0A { nextLine += 1 }
            bytes[write] = b
            write += 1
            position += 1
        }
        fields.append(start..<write)
        guard position < end else { return true }
        switch bytes[position] {
        case UInt8(ascii: ","):
            position += 1
            return false
        case 0x0A, 0x0D:
            consumeNewline()
            return true
        default:
            throw InputError(InputLocation(file: file, line: nextLine), "unexpected text after a closing quote")
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (the CSV notion of blank).
    public func trimmingWhitespace() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return String(self[start..<end])
    }
}
