import ArgumentParser
import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

extension Chokepoint {
    struct Network: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build network bundles from other data.", subcommands: [FromOSM.self])
    }
}

extension Chokepoint.Network {
    struct FromOSM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "from-osm",
            abstract: "Build a network bundle from an OpenStreetMap extract (.osm.pbf or .osm).",
            discussion: """
                Drivable highways become roads with their class's speed (slower when unpaved), \
                tracks and paths trails, route=ferry river lanes (sea lanes beyond 30 km), railways \
                rail; ways are cut where they meet and chains merged back, with their real geometry \
                and length. Border crossings: barrier=border_control nodes, and wherever a way runs \
                into another country with no control within 5 km (secondary on roads, \
                unofficial-known on paths). Towns (place=city|town|village) fill the gazetteer and \
                join the network when within 2 km of it. Countries and provinces come from the \
                --boundaries bundle. Only the part connected to the first source (or the largest) is \
                kept, so the bundle passes chokepoint validate. The extract is read locally by GDAL; \
                nothing is downloaded.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The OpenStreetMap extract (.osm.pbf or .osm XML).")
        var extract: String

        @Option(help: "The bundle folder to write (replaced as one set).")
        var out: String

        @Option(help: "The bundle whose countries, borders and provinces place the network (default: the bundled GeoData/mekong).")
        var boundaries: String?

        @Option(parsing: .upToNextOption, help: "Towns (names or ids) the scenario routes from; with --targets, a scenario.yaml is written.")
        var sources: [String] = []

        @Option(parsing: .upToNextOption, help: "Towns (names or ids) the scenario routes to, weight 1 each.")
        var targets: [String] = []

        @Option(help: "A CSV of class,speed_kmh overriding the default speeds (README).")
        var speeds: String?

        func validate() throws {
            if sources.isEmpty != targets.isEmpty { throw ValidationError("Give --sources and --targets together (or neither).") }
        }

        func run() throws {
            global.bootstrapLogging()
            let geos = try GEOSContext()
            let proj = try PROJContext()
            let reference = try boundaries ?? BundleLocation.defaultBundle()
            let (frame, problems) = BundleReader(directory: reference, proj: proj, geos: geos).read()
            if let p = problems.first(where: { [BundleFile.countries, BundleFile.borders, BundleFile.provinces].contains($0.location.file) }) {
                throw p
            }
            var options = OSMNetwork.Options()
            options.sources = sources
            options.targets = targets
            if let speeds { options.speeds.merge(try Self.readSpeeds(speeds)) { _, mine in mine } }
            let network = try OSMNetwork(extract: extract, boundaries: frame, options: options, geos: geos)
            let copied = [BundleFile.countries, BundleFile.borders, BundleFile.provinces]
                .map { (reference as NSString).appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0) }
            try BundleWriter.write(
                network.bundle, to: out, boundaries: copied, populations: network.populations, tool: "chokepoint \(ChokepointVersion.string)")
            let s = network.summary
            FileHandle.standardError.write(
                Data(
                    ("\(s.ways) ways → \(s.links) links, \(s.nodes) nodes (\(s.crossings) crossings, \(s.towns) towns); "
                        + "\(s.droppedOutside) links outside the countries and \(s.droppedDisconnected) unconnected nodes dropped; written to \(out)\n").utf8))
        }

        /// `class,speed_kmh` rows, every problem located.
        static func readSpeeds(_ path: String) throws -> [String: Double] {
            let text = String(decoding: try TextEncoding.read(path: path), as: UTF8.self)
            var out: [String: Double] = [:]
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where i > 0 && !line.isEmpty {
                let parts = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let v = Double(parts[1]), v > 0 else {
                    throw InputError(InputLocation(file: path, line: i + 1, field: "speed_kmh"), "expected class,speed_kmh with a positive speed, got \"\(line)\"")
                }
                out[String(parts[0])] = v
            }
            return out
        }
    }
}
