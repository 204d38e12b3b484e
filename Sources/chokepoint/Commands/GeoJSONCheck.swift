import ArgumentParser
import ChokepointExport
import ChokepointGeo
import ChokepointSupport

extension Chokepoint {
    struct GeoJSONCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "geojson",
            abstract: "Check a GeoJSON file and optionally rewrite it as RFC 7946.",
            discussion: """
                Reports the first problem with its file, feature index and JSON path, and exits \
                non-zero. With --output, writes the features as RFC 7946: WGS84 lon/lat (a legacy \
                "crs" member is honoured and the coordinates transformed), exterior rings \
                counter-clockwise, coordinates rounded to --precision decimals, no "crs" member.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The GeoJSON file to read.")
        var input: String

        @Option(name: .shortAndLong, help: "Write the normalised collection here (atomically).")
        var output: String?

        @Option(help: "Decimals for output coordinates (6 ≈ 0.1 m).")
        var precision: Int = 6

        @Flag(help: "Report invalid geometries (self-intersections and the like) as errors.")
        var checkValidity = false

        func validate() throws {
            guard (0...15).contains(precision) else { throw ValidationError("--precision must be 0...15, got \(precision).") }
        }

        func run() throws {
            global.bootstrapLogging()
            var collection = try GeoJSONReader.read(path: input).asFeatureCollection
            var counts: [String: Int] = [:]
            for feature in collection.features {
                counts[feature.geometry?.typeName ?? "null", default: 0] += 1
            }
            if let crs = collection.declaredCRS {
                let context = try PROJContext()
                let transformer = try CoordinateTransformer(from: crs, to: "EPSG:4326", context: context)
                for i in collection.features.indices {
                    guard let geometry = collection.features[i].geometry else { continue }
                    do {
                        collection.features[i].geometry = try geometry.mapCoordinates { c throws(PROJError) in try transformer.transform(c)
                        }
                    } catch {
                        throw InputError(InputLocation(file: input, feature: i, field: "$.features[\(i)].geometry"), error.description)
                    }
                }
                print("crs\t\(crs) (transformed to WGS84 lon/lat)")
            }
            if checkValidity {
                let context = try GEOSContext()
                for (i, feature) in collection.features.enumerated() {
                    guard let value = feature.geometry else { continue }
                    let geometry = try Geometry(value, context: context)
                    if try !geometry.isValid {
                        throw InputError(
                            InputLocation(file: input, feature: i, field: "$.features[\(i)].geometry"),
                            "invalid geometry: \(try geometry.validityReason())")
                    }
                }
            }
            print("features\t\(collection.features.count)")
            for (type, count) in counts.sorted(by: { $0.key < $1.key }) {
                print("geometry\t\(type)\t\(count)")
            }
            let boxes = collection.features.compactMap { $0.geometry?.boundingBox }
            if let box = boxes.dropFirst().reduce(boxes.first, { $0?.union($1) }) {
                print("bbox\t\(box.minX),\(box.minY),\(box.maxX),\(box.maxY)")
            }
            if let output {
                let writer = try GeoJSONFileWriter(
                    path: output, encoder: GeoJSONEncoder(precision: precision),
                    foreignMembers: collection.foreignMembers)
                for feature in collection.features {
                    var rewritten = feature
                    rewritten.bbox = nil
                    try writer.write(rewritten)
                }
                try writer.finish()
                print("written\t\(output)")
            }
        }
    }
}
