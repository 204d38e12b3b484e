import ChokepointGeo
import ChokepointSupport

/// Turns seizure rows into `SeizureRecord`s: dates parsed with their precision, commodities
/// mapped to canonical names, amounts converted to kilograms (`AmountConversion`), places
/// resolved through the bundle's `NameIndex` (ids, names and aliases without case or
/// diacritics, then gazetteer towns). A row that cannot be normalised becomes a problem
/// naming its file, line and field; it never becomes a record.
public struct SeizureNormaliser {
    public var conversion = AmountConversion()
    private let bundle: NetworkBundle
    private let names: NameIndex
    private let nodeCoordinates: [String: Coordinate]
    /// Place names outside ASCII resolved before: a large sheet names the same few hundred
    /// places again and again, and folding such a name (through Foundation) cost a twentieth
    /// of reading one. Bounded, so a sheet of distinct names cannot grow it without end.
    private var resolvedNames: [String: NameIndex.Target?] = [:]

    public init(bundle: NetworkBundle, conversion: AmountConversion = AmountConversion()) {
        self.init(bundle: bundle, names: NameIndex(bundle: bundle), conversion: conversion)
    }

    /// With the bundle's `NameIndex` already built (folding every name costs a sixth of `validate`).
    public init(bundle: NetworkBundle, names: NameIndex, conversion: AmountConversion = AmountConversion()) {
        self.bundle = bundle
        self.conversion = conversion
        self.names = names
        self.nodeCoordinates = Dictionary(zip(bundle.nodeIDs, bundle.nodeCoordinates), uniquingKeysWith: { a, _ in a })
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
        let located = locate(row, problem: problem)
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
        guard let date, let commodity, let precision, let located,
              kilograms != nil || row.unit.lowercased() == "specimens",
              row.mode.isEmpty || mode != nil else { return }
        records.append(SeizureRecord(id: row.id, date: date, location: located.location, coordinate: located.coordinate,
                                     precision: precision, commodity: commodity, amount: row.amount, unit: row.unit,
                                     kilograms: kilograms, mode: mode, agency: row.agency, source: row.source,
                                     file: file, line: row.feature ?? row.line))
    }

    private static func describe(_ location: SeizureLocation) -> String {
        switch location {
        case .point: "a gazetteer town"
        case let .node(id): "node \(id)"
        case let .provinces(ids): ids.count == 1 ? "province \(ids[0])" : "an area of \(ids.count) provinces"
        case let .country(cc): "country \(cc)"
        }
    }

    private mutating func resolve(_ name: String) -> NameIndex.Target? {
        guard name.utf8.contains(where: { $0 >= 0x80 }) else { return names.resolve(name) }
        if let known = resolvedNames[name] { return known }
        let target = names.resolve(name)
        if resolvedNames.count < 1 << 16 { resolvedNames[name] = target }
        return target
    }

    private mutating func locate(_ row: SeizureRow, problem: (String, String) -> Void) -> (location: SeizureLocation, coordinate: Coordinate?)? {
        if let c = row.coordinate { return (.point(c), c) }
        var provinces: [String] = []
        var single: (SeizureLocation, Coordinate?)?
        for name in row.places {
            switch resolve(name) {
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
