import ChokepointGeo
import FuzzDriver

/// The JSON parser and the GeoJSON reader on arbitrary bytes. A document that parses must
/// write back (JSONWriter) to text that parses to the same value; GeoJSON decoding of it must
/// end in an object or a located error.
func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzDriver.bytes(data, size)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    var written: [UInt8] = []
    if (try? JSONWriter.append(value, to: &written)) != nil {
        guard let again = try? JSONParser.parse(written) else {
            fatalError("JSONWriter wrote text the parser refuses: \(String(decoding: written, as: UTF8.self))")
        }
        precondition(again == value, "a value changed on a write and read: \(String(decoding: written, as: UTF8.self))")
    }
    if let object = try? GeoJSONReader(file: "fuzz.geojson").decode(value) {
        _ = try? object.asFeatureCollection
    }
    return 0
}

@main
enum FuzzJSONMain {
    static func main() { runFuzzer { fuzzJSON($0, $1) } }
}
