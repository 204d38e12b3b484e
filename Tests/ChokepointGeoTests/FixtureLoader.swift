import Foundation

/// Reads a committed oracle fixture with Foundation's parser, so the values under test
/// never pass through Chokepoint's own JSON code.
enum Fixture {
    static func json(_ name: String) throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
        }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        return dictionary
    }
}

extension Array where Element == Any {
    var doubles: [Double] { compactMap { ($0 as? NSNumber)?.doubleValue } }
}
