import ChokepointSupport
import Foundation
import Yams

/// Reads scenario.yaml: `name`, `sources` (a list of node ids) and `targets` (a demand table
/// file name, or a list of node ids). Unknown keys are errors so that a misspelt parameter is
/// never silently ignored. Parsed by Yams (libyaml), which reports line and column.
enum ScenarioReader {
    static let knownKeys: Set<String> = ["name", "sources", "targets"]

    static func read(path: String, file: String) throws(InputError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(InputLocation(file: file), "cannot read the file: \(error.localizedDescription)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputError(location(of: error, file: file), "not valid YAML: \(summary(of: error))")
        } catch {
            throw InputError(InputLocation(file: file), "not valid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw InputError(InputLocation(file: file, line: 1), "expected a mapping with keys \(knownKeys.sorted().joined(separator: ", "))")
        }
        for (key, _) in mapping {
            guard let name = key.string, knownKeys.contains(name) else {
                throw InputError(InputLocation(file: file, line: line(key), field: key.string),
                                 "unknown key (expected one of \(knownKeys.sorted().joined(separator: ", ")))")
            }
        }
        let name = mapping["name"]?.string ?? ""
        guard let sourcesNode = mapping["sources"] else {
            throw InputError(InputLocation(file: file, line: 1, field: "sources"), "missing: a scenario needs at least one source")
        }
        let sources = try ids(sourcesNode, field: "sources", file: file)
        guard !sources.isEmpty else {
            throw InputError(InputLocation(file: file, line: line(sourcesNode), field: "sources"), "empty: a scenario needs at least one source")
        }
        var scenario = Scenario(name: name, sources: sources, targetsFile: nil, targets: [])
        switch mapping["targets"] {
        case nil:
            throw InputError(InputLocation(file: file, line: 1, field: "targets"), "missing: name a demand table (demand.csv) or list target ids")
        case let node? where node.string != nil:
            scenario.targetsFile = node.string
        case let node?:
            scenario.targets = try ids(node, field: "targets", file: file)
        }
        return scenario
    }

    private static func ids(_ node: Node, field: String, file: String) throws(InputError) -> [String] {
        guard node.sequence != nil else {
            throw InputError(InputLocation(file: file, line: line(node), field: field), "expected a list of node ids")
        }
        var out: [String] = []
        for item in node.array() {
            guard let id = item.string, !id.isEmpty else {
                throw InputError(InputLocation(file: file, line: line(item), field: field), "expected a node id (text)")
            }
            out.append(id)
        }
        return out
    }

    /// Yams reports marks 1-based, as editors count.
    private static func line(_ node: Node) -> Int? { node.mark.map(\.line) }

    private static func location(of error: YamlError, file: String) -> InputLocation {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return InputLocation(file: file, line: mark.line, column: mark.column)
        default:
            return InputLocation(file: file)
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
