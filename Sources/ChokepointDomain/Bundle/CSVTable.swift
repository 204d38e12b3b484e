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
        self.reader = try CSVReader(path: path, encoding: encoding)
        self.name = name
        var missing: [String] = []
        for column in required where !reader.hasColumn(column) { missing.append(column) }
        if !missing.isEmpty {
            throw InputError(InputLocation(file: name, line: 1, field: missing[0]),
                             "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (the header has: \(reader.header.joined(separator: ", ")))")
        }
        for (i, column) in reader.header.enumerated() { columns[column] = i }
    }

    var line: Int { reader.line }

    mutating func next() -> Bool {
        do {
            return try reader.next()
        } catch {
            problems.append(BundleProblem(InputLocation(file: name, line: error.location.line), error.message))
            // A row with the wrong field count cannot be read further; the reader has moved on.
            return next()
        }
    }

    func has(_ column: String) -> Bool { columns[column] != nil }

    func location(_ column: String? = nil) -> InputLocation {
        InputLocation(file: name, line: reader.line, field: column)
    }

    /// The trimmed field, or "" when the column is absent.
    func text(_ column: String) -> String {
        guard let i = columns[column] else { return "" }
        return reader.string(i).trimmingWhitespace()
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

    mutating func report(_ column: String?, _ message: String) {
        problems.append(BundleProblem(location(column), message))
    }
}

extension Double {
    /// Up to six decimals without trailing zeros: 180, 0.5, 1e-06 reads as 0.000001.
    var formatted6: String {
        if self == rounded() && abs(self) < 1e15 { return String(Int64(self)) }
        var text = String(format: "%.6f", self)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
