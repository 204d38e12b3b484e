import ChokepointDomain
import ChokepointGeo
import Crypto
import Foundation

/// `map.html`: the run's layers on an interactive map in one self-contained file that opens
/// offline in any browser. Leaflet (`LeafletAssets`), the page's script (`MapHTMLScript`),
/// its styles and the layers (the same features and figures as the GeoJSON files) are all
/// inside; there are no tiles, fonts or images to fetch, and the page's
/// Content-Security-Policy (`default-src 'none'`, the two scripts and the stylesheets allowed
/// by their SHA-256, images only as data: URLs) forbids it to fetch anything at all.
///
/// The bytes depend only on the inputs: the layers in the export's order, numbers as the
/// GeoJSON writer writes them, the hashes computed from the text.
public struct MapHTML {
    public let leaflet: LeafletAssets
    public let title: String
    public let marking: HandlingMarking
    public let credits: String

    public init(leaflet: LeafletAssets, title: String, marking: HandlingMarking, credits: String) {
        self.leaflet = leaflet
        self.title = title
        self.marking = marking
        self.credits = credits
    }

    /// The page. `layers`: the export's layers in order, plus `borders`; `intervals`: each
    /// crossing's 5th–95th flow percentiles over `samples` bootstrap refits (empty without
    /// `--samples`); `closed`: the what-if's closed ids.
    public func render(
        layers: [(name: String, features: [GeoJSONFeature])], intervals: [String: (Double, Double)], samples: Int, closed: [String]
    ) throws -> [UInt8] {
        let encoder = GeoJSONEncoder()
        var data: [UInt8] = []
        // The layers are written as raw GeoJSON inside one object; assembled by hand so that
        // each FeatureCollection is encoded once by the same writer as the .geojson files.
        data += Array("{\"layers\":{".utf8)
        for (i, layer) in layers.enumerated() {
            if i > 0 { data.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(layer.name, to: &data)
            data.append(UInt8(ascii: ":"))
            data += try encoder.encode(GeoJSONFeatureCollection(features: layer.features))
        }
        data.append(UInt8(ascii: "}"))
        var intervalObject = JSONObject()
        for id in intervals.keys.sorted() {
            if let (low, high) = intervals[id] { intervalObject[id] = [.number(low), .number(high)] }
        }
        let rest: JSONObject = [
            "title": .string(title), "credits": .string(credits), "leaflet": .string(leaflet.version),
            "intervals": .object(intervalObject), "samples": .integer(Int64(samples)), "closed": .array(closed.map(JSONValue.string)),
            "tlp": .string(marking.marking.description), "tlp_class": .string(Self.cssClass(marking.marking)),
        ]
        var tail: [UInt8] = []
        try JSONWriter.appendObject(rest, to: &tail)
        // `{"title":...}` joins the open object: drop its opening brace.
        data.append(UInt8(ascii: ","))
        data += tail.dropFirst()
        let safeData = Self.scriptSafe(data)

        let style = Self.style
        let csp = [
            "default-src 'none'",
            "script-src \(Self.hash(leaflet.script)) \(Self.hash(MapHTMLScript.source))",
            "style-src \(Self.hash(leaflet.stylesheet)) \(Self.hash(style))",
            "img-src data:", "base-uri 'none'", "form-action 'none'",
        ].joined(separator: "; ")
        let banner =
            "<div class=\"tlp-banner \(Self.cssClass(marking.marking))\"><b>\(MarkupEscape.attribute(marking.marking.description))</b> \(MarkupEscape.attribute(marking.marking.definition))\(marking.sharing.map { " " + MarkupEscape.attribute($0) } ?? "")</div>"
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(csp)\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(MarkupEscape.attribute(marking.marking.description)) \(MarkupEscape.attribute(title))</title>\n"
        html += "<!--\n\(LeafletAssets.notice)\n-->\n"
        html += "<style>\(leaflet.stylesheet)</style>\n<style>\(style)</style>\n</head>\n<body>\n"
        html += banner + "\n"
        html += "<header><h1>\(MarkupEscape.attribute(title))</h1></header>\n"
        html += "<main><div id=\"map\"></div><aside id=\"side\">"
        html += "<label>Ranking <select id=\"table-layer\"></select></label>"
        html += "<div id=\"time\"><div>Seizures dated <span id=\"time-label\"></span>: <b id=\"time-count\"></b></div>"
        html += "<input id=\"time-from\" type=\"range\" aria-label=\"window start\"><input id=\"time-to\" type=\"range\" aria-label=\"window end\"></div>"
        html += "<div id=\"table-wrap\"><table id=\"ranking\"><thead></thead><tbody></tbody></table></div></aside></main>\n"
        html += banner.replacingOccurrences(of: "class=\"tlp-banner", with: "class=\"tlp-banner bottom") + "\n"
        var out = Array(html.utf8)
        out += Array("<script type=\"application/json\" id=\"chokepoint-data\">".utf8) + safeData + Array("</script>\n".utf8)
        out += Array("<script>".utf8) + Array(leaflet.script.utf8) + Array("</script>\n".utf8)
        out += Array("<script>".utf8) + Array(MapHTMLScript.source.utf8) + Array("</script>\n</body>\n</html>\n".utf8)
        return out
    }

    /// `'sha256-…'` of a script's or stylesheet's text, as CSP compares it.
    static func hash(_ text: String) -> String {
        "'sha256-" + Data(SHA256.hash(data: Array(text.utf8))).base64EncodedString() + "'"
    }

    /// JSON inside a <script> element: every `<` escaped (it only occurs inside strings), so no
    /// `</script>` or `<!--` in the data can end the element.
    static func scriptSafe(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 64)
        for byte in json {
            if byte == UInt8(ascii: "<") { out += Array("\\u003c".utf8) } else { out.append(byte) }
        }
        return out
    }

    static func cssClass(_ t: TLP) -> String { "tlp-" + t.name.lowercased().replacingOccurrences(of: "+", with: "-") }

    /// The page's own styles: layout, the marking banners in FIRST's colours, the table.
    static let style = """
        html,body{margin:0;height:100%;font-family:sans-serif;font-size:13px;color:#222}
        body{display:flex;flex-direction:column}
        header h1{font-size:16px;margin:6px 10px}
        main{flex:1;display:flex;min-height:0}
        #map{flex:1;background:#dfe9f0}
        #side{width:380px;display:flex;flex-direction:column;border-left:1px solid #aaa;padding:6px;box-sizing:border-box}
        #time{margin:6px 0}#time input{width:100%}
        #table-wrap{flex:1;overflow:auto}
        #ranking{border-collapse:collapse;width:100%}
        #ranking th,#ranking td{border-bottom:1px solid #ddd;padding:2px 4px;text-align:left;vertical-align:top}
        #ranking tbody tr{cursor:pointer}#ranking tbody tr:hover{background:#eef}
        #ranking tr.selected{background:#ffe9a8}
        .tlp-banner{background:#000;color:#fff;padding:4px 10px;font-size:13px}
        .tlp-banner b{font-weight:bold}
        .tlp-clear b{color:#FFFFFF}.tlp-green b{color:#33FF00}.tlp-amber b,.tlp-amber-strict b{color:#FFC000}.tlp-red b{color:#FF2B2B}
        .cp-popup h3{margin:0 0 4px 0;font-size:14px}
        .cp-popup table{border-collapse:collapse}.cp-popup td{padding:1px 6px 1px 0;vertical-align:top}
        .cp-popup .seizures{max-height:160px;overflow:auto;margin-top:4px}
        .cp-legend{background:#fff;padding:6px;line-height:1.4}
        .cp-swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle;border:1px solid #555}
        """
}
