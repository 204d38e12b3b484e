import ChokepointSupport
import Foundation
import Testing

/// `CSVReader(streaming:)` reads a block of whole records at a time; on any file it must
/// give exactly what the whole-file reader gives: the same rows, lines, fields and errors.
@Suite struct CSVStreamingTests {
    /// SplitMix64 (Steele, Lea & Flood 2014), here to keep this target free of the graph layer.
    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum Event: Equatable {
        case row(line: Int, fields: [String])
        case error(String)
    }

    /// Every row, and every error as the bundle reader meets them (it carries on after one).
    static func events(_ make: () throws(InputError) -> CSVReader) -> [Event] {
        var reader: CSVReader
        do {
            reader = try make()
        } catch {
            return [.error(error.description)]
        }
        var out: [Event] = [.row(line: 1, fields: reader.header)]
        while out.count < 10_000 {
            do {
                guard try reader.next() else { break }
                out.append(.row(line: reader.line, fields: reader.fields.indices.map { reader.string($0) }))
            } catch {
                out.append(.error(error.description))
            }
        }
        return out
    }

    static func randomCSV(_ rng: inout SplitMix64) -> String {
        let pieces = ["a", "bé", "Điện Biên", " x ", "1.5", "", ",", "\"\"", "\n", "\r\n", "q\"q", "—", "12"]
        var text = "id,name,note\n"
        for _ in 0..<Int(rng.next() % 40) {
            var fields: [String] = []
            let count = rng.next() % 10 == 0 ? Int(rng.next() % 5) : 3  // now and then a wrong field count
            for _ in 0..<count {
                var f = ""
                for _ in 0..<Int(rng.next() % 4) { f += pieces[Int(rng.next() % UInt64(pieces.count))] }
                let quoted = f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" })
                // Mostly well quoted; sometimes a bare quote or an unclosed one, as broken files have.
                switch rng.next() % 20 {
                case 0: fields.append("\"" + f)
                case 1: fields.append(f + "\"x")
                default: fields.append(quoted ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f)
                }
            }
            text += fields.joined(separator: ",") + (rng.next() % 7 == 0 ? "\r\n" : "\n")
            if rng.next() % 15 == 0 { text += "\n" }
        }
        if rng.next() % 3 == 0 { text.removeLast() }  // no final newline
        return text
    }

    @Test func streamingGivesWhatTheWholeFileReaderGives() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-stream-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SplitMix64(seed: 16)
        var compared = 0
        for i in 0..<400 {
            let path = "\(dir)/\(i).csv"
            try Self.randomCSV(&rng).write(toFile: path, atomically: false, encoding: .utf8)
            let whole = Self.events { () throws(InputError) in try CSVReader(path: path) }
            for blockSize in [1, 2, 5, 16, 100, 1 << 16] {
                let streamed = Self.events { () throws(InputError) in try CSVReader(streaming: path, blockSize: blockSize) }
                #expect(streamed == whole, "file \(i), blocks of \(blockSize)")
                compared += 1
            }
        }
        #expect(compared == 2400)
    }

    @Test func aBadByteInALaterBlockIsPlacedInTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-stream-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("id,name\n1,Vinh\n2,Hu".utf8) + [0xE9] + Array("\n3,Lao Bao\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var whole: String?
        do { _ = try CSVReader(path: path) } catch { whole = error.description }
        var reader = try CSVReader(streaming: path, blockSize: 4)
        var streamed: String?
        do { while try reader.next() {} } catch { streamed = error.description }
        #expect(whole != nil && streamed == whole)
        // And nothing after it: the file is refused from the bad byte on.
        #expect(try reader.next() == false)
        #expect(whole?.contains(":3:5:") == true && whole?.contains("byte offset 19") == true, "\(whole ?? "")")
        bytes.removeAll()
    }

    /// A lone CR ends a row for the reader but not a line for the UTF-8 check; blocks must
    /// place a bad byte where the whole-file check does (found by FuzzCSV).
    @Test func aBadByteAfterLoneCarriageReturnsIsPlacedAsInTheWholeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-stream-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Array("id,v\r1,a\r2,b\n3,c".utf8) + [0xCB, 0x00] + Array("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let whole = Self.events { () throws(InputError) in try CSVReader(path: path) }
        for blockSize in [1, 2, 3, 8] {
            let streamed = Self.events { () throws(InputError) in try CSVReader(streaming: path, blockSize: blockSize) }
            #expect(streamed.last == whole.first, "blocks of \(blockSize)")
        }
    }

    @Test func theRowEstimateCountsTheWholeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chokepoint-stream-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ("id,v\n" + (0..<10_000).map { "row-\($0),\($0)" }.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        // Sampled from the first block only, where these ids are shortest: rough, and high.
        let estimate = try CSVReader(streaming: path, blockSize: 4096).estimatedRowCount
        #expect((9_000...13_500).contains(estimate), "\(estimate)")
    }
}
