import Foundation

/// RFC 4180 output: the one CSV writer every table the tool writes goes through, so that
/// quoting is the same everywhere. A field holding a comma, a double quote, CR or LF is
/// quoted and its quotes doubled; others are written as they are.
///
/// The `append` forms write UTF-8 bytes into a buffer (a 750k-row seizure table goes out
/// this way); the `String` forms are the same rules for small tables.
public enum CSVWriter {
    public static func field(_ s: String) -> String {
        var out: [UInt8] = []
        append(field: s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A text cell, safe to open in a spreadsheet: a value that begins with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return would be read as a formula (CSV injection), so it is
    /// prefixed with `'` (OWASP's rule), then quoted as `field` quotes. Numbers the tool
    /// writes are not text cells and keep their sign; GeoJSON and GeoPackage keep the raw
    /// value.
    public static func text(_ s: String) -> String {
        var out: [UInt8] = []
        append(text: s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One record: the fields, quoted as needed, comma-separated, ending in LF.
    public static func line(_ fields: [String]) -> String {
        fields.joined(separator: ",") + "\n"
    }

    /// A header and rows as a whole file; `cell` turns a row's column into its raw text.
    public static func table<Row>(columns: [String], rows: [Row], cell: (Row, String) -> String) -> String {
        var text = line(columns.map(field))
        for row in rows { text += line(columns.map { cell(row, $0) }) }
        return text
    }

    public static func append(field s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in append(field: bytes, prefix: nil, to: &out) }
    }

    public static func append(text s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            let formula = bytes.first.map { b in
                b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "@") || b == 0x09 || b == 0x0D
            } ?? false
            append(field: bytes, prefix: formula ? UInt8(ascii: "'") : nil, to: &out)
        }
    }

    private static func append(field bytes: UnsafeBufferPointer<UInt8>, prefix: UInt8?, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            if let prefix { out.append(prefix) }
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        if let prefix { out.append(prefix) }
        for b in bytes {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }
}
