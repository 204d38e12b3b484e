import Foundation

/// RFC 4180 output: the one CSV writer every table the tool writes goes through, so that
/// quoting is the same everywhere. A field holding a comma, a double quote, CR or LF is
/// quoted and its quotes doubled; others are written as they are.
public enum CSVWriter {
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text cell, safe to open in a spreadsheet: a value that begins with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return would be read as a formula (CSV injection), so it is
    /// prefixed with `'` (OWASP's rule), then quoted as `field` quotes. Numbers the tool
    /// writes are not text cells and keep their sign; GeoJSON and GeoPackage keep the raw
    /// value.
    public static func text(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field(s) }
        return field("'" + s)
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
}
