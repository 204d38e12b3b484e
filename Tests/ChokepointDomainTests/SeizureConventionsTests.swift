import ChokepointDomain
import Foundation
import Testing

/// Sheets as analysts write them (issue 18 item 2): each documented rule, and the cases that
/// stay ambiguous and must be errors.
@Suite struct SeizureConventionsTests {
    static func amount(_ text: String, decimalComma: Bool = false) -> Double? {
        var c = SeizureConventions()
        c.decimalComma = decimalComma
        return try? c.amount(text).get()
    }

    static func date(_ text: String, _ order: SeizureConventions.DateOrder? = nil) -> String? {
        var c = SeizureConventions()
        c.dateOrder = order
        return try? c.date(text).get()
    }

    @Test func amountsWithThousandsSeparatorsAndDecimalCommas() {
        #expect(Self.amount("1200000") == 1_200_000 && Self.amount("1,200,000") == 1_200_000 && Self.amount("1 200 000") == 1_200_000)
        #expect(Self.amount("12.5") == 12.5 && Self.amount("1,200.75") == 1_200.75 && Self.amount(" 7 ") == 7)
        // Commas that do not group thousands are not guessed at without --decimal-comma.
        #expect(Self.amount("12,5") == nil && Self.amount("1,20,000") == nil && Self.amount("1,2000") == nil && Self.amount("abc") == nil)
        #expect(Self.amount("12,5", decimalComma: true) == 12.5 && Self.amount("1.200.000,5", decimalComma: true) == 1_200_000.5)
        #expect(Self.amount("1.200", decimalComma: true) == 1_200 && Self.amount("1,200,000", decimalComma: true) == nil)
        let strict = SeizureConventions.strict
        #expect((try? strict.amount("1,200").get()) == nil && (try? strict.amount("12.5").get()) == 12.5)
    }

    @Test func datesInTheOrdersSheetsUse() {
        #expect(Self.date("2024-03-15") == "2024-03-15" && Self.date("2024-03") == "2024-03" && Self.date("2024") == "2024")
        // One order alone makes these valid.
        #expect(Self.date("15/03/2024") == "2024-03-15" && Self.date("03/15/2024") == "2024-03-15")
        #expect(Self.date("15.03.2024") == "2024-03-15" && Self.date("2024/03/15") == "2024-03-15" && Self.date("2024-3-5") == "2024-03-05")
        // Both orders valid and different: only a stated order reads it.
        #expect(Self.date("03/04/2024") == nil)
        #expect(Self.date("03/04/2024", .dmy) == "2024-04-03" && Self.date("03/04/2024", .mdy) == "2024-03-04")
        #expect(Self.date("04/04/2024") == "2024-04-04")
        // Impossible, two-digit years, an order the date contradicts.
        #expect(Self.date("31/02/2024") == nil && Self.date("15/03/24") == nil && Self.date("15/03/2024", .mdy) == nil)
        let message = SeizureConventions().date("03/04/2024")
        #expect(message == .failure(ConventionErrorProbe.make("\"03/04/2024\" is ambiguous (2024-04-03 or 2024-03-04); say --date-order dmy or mdy")))
        #expect((try? SeizureConventions.strict.date("15/03/2024").get()) == nil)
    }

    @Test func unitAndModeSynonymsAndTheAnalystsOwn() throws {
        let c = SeizureConventions()
        #expect(c.unit("KGS") == "kg" && c.unit("pills") == "tablets" && c.unit("Kilos") == "kg" && c.unit("tablets") == "tablets")
        #expect(c.unit("bags") == nil && SeizureConventions.strict.unit("kgs") == nil)
        #expect(c.mode("truck") == "road" && c.mode("On foot") == "trail" && c.mode("parcel") == "post" && c.mode("") == "")
        #expect(c.mode("hovercraft") == nil)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("synonyms-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "kind,synonym,canonical\nunit,bags,kg\nmode,hovercraft,river\n".write(toFile: file, atomically: true, encoding: .utf8)
        var mine = SeizureConventions()
        try mine.addSynonyms(path: file)
        #expect(mine.unit("bags") == "kg" && mine.mode("Hovercraft") == "river" && mine.unit("kgs") == "kg")
        try "kind,synonym,canonical\nunit,bags,sacks\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try mine.addSynonyms(path: file)
        } throws: { error in
            "\(error)".hasPrefix("\(file):2: field \"canonical\": unknown unit \"sacks\"")
        }
    }
}

/// Builds the expected error value for comparison (its initialiser is internal).
enum ConventionErrorProbe {
    static func make(_ message: String) -> ConventionError {
        guard case let .failure(e) = SeizureConventions.strict.amount("x") else { fatalError() }
        var copy = e
        copy.message = message
        return copy
    }
}
