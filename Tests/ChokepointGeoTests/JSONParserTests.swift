import ChokepointGeo
import Foundation
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("Scalars: integers stay integers, reals stay reals")
    func scalars() throws {
        #expect(try JSONParser.parse("42") == .integer(42))
        #expect(try JSONParser.parse("-0") == .integer(0))
        #expect(try JSONParser.parse("42.0") == .number(42))
        #expect(try JSONParser.parse("1e3") == .number(1000))
        #expect(try JSONParser.parse("-1.5E-2") == .number(-0.015))
        #expect(try JSONParser.parse("9223372036854775808") == .number(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse(" true ") == .bool(true))
        #expect(try JSONParser.parse("null") == .null)
    }

    @Test("Strings: escapes, non-ASCII and surrogate pairs")
    func strings() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\n\t""#) == .string("a\"b\\c/d\n\t"))
        #expect(try JSONParser.parse(#""Nghệ An""#) == .string("Nghệ An"))
        #expect(try JSONParser.parse(#""\u1ec7""#) == .string("ệ"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test("Object members keep their order; a repeated key keeps its last value in the first place")
    func order() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3,"a":4}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["a"] == .integer(4))
    }

    @Test("Syntax errors carry line and column", arguments: [
        ("{\"a\": 1,\n \"b\": }", 2, 7, "expected a JSON value"),
        ("{\"a\": [1, 2", 1, 12, "truncated"),
        ("[1, 2] x", 1, 8, "after the end"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("[01]", 1, 2, "leading zero"),
        ("\"abc", 1, 1, "unterminated string"),
        ("[tru]", 1, 2, "invalid literal"),
        ("\"\\x\"", 1, 2, "invalid escape"),
        ("\"\\ud83d\"", 1, 8, "unpaired"),
        ("", 1, 1, "truncated"),
    ])
    func syntaxErrors(text: String, line: Int, column: Int, fragment: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.line == line && error.column == column, "\(text): got \(error.line):\(error.column) \(error.message)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("Hostile nesting stops with an error, not a stack overflow")
    func depth() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test("Writer output reads back to the same value, and agrees with Foundation's parser")
    func writerRoundTrip() throws {
        let value: JSONValue = .object([
            "name": "Tây Trang \"gate\"\n",
            "count": 12,
            "score": 0.1,
            "tiny": 1e-7,
            "flags": [true, false, nil],
            "nested": .object(["x": -3.25]),
        ])
        var out: [UInt8] = []
        try JSONWriter.append(value, to: &out)
        #expect(try JSONParser.parse(out) == value)
        let foundation = try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])
        #expect(foundation["name"] as? String == "Tây Trang \"gate\"\n")
        #expect((foundation["tiny"] as? NSNumber)?.doubleValue == 1e-7)
        #expect(throws: JSONWriteError(path: "$.bad[1]", message: "nan cannot be written as JSON (use null for a missing value)")) {
            var sink: [UInt8] = []
            try JSONWriter.append(.object(["bad": [1, .number(.nan)]]), to: &sink)
        }
    }
}
