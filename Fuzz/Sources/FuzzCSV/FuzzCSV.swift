import ChokepointSupport
import FuzzDriver

/// The CSV reader on arbitrary bytes: every row, every field as text and as a number. Any
/// input must end in rows or a located `InputError`, never a trap; a row the reader returns
/// has exactly the header's field count.
func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzDriver.bytes(data, size)
    guard var reader = try? CSVReader(bytes: bytes, file: "fuzz.csv") else { return 0 }
    let columns = reader.header.count
    while true {
        do {
            guard try reader.next() else { break }
        } catch {
            precondition(error.location.line != nil, "a CSV error without a line: \(error)")
            break
        }
        precondition(reader.fields.count == columns, "a row of \(reader.fields.count) fields under \(columns) columns")
        for c in 0..<columns {
            _ = reader.trimmedString(c)
            _ = reader.isEmpty(c)
            if let value = try? reader.optionalDouble(c) { precondition(value.isFinite, "a non-finite number was returned") }
        }
    }
    _ = reader.estimatedRowCount
    return 0
}

@main
enum FuzzCSVMain {
    static func main() { runFuzzer { fuzzCSV($0, $1) } }
}
