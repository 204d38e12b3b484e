import ChokepointSupport
import Foundation

/// How an analyst's sheet writes dates, numbers, units and modes, and the documented rules
/// that read them (README, "Sheets as analysts write them"). A bundle's own seizures.csv is
/// read `strict`: ISO 8601 dates, dot decimals, the canonical unit and mode names.
///
/// - Dates: ISO 8601 always; `15/03/2024`, `15.03.2024`, `15-03-2024` (and `2024/03/15`)
///   read by `dateOrder` when given, else by whichever order alone makes a valid date (a
///   first number above 12 is a day); `03/04/2024` without a date order is ambiguous and an
///   error. Two-digit years are errors (which century?).
/// - Numbers: `1200000`, `1,200,000` and `1 200 000` (commas or spaces between groups of
///   three digits) are 1,200,000; with `decimalComma`, `1.200.000,5` and `12,5` read the
///   comma as the decimal mark. Without it a comma followed by anything but groups of three
///   digits (`12,5`) is an error that names the option.
/// - Units and modes: the canonical names, or a synonym (`kgs`, `pills`; `truck`, `parcel`)
///   from the built-in tables below, extended or overridden by the analyst's own (`--synonyms`).
/// - An empty `source`: the row cites its own file and row (an agency's case file has no
///   public report), and is counted (`unsourcedRows`), not dropped.
/// - An empty `tlp`: the row takes `unmarked` (`--tlp`), else AMBER.
public struct SeizureConventions: Sendable, Hashable {
    public enum DateOrder: String, Sendable, Hashable, CaseIterable {
        case dmy, mdy, ymd
    }

    /// Accept the forms above; false: the bundle's canonical forms only.
    public var lenient = true
    public var dateOrder: DateOrder?
    public var decimalComma = false
    /// Folded synonym → canonical unit (`SeizureRow.units`).
    public var unitSynonyms = SeizureConventions.builtInUnits
    /// Folded synonym → canonical mode (`TransportMode`).
    public var modeSynonyms = SeizureConventions.builtInModes
    /// The marking of rows with no `tlp` of their own (nil: AMBER).
    public var unmarked: TLP?

    public init() {}

    /// The bundle's own files: ISO dates, dot decimals, canonical names.
    public static let strict: SeizureConventions = {
        var c = SeizureConventions()
        c.lenient = false
        c.unitSynonyms = [:]
        c.modeSynonyms = [:]
        return c
    }()

    public static let builtInUnits: [String: String] = [
        "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg", "kilogramme": "kg", "kilogrammes": "kg",
        "gram": "g", "grams": "g", "gr": "g", "gramme": "g", "grammes": "g",
        "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t",
        "tablet": "tablets", "pill": "tablets", "pills": "tablets", "tab": "tablets", "tabs": "tablets", "vien": "tablets",
        "cake": "cakes", "brick": "cakes", "bricks": "cakes", "banh": "cakes", "block": "cakes", "blocks": "cakes",
        "l": "litres", "litre": "litres", "liter": "litres", "liters": "litres",
        "specimen": "specimens", "head": "specimens", "heads": "specimens", "pieces": "specimens", "pcs": "specimens",
    ]

    public static let builtInModes: [String: String] = [
        "truck": "road", "lorry": "road", "car": "road", "van": "road", "bus": "road", "motorbike": "road",
        "motorcycle": "road", "vehicle": "road", "checkpoint": "road", "highway": "road",
        "foot": "trail", "onfoot": "trail", "walking": "trail", "porter": "trail", "porters": "trail", "footpath": "trail",
        "path": "trail", "horse": "trail",
        "boat": "river", "riverboat": "river", "mekong": "river", "barge": "river",
        "ship": "sea", "vessel": "sea", "container": "sea", "maritime": "sea", "fishingboat": "sea",
        "plane": "air", "flight": "air", "aircraft": "air", "luggage": "air", "airfreight": "air", "aircargo": "air",
        "parcel": "post", "parcels": "post", "postal": "post", "mail": "post", "courier": "post", "express": "post",
        "train": "rail", "railway": "rail", "railroad": "rail",
    ]

    /// Reads an analyst's synonym table: CSV with `kind` (`unit` or `mode`), `synonym` and
    /// `canonical`; each row extends or overrides the built-in table, checked against the
    /// canonical names, with file, line and field in every problem.
    public mutating func addSynonyms(path: String) throws(InputError) {
        var problems: [InputError] = []
        var table: CSVTable
        do {
            table = try CSVTable(path: path, name: path, required: ["kind", "synonym", "canonical"], encoding: .utf8, problems: &problems)
        } catch {
            throw error
        }
        if let first = problems.first { throw first }
        while table.next() {
            guard let kind = table.required("kind"), let synonym = table.required("synonym"),
                  let canonical = table.required("canonical") else { continue }
            let key = NameIndex.fold(synonym)
            switch kind.lowercased() {
            case "unit":
                guard SeizureRow.units.contains(canonical.lowercased()) else {
                    table.report("canonical", "unknown unit \"\(canonical)\" (expected \(SeizureRow.units.sorted().joined(separator: ", ")))")
                    continue
                }
                unitSynonyms[key] = canonical.lowercased()
            case "mode":
                guard TransportMode(rawValue: canonical.lowercased()) != nil else {
                    table.report("canonical", "unknown mode \"\(canonical)\" (expected \(TransportMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                    continue
                }
                modeSynonyms[key] = canonical.lowercased()
            default:
                table.report("kind", "expected unit or mode, got \"\(kind)\"")
            }
        }
        if let first = table.problems.first { throw first }
    }

    /// The canonical unit for `text`, or nil.
    public func unit(_ text: String) -> String? {
        let lower = text.lowercased()
        if SeizureRow.units.contains(lower) { return lower }
        return lenient ? unitSynonyms[NameIndex.fold(text)] : nil
    }

    /// The canonical mode for `text` (empty stays empty), or nil when unknown.
    public func mode(_ text: String) -> String? {
        if text.isEmpty { return "" }
        let lower = text.lowercased()
        if TransportMode(rawValue: lower) != nil { return lower }
        return lenient ? modeSynonyms[NameIndex.fold(text)] : nil
    }

    /// An amount as the sheet writes it; the error says why not.
    public func amount(_ text: String) -> Result<Double, ConventionError> {
        let t = text.trimmingWhitespace()
        // A plain number, unless the sheet uses dots to group thousands (decimal comma).
        if !t.contains(","), !(decimalComma && t.contains(".")), let plain = Double(t), plain.isFinite { return .success(plain) }
        guard lenient else { return .failure(.init("expected a number, got \"\(text)\"")) }
        var digits = t.replacingOccurrences(of: "\u{00A0}", with: " ")
        let decimalMark: Character = decimalComma ? "," : "."
        let groupMarks: Set<Character> = decimalComma ? [".", " "] : [",", " "]
        // Split off the decimals, then every group mark must separate groups of three digits.
        var fraction = ""
        if let i = digits.lastIndex(of: decimalMark) {
            fraction = String(digits[digits.index(after: i)...])
            digits = String(digits[..<i])
        }
        let groups = digits.split(omittingEmptySubsequences: false) { groupMarks.contains($0) }
        let wellGrouped =
            groups.count == 1
            || (groups.first.map { (1...3).contains($0.count) } ?? false && groups.dropFirst().allSatisfy { $0.count == 3 })
        guard wellGrouped, groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Double(groups.joined() + (fraction.isEmpty ? "" : "." + fraction)), value.isFinite
        else {
            let hint = !decimalComma && t.contains(",") ? " (a decimal comma? say --decimal-comma)" : ""
            let examples = decimalComma ? "1200000, 1.200.000 or 12,5" : "1200000, 1,200,000 or 12.5"
            return .failure(.init("expected a number such as \(examples), got \"\(text)\"\(hint)"))
        }
        return .success(value)
    }

    /// A date as the sheet writes it, as ISO 8601 (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    public func date(_ text: String) -> Result<String, ConventionError> {
        let t = text.trimmingWhitespace()
        if BundleReader.isISODate(t) { return .success(t) }
        guard lenient else { return .failure(.init("expected an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), got \"\(text)\"")) }
        let parts = t.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            return .failure(.init("expected a date such as 2024-03-15, 15/03/2024 or 2024/03/15, got \"\(text)\""))
        }
        let n = parts.compactMap { Int($0) }
        func iso(_ y: Int, _ m: Int, _ d: Int) -> String? {
            let candidate = String(format: "%04d-%02d-%02d", y, m, d)
            return BundleReader.isISODate(candidate) ? candidate : nil
        }
        if parts[0].count == 4 {
            // Year first: 2024/03/15 (no sheet writes year-day-month).
            if let d = iso(n[0], n[1], n[2]) { return .success(d) }
            return .failure(.init("\"\(text)\" is not a valid date"))
        }
        guard parts[2].count == 4 else {
            return .failure(.init("\"\(text)\": write the year in full (a two-digit year could be either century)"))
        }
        let dmy = iso(n[2], n[1], n[0]), mdy = iso(n[2], n[0], n[1])
        switch dateOrder {
        case .dmy?: return dmy.map { .success($0) } ?? .failure(.init("\"\(text)\" is not a valid day/month/year date"))
        case .mdy?: return mdy.map { .success($0) } ?? .failure(.init("\"\(text)\" is not a valid month/day/year date"))
        case .ymd?: return .failure(.init("\"\(text)\" does not start with the year, as --date-order ymd says"))
        case nil:
            switch (dmy, mdy) {
            case let (d?, nil): return .success(d)
            case let (nil, m?): return .success(m)
            case (nil, nil): return .failure(.init("\"\(text)\" is not a valid date"))
            case let (d?, m?):
                return d == m
                    ? .success(d)
                    : .failure(.init("\"\(text)\" is ambiguous (\(d) or \(m)); say --date-order dmy or mdy"))
            }
        }
    }
}

/// Why a value could not be read under the conventions, as the problem's message.
public struct ConventionError: Error, Sendable, Hashable {
    public var message: String
    init(_ message: String) { self.message = message }
}
