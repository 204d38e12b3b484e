import ChokepointGraph
import Foundation
import Testing

/// One NetworkX oracle fixture: the graph files and NetworkX's answers, read with Foundation.
struct NetworkXFixture {
    let name: String
    let directory: String
    let expected: [String: Any]
    let graph: Graph

    static let names = ["grid", "unit_grid", "geometric", "directed", "disconnected", "multigraph", "dead_ends"]
    /// The fixtures with parallel edges, which have no k-shortest, max-flow or route-flow answers.
    static let multigraphs: Set<String> = ["multigraph", "dead_ends"]
    static var simpleGraphs: [String] { names.filter { !multigraphs.contains($0) } }

    init(_ name: String) throws {
        self.name = name
        guard let url = Bundle.module.url(forResource: "networkx/\(name)", withExtension: nil, subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/networkx/\(name)"])
        }
        directory = url.path
        let data = try Data(contentsOf: url.appendingPathComponent("expected.json"))
        expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        graph = try GraphCSVLoader.load(directory: directory)
    }

    func values(_ key: String) throws -> [String: Double] {
        let raw = try #require(expected[key] as? [String: Any], "missing \(key) in \(name)")
        return raw.mapValues { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }
}

/// |a − b| ≤ 1e-9 · max(1, |a|, |b|): relative for large values, absolute near zero.
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
