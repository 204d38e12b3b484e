import ChokepointSupport
import Testing

@Suite struct CSVWriterTests {
    @Test func fieldsAreQuotedAsRFC4180Asks() {
        #expect(CSVWriter.field("plain") == "plain")
        #expect(CSVWriter.field("a,b") == "\"a,b\"")
        #expect(CSVWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.field("cr\r") == "\"cr\r\"")
        #expect(CSVWriter.line(["a", "b"]) == "a,b\n")
    }

    @Test func aTableHasItsHeaderThenOneLinePerRow() {
        let text = CSVWriter.table(columns: ["id", "n"], rows: [("x", 1), ("y,z", 2)]) { row, column in
            column == "id" ? CSVWriter.field(row.0) : String(row.1)
        }
        #expect(text == "id,n\nx,1\n\"y,z\",2\n")
    }
}
