import ChokepointGeo
import ChokepointSupport

/// Turns seizure rows into `SeizureRecord`s: dates parsed with their precision, commodities
/// mapped to canonical names, amounts converted to kilograms (`AmountConversion`), places
/// resolved through the bundle's `NameIndex` (ids, names and aliases without case or
/// diacritics, then gazetteer towns). A row that cannot be normalised becomes a problem
/// naming its file, line and field; it never becomes a record.
public struct SeizureNormaliser {
    public var conversion = AmountConversion()
    /// The marking of rows whose `tlp` is empty: the file's default (`--tlp`, the scenario's
    /// `seizures.tlp`), else AMBER, since unmarked agency data is not for the world.
    public var unmarked = TLP.amber
    private let bundle: NetworkBundle
    private let names: NameIndex
    private let nodeCoordinates: [String: Coordinate]
    /// The countries and province of each node and province, by id.
    private let lies: [String: (countries: Set<String>, province: String?)]
    /// Place names outside ASCII resolved before: a large sheet names the same few hundred
    /// places again and again, and folding such a name (through Foundation) cost a twentieth
    /// of reading one. Bounded, so a sheet of distinct names cannot grow it without end.
    private var resolvedNames: [String: NameIndex.Target?] = [:]
    /// Names several places share, resolved with a row's context before (same bound).
    private var resolvedInContext: [ContextKey: (NameIndex.Target?, shared: Int)] = [:]
    /// Every row whose place name stayed ambiguous after its context, in reading order:
    /// what was taken and why, for stderr and the exports' metadata.
    public private(set) var resolutions: [PlaceResolution] = []

    public init(bundle: NetworkBundle, conversion: AmountConversion = AmountConversion()) {
        self.init(bundle: bundle, names: NameIndex(bundle: bundle), conversion: conversion)
    }

    /// With the bundle's `NameIndex` already built (folding every name costs a sixth of `validate`).
    public init(bundle: NetworkBundle, names: NameIndex, conversion: AmountConversion = AmountConversion()) {
        self.bundle = bundle
        self.conversion = conversion
        self.names = names
        self.nodeCoordinates = Dictionary(zip(bundle.nodeIDs, bundle.nodeCoordinates), uniquingKeysWith: { a, _ in a })
        // Where each node and province lies, for names several places share.
        var where_: [String: (countries: Set<String>, province: String?)] = [:]
        for p in bundle.places where where_[p.id] == nil { where_[p.id] = ([p.country], p.province) }
        for c in bundle.crossings where where_[c.id] == nil { where_[c.id] = ([c.countryA, c.countryB], nil) }
        for p in bundle.provinces where where_[p.id] == nil { where_[p.id] = ([p.country], p.id) }
        self.lies = where_
    }

    public func normalise(_ rows: [SeizureRow], file: String) -> (records: [SeizureRecord], problems: [InputError]) {
        var normaliser = self
        var records: [SeizureRecord] = []
        var problems: [InputError] = []
        records.reserveCapacity(rows.count)
        for row in rows { normaliser.normalise(row, file: file, into: &records, problems: &problems) }
        return (records, problems)
    }

    /// One row: appends its record, or its problems.
    public mutating func normalise(_ row: SeizureRow, file: String, into records: inout [SeizureRecord], problems: inout [InputError]) {
        func problem(_ field: String, _ message: String) {
            problems.append(InputError(InputLocation(file: file, line: row.feature == nil ? row.line : nil, feature: row.feature,
                                                     field: row.feature == nil ? field : "properties.\(field)"), message))
        }
        let date = SeizureDate(row.date, precision: row.datePrecision)
        if date == nil { problem("date", "\"\(row.date)\" is not a date this precision (\(row.datePrecision.isEmpty ? "none" : row.datePrecision)) can mean") }
        let commodity = Commodity(parsing: row.commodity)
        if commodity == nil { problem("commodity", "unknown commodity \"\(row.commodity)\" (expected one of \(Commodity.allCases.map(\.rawValue).joined(separator: ", ")), or a common synonym)") }
        var precision = LocationPrecision(rawValue: row.locationPrecision)
        if precision == nil && !row.locationPrecision.isEmpty {
            problem("location_precision", "unknown precision \"\(row.locationPrecision)\" (expected \(LocationPrecision.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var mode: TransportMode?
        if !row.mode.isEmpty {
            mode = TransportMode(rawValue: row.mode)
            if mode == nil { problem("mode", "unknown mode \"\(row.mode)\"") }
        }
        let kilograms = conversion.kilograms(row.amount, unit: row.unit)
        if kilograms == nil && row.unit.lowercased() != "specimens" {
            problem("unit", "unknown unit \"\(row.unit)\" (expected \(SeizureRow.units.sorted().joined(separator: ", ")))")
        }
        var marking: TLP? = unmarked
        if !row.tlp.isEmpty {
            marking = TLP(parsing: row.tlp)
            if marking == nil { problem("tlp", "\"\(row.tlp)\" is not a marking: \(TLP.expected)") }
        }
        let listedBefore = resolutions.count
        let located = locate(row, file: file, problem: problem)
        // A listing names the row's place: it is as sensitive as the row (strictest when unreadable).
        for i in listedBefore..<resolutions.count { resolutions[i].marking = marking ?? .red }
        if let located {
            // The finest precision the resolved place can carry: a stated one may be coarser
            // (a district known only by its seat is `district` at the town), never finer.
            let finest: LocationPrecision
            switch located.location {
            case .point: finest = row.coordinate != nil ? .exact : .town
            case .node: finest = .town
            case .provinces: finest = .province
            case .country: finest = .country
            }
            if let stated = precision, stated < finest {
                problem("location_precision", "\"\(stated.rawValue)\" is finer than the place: \(Self.describe(located.location)) can be at most \"\(finest.rawValue)\"\(stated == .exact ? " (exact needs lon and lat)" : "")")
                precision = nil
            } else if row.locationPrecision.isEmpty {
                precision = finest
            }
        }
        guard let date, let commodity, let precision, let located, let marking,
              kilograms != nil || row.unit.lowercased() == "specimens",
              row.mode.isEmpty || mode != nil else { return }
        records.append(SeizureRecord(id: row.id, date: date, location: located.location, coordinate: located.coordinate,
                                     precision: precision, commodity: commodity, amount: row.amount, unit: row.unit,
                                     kilograms: kilograms, mode: mode, agency: row.agency, source: row.source,
                                     file: file, line: row.feature ?? row.line, marking: marking))
    }

    private static func describe(_ location: SeizureLocation) -> String {
        switch location {
        case .point: "a gazetteer town"
        case let .node(id): "node \(id)"
        case let .provinces(ids): ids.count == 1 ? "province \(ids[0])" : "an area of \(ids.count) provinces"
        case let .country(cc): "country \(cc)"
        }
    }

    /// Two places of one name closer than this are the same place.
    static let samePlaceMetres = 5_000.0

    /// What a row adds to its place name: country, province, stated precision.
    struct ContextKey: Hashable {
        var name: String
        var country: String
        var province: String
        var precision: String
    }

    /// A name several places share, narrowed by the row: its `country` column (an ISO code),
    /// its `province` column (an id or name), and its stated precision (`town`, `district`
    /// or `exact` prefer a node or town to a province; `province` a province; `country` a
    /// country). The first of what remains in `NameIndex`'s order is taken, and how many
    /// remained is returned, so that a choice among several is listed, never silent. Nil
    /// when the context rules out every place of that name.
    mutating func resolveInContext(_ name: String, row: SeizureRow) -> (NameIndex.Target?, shared: Int) {
        let key = ContextKey(name: name, country: row.country, province: row.province, precision: row.locationPrecision)
        if let known = resolvedInContext[key] { return known }
        var candidates = names.candidates(name)
        let country = row.country.trimmingWhitespace().uppercased()
        if !country.isEmpty { candidates = candidates.filter { countries(of: $0).contains(country) } }
        if !row.province.isEmpty {
            let province: String? =
                switch names.resolve(row.province) {
                case let .province(id)?: id
                default: nil
                }
            candidates = candidates.filter { self.province(of: $0) == province }
        }
        let preferred: [NameIndex.Target]
        switch LocationPrecision(rawValue: row.locationPrecision) {
        case .exact?, .town?, .district?: preferred = candidates.filter { Self.isPoint($0) }
        case .province?: preferred = candidates.filter { if case .province = $0 { true } else { false } }
        case .country?: preferred = candidates.filter { if case .country = $0 { true } else { false } }
        case nil: preferred = []
        }
        if !preferred.isEmpty { candidates = preferred }
        // A node and a gazetteer town of one name within 5 km are one place (a network town
        // is a GeoNames town; GeoNames also lists some towns twice): kept once, the first.
        var distinct: [NameIndex.Target] = []
        var points: [Coordinate] = []
        for c in candidates {
            let at: Coordinate? =
                switch c {
                case let .node(id): nodeCoordinates[id]
                case let .town(i): bundle.gazetteer[i].coordinate
                case .province, .country: nil
                }
            if let at, points.contains(where: { ((try? Geodesic.wgs84.distance(from: $0, to: at)) ?? .infinity) <= Self.samePlaceMetres }) {
                continue
            }
            if let at { points.append(at) }
            distinct.append(c)
        }
        let answer = (distinct.first, shared: distinct.count)
        if resolvedInContext.count < 1 << 16 { resolvedInContext[key] = answer }
        return answer
    }

    static func isPoint(_ t: NameIndex.Target) -> Bool {
        switch t {
        case .node, .town: true
        case .province, .country: false
        }
    }

    func countries(of t: NameIndex.Target) -> Set<String> {
        switch t {
        case let .node(id), let .province(id): lies[id]?.countries ?? []
        case let .country(cc): [cc]
        case let .town(i): [bundle.gazetteer[i].country]
        }
    }

    func province(of t: NameIndex.Target) -> String? {
        switch t {
        case let .node(id), let .province(id): lies[id]?.province
        case .country: nil
        case let .town(i): bundle.gazetteer[i].province
        }
    }

    static func describe(_ t: NameIndex.Target, in b: NetworkBundle) -> String {
        switch t {
        case let .node(id): "node \(id)"
        case let .province(id): "province \(id)"
        case let .country(cc): "country \(cc)"
        case let .town(i):
            "gazetteer town \(b.gazetteer[i].name) (GeoNames \(b.gazetteer[i].geonameID), \(b.gazetteer[i].province.isEmpty ? b.gazetteer[i].country : b.gazetteer[i].province))"
        }
    }

    private mutating func resolve(_ name: String) -> NameIndex.Target? {
        guard name.utf8.contains(where: { $0 >= 0x80 }) else { return names.resolve(name) }
        if let known = resolvedNames[name] { return known }
        let target = names.resolve(name)
        if resolvedNames.count < 1 << 16 { resolvedNames[name] = target }
        return target
    }

    private mutating func locate(_ row: SeizureRow, file: String, problem: (String, String) -> Void) -> (location: SeizureLocation, coordinate: Coordinate?)? {
        if let c = row.coordinate { return (.point(c), c) }
        var provinces: [String] = []
        var single: (SeizureLocation, Coordinate?)?
        for name in row.places {
            var target = resolve(name)
            if target != nil, names.isShared(name) {
                let (chosen, shared) = resolveInContext(name, row: row)
                target = chosen
                if chosen == nil {
                    problem("place", "no place named \"\(name)\" in \([row.country, row.province].filter { !$0.isEmpty }.joined(separator: ", ")) (the row's country and province)")
                    return nil
                }
                if shared > 1, let chosen {
                    let location = InputLocation(file: file, line: row.feature == nil ? row.line : nil, feature: row.feature, field: "place")
                    resolutions.append(PlaceResolution(location: location, name: name, taken: Self.describe(chosen, in: bundle), sharedBy: shared))
                }
            }
            switch target {
            case .province(let id)?: provinces.append(id)
            case .node(let id)?: single = (.node(id), nodeCoordinates[id])
            case .country(let cc)?: single = (.country(cc), nil)
            case .town(let i)?: single = (.point(bundle.gazetteer[i].coordinate), bundle.gazetteer[i].coordinate)
            case nil:
                problem("place", "unknown place \"\(name)\" (not a node, province, country or gazetteer town, nor an alias of one)")
                return nil
            }
        }
        if !provinces.isEmpty {
            if single != nil {
                problem("place", "mixes provinces with a town or node; give one place, or provinces only")
                return nil
            }
            return (.provinces(provinces), nil)
        }
        guard let single else {
            problem("place", "a seizure needs a place or a lon/lat")
            return nil
        }
        if row.places.count > 1 {
            problem("place", "several places that are not provinces; give one")
            return nil
        }
        return single
    }
}

/// A place name several places share that a row's context did not narrow to one: what was
/// taken (the first in `NameIndex`'s order among those left) and how many it was taken from.
public struct PlaceResolution: Sendable, Hashable, CustomStringConvertible {
    public var location: InputLocation
    public var name: String
    public var taken: String
    public var sharedBy: Int
    /// The row's marking: the exports list it only where the row itself may be named.
    public var marking = TLP.red

    public var description: String {
        "\(location): \"\(name)\" names \(sharedBy) places; took \(taken) (give the row's country, province or location_precision to choose)"
    }
}
