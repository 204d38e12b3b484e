import ArgumentParser
import ChokepointDomain
import ChokepointSupport

/// How an analyst's seizure sheet writes dates, numbers, units and modes (README, "Sheets as
/// analysts write them"), on the commands that read one.
struct SheetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How the sheet's dates are written: dmy (15/03/2024), mdy (03/15/2024) or ymd. Without it a date is read only when a single order makes it valid; 03/04/2024 is then an error.",
            valueName: "order"))
    var dateOrder: SeizureConventions.DateOrder?

    @Flag(help: "The sheet writes decimal commas (12,5 kg; 1.200.000,5): a comma is the decimal mark, dots and spaces group thousands.")
    var decimalComma = false

    @Option(
        help: ArgumentHelp(
            "A CSV of your own unit and mode synonyms (columns kind, synonym, canonical; kind unit or mode), added to the built-in ones (kgs, pills, truck, parcel, ...).",
            valueName: "file"))
    var synonyms: String?

    @Option(
        help: ArgumentHelp(
            "The handling marking of the file's rows that have no tlp column value: CLEAR, GREEN, AMBER, AMBER+STRICT or RED (TLP 2.0). Default AMBER: unmarked agency data is not for the world.",
            valueName: "marking"))
    var tlp: TLP?

    /// The conventions these flags describe; a synonym table's problems are typed errors.
    func conventions() throws -> SeizureConventions {
        var c = SeizureConventions()
        c.dateOrder = dateOrder
        c.decimalComma = decimalComma
        c.unmarked = tlp
        if let synonyms { try c.addSynonyms(path: synonyms) }
        return c
    }
}

extension SeizureConventions.DateOrder: ExpressibleByArgument {}

extension TLP: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
}

/// Who the files are for (`--share-level`, `--share-mode`), on the commands that write
/// seizure-derived files.
struct SharingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write files fit to share at this TLP 2.0 level (CLEAR, GREEN, AMBER, AMBER+STRICT): records marked above it are never named (no id, position, date, amount, agency or source), and every file says so.",
            valueName: "marking"))
    var shareLevel: TLP?

    @Option(
        help: ArgumentHelp(
            "With --share-level: withhold (default) computes everything without the records above the level; aggregate keeps their weight in totals and rankings without naming them.",
            valueName: "mode"))
    var shareMode: SharingPolicy.Mode?

    /// The policy these flags ask for; nil without --share-level.
    func policy() throws -> SharingPolicy? {
        guard let shareLevel else {
            if shareMode != nil { throw ValidationError("--share-mode needs --share-level.") }
            return nil
        }
        return SharingPolicy(level: shareLevel, mode: shareMode ?? .withhold)
    }
}

extension SharingPolicy.Mode: ExpressibleByArgument {}
