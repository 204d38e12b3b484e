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

    /// The conventions these flags describe; a synonym table's problems are typed errors.
    func conventions() throws -> SeizureConventions {
        var c = SeizureConventions()
        c.dateOrder = dateOrder
        c.decimalComma = decimalComma
        if let synonyms { try c.addSynonyms(path: synonyms) }
        return c
    }
}

extension SeizureConventions.DateOrder: ExpressibleByArgument {}
