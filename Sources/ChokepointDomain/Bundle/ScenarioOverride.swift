import ChokepointSupport
import Yams

/// One `--set KEY=VALUE`: a scenario key by its dotted path (`evidence.half_life_days`,
/// `cost.speed_kmh.road`) and a YAML value (`365`, `false`, `{road: 50, trail: 3}`,
/// `[mm-tachileik, mm-mong-la]`). Every scenario key can be overridden this way from the
/// command line, and is then checked like the same key in the file.
public struct ScenarioOverride: Sendable, Hashable, CustomStringConvertible {
    public var path: [String]
    public var value: String

    public init(parsing text: String) throws(InputError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw InputError(InputLocation(file: "--set"), "expected KEY=VALUE (for example evidence.half_life_days=365), got \"\(text)\"")
        }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces)
        path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        value = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, path.allSatisfy({ !$0.isEmpty }) else {
            throw InputError(InputLocation(file: "--set"), "\"\(key)\" is not a key path such as cost.speed_kmh.road")
        }
        guard !value.isEmpty else {
            throw InputError(InputLocation(file: "--set", field: key), "no value after '='")
        }
    }

    public var description: String { "\(path.joined(separator: "."))=\(value)" }

    /// Sets the key in the composed scenario document, creating sections that are missing.
    func apply(to root: inout Node) throws(InputError) {
        try YAMLKeyCheck.check(value, file: "--set", field: path.joined(separator: "."))
        let parsed: Node?
        do {
            parsed = try Yams.compose(yaml: value)
        } catch {
            throw InputError(InputLocation(file: "--set", field: path.joined(separator: ".")), "not a YAML value: \(value)")
        }
        guard let parsed else {
            throw InputError(InputLocation(file: "--set", field: path.joined(separator: ".")), "not a YAML value: \(value)")
        }
        try Self.set(parsed, at: path[...], in: &root, done: [])
    }

    private static func set(_ value: Node, at path: ArraySlice<String>, in node: inout Node, done: [String]) throws(InputError) {
        guard let key = path.first else { return }
        guard node.mapping != nil else {
            throw InputError(InputLocation(file: "--set", field: done.joined(separator: ".")),
                             "is a value, not a section: cannot set \((done + path).joined(separator: "."))")
        }
        if path.count == 1 {
            node[key] = value
            return
        }
        var child = node[key] ?? Node([(Node, Node)]())
        try set(value, at: path.dropFirst(), in: &child, done: done + [key])
        node[key] = child
    }
}
