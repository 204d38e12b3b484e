import ChokepointSupport

extension JSONValue {
    /// This value as one CSV field: text through `CSVWriter.text` (quoted as needed, and
    /// neutralised when a spreadsheet would read it as a formula); numbers as the JSON writer
    /// writes them (the shortest text that reads back to the same double, C locale), so a
    /// table and its GeoJSON layer carry the same figures; lists `;`-joined; null, objects
    /// and non-finite numbers empty.
    public var csvField: String {
        switch self {
        case .null, .object: return ""
        case let .string(s): return CSVWriter.text(s)
        case let .bool(b): return b ? "true" : "false"
        case let .integer(i): return String(i)
        case let .number(d):
            guard d.isFinite else { return "" }
            var out: [UInt8] = []
            JSONWriter.appendNumber(d, to: &out)
            return String(decoding: out, as: UTF8.self)
        case let .array(items): return CSVWriter.text(items.map { $0.stringValue ?? "" }.joined(separator: ";"))
        }
    }
}
