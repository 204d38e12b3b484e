import ChokepointDomain
import ChokepointGeo
import FuzzDriver
import Foundation

/// The seizure reader and normaliser on an arbitrary CSV: rows read, normalised against the
/// bundled GeoData (place names, aliases, gazetteer, unit conversion), then merged. Every
/// row becomes a record or a located problem; the merge keeps every record it does not
/// merge away, once.
struct SeizureChain {
    let reader: SeizureFileReader
    let normaliser: SeizureNormaliser
    let merger: SeizureMerger

    /// Loaded before libFuzzer starts, so that the bundle is not counted as a leak of the
    /// first input.
    init() throws {
        let directory = ProcessInfo.processInfo.environment["CHOKEPOINT_FUZZ_BUNDLE"] ?? "GeoData/mekong"
        let proj = try PROJContext(), geos = try GEOSContext()
        let bundle = try CheckedBundle.read(directory: directory, proj: proj, geos: geos)
        reader = SeizureFileReader(proj: proj, geos: geos)
        normaliser = SeizureNormaliser(bundle: bundle)
        merger = bundle.scenario?.merger ?? SeizureMerger()
    }

    func run(_ bytes: [UInt8]) {
        var rows: [SeizureRow] = []
        let problems = reader.read(csv: bytes, name: "fuzz.csv") { rows.append($0) }
        for p in problems { precondition(p.location.file == "fuzz.csv", "a problem not naming the file: \(p)") }
        let (records, normaliseProblems) = normaliser.normalise(rows, file: "fuzz.csv")
        precondition(records.count <= rows.count, "\(records.count) records from \(rows.count) rows")
        for p in normaliseProblems {
            precondition(p.location.line != nil && p.location.field != nil, "a problem without line or field: \(p)")
        }
        let (merged, merges) = merger.merge(records)
        let mergedAway = merges.reduce(0) { $0 + $1.merged.count }
        precondition(merged.count + mergedAway == records.count, "the merge lost or doubled records")
        precondition(Set(merged.map(\.id) + merges.flatMap(\.merged)).count <= records.count, "ids appeared from nowhere")
    }
}

// libFuzzer calls the test function from one thread only.
nonisolated(unsafe) private var chain: SeizureChain?

func fuzzSeizures(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    chain?.run(FuzzDriver.bytes(data, size))
    return 0
}

@main
enum FuzzSeizuresMain {
    static func main() {
        do {
            chain = try SeizureChain()
        } catch {
            FileHandle.standardError.write(
                Data(
                    "FuzzSeizures needs a bundle (CHOKEPOINT_FUZZ_BUNDLE, default GeoData/mekong from the repository root): \(error)\n".utf8
                ))
            exit(2)
        }
        runFuzzer { fuzzSeizures($0, $1) }
    }
}
