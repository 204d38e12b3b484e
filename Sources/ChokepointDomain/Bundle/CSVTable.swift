import Foundation
import ChokepointSupport

/// Reads one bundle CSV row by row and turns every malformed field into a located
/// `BundleProblem` instead of stopping at the first: a validator must report them all.
struct CSVTable {
    private(set) var reader: CSVReader
    let name: String
    private(set) var problems: [BundleProblem] = []
    private var columns: [String: Int] = [:]

    /// Nil (with the problem recorded by the caller) when the file cannot be read or a
    /// required column is missing.
    init(
        path: String, name: String, required: [String], encoding: TextEncoding = .utf8, problems: inout [BundleProblem]
    ) throws(InputError) {
        // A block at a time: a seizure sheet may be hundreds of MB, and rows are read once.
        try self.init(reader: try CSVReader(streaming: path, encoding: encoding), name: name, required: required)
    }

    /// A table over bytes already in memory (checked as UTF-8).
    init(bytes: [UInt8], name: String, required: [String]) throws(InputError) {
        try self.init(reader: try CSVReader(bytes: try TextEncoding.utf8.utf8(bytes, file: name), file: name), name: name, required: required)
    }

    private init(reader: consuming CSVReader, name: String, required: [String]) throws(InputError) {
        self.reader = consume reader
        self.name = name
        var missing: [String] = []
        for column in required where !self.reader.hasColumn(column) { missing.append(column) }
        if !missing.isEmpty {
            throw InputError(InputLocation(file: name, line: 1, field: missing[0]),
                             "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (the header has: \(self.reader.header.joined(separator: ", ")))")
        }
        for (i, column) in self.reader.header.enumerated() { columns[column] = i }
    }

    var line: Int { reader.line }

    mutating func next() -> Bool {
        while true {
            do {
                return try reader.next()
            } catch {
                problems.append(BundleProblem(InputLocation(file: name, line: error.location.line), error.message))
                // A row with the wrong field count cannot be read further; the reader has
                // moved on. A loop, not a recursion: a file of a million bad rows must not
                // exhaust the stack.
            }
        }
    }

    func has(_ column: String) -> Bool { columns[column] != nil }

    func location(_ column: String? = nil) -> InputLocation {
        InputLocation(file: name, line: reader.line, field: column)
    }

    /// The trimmed field, or "" when the column is absent.
    func text(_ column: String) -> String {
        guard let i = columns[column] else { return "" }
        return reader.trimmedString(i)
    }

    /// A field that must not be empty.
    mutating func required(_ column: String) -> String? {
        let value = text(column)
        if value.isEmpty {
            problems.append(BundleProblem(location(column), "empty; a value is required"))
            return nil
        }
        return value
    }

    /// A number in `range`; nil (problem recorded) when empty, unparsable or out of range.
    mutating func number(_ column: String, in range: ClosedRange<Double>, optional: Bool = false) -> Double? {
        let raw = text(column)
        if raw.isEmpty {
            if !optional { problems.append(BundleProblem(location(column), "empty; a number is required")) }
            return nil
        }
        guard let value = Double(raw), value.isFinite else {
            problems.append(BundleProblem(location(column), "expected a number, got \"\(raw)\""))
            return nil
        }
        guard range.contains(value) else {
            problems.append(BundleProblem(location(column), "\(raw) is outside \(range.lowerBound.formatted6)…\(range.upperBound.formatted6)"))
            return nil
        }
        return value
    }

    /// One of an enum's spellings; nil when empty (optional column) or unknown (problem recorded).
    mutating func choice<E: RawRepresentable & CaseIterable>(_ column: String, as: E.Type = E.self) -> E? where E.RawValue == String {
        let raw = text(column)
        guard !raw.isEmpty else { return nil }
        guard let value = E(rawValue: raw) else {
            report(column, "unknown value \"\(raw)\" (expected \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        return value
    }

    mutating func report(_ column: String?, _ message: String) {
        problems.append(BundleProblem(location(column), message))
    }
}

extension Double {
    /// Up to six decimals without trailing zeros: 180, 0.5, 1e-06 reads as 0.000001.
    var formatted6: String {
        if self == rounded() && abs(self) < 1e15 { return String(Int64(self)) }
        // Millionths by integer arithmetic, as "%.6f" rounds them: x·10⁶ is within half an
        // ulp of the exact product, so its rounding agrees unless it lies that close to a
        // half, where String(format:) decides. String(format:) was a fifth of writing a
        // large seizure table, and building the text from pieces most of the rest.
        let scaled = self * 1e6
        guard abs(scaled) < 1e15 && abs(abs(scaled - scaled.rounded(.down)) - 0.5) > 2 * scaled.ulp else {
            var text = String(format: "%.6f", self)
            while text.hasSuffix("0") { text.removeLast() }
            // A value that rounds to a whole number at six decimals (2.0000001) reads "2", not "2.".
            if text.hasSuffix(".") { text.removeLast() }
            return text == "-0" ? "0" : text
        }
        let magnitude = Int64(scaled.rounded(.toNearestOrEven)).magnitude
        // Sign, nine integer digits at most (|x| < 10⁹ here), point, six decimals.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var n = 0
            // -0.0000001 rounds to 0: "0", not "-0".
            if self < 0 && magnitude != 0 {
                buffer[n] = UInt8(ascii: "-")
                n += 1
            }
            func put(_ value: UInt64, digits: Int) {
                var value = value
                for k in stride(from: n + digits - 1, through: n, by: -1) {
                    buffer[k] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                n += digits
            }
            let whole = magnitude / 1_000_000
            var wholeDigits = 1
            while wholeDigits < 10 && whole >= Self.powersOfTen[wholeDigits] { wholeDigits += 1 }
            put(whole, digits: wholeDigits)
            // Six decimals less the trailing zeros; none left, no point (2.0000001 reads "2").
            var fraction = magnitude % 1_000_000, decimals = 6
            while decimals > 0 && fraction % 10 == 0 {
                fraction /= 10
                decimals -= 1
            }
            if decimals > 0 {
                buffer[n] = UInt8(ascii: ".")
                n += 1
                put(fraction, digits: decimals)
            }
            return n
        }
    }

    private static let powersOfTen: [UInt64] = (0...9).map { k in (0..<k).reduce(1) { p, _ in p * 10 } }
}
