import ChokepointSupport
import Foundation
import Yams

/// Reads scenario.yaml: `name`, `sources` (a list of node ids) and `targets` (a demand table
/// file name, or a list of node ids). Unknown keys are errors so that a misspelt parameter is
/// never silently ignored. Parsed by Yams (libyaml), which reports line and column.
public enum ScenarioReader {
    static let knownKeys: Set<String> = ["name", "sources", "targets", "markets", "seizures", "evidence", "cost", "estimate"]

    /// `overrides` replace or add keys before the scenario is interpreted, so they are checked
    /// exactly like keys in the file; an error they cause is reported against `--set`.
    static func read(path: String, file: String, overrides: [ScenarioOverride] = []) throws(InputError) -> Scenario {
        let bytes: [UInt8]
        do {
            bytes = try TextEncoding.read(path: path)
        } catch {
            throw InputError(InputLocation(file: file), error.message)
        }
        return try read(bytes: bytes, file: file, overrides: overrides)
    }

    /// A scenario's bytes (checked as UTF-8); `file` names it in errors.
    public static func read(bytes: [UInt8], file: String, overrides: [ScenarioOverride] = []) throws(InputError) -> Scenario {
        let text = String(decoding: try TextEncoding.utf8.utf8(bytes, file: file), as: UTF8.self)
        try YAMLKeyCheck.check(text, file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputError(location(of: error, file: file), "not valid YAML: \(summary(of: error))")
        } catch {
            throw InputError(InputLocation(file: file), "not valid YAML: \(error)")
        }
        let scenario = try interpret(root, file: file)
        guard !overrides.isEmpty, var root else { return scenario }
        for o in overrides { try o.apply(to: &root) }
        do {
            return try interpret(root, file: file)
        } catch {
            throw InputError(InputLocation(file: "--set", field: error.location.field), error.message)
        }
    }

    private static func interpret(_ root: Node?, file: String) throws(InputError) -> Scenario {
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
        if let node = mapping["markets"] {
            scenario.markets = try ids(node, field: "markets", file: file)
            if let bad = scenario.markets.first(where: { !($0.utf8.count == 2 && $0.utf8.allSatisfy { (65...90).contains($0) }) }) {
                throw InputError(InputLocation(file: file, line: line(node), field: "markets"),
                                 "expected ISO 3166-1 alpha-2 country codes such as VN, got \"\(bad)\"")
            }
        }
        let section = Section(file: file)
        if let node = mapping["seizures"] {
            try section.read(node, "seizures", keys: ["tablet_mg", "cake_g", "litre_kg", "merge_days", "merge_km", "merge_ratio", "tlp"]) { key, value throws(InputError) in
                switch key {
                case "tlp":
                    guard let text = value.string, let marking = TLP(parsing: text) else { throw section.error(value, key, TLP.expected) }
                    scenario.seizureMarking = marking
                case "tablet_mg": scenario.conversion.tabletGrams = try section.positive(value, key) / 1000
                case "cake_g": scenario.conversion.cakeGrams = try section.positive(value, key)
                case "litre_kg": scenario.conversion.litreKilograms = try section.positive(value, key)
                case "merge_days": scenario.merger.maxDays = Int(try section.number(value, key, in: 0...3650))
                case "merge_km": scenario.merger.maxKilometres = try section.number(value, key, in: 0...1000)
                default: scenario.merger.maxRelativeDifference = try section.number(value, key, in: 0...1)
                }
            }
        }
        if let node = mapping["evidence"] {
            try section.read(node, "evidence", keys: ["bandwidth_km", "half_life_days", "as_of", "reference_date", "commodities", "bias_correction", "control"]) { key, value throws(InputError) in
                switch key {
                case "bandwidth_km": scenario.evidence.bandwidthKm = try section.positive(value, key)
                case "half_life_days": scenario.evidence.halfLifeDays = try section.positive(value, key)
                case "as_of", "reference_date":
                    guard let text = value.string, let date = SeizureDate(text) else { throw section.error(value, key, "expected a date YYYY[-MM[-DD]]") }
                    scenario.evidence.referenceDay = date.lastDay
                case "commodities":
                    var set = Set<Commodity>()
                    for item in value.array() {
                        guard let name = item.string, let c = Commodity(parsing: name) else {
                            throw section.error(item, key, "unknown commodity (expected \(Commodity.allCases.map(\.rawValue).joined(separator: ", ")))")
                        }
                        set.insert(c)
                    }
                    scenario.seizureFilter.commodities = set
                case "bias_correction":
                    guard let b = value.bool else { throw section.error(value, key, "expected true or false") }
                    scenario.evidence.correctsDetectionBias = b
                default:
                    let keys =
                        CrossingType.allCases.map(\.rawValue) + GatewayKind.allCases.map(\.rawValue) + TransportMode.allCases.map(\.rawValue)
                        + ["place"]
                    try section.read(value, "evidence.control", keys: Set(keys)) { k, v throws(InputError) in
                        let x = try section.positive(v, k)
                        if let t = CrossingType(rawValue: k) { scenario.evidence.crossingControl[t] = x }
                        else if let g = GatewayKind(rawValue: k) { scenario.evidence.gatewayControl[g] = x }
                        else if let m = TransportMode(rawValue: k) { scenario.evidence.linkControl[m] = x }
                        else { scenario.evidence.placeControl = x }
                    }
                }
            }
        }
        if let node = mapping["cost"] {
            try section.read(node, "cost", keys: ["evidence_strength", "speed_kmh", "handling_hours", "crossing_delay_hours"]) { key, value throws(InputError) in
                switch key {
                case "evidence_strength": scenario.cost.evidenceStrength = try section.number(value, key, in: 0...100)
                case "speed_kmh", "handling_hours":
                    try section.read(value, "cost.\(key)", keys: Set(TransportMode.allCases.map(\.rawValue))) { k, v throws(InputError) in
                        guard let mode = TransportMode(rawValue: k) else { return }
                        if key == "speed_kmh" { scenario.cost.speedKmh[mode] = try section.positive(v, k) }
                        else { scenario.cost.handlingHours[mode] = try section.number(v, k, in: 0...10_000) }
                    }
                default:
                    try section.read(value, "cost.crossing_delay_hours", keys: Set(CrossingType.allCases.map(\.rawValue))) { k, v throws(InputError) in
                        if let t = CrossingType(rawValue: k) { scenario.cost.crossingDelayHours[t] = try section.number(v, k, in: 0...10_000) }
                    }
                }
            }
        }
        if let node = mapping["estimate"] {
            try section.read(node, "estimate", keys: ["stretch", "max_iterations", "dispersion_hours", "avoidance_hours", "route_prior_weight"]) { key, value throws(InputError) in
                switch key {
                case "stretch": scenario.estimate.stretch = try section.number(value, key, in: 1...100)
                case "dispersion_hours": scenario.estimate.dispersionHours = try section.number(value, key, in: 0.25...1000)
                case "avoidance_hours": scenario.estimate.avoidanceHours = try section.number(value, key, in: 0...500)
                case "route_prior_weight": scenario.estimate.routePriorWeight = try section.number(value, key, in: 0.001...1e12)
                default:
                    let x = try section.number(value, key, in: 1...1_000_000)
                    guard x == x.rounded() else { throw section.error(value, key, "expected a whole number of steps, got \(value.string ?? "?")") }
                    scenario.estimate.maxIterations = Int(x)
                }
            }
        }
        return scenario
    }

    /// Reads a nested mapping of known keys, each error naming the line and the dotted key.
    struct Section {
        let file: String

        func error(_ node: Node, _ key: String, _ message: String) -> InputError {
            InputError(InputLocation(file: file, line: line(node), field: key), message)
        }

        func read(_ node: Node, _ path: String, keys: Set<String>, _ body: (String, Node) throws(InputError) -> Void) throws(InputError) {
            guard let mapping = node.mapping else { throw error(node, path, "expected a mapping of \(keys.sorted().joined(separator: ", "))") }
            for (k, v) in mapping {
                guard let name = k.string, keys.contains(name) else {
                    throw InputError(InputLocation(file: file, line: line(k), field: "\(path).\(k.string ?? "?")"),
                                     "unknown key (expected one of \(keys.sorted().joined(separator: ", ")))")
                }
                do {
                    try body(name, v)
                } catch {
                    var e = error
                    if let field = e.location.field, !field.contains(".") { e.location.field = "\(path).\(field)" }
                    throw e
                }
            }
        }

        func number(_ node: Node, _ key: String, in range: ClosedRange<Double>) throws(InputError) -> Double {
            guard let x = node.float ?? node.int.map(Double.init), x.isFinite, range.contains(x) else {
                throw error(node, key, "expected a number in \(range.lowerBound.formatted6)…\(range.upperBound.formatted6), got \(node.string ?? "?")")
            }
            return x
        }

        func positive(_ node: Node, _ key: String) throws(InputError) -> Double {
            guard let x = node.float ?? node.int.map(Double.init), x.isFinite, x > 0 else {
                throw error(node, key, "expected a positive number, got \(node.string ?? "?")")
            }
            return x
        }
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
