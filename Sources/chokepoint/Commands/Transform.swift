import ArgumentParser
import ChokepointGeo

extension Chokepoint {
    struct Transform: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transform coordinates between two coordinate reference systems.",
            discussion: """
                CRSs are anything PROJ knows: EPSG:32648, a WKT string, or a PROJ string such as \
                "+proj=utm +zone=48 +datum=WGS84 +type=crs". Geographic coordinates are always \
                lon,lat, whatever the authority's axis order. One output line per input point. \
                  chokepoint transform --source EPSG:4326 --target EPSG:32648 102.6331,17.9757
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "CRS of the input coordinates.")
        var source: String = "EPSG:4326"

        @Option(help: "CRS to transform into.")
        var target: String

        @Argument(help: "Points as x,y (lon,lat for geographic CRSs).")
        var points: [CoordinateArgument]

        @Option(help: "Decimals in the output.")
        var precision: Int = 3

        func validate() throws {
            guard !points.isEmpty else { throw ValidationError("Give at least one point as x,y.") }
            guard (0...15).contains(precision) else { throw ValidationError("--precision must be 0...15, got \(precision).") }
        }

        func run() throws {
            global.bootstrapLogging()
            let context = try PROJContext()
            let transformer = try CoordinateTransformer(from: source, to: target, context: context)
            for point in points {
                let result = try transformer.transform(point.coordinate)
                print("\(formatFixed(result.x, precision))\t\(formatFixed(result.y, precision))")
            }
        }
    }
}
