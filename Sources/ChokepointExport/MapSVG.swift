import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

/// A readable map of an `Analysis`, drawn as SVG by our own code: provinces, country
/// outlines, the best route to each of the heaviest destinations coloured by rank, crossings
/// sized by flow (unofficial ones in red), a legend, a scale bar and the data credits.
///
/// The projection is equirectangular, scaled by the cosine of the map's middle latitude, so
/// east–west and north–south distances match near the middle; the scale bar's length is
/// measured geodesically there. Numbers are written with fixed decimals, so the same analysis
/// gives the same bytes.
public struct MapSVG {
    public var width = 1200.0
    public var height = 1000.0
    /// Mainland Southeast Asia and southern China: the third-country destinations beyond it are
    /// listed in the report, not drawn.
    public var bounds = Envelope(minX: 96.0, minY: 8.0, maxX: 112.0, maxY: 27.0)
    public var routesShown = 10

    public init() {}

    static let rankColours = ["#b2182b", "#ef8a62", "#2166ac", "#67a9cf", "#1b7837", "#7fbf7b", "#762a83", "#af8dc3", "#8c510a", "#bf812d"]

    /// Height of the marking's band at the top and at the bottom.
    static let bandHeight = 24.0

    public func render(_ a: Analysis, title: String) throws -> String {
        let c = Canvas(map: self)
        let shown = Array(a.bestRoutes.prefix(routesShown))
        let band = Self.bandHeight, total = height + 2 * band
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(total))\" viewBox=\"0 0 \(Int(width)) \(Int(total))\" font-family=\"sans-serif\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        let marking = HandlingMarking(a)
        svg += Self.band(marking, y: 0, width: width) + Self.band(marking, y: height + band, width: width)
        svg += "<g transform=\"translate(0,\(Int(band)))\">\n"
        svg += frame(c, title: title)
        svg += "<g clip-path=\"url(#view)\">\n"
        svg += provinces(a, c) + borders(a, c) + routes(shown, c) + crossings(a, c)
        svg += "</g>\n"
        svg += labels(a, c) + legend(shown, c) + (try scaleBar(c))
        svg +=
            "<text x=\"\(c.f(c.margin))\" y=\"\(c.f(height - 12))\" font-size=\"10\" fill=\"#333\">\(MarkupEscape.text(AnalysisExport.credits)). Crossing positions are mostly estimates (GeoData/README.md).</text>\n"
        svg += "</g>\n</svg>\n"
        return svg
    }

    /// The marking as FIRST shows it: its label in its colour on black, then what it means.
    static func band(_ m: HandlingMarking, y: Double, width: Double) -> String {
        var svg = "<rect x=\"0\" y=\"\(Int(y))\" width=\"\(Int(width))\" height=\"\(Int(bandHeight))\" fill=\"#000\"/>\n"
        svg += "<text x=\"12\" y=\"\(Int(y + 17))\" font-size=\"13\" fill=\"#fff\"><tspan font-weight=\"bold\" fill=\"\(m.marking.colour)\">"
        svg += "\(MarkupEscape.text(m.marking.description))</tspan> \(MarkupEscape.text(m.marking.definition))\(m.policy.map { " Shared at \($0.level) (\($0.mode.rawValue))." } ?? "")</text>\n"
        return svg
    }

    /// The map's projection and number formatting: equirectangular at the middle latitude,
    /// fixed decimals.
    struct Canvas {
        let bounds: Envelope
        let kx: Double, scale: Double
        let margin = 40.0, legendWidth = 300.0

        init(map: MapSVG) {
            bounds = map.bounds
            let midLat = (bounds.minY + bounds.maxY) / 2
            kx = cos(midLat * .pi / 180)
            let spanX = (bounds.maxX - bounds.minX) * kx, spanY = bounds.maxY - bounds.minY
            scale = min((map.width - legendWidth - 2 * margin) / spanX, (map.height - 2 * margin - 40) / spanY)
        }

        func xy(_ c: Coordinate) -> (Double, Double) {
            (margin + (c.lon - bounds.minX) * kx * scale, margin + 40 + (bounds.maxY - c.lat) * scale)
        }

        // One decimal, as "%.1f" prints it (a tenth may differ where x·10 rounds across a
        // half); String(format:) was most of the map's cost.
        func f(_ x: Double) -> String {
            let tenths = (x * 10).rounded(.toNearestOrEven)
            guard abs(tenths) < 1e15 else { return String(format: "%.1f", x) }
            let t = Int(tenths), a = abs(t)
            return (t < 0 || (t == 0 && x.sign == .minus) ? "-" : "") + String(a / 10) + "." + String(a % 10)
        }

        func inView(_ c: Coordinate) -> Bool { bounds.contains(c) }

        func ring(_ cs: [Coordinate]) -> String {
            var d = ""
            var last = ""
            for (i, c) in cs.enumerated() {
                let (x, y) = xy(c)
                let p = "\(f(x)),\(f(y))"
                if p == last { continue }
                d += (i == 0 ? "M" : "L") + p
                last = p
            }
            return d + "Z"
        }

        func polygons(_ g: GeoJSONGeometry) -> String {
            switch g {
            case let .polygon(rings): return rings.map(ring).joined()
            case let .multiPolygon(ps): return ps.map { $0.map(ring).joined() }.joined()
            default: return ""
            }
        }

        func lines(_ g: GeoJSONGeometry) -> String {
            func open(_ cs: [Coordinate]) -> String {
                cs.enumerated().map { i, c in
                    let (x, y) = xy(c); return (i == 0 ? "M" : "L") + "\(f(x)),\(f(y))"
                }.joined()
            }
            switch g {
            case let .lineString(cs): return open(cs)
            case let .multiLineString(ls): return ls.map(open).joined()
            default: return ""
            }
        }
    }

    /// The clip path, the sea-coloured view and the title.
    private func frame(_ c: Canvas, title: String) -> String {
        let (x0, y0) = c.xy(Coordinate(lon: bounds.minX, lat: bounds.maxY)), (x1, y1) = c.xy(Coordinate(lon: bounds.maxX, lat: bounds.minY))
        var svg =
            "<defs><clipPath id=\"view\"><rect x=\"\(c.f(x0))\" y=\"\(c.f(y0))\" width=\"\(c.f(x1 - x0))\" height=\"\(c.f(y1 - y0))\"/></clipPath></defs>\n"
        svg +=
            "<rect x=\"\(c.f(x0))\" y=\"\(c.f(y0))\" width=\"\(c.f(x1 - x0))\" height=\"\(c.f(y1 - y0))\" fill=\"#eef4f8\" stroke=\"#888\"/>\n"
        svg += "<text x=\"\(c.f(c.margin))\" y=\"28\" font-size=\"18\" font-weight=\"bold\">\(MarkupEscape.text(title))</text>\n"
        return svg
    }

    /// Provinces, shaded by the flow through their towns.
    private func provinces(_ a: Analysis, _ c: Canvas) -> String {
        let maxProvinceFlow = a.provinces.map(\.flow).max() ?? 0
        let flowByProvince = Dictionary(a.provinces.map { ($0.id, $0.flow) }, uniquingKeysWith: { x, _ in x })
        var svg = "<g stroke=\"#999\" stroke-width=\"0.4\">\n"
        for p in a.bundle.provinces {
            let share = maxProvinceFlow > 0 ? (flowByProvince[p.id] ?? 0) / maxProvinceFlow : 0
            let shade = Int(250 - 90 * share.squareRoot())
            svg += "<path fill=\"rgb(\(shade),\(shade),\(min(255, shade + 5)))\" d=\"\(c.polygons(p.geometry))\"/>\n"
        }
        return svg + "</g>\n"
    }

    /// Country outlines (not those cut to a box: their cut edge is no border), then every
    /// shared border line, so China's borders show without its clip edge.
    private func borders(_ a: Analysis, _ c: Canvas) -> String {
        var svg = "<g fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\">\n"
        for country in a.bundle.countries where country.clipBox == nil { svg += "<path d=\"\(c.polygons(country.geometry))\"/>\n" }
        for b in a.bundle.borders { svg += "<path d=\"\(c.lines(b.geometry))\"/>\n" }
        return svg + "</g>\n"
    }

    /// The best route of the pairs with most demand (the overall route order), by rank.
    private func routes(_ shown: [Analysis.Route], _ c: Canvas) -> String {
        var svg = "<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-opacity=\"0.85\">\n"
        for (i, r) in shown.enumerated().reversed() {
            let points = r.coordinates.filter(c.inView).map { p -> String in
                let (x, y) = c.xy(p); return "\(c.f(x)),\(c.f(y))"
            }
            guard points.count >= 2 else { continue }
            svg +=
                "<polyline stroke=\"\(Self.rankColours[i % Self.rankColours.count])\" stroke-width=\"\(c.f(4.5 - Double(i) * 0.3))\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        return svg + "</g>\n"
    }

    /// Crossings, sized by flow; unofficial ones red.
    private func crossings(_ a: Analysis, _ c: Canvas) -> String {
        let maxFlow = a.crossings.map(\.flow).max() ?? 0
        var svg = "<g stroke=\"#222\" stroke-width=\"0.6\">\n"
        for result in a.crossings.reversed() {
            let x = a.bundle.crossings[result.index]
            guard c.inView(x.coordinate) else { continue }
            let (px, py) = c.xy(x.coordinate)
            let r = 2.5 + (maxFlow > 0 ? 11 * (result.flow / maxFlow).squareRoot() : 0)
            let fill = x.type == .unofficialKnown ? "#d7301f" : "#fdae61"
            svg +=
                "<circle cx=\"\(c.f(px))\" cy=\"\(c.f(py))\" r=\"\(c.f(r))\" fill=\"\(fill)\" fill-opacity=\"0.85\"><title>\(MarkupEscape.text(x.name))</title></circle>\n"
        }
        return svg + "</g>\n"
    }

    /// Labels for the five busiest crossings.
    private func labels(_ a: Analysis, _ c: Canvas) -> String {
        var svg = ""
        for result in a.crossings.prefix(5) where result.flow > 0 {
            let x = a.bundle.crossings[result.index]
            guard c.inView(x.coordinate) else { continue }
            let (px, py) = c.xy(x.coordinate)
            svg +=
                "<text x=\"\(c.f(px + 8))\" y=\"\(c.f(py - 6))\" font-size=\"11\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(MarkupEscape.text(x.name))</text>\n"
        }
        return svg
    }

    private func legend(_ shown: [Analysis.Route], _ c: Canvas) -> String {
        let f = c.f
        let lx = width - c.legendWidth + 10
        var ly = 70.0
        var svg =
            "<g font-size=\"12\">\n<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-weight=\"bold\">Best route to the heaviest destinations</text>\n"
        for (i, r) in shown.enumerated() {
            ly += 18
            svg +=
                "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 24))\" y2=\"\(f(ly - 4))\" stroke=\"\(Self.rankColours[i % Self.rankColours.count])\" stroke-width=\"4\"/>"
            svg += "<text x=\"\(f(lx + 32))\" y=\"\(f(ly))\">\(MarkupEscape.text("\(r.source) → \(r.target)"))</text>\n"
        }
        ly += 30
        svg += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-weight=\"bold\">Crossings, sized by expected flow</text>\n"
        ly += 20
        svg +=
            "<circle cx=\"\(f(lx + 10))\" cy=\"\(f(ly - 4))\" r=\"7\" fill=\"#fdae61\" stroke=\"#222\"/><text x=\"\(f(lx + 32))\" y=\"\(f(ly))\">official gate</text>\n"
        ly += 20
        svg +=
            "<circle cx=\"\(f(lx + 10))\" cy=\"\(f(ly - 4))\" r=\"7\" fill=\"#d7301f\" stroke=\"#222\"/><text x=\"\(f(lx + 32))\" y=\"\(f(ly))\">unofficial (known or candidate)</text>\n"
        ly += 30
        svg += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-weight=\"bold\">Provinces: darker, more flow</text>\n</g>\n"
        return svg
    }

    /// 200 km measured geodesically along the middle latitude.
    private func scaleBar(_ c: Canvas) throws -> String {
        let f = c.f
        let start = Coordinate(lon: bounds.minX + 1, lat: bounds.minY + 0.8)
        let end = try Geodesic.wgs84.destination(from: start, azimuth: 90, distance: 200_000)
        let (sx, sy) = c.xy(start), (ex, _) = c.xy(end)
        var svg = "<g stroke=\"#000\" stroke-width=\"2\"><line x1=\"\(f(sx))\" y1=\"\(f(sy))\" x2=\"\(f(ex))\" y2=\"\(f(sy))\"/>"
        svg +=
            "<line x1=\"\(f(sx))\" y1=\"\(f(sy - 5))\" x2=\"\(f(sx))\" y2=\"\(f(sy + 5))\"/><line x1=\"\(f(ex))\" y1=\"\(f(sy - 5))\" x2=\"\(f(ex))\" y2=\"\(f(sy + 5))\"/></g>\n"
        svg += "<text x=\"\(f(sx))\" y=\"\(f(sy - 8))\" font-size=\"12\">200 km</text>\n"
        return svg
    }
}
