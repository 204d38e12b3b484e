/// Text made safe inside the XML and HTML we write: the one escaping of the QGIS styles
/// (.qml), map.svg and map.html. `&` goes first, so no entity is escaped twice.
enum MarkupEscape {
    /// For element content: `&`, `<`, `>`.
    static func text(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }

    /// For content and double-quoted attribute values: `&`, `"`, `<`, `>`.
    static func attribute(_ s: String) -> String {
        text(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
