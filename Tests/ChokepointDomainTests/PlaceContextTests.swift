import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation
import Testing

/// Place names with context (issue 18 item 2), on the bundled GeoData/mekong: a name several
/// places share is narrowed by the row's country, province and stated precision, and a choice
/// that stays among several is listed, never silent.
@Suite struct PlaceContextTests {
    static let bundle: NetworkBundle = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (b, _) = BundleReader(directory: root.appendingPathComponent("GeoData/mekong").path, proj: try! PROJContext(),
                                  geos: try! GEOSContext()).read()
        return b
    }()

    static func row(_ place: String, precision: String = "", country: String = "", province: String = "") -> SeizureRow {
        var r = SeizureRow(id: "r", date: "2024-03-01", datePrecision: "day", places: [place], coordinate: nil, locationPrecision: precision,
                           commodity: "heroin", amount: 1, unit: "kg", mode: "", agency: "", source: "test", line: 2)
        r.country = country
        r.province = province
        return r
    }

    /// Where the row lands, and the listed resolutions.
    static func resolve(_ r: SeizureRow) -> (SeizureLocation?, [PlaceResolution], [String]) {
        var normaliser = SeizureNormaliser(bundle: bundle)
        var records: [SeizureRecord] = [], problems: [InputError] = []
        normaliser.normalise(r, file: "sheet.xlsx", into: &records, problems: &problems)
        return (records.first?.location, normaliser.resolutions, problems.map(\.message))
    }

    @Test func vientianeIsTheCapitalWhenTheRowSaysTown() {
        // "Vientiane" is a province (not the one holding the capital) and the capital's node.
        let (plain, listed, _) = Self.resolve(Self.row("Vientiane"))
        #expect(plain == .provinces(["prov-la-vientiane"]))
        #expect(listed.map(\.description) == [
            #"sheet.xlsx:2: field "place": "Vientiane" names 2 places; took province prov-la-vientiane (give the row's country, province or location_precision to choose)"#
        ])
        let (town, none, _) = Self.resolve(Self.row("Vientiane", precision: "town"))
        #expect(town == .node("la-vientiane") && none.isEmpty)
    }

    @Test func aTownNamedLikeItsProvinceIsTheTownWhenTheRowSaysTown() {
        #expect(Self.resolve(Self.row("Son La", precision: "town")).0 == .node("vn-son-la"))
        #expect(Self.resolve(Self.row("Son La", precision: "province")).0 == .provinces(["prov-vn-son-la"]))
        #expect(Self.resolve(Self.row("Chiang Rai", precision: "district")).0 == .node("th-chiang-rai"))
    }

    @Test func namesakesAreNarrowedByProvinceOrListed() {
        // Two towns named Ban Na in Thailand, 300 km apart, and two more with it as an alias
        // (GeoNames alternate names): the most populous is taken and listed ...
        let (plain, listed, _) = Self.resolve(Self.row("Ban Na", precision: "town"))
        guard case let .point(c)? = plain else { Issue.record("no town"); return }
        #expect(abs(c.lat - 17.0) < 1.5)  // Sukhothai's, the populous one
        #expect(listed.count == 1 && listed[0].sharedBy == 4)
        // ... unless the row names the province: then the one there, nothing listed.
        let (nayok, none, _) = Self.resolve(Self.row("Ban Na", precision: "town", province: "Nakhon Nayok"))
        guard case let .point(n)? = nayok else { Issue.record("no town"); return }
        #expect(abs(n.lat - 14.3) < 0.5 && none.isEmpty)
        // A country that holds no place of that name is an error in the row.
        let (nothing, _, problems) = Self.resolve(Self.row("Ban Na", precision: "town", country: "KH"))
        #expect(nothing == nil && problems == [#"no place named "Ban Na" in KH (the row's country and province)"#])
    }
}
