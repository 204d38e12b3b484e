import ChokepointDomain
import ChokepointSupport
import Foundation
import Testing

/// A scenario's keys are names: a list, mapping or alias in key position is refused, located,
/// before Yams composes the document (YAMLKeyCheck says why).
@Suite struct ScenarioKeyTests {
    static func message(_ yaml: String, file: String = "scenario.yaml") -> String? {
        do {
            _ = try ScenarioReader.read(bytes: Array(yaml.utf8), file: file)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func complexKeysAreRefusedWhereTheyStart() {
        let cases: [(String, String)] = [
            ("name: x\n? [a, b]\n: 1\n", "scenario.yaml:2:3: a list used as a mapping key; keys must be plain names"),
            ("name: x\ncost:\n  ? {a: 1}\n  : 2\n", "scenario.yaml:3:5: a mapping used as a mapping key; keys must be plain names"),
            ("name: &k x\n*k : 1\n", "scenario.yaml:2:1: an alias used as a mapping key; keys must be plain names"),
            ("sources: [a]\ntargets: [{? [b] : 1}]\n", "scenario.yaml:2:14: a list used as a mapping key; keys must be plain names"),
        ]
        for (yaml, expected) in cases {
            #expect(Self.message(yaml) == expected, "\(yaml)")
        }
    }

    @Test func listsAndMappingsAsValuesStillRead() throws {
        let yaml = "name: x\nsources: [a, b]\ntargets:\n  - c\ncost:\n  speed_kmh: {road: 40}\n"
        let scenario = try ScenarioReader.read(bytes: Array(yaml.utf8), file: "scenario.yaml")
        #expect(scenario.sources == ["a", "b"])
        #expect(scenario.cost.speedKmh[.road] == 40)
    }

    @Test func syntaxErrorsAreStillYamlsToReport() {
        #expect(Self.message("name: [x\n")?.hasPrefix("scenario.yaml:2:1: not valid YAML") == true)
    }

    /// The input the scenario fuzzer timed out on (nested `? - - ?` keys with duplicates).
    @Test func theFuzzersSlowInputsAreRefusedByTheKeyCheck() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Fuzz/slow/FuzzScenario")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 3)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            do {
                _ = try ScenarioReader.read(bytes: bytes, file: name)
                Issue.record("\(name) was read")
            } catch {
                #expect(error.message.hasSuffix("used as a mapping key; keys must be plain names"), "\(name): \(error)")
            }
        }
    }

    @Test func overridesAreCheckedToo() throws {
        let path = try ScenarioOverrideTests.scenarioFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try BundleReader.scenario(path: path, overrides: [try ScenarioOverride(parsing: "cost={[a]: 1}")])
        } throws: { error in
            (error as? InputError)?.description == "--set:1:2: field \"cost\": a list used as a mapping key; keys must be plain names"
        }
    }
}
