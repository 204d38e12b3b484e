import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation
import Testing

/// TLP 2.0 markings on seizure records: how they are read, what a record without one gets,
/// what a merged case carries, and which records a sharing policy lets through.
@Suite struct HandlingMarkingTests {
    @Test func markingsAreReadAsAnalystsWriteThem() {
        let read: [(String, TLP?)] = [
            ("RED", .red), ("TLP:RED", .red), ("tlp:amber+strict", .amberStrict), ("AMBER STRICT", .amberStrict),
            (" TLP: green ", .green), ("Clear", .clear), ("WHITE", .clear), ("TLP:WHITE", .clear), ("amber", .amber),
            ("PURPLE", nil), ("AMBER+", .amber), ("", nil), ("TLP:", nil), ("REDD", nil),
        ]
        for (text, expected) in read { #expect(TLP(parsing: text) == expected, "\(text)") }
        // Least to most restricted, as FIRST orders them.
        #expect(TLP.allCases == [.clear, .green, .amber, .amberStrict, .red])
        #expect(TLP.allCases.map(\.description) == ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"])
    }

    @Test func aPolicySharesOnlyAtOrBelowItsLevel() {
        let green = SharingPolicy(level: .green, mode: .withhold)
        #expect(TLP.allCases.filter { green.shares($0) } == [.clear, .green])
        let amber = SharingPolicy(level: .amber, mode: .aggregate)
        #expect(TLP.allCases.filter { amber.shares($0) } == [.clear, .green, .amber])
    }

    static let header = "id,date,date_precision,place,lon,lat,location_precision,commodity,amount,unit,mode,agency,source,tlp\n"

    @Test func rowsTakeTheirOwnMarkingElseTheFilesDefaultAndABadOneIsNamed() throws {
        let (rows, readProblems) = try SeizureNormaliserTests.read(Self.header + """
            a,2024-03-01,,Nghe An,,,,heroin,10,kg,,Police,report A,TLP:RED
            b,2024-05-01,,Nghe An,,,,heroin,10,kg,,Police,report B,
            c,2024-07-01,,Nghe An,,,,heroin,10,kg,,Police,report C,green
            d,2024-09-01,,Nghe An,,,,heroin,10,kg,,Police,report D,PURPLE

            """)
        #expect(readProblems.isEmpty)
        var normaliser = SeizureNormaliser(bundle: try SeizureNormaliserTests.bundle())
        normaliser.unmarked = .amberStrict
        let (records, problems) = normaliser.normalise(rows, file: "in.csv")
        #expect(records.map(\.id) == ["a", "b", "c"])
        #expect(records.map(\.marking) == [.red, .amberStrict, .green])
        #expect(problems.map(\.description) == [
            #"in.csv:5: field "tlp": "PURPLE" is not a marking: \#(TLP.expected)"#
        ])
    }

    @Test func aMergedCaseIsAsRestrictedAsItsMostRestrictedReport() throws {
        let (rows, _) = try SeizureNormaliserTests.read(Self.header + """
            bg-1,2024-03-01,,Nghe An,,,,heroin,10,kg,,Border guards,report A,GREEN
            cu-7,2024-03-03,,Nghe An,,,,heroin,9,kg,,Customs,report B,RED
            po-2,2024-03-02,,Nghe An,,,,heroin,10.5,kg,,Police,report C,CLEAR
            late,2024-03-10,,Nghe An,,,,heroin,10,kg,,Police,report D,CLEAR

            """)
        let (records, _) = SeizureNormaliser(bundle: try SeizureNormaliserTests.bundle()).normalise(rows, file: "in.csv")
        let (merged, _) = SeizureMerger().merge(records)
        #expect(merged.map(\.id) == ["bg-1", "late"])
        #expect(merged.map(\.marking) == [.red, .clear])
    }

    @Test func withholdingLeavesRecordsAboveTheLevelOutBeforeTheMerge() throws {
        let bundle = try SeizureNormaliserTests.bundle()
        let (rows, _) = try SeizureNormaliserTests.read(Self.header + """
            bg-1,2024-03-01,,Nghe An,,,,heroin,10,kg,,Border guards,report A,GREEN
            cu-7,2024-03-03,,Nghe An,,,,heroin,9,kg,,Customs,report B,RED
            late,2024-03-10,,Nghe An,,,,heroin,10,kg,,Police,report D,AMBER

            """)
        var pipeline = SeizurePipeline(bundle: bundle)
        pipeline.sharing = SharingPolicy(level: .green, mode: .withhold)
        let withheld = pipeline.ingest([(rows, "in.csv", [])], unmarked: .amber)
        // cu-7 would have merged into bg-1 and made it RED; withheld first, bg-1 stays GREEN.
        #expect(withheld.records.map(\.id) == ["bg-1"] && withheld.records.map(\.marking) == [.green])
        #expect(withheld.account.withheld == 2 && withheld.account.used == 1)
        pipeline.sharing = SharingPolicy(level: .green, mode: .aggregate)
        let aggregated = pipeline.ingest([(rows, "in.csv", [])], unmarked: .amber)
        // Aggregate keeps every record for the totals; the merged case is RED, so unnamed.
        #expect(aggregated.records.map(\.id) == ["bg-1", "late"] && aggregated.records.map(\.marking) == [.red, .amber])
        #expect(aggregated.account.withheld == 2 && aggregated.account.used == 2)
    }
}
