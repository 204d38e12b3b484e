import ChokepointGeo
import Foundation

/// Each feature's look in Google Earth, as OGR style strings GDAL's KML driver turns into KML
/// styles: the QGIS styles' colours and sizes (`LayerStyle`), worked out per feature because
/// KML has no data-defined symbols. Crossings by type and sized by flow, links by mode and
/// widened by flow, routes by rank, provinces by flow quartile, displacement red where flow
/// arrives and blue where it leaves.
enum KMLStyle {
    static func styles(layer: String, features: [GeoJSONFeature]) -> [String?] {
        func number(_ f: GeoJSONFeature, _ key: String) -> Double { f.properties?[key]?.doubleValue ?? 0 }
        func text(_ f: GeoJSONFeature, _ key: String) -> String { f.properties?[key]?.stringValue ?? "" }
        /// base + span · √(value / largest), as the QGIS styles scale.
        func scaled(_ key: String, base: Double, span: Double, absolute: Bool = false) -> (GeoJSONFeature) -> Double {
            let top = features.map { absolute ? abs(number($0, key)) : number($0, key) }.max() ?? 0
            return { f in
                let v = absolute ? abs(number(f, key)) : number(f, key)
                return base + span * (max(v, 0) / max(top, 1e-9)).squareRoot()
            }
        }
        switch layer {
        case "crossings", "candidates":
            let size = scaled(layer == "crossings" ? "flow" : "evidence", base: 2, span: 8)
            let colours = Dictionary(uniqueKeysWithValues: LayerStyle.crossingColours)
            return features.map { f in symbol(colours[text(f, "type")] ?? "122,1,119", size: size(f)) }
        case "links":
            let width = scaled("flow", base: 0.2, span: 2.5)
            let colours = Dictionary(uniqueKeysWithValues: LayerStyle.modeColours)
            return features.map { f in pen(colours[text(f, "mode")] ?? "99,99,99", width: width(f)) }
        case "routes":
            let palette = ["8,48,107", "33,113,181", "107,174,214", "158,202,225", "198,219,239"]
            return features.map { f in
                let rank = max(1, Int(number(f, "rank")))
                return pen(palette[min(rank - 1, palette.count - 1)], width: max(0.4, 1.4 - 0.3 * Double(rank - 1)))
            }
        case "provinces":
            let flows = features.map { number($0, "flow") }.filter { $0 > 0 }.sorted()
            let colours = ["255,255,178", "254,204,92", "253,141,60", "227,26,28"]
            return features.map { f in
                let flow = number(f, "flow")
                guard flow > 0, !flows.isEmpty else { return brush("240,240,240") }
                let quartile = min(3, flows.firstIndex { $0 >= flow }.map { 4 * $0 / flows.count } ?? 3)
                return brush(colours[quartile])
            }
        case "seizures":
            return features.map { f in symbol("99,99,99", size: 1.5 + log1p(number(f, "kg")) / 2) }
        case "controls":
            return features.map { _ in symbol("203,24,29", size: 6) }
        case "displacement", "displacement_links":
            let scale = scaled("change", base: layer == "displacement" ? 1.5 : 0.2, span: layer == "displacement" ? 8 : 2.5, absolute: true)
            return features.map { f in
                let change = number(f, "change")
                let colour = change > 0 ? "215,48,39" : change < 0 ? "69,117,180" : "180,180,180"
                return layer == "displacement" ? symbol(colour, size: scale(f)) : pen(colour, width: scale(f))
            }
        default:
            return features.map { _ in nil }
        }
    }

    static func hex(_ rgb: String) -> String {
        "#" + rgb.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { String(format: "%02X", $0) }.joined()
    }

    /// A circle of `size` millimetres (as in QGIS), in points for OGR.
    static func symbol(_ rgb: String, size: Double) -> String {
        String(format: "SYMBOL(id:\"ogr-sym-3\",c:%@,s:%.1fpt)", hex(rgb), size * 2.835)
    }

    /// A line of `width` millimetres, in pixels for OGR (at 96 dpi).
    static func pen(_ rgb: String, width: Double) -> String {
        String(format: "PEN(c:%@,w:%.1fpx)", hex(rgb), max(1, width * 3.78))
    }

    static func brush(_ rgb: String) -> String {
        "BRUSH(fc:\(hex(rgb))C0);PEN(c:#808080,w:1px)"
    }
}
