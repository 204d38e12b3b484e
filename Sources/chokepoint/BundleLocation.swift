import ArgumentParser
import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

/// Finds the bundled GeoData/mekong when no bundle is named: beside the working directory
/// (a checkout), or above the executable (a build inside a checkout).
enum BundleLocation {
    static func defaultBundle() throws(InputError) -> String {
        let fm = FileManager.default
        var candidates = [URL(fileURLWithPath: fm.currentDirectoryPath)]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir)
            dir = dir.deletingLastPathComponent()
        }
        for base in candidates {
            let path = base.appendingPathComponent("GeoData/mekong").path
            if fm.fileExists(atPath: (path as NSString).appendingPathComponent("places.csv")) { return path }
        }
        throw InputError(
            InputLocation(file: "GeoData/mekong"),
            "no bundle named and the bundled GeoData/mekong was not found from the working directory or the executable; pass the bundle directory"
        )
    }
}

/// A bundle read and checked (`CheckedBundle`) for a command that needs it clean: any
/// problem stops the command with every problem `chokepoint validate` would list.
struct CleanBundle {
    let directory: String
    let data: NetworkBundle
    let geos: GEOSContext
    let proj: PROJContext

    init(_ bundle: String?, overrides: [String] = []) throws {
        directory = try bundle ?? BundleLocation.defaultBundle()
        geos = try GEOSContext()
        proj = try PROJContext()
        let parsed = try overrides.map { text throws(InputError) in try ScenarioOverride(parsing: text) }
        data = try CheckedBundle.read(directory: directory, overrides: parsed, proj: proj, geos: geos)
    }
}

/// The bundle directory and `--set` overrides, for the commands that read a checked bundle
/// with its scenario and nothing else of analyze's (`simulate`, `backtest`).
struct CheckedBundleArguments: ParsableArguments {
    @Argument(help: "The bundle directory (default: the bundled GeoData/mekong).")
    var bundle: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a scenario key by its dotted path (repeatable), as for analyze.", valueName: "key=value"))
    var overrides: [String] = []

    func load() throws -> CleanBundle { try CleanBundle(bundle, overrides: overrides) }
}
