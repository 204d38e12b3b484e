import ChokepointDomain
import FuzzDriver

/// The scenario reader (YAML through Yams, then our interpretation) on arbitrary bytes:
/// a scenario or a located error, never a trap.
func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzDriver.bytes(data, size)
    _ = try? ScenarioReader.read(bytes: bytes, file: "scenario.yaml")
    return 0
}

@main
enum FuzzScenarioMain {
    static func main() { runFuzzer { fuzzScenario($0, $1) } }
}
