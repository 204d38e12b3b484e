import ChokepointGeo
import Foundation

/// QGIS layer styles (QML) for the exported layers, so that each opens in QGIS ready to read:
/// provinces graduated by flow, routes by rank, crossings by type and sized by flow, links by
/// mode and widened by flow, displacement red where flow arrives and blue where it leaves.
///
/// QML is QGIS's own XML style format. Symbol layer properties are written both as the
/// `<Option type="Map">` that QGIS ≥ 3.26 reads and as the `<prop k v>` pairs of earlier 3.x
/// releases (Debian 12 ships 3.22); sizes and widths driven by data are QGIS expressions over
/// the layer's own fields, guarded against NULL and an all-zero column.
public enum LayerStyle {
    /// The style for a layer written by `AnalysisExport`, nil for a layer it does not know.
    public static func qml(layer: String, features: [GeoJSONFeature]) -> String? {
        switch layer {
        case "provinces": provinces(features)
        case "routes": routes(features)
        case "crossings": document(geometry: 0, renderer: crossings())
        case "candidates":
            document(
                geometry: 0,
                renderer: single(
                    marker(
                        fill: "122,1,119", shape: "triangle", size: 3,
                        sizeExpression: scaled("evidence", base: 2, span: 6))))
        case "links": links()
        case "seizures":
            document(
                geometry: 0,
                renderer: single(
                    marker(
                        fill: "99,99,99", shape: "cross2", size: 2,
                        sizeExpression: "1.5 + ln(1 + coalesce(\"kg\", 0)) / 2")))
        case "controls":
            document(geometry: 0, renderer: single(marker(fill: "203,24,29", shape: "star", size: 6)))
        case "displacement":
            document(
                geometry: 0,
                renderer: single(
                    marker(
                        fill: "180,180,180", shape: "circle", size: 2,
                        sizeExpression: scaled("change", base: 1.5, span: 8, absolute: true),
                        fillExpression: signColour("change"))))
        case "displacement_links":
            document(
                geometry: 1,
                renderer: single(
                    line(
                        colour: "180,180,180", width: 0.3,
                        widthExpression: scaled("change", base: 0.2, span: 2.5, absolute: true),
                        colourExpression: signColour("change"))))
        default: nil
        }
    }

    // MARK: Layers

    static let crossingColours: [(String, String)] = [
        ("international", "253,174,97"), ("main", "254,224,144"), ("secondary", "171,217,233"),
        ("unofficial-known", "215,48,39"), ("candidate", "122,1,119"),
    ]

    static func crossings() -> String {
        categorized(
            field: "type",
            crossingColours.map { type, colour in
                (type, type, marker(fill: colour, shape: "circle", size: 2.5, sizeExpression: scaled("flow", base: 2, span: 8)))
            })
    }

    static let modeColours: [(String, String)] = [
        ("road", "99,99,99"), ("trail", "140,81,10"), ("river", "33,113,181"), ("rail", "0,0,0"),
        ("sea", "65,182,196"), ("air", "158,154,200"), ("post", "231,41,138"),
    ]

    static func links() -> String {
        document(
            geometry: 1,
            renderer: categorized(
                field: "mode",
                modeColours.map { mode, colour in
                    (mode, mode, line(colour: colour, width: 0.3, widthExpression: scaled("flow", base: 0.2, span: 2.5)))
                }))
    }

    static func routes(_ features: [GeoJSONFeature]) -> String {
        let ranks = Set(features.compactMap { $0.properties?["rank"].flatMap { if case let .integer(i) = $0 { Int(i) } else { nil } } })
            .sorted()
        let palette = ["8,48,107", "33,113,181", "107,174,214", "158,202,225", "198,219,239"]
        return document(
            geometry: 1,
            renderer: categorized(
                field: "rank",
                (ranks.isEmpty ? [1] : ranks).map { rank in
                    (
                        String(rank), "route rank \(rank)",
                        line(colour: palette[min(rank - 1, palette.count - 1)], width: max(0.4, 1.4 - 0.3 * Double(rank - 1)))
                    )
                }))
    }

    /// Five classes: no flow, then the quartiles of the provinces with flow (YlOrRd).
    static func provinces(_ features: [GeoJSONFeature]) -> String {
        let flows = features.compactMap { $0.properties?["flow"]?.doubleValue }.filter { $0 > 0 }.sorted()
        let colours = ["255,255,178", "254,204,92", "253,141,60", "227,26,28"]
        var ranges: [(Double, Double, String, String)] = [(0, 0, "no flow", fill(colour: "240,240,240"))]
        if let top = flows.last {
            var lower = 0.0
            for q in 1...4 {
                let upper = q == 4 ? top : flows[min(flows.count - 1, flows.count * q / 4)]
                guard upper > lower else { continue }
                ranges.append((lower, upper, "\(format(lower)) – \(format(upper))", fill(colour: colours[q - 1])))
                lower = upper
            }
        }
        return document(geometry: 2, renderer: graduated(field: "flow", ranges))
    }

    // MARK: Renderers

    static func single(_ symbol: String) -> String {
        """
        <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
        <symbols>
        \(named(symbol, "0"))
        </symbols>
        <rotation/><sizescale/>
        </renderer-v2>
        """
    }

    static func categorized(field: String, _ categories: [(value: String, label: String, symbol: String)]) -> String {
        let list = categories.enumerated().map { i, c in
            "<category value=\"\(MarkupEscape.attribute(c.value))\" symbol=\"\(i)\" label=\"\(MarkupEscape.attribute(c.label))\" render=\"true\"/>"
        }
        let symbols = categories.enumerated().map { i, c in named(c.symbol, String(i)) }
        return """
            <renderer-v2 type="categorizedSymbol" attr="\(MarkupEscape.attribute(field))" symbollevels="0" enableorderby="0" forceraster="0">
            <categories>
            \(list.joined(separator: "\n"))
            </categories>
            <symbols>
            \(symbols.joined(separator: "\n"))
            </symbols>
            <rotation/><sizescale/>
            </renderer-v2>
            """
    }

    static func graduated(field: String, _ ranges: [(lower: Double, upper: Double, label: String, symbol: String)]) -> String {
        let list = ranges.enumerated().map { i, r in
            "<range lower=\"\(String(format: "%.6f", r.lower))\" upper=\"\(String(format: "%.6f", r.upper))\" symbol=\"\(i)\" label=\"\(MarkupEscape.attribute(r.label))\" render=\"true\"/>"
        }
        let symbols = ranges.enumerated().map { i, r in named(r.symbol, String(i)) }
        return """
            <renderer-v2 type="graduatedSymbol" attr="\(MarkupEscape.attribute(field))" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">
            <ranges>
            \(list.joined(separator: "\n"))
            </ranges>
            <symbols>
            \(symbols.joined(separator: "\n"))
            </symbols>
            <mode name="manual"/>
            <rotation/><sizescale/>
            </renderer-v2>
            """
    }

    // MARK: Symbols (`NAME` is replaced by the renderer's symbol key)

    static func marker(fill: String, shape: String, size: Double, sizeExpression: String? = nil, fillExpression: String? = nil) -> String {
        symbol(
            type: "marker", layerClass: "SimpleMarker",
            properties: [
                ("angle", "0"), ("color", fill + ",255"), ("name", shape), ("outline_color", "35,35,35,255"),
                ("outline_style", "solid"), ("outline_width", "0.2"), ("outline_width_unit", "MM"),
                ("scale_method", "diameter"), ("size", format(size)), ("size_unit", "MM"),
            ], defined: [("size", sizeExpression), ("fillColor", fillExpression)])
    }

    static func line(colour: String, width: Double, widthExpression: String? = nil, colourExpression: String? = nil) -> String {
        symbol(
            type: "line", layerClass: "SimpleLine",
            properties: [
                ("capstyle", "round"), ("joinstyle", "round"), ("line_color", colour + ",255"), ("line_style", "solid"),
                ("line_width", format(width)), ("line_width_unit", "MM"),
            ], defined: [("outlineWidth", widthExpression), ("outlineColor", colourExpression)])
    }

    static func fill(colour: String) -> String {
        symbol(
            type: "fill", layerClass: "SimpleFill",
            properties: [
                ("color", colour + ",255"), ("outline_color", "128,128,128,255"), ("outline_style", "solid"),
                ("outline_width", "0.15"), ("outline_width_unit", "MM"), ("style", "solid"),
            ], defined: [])
    }

    static func symbol(type: String, layerClass: String, properties: [(String, String)], defined: [(String, String?)]) -> String {
        let options = properties.map { "<Option type=\"QString\" name=\"\($0.0)\" value=\"\(MarkupEscape.attribute($0.1))\"/>" }.joined(separator: "\n")
        let props = properties.map { "<prop k=\"\($0.0)\" v=\"\(MarkupEscape.attribute($0.1))\"/>" }.joined(separator: "\n")
        let active = defined.compactMap { key, expression in expression.map { (key, $0) } }
        let definedXML = active.map { key, expression in
            """
            <Option type="Map" name="\(key)">
            <Option type="bool" name="active" value="true"/>
            <Option type="QString" name="expression" value="\(MarkupEscape.attribute(expression))"/>
            <Option type="int" name="type" value="3"/>
            </Option>
            """
        }.joined(separator: "\n")
        return """
            <symbol type="\(type)" name="NAME" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="\(layerClass)" enabled="1" locked="0" pass="0">
            <Option type="Map">
            \(options)
            </Option>
            \(props)
            <data_defined_properties>
            <Option type="Map">
            <Option type="QString" name="name" value=""/>
            \(active.isEmpty ? "<Option name=\"properties\"/>" : "<Option type=\"Map\" name=\"properties\">\n\(definedXML)\n</Option>")
            <Option type="QString" name="type" value="collection"/>
            </Option>
            </data_defined_properties>
            </layer>
            </symbol>
            """
    }

    static func document(geometry: Int, renderer: String) -> String {
        """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <qgis version="3.22.0" styleCategories="Symbology">
        \(renderer)
        <layerGeometryType>\(geometry)</layerGeometryType>
        </qgis>

        """
    }

    // MARK: Helpers

    /// `base + span × sqrt(field / max(field))`: symbol area grows with the value.
    static func scaled(_ field: String, base: Double, span: Double, absolute: Bool = false) -> String {
        let value = absolute ? "abs(coalesce(\"\(field)\", 0))" : "coalesce(\"\(field)\", 0)"
        let top = absolute ? "max(abs(maximum(\"\(field)\")), abs(minimum(\"\(field)\")))" : "maximum(\"\(field)\")"
        return "\(format(base)) + \(format(span)) * sqrt(\(value) / max(coalesce(\(top), 0), 1e-9))"
    }

    /// Red where the value is positive, blue where negative, grey at zero.
    static func signColour(_ field: String) -> String {
        "CASE WHEN \"\(field)\" > 0 THEN '215,48,39,255' WHEN \"\(field)\" < 0 THEN '69,117,180,255' ELSE '180,180,180,255' END"
    }

    static func named(_ symbol: String, _ name: String) -> String {
        symbol.replacingOccurrences(of: "name=\"NAME\"", with: "name=\"\(name)\"")
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%g", x)
    }
}
