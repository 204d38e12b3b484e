import ChokepointSupport
import Foundation
import Testing

@Suite("Decimal parsing, id interning and the CSV reader")
struct SupportTests {
    func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalParser.parse($0) }
    }

    @Test("Bit-identical to Swift's own parser on 200,000 random spellings (fast and slow paths)")
    func matchesSwiftParser() {
        var state: UInt64 = 99
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for i in 0..<200_000 {
            let text: String
            switch i % 5 {
            case 0: text = String(Double(bitPattern: next() >> 2).magnitude.truncatingRemainder(dividingBy: 1e6))
            case 1: text = "\(next() % 1_000_000).\(next() % 1_000_000)"
            case 2: text = "-\(next() % 100).\(String(next()).prefix(Int(next() % 25) + 1))"
            case 3: text = "\(next() % 10_000)e\(Int(next() % 60) - 30)"
            default: text = String(Double(bitPattern: next()))
            }
            let expected = Double(text)
            let got = parse(text)
            if let expected, expected.isFinite || expected.isInfinite {
                #expect(got?.bitPattern == expected.bitPattern, "\(text)")
            } else if expected == nil {
                #expect(got == nil || got!.isNaN, "\(text)")
            }
        }
    }

    @Test("Accepts what strtod accepts for CSV numbers, refuses the rest", arguments: [
        ("12.5", 12.5), ("-0.25", -0.25), (".5", 0.5), ("5.", 5.0), ("1e3", 1000.0), ("+7", 7.0),
        ("102.633100", 102.6331), ("0.1", 0.1), ("123456789012345678901234", 1.2345678901234568e23),
    ])
    func accepted(text: String, value: Double) {
        #expect(parse(text) == value)
    }

    @Test("Refuses non-numbers", arguments: ["", "-", ".", "1,5", "12a", "e5", "1e", "0x1p3", "nan", "inf", " 1"])
    func refused(text: String) {
        #expect(parse(text) == nil)
    }

    @Test("The byte table interns ids densely and finds them again")
    func byteTable() {
        var table = ByteKeyTable(expectedCount: 2)
        var ids: [String] = []
        for i in 0..<10_000 { ids.append(i % 3 == 0 ? "Tây Trang \(i)" : "n\(i)") }
        for (i, id) in ids.enumerated() {
            let r = Array(id.utf8).withUnsafeBufferPointer { table.insert($0) }
            #expect(r.id == Int32(i) && r.inserted)
        }
        for (i, id) in ids.enumerated() {
            #expect(Array(id.utf8).withUnsafeBufferPointer { table.find($0) } == Int32(i))
            #expect(Array(id.utf8).withUnsafeBufferPointer { table.insert($0) }.inserted == false)
        }
        #expect(Array("missing".utf8).withUnsafeBufferPointer { table.find($0) } == nil)
        #expect(table.count == ids.count)
    }

    @Test("CSV: BOM, CRLF, quoted commas, doubled quotes, multi-line fields, no final newline")
    func csvDialect() throws {
        let text = "\u{FEFF}id,name,note\r\n1,\"Mae Sai, TH\",plain\r\n2,\"say \"\"hi\"\"\",\"two\nlines\"\n3,last,"
        var reader = try CSVReader(text: text, file: "t.csv")
        #expect(reader.header == ["id", "name", "note"])
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.next() {
            rows.append((0..<3).map { reader.string($0) })
            lines.append(reader.line)
        }
        #expect(rows == [["1", "Mae Sai, TH", "plain"], ["2", "say \"hi\"", "two\nlines"], ["3", "last", ""]])
        #expect(lines == [2, 3, 5])
    }

    @Test("CSV errors carry the line", arguments: [
        ("a,b\n1,2\n3\n", 3, "expected 2 fields"),
        ("a,b\n1,x\"y\n", 2, "quote inside an unquoted field"),
        ("a,b\n1,\"open\n", 2, "never closed"),
        ("a,b\n1,\"x\"y\n", 2, "after a closing quote"),
        ("a,a\n", 1, "appears twice"),
        ("", 1, "empty"),
    ])
    func csvErrors(text: String, line: Int, fragment: String) {
        do {
            var reader = try CSVReader(text: text, file: "t.csv")
            while try reader.next() {}
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.location.line == line, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test("Numbers in CSV fields: spaces trimmed, bad values named with line and column")
    func csvNumbers() throws {
        var reader = try CSVReader(text: "w,v\n 2.5 ,\n1,5\nabc,1\n", file: "e.csv")
        #expect(try reader.next())
        #expect(try reader.double(0) == 2.5)
        #expect(try reader.optionalDouble(1) == nil)
        #expect(throws: InputError.self) { try reader.double(1) }
        #expect(try reader.next())
        #expect(try reader.next())
        #expect(throws: InputError(InputLocation(file: "e.csv", line: 4, field: "w"), "expected a number, got \"abc\"")) {
            try reader.double(0)
        }
    }
}
