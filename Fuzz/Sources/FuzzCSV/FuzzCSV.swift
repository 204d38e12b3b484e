import ChokepointSupport
import Foundation
import FuzzDriver

/// The CSV reader on arbitrary bytes: every row, every field as text and as a number. Any
/// input ends in rows or a located `InputError`, never a trap; a row has exactly the
/// header's field count. The same bytes from a file are read again a block at a time
/// (`CSVReader(streaming:)`, blocks of 1–64 bytes so that cuts fall everywhere), which must
/// give the same rows, lines and errors as the whole-file reader.
func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzDriver.bytes(data, size)
    if var reader = try? CSVReader(bytes: bytes, file: "fuzz.csv") {
        let columns = reader.header.count
        for _ in 0..<100_000 {
            do {
                guard try reader.next() else { break }
            } catch {
                precondition(error.location.line != nil, "a CSV error without a line: \(error)")
                continue
            }
            precondition(reader.fields.count == columns, "a row of \(reader.fields.count) fields under \(columns) columns")
            for c in 0..<columns {
                _ = reader.trimmedString(c)
                _ = reader.isEmpty(c)
                if let value = try? reader.optionalDouble(c) { precondition(value.isFinite, "a non-finite number was returned") }
            }
        }
        _ = reader.estimatedRowCount
    }
    // Differential: whole file against blocks.
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) else { fatalError("cannot write \(scratch)") }
    let whole = events { () throws(InputError) in try CSVReader(path: scratch) }
    let streamed = events { () throws(InputError) in try CSVReader(streaming: scratch, blockSize: 1 + size % 64) }
    if case .error(let message)? = whole.first, message.contains("not UTF-8") {
        // The whole-file reader checks before it parses; blocks are checked as they come, so
        // the block reader ends on the same error, or refuses the header before reaching it.
        let refusedEarlier: Bool
        if streamed.count == 1, case .error = streamed[0] { refusedEarlier = true } else { refusedEarlier = false }
        precondition(streamed.last == whole.first || refusedEarlier, "streaming missed the encoding error: \(whole) vs \(streamed)")
    } else {
        precondition(streamed == whole, "streaming differs: \(whole) vs \(streamed)")
    }
    return 0
}

enum Event: Equatable {
    case row(Int, [String])
    case error(String)
}

/// Every row and error, carrying on after an error as the bundle reader does.
func events(_ make: () throws(InputError) -> CSVReader) -> [Event] {
    var reader: CSVReader
    do {
        reader = try make()
    } catch {
        return [.error(error.description)]
    }
    var out: [Event] = [.row(1, reader.header)]
    while out.count < 100_000 {
        do {
            guard try reader.next() else { break }
            out.append(.row(reader.line, reader.fields.indices.map { reader.string($0) }))
        } catch {
            out.append(.error(error.description))
        }
    }
    return out
}

nonisolated(unsafe) let scratch = NSTemporaryDirectory() + "/chokepoint-fuzzcsv-\(ProcessInfo.processInfo.processIdentifier).csv"

@main
enum FuzzCSVMain {
    static func main() { runFuzzer { fuzzCSV($0, $1) } }
}
