import ChokepointSupport
import CYaml

/// Refuses YAML whose mapping keys are not plain scalars, before Yams composes it.
///
/// Why: Yams (6.x) checks every mapping for duplicate keys and, when it finds some, sorts them
/// with a comparison that calls both `<` and `>` on each pair of child nodes, so comparing two
/// equal nested keys costs 2^depth; keys that are aliases are hashed through the whole tree they
/// name. A 3 KB file of nested `? - - ?` keys (found by `Fuzz/run FuzzScenario`, kept in
/// `Fuzz/slow/FuzzScenario/`) took from 0.3 s to 32 s depending on the process's hash seed.
/// Every key a scenario knows is a name, so a list, mapping or alias in key position is an
/// error worth reporting anyway, and refusing it first keeps composing linear in the file.
///
/// One pass over libyaml's event stream (Yams' own libyaml, module `CYaml`): O(n) in the text,
/// memory O(nesting depth). Syntax errors are left to Yams, which reports them with the same
/// marks; the scan stops there, so Yams never composes past what was checked.
enum YAMLKeyCheck {
    /// Throws at the first non-scalar key, located at its line and column (1-based).
    static func check(_ text: String, file: String, field: String? = nil) throws(InputError) {
        if let problem = Array(text.utf8).withUnsafeBufferPointer({ firstComplexKey(in: $0) }) {
            throw InputError(
                InputLocation(file: file, line: problem.line, column: problem.column, field: field),
                "\(problem.kind) used as a mapping key; keys must be plain names")
        }
    }

    private struct Problem {
        let line: Int
        let column: Int
        let kind: String
    }

    /// Owns one libyaml parser; `deinit` frees it, so no C state outlives the scan.
    private final class EventParser {
        var parser = yaml_parser_t()
        let ready: Bool

        /// `input` must outlive the parser: libyaml reads it in place.
        init(_ input: UnsafePointer<UInt8>, count: Int) {
            ready = yaml_parser_initialize(&parser) == 1
            if ready { yaml_parser_set_input_string(&parser, input, count) }
        }

        deinit { if ready { yaml_parser_delete(&parser) } }
    }

    private static func firstComplexKey(in input: UnsafeBufferPointer<UInt8>) -> Problem? {
        guard let base = input.baseAddress, input.count > 0 else { return nil }
        let owner = EventParser(base, count: input.count)
        guard owner.ready else { return nil }
        // One entry per open collection: is it a mapping, and is its next node a key?
        var open: [(isMapping: Bool, expectsKey: Bool)] = []
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&owner.parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let type = event.type
            if type == YAML_STREAM_END_EVENT { return nil }
            if type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT {
                _ = open.popLast()
                continue
            }
            let kind: String?
            switch type {
            case YAML_SCALAR_EVENT: kind = nil
            case YAML_ALIAS_EVENT: kind = "an alias"
            case YAML_SEQUENCE_START_EVENT: kind = "a list"
            case YAML_MAPPING_START_EVENT: kind = "a mapping"
            default: continue  // stream and document boundaries
            }
            if let last = open.indices.last, open[last].isMapping {
                if open[last].expectsKey, let kind {
                    return Problem(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1, kind: kind)
                }
                open[last].expectsKey.toggle()
            }
            if type == YAML_SEQUENCE_START_EVENT { open.append((false, false)) }
            if type == YAML_MAPPING_START_EVENT { open.append((true, true)) }
        }
    }
}
