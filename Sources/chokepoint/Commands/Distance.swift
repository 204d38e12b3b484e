import ArgumentParser
import ChokepointGeo

extension Chokepoint {
    struct Distance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Geodesic distance and azimuths between two points on the WGS84 ellipsoid.",
            discussion: """
                Points are lon,lat in degrees. Use -- before a negative longitude:
                  chokepoint distance 102.6331,17.9757 105.8342,21.0278
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Start point as lon,lat.")
        var from: CoordinateArgument

        @Argument(help: "End point as lon,lat.")
        var to: CoordinateArgument

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func run() throws {
            global.bootstrapLogging()
            let result = try Geodesic.wgs84.inverse(from: from.coordinate, to: to.coordinate)
            switch format {
            case .text:
                print("distance_m\t\(formatFixed(result.distance, 3))")
                print("distance_km\t\(formatFixed(result.distance / 1000, 3))")
                print("initial_azimuth_deg\t\(formatFixed(result.initialAzimuth, 6))")
                print("final_azimuth_deg\t\(formatFixed(result.finalAzimuth, 6))")
            case .json:
                var out: [UInt8] = []
                try JSONWriter.appendObject(
                    [
                        "distance_m": .number(result.distance),
                        "initial_azimuth_deg": .number(result.initialAzimuth),
                        "final_azimuth_deg": .number(result.finalAzimuth),
                    ], to: &out)
                print(String(decoding: out, as: UTF8.self))
            }
        }
    }
}

/// `value` with exactly `decimals` digits after the point, without Foundation's locale.
func formatFixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    // Past 2^53 the integer split below is inexact (and Int64 could overflow).
    guard scaled < 9e15 else { return value.description }
    let integerPart = Int64(scaled / scale)
    let fraction = Int64(scaled - Double(integerPart) * scale)
    var digits = String(fraction)
    while digits.count < decimals { digits = "0" + digits }
    let sign = value < 0 && scaled != 0 ? "-" : ""
    return decimals == 0 ? "\(sign)\(integerPart)" : "\(sign)\(integerPart).\(digits)"
}
