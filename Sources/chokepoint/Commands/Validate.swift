import ArgumentParser
import ChokepointDomain
import ChokepointExport
import ChokepointGeo
import ChokepointSupport
import Foundation

extension Chokepoint {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a network bundle and list every problem with its file, row or feature, and field.",
            discussion: """
                Checks schema and types, unique ids, references between files, coordinates out of \
                range or swapped, places outside their country or province, crossings more than \
                5 km from the shared border of their two countries, invalid polygons, link \
                geometries that end away from their nodes, nodes no scenario source reaches, and \
                duplicate seizures. Exits 0 only when the bundle is clean. \
                With --fix, invalid polygons in provinces.geojson and countries.geojson are \
                repaired with GEOS MakeValid and the files rewritten (atomically) before checking.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The bundle directory (default: the bundled GeoData/mekong).")
        var bundle: String?

        @Flag(help: "Repair invalid polygons in place with GEOS MakeValid before checking.")
        var fix = false

        func run() throws {
            global.bootstrapLogging()
            let directory = try bundle ?? BundleLocation.defaultBundle()
            let geos = try GEOSContext()
            let proj = try PROJContext()
            if fix {
                for line in try PolygonRepair(geos: geos).repair(directory: directory) { print(line) }
            }
            let (data, readProblems) = BundleReader(directory: directory, proj: proj, geos: geos).read()
            let problems = (readProblems + BundleValidator(geos: geos).validate(data)).sorted()
            for problem in problems { print(problem) }
            let summary =
                "\(directory): \(data.places.count) places, \(data.crossings.count) crossings, \(data.links.count) links, "
                + "\(data.provinces.count) provinces, \(data.seizures.count) seizures; "
                + (problems.isEmpty ? "clean" : "\(problems.count) problem\(problems.count == 1 ? "" : "s")")
            FileHandle.standardError.write(Data((summary + "\n").utf8))
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
