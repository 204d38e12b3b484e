/// What was seized, in the canonical names the bundle and the cost model use. Reports name
/// the same drug many ways ("yaba", "WY pills", "ice", "shabu", "ma túy đá"); `init(parsing:)`
/// maps the common ones so one commodity filter catches them all.
public enum Commodity: String, Sendable, Hashable, CaseIterable, Comparable {
    case methamphetamineTablets = "methamphetamine tablets"
    case crystalMethamphetamine = "crystal methamphetamine"
    case methamphetamine = "methamphetamine (form not stated)"
    case heroin, opium, morphine, cannabis, ketamine, cocaine
    case opiumPlants = "opium plants"
    case ecstasy = "ecstasy (MDMA)"
    case precursors
    case syntheticDrugs = "synthetic drugs"
    case drugs = "drugs (unspecified)"
    case wildlife

    public static func < (a: Commodity, b: Commodity) -> Bool { a.rawValue < b.rawValue }

    private static let synonyms: [String: Commodity] = {
        var table: [String: Commodity] = [:]
        for c in Commodity.allCases { table[NameIndex.fold(c.rawValue)] = c }
        let extra: [(String, Commodity)] = [
            ("yaba", .methamphetamineTablets), ("meth pills", .methamphetamineTablets), ("methamphetamine pills", .methamphetamineTablets),
            ("amphetamine pills", .methamphetamineTablets), ("amphetamine tablets", .methamphetamineTablets),
            ("stimulant tablets", .methamphetamineTablets), ("wy", .methamphetamineTablets), ("speed pills", .methamphetamineTablets),
            ("ice", .crystalMethamphetamine), ("crystal meth", .crystalMethamphetamine), ("shabu", .crystalMethamphetamine),
            ("ma tuy da", .crystalMethamphetamine), ("methamphetamine", .methamphetamine), ("meth", .methamphetamine),
            ("marijuana", .cannabis), ("ganja", .cannabis), ("opium resin", .opium), ("mdma", .ecstasy), ("ecstasy", .ecstasy),
            ("precursor chemicals", .precursors), ("precursor", .precursors), ("caffeine", .precursors),
            ("synthetic drug tablets", .syntheticDrugs), ("ma tuy tong hop", .syntheticDrugs), ("narcotics", .drugs), ("drugs", .drugs),
        ]
        for (name, c) in extra { table[NameIndex.fold(name)] = c }
        return table
    }()

    /// Nil for a name no table entry matches (the ingest reports it).
    public init?(parsing text: String) {
        guard let c = Self.synonyms[NameIndex.fold(text)] else { return nil }
        self = c
    }
}
