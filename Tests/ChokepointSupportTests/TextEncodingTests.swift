@testable import ChokepointSupport
import Foundation
import Testing

@Suite struct TextEncodingTests {
    /// Foundation's own UTF-8 decoder, the oracle: a byte string is valid exactly when it
    /// decodes without repairs.
    static func foundationAccepts(_ bytes: [UInt8]) -> Bool {
        String(data: Data(bytes), encoding: .utf8) != nil
    }

    @Test func utf8CheckAgreesWithFoundationOnEveryShortSequence() {
        // Every 1- and 2-byte string, and every 3- and 4-byte string over the bytes where the
        // rules bite (lead bytes, continuation edges, surrogates, the U+10FFFF limit).
        let edges: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        var cases: [[UInt8]] = (0...255).map { [UInt8($0)] }
        for a in 0...255 { for b in edges { cases.append([UInt8(a), b]) } }
        for a in edges {
            for b in edges {
                for c in edges { cases.append([a, b, c]); for d in [0x80, 0xBF, 0x41] as [UInt8] { cases.append([a, b, c, d]) } }
            }
        }
        var valid = 0
        for bytes in cases {
            let ours = TextEncoding.firstInvalidUTF8(bytes) == nil
            #expect(ours == Self.foundationAccepts(bytes), "\(bytes.map { String($0, radix: 16) })")
            if ours { valid += 1 }
        }
        #expect(valid > 1000 && valid < cases.count - 1000)
    }

    @Test func invalidByteIsLocatedByLineColumnAndOffset() throws {
        let bytes = Array("id,name\n1,Caf".utf8) + [0xE9] + Array(" agency\n".utf8)
        #expect(throws: InputError.self) { try TextEncoding.utf8.utf8(bytes, file: "s.csv") }
        do {
            _ = try TextEncoding.utf8.utf8(bytes, file: "s.csv")
        } catch {
            #expect(error.location == InputLocation(file: "s.csv", line: 2, column: 6))
            #expect(error.message.contains("0xE9") && error.message.contains("byte offset 13"))
        }
        let fine = Array("Nghệ An, Điện Biên\n".utf8)
        #expect(try TextEncoding.utf8.utf8(fine, file: "x") == fine)
    }

    @Test func windows1252AndLatin1TranscodeAsFoundationDoes() throws {
        let all = (0...255).map { UInt8($0) }
        let cp1252 = String(decoding: try TextEncoding.windows1252.utf8(all, file: "x"), as: UTF8.self)
        let latin1 = String(decoding: try TextEncoding.latin1.utf8(all, file: "x"), as: UTF8.self)
        #expect(latin1 == String(data: Data(all), encoding: .isoLatin1))
        // Foundation leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D unmapped; WHATWG (and we) map them to C1.
        let defined = all.filter { ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }
        let ours = String(decoding: try TextEncoding.windows1252.utf8(defined, file: "x"), as: UTF8.self)
        #expect(ours == String(data: Data(defined), encoding: .windowsCP1252))
        #expect(cp1252.unicodeScalars.count == 256)
        #expect(String(decoding: try TextEncoding.windows1252.utf8([0x80, 0x93, 0xE9, 0x94], file: "x"), as: UTF8.self) == "€“é”")
    }

    @Test func encodingNamesAsAnalystsWriteThem() {
        #expect(TextEncoding(name: "UTF8") == .utf8)
        #expect(TextEncoding(name: "cp1252") == .windows1252)
        #expect(TextEncoding(name: "ISO_8859-1") == .latin1)
        #expect(TextEncoding(name: "ebcdic") == nil)
    }

    @Test func unreadablePathsSaySoInASentence() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: InputError(InputLocation(file: folder), "is a folder, not a file")) { try TextEncoding.read(path: folder) }
        let missing = folder + "/chokepoint-no-such-file-\(ProcessInfo.processInfo.processIdentifier).csv"
        #expect(throws: InputError(InputLocation(file: missing), "no such file")) { try TextEncoding.read(path: missing) }
    }
}
