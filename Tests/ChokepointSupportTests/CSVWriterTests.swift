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

    @Test("A text cell that a spreadsheet would run as a formula gets a leading quote (OWASP)",
          arguments: [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
                      ("\rx", "\"'\rx\""), ("=a,b", "\"'=a,b\""), ("a=b", "a=b"), ("", "")])
    func formulasAreNeutralised(input: String, expected: String) {
        #expect(CSVWriter.text(input) == expected)
    }

    @Test func aTableHasItsHeaderThenOneLinePerRow() {
        let text = CSVWriter.table(columns: ["id", "n"], rows: [("x", 1), ("y,z", 2)]) { row, column in
            column == "id" ? CSVWriter.text(row.0) : String(row.1)
        }
        #expect(text == "id,n\nx,1\n\"y,z\",2\n")
    }
}
