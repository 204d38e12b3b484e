import ChokepointSupport

extension JSONValue {
    /// This value as one CSV field: text through `CSVWriter.text` (quoted as needed, and
    /// neutralised when a spreadsheet would read it as a formula); numbers as the JSON writer
    /// writes them (the shortest text that reads back to the same double, C locale), so a
    /// table and its GeoJSON layer carry the same figures; lists `;`-joined; null, objects
    /// and non-finite numbers empty.
    public var csvField: String {
        var out: [UInt8] = []
        appendCSVField(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `csvField`, appended as UTF-8 bytes.
    public func appendCSVField(to out: inout [UInt8]) {
        switch self {
        case .null, .object: return
        case let .string(s): CSVWriter.append(text: s, to: &out)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .integer(i): out.append(contentsOf: String(i).utf8)
        case let .number(d):
            guard d.isFinite else { return }
            JSONWriter.appendNumber(d, to: &out)
        case let .array(items): CSVWriter.append(text: items.map { $0.stringValue ?? "" }.joined(separator: ";"), to: &out)
        }
    }
}
