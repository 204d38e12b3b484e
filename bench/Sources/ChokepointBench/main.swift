// Benchmark driver for Chokepoint's graph layer: loads a plain network, runs one task,
// prints one JSON object (seconds for the load and for the task, and a checksum that
// bench/run.py compares across libraries). Built in release mode by bench/run.
//
//   chokepoint-bench TASK DIR [ARGS]
//   tasks: load, dijkstra, kpaths, betweenness, sampled, closeness, maxflow,
//          snap [SEIZURES] [BANDWIDTH_KM] (seizure snapping, Chokepoint only: no peer has it)
//          analyze [SEIZURES] [ROUTES_PER_PAIR] (the main job's pipeline on the grid, Chokepoint only)
import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import ChokepointGraph
import Foundation

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("chokepoint-bench: \(message)\n".utf8))
    exit(2)
}

LinkedBLAS.stopIdleThreads()  // as the CLI does: OpenBLAS's spinning pool would share the cores
let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: chokepoint-bench TASK DIR [SAMPLES]") }
let task = arguments[1]
let directory = arguments[2]

let loadStart = now()
let graph: Graph
do { graph = try GraphCSVLoader.load(directory: directory) } catch { fail(error.description) }
let loadSeconds = now() - loadStart
let n = graph.nodeCount
let source = Int32(0)
let target = Int32(n - 1)

let weighted: WeightedGraph
do { weighted = try graph.weighted(by: "length") } catch { fail(error.description) }

var checksum = 0.0
/// Time spent building the synthetic bundle and seizures for `snap`, not counted in `seconds`.
nonisolated(unsafe) var setupSeconds = 0.0
let start = now()
switch task {
case "load":
    checksum = Double(graph.edgeCount)
case "dijkstra":
    // Distances only, as every peer's call computes them (ShortestDistances).
    checksum = weighted.distances(from: source).filter(\.isFinite).reduce(0, +)
case "kpaths":
    checksum = weighted.kShortestPaths(from: source, to: target, k: 10).reduce(0) { $0 + $1.cost }
case "betweenness":
    do { checksum = try weighted.betweenness().node.reduce(0, +) } catch { fail(error.description) }
case "sampled":
    let k = arguments.count > 3 ? Int(arguments[3]) ?? 256 : 256
    do { checksum = try weighted.betweenness(sampleSize: k, seed: 1).node.reduce(0, +) } catch { fail(error.description) }
case "closeness":
    checksum = weighted.closeness().reduce(0, +)
case "maxflow":
    do {
        checksum = try graph.maxFlow(sources: [source], targets: [target], edgeCapacity: graph.edgeColumn("capacity")).value
    } catch { fail(error.description) }
case "analyze":
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 10_000 : 10_000
    do { checksum = try analyzeBenchmark(graph, seizures: count) } catch { fail("\(error)") }
case "snap":
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000
    let bandwidthKm = arguments.count > 4 ? Double(arguments[4]) ?? 2 : 2
    do { checksum = try snapBenchmark(graph, seizures: count, bandwidthKm: bandwidthKm) } catch { fail("\(error)") }
default:
    fail("unknown task \(task)")
}
let seconds = now() - start - setupSeconds
print("{\"library\":\"chokepoint\",\"task\":\"\(task)\",\"nodes\":\(n),\"edges\":\(graph.edgeCount),\"load_seconds\":\(loadSeconds),\"graph_bytes_per_edge\":\(Double(graph.memoryFootprint) / Double(max(1, graph.edgeCount))),\"seconds\":\(seconds),\"checksum\":\(checksum)}")

/// SYNTHETIC: the benchmark grid laid over lon 100–103.2°E, lat 15–18.2°N (0.01° per grid
/// unit, about 1.1 km), and `count` seizures placed at random points of random links, then
/// moved up to 0.01° in each direction (SplitMix64, seed 1). Times the snapping only.
func snapBenchmark(_ graph: Graph, seizures count: Int, bandwidthKm: Double) throws -> Double {
    let setupStart = now()
    let (bundle, records) = syntheticBundle(graph, seizures: count)
    let geos = try GEOSContext()
    let snapper = try SeizureSnapper(bundle: bundle, bandwidthMetres: bandwidthKm * 1000, geos: geos)
    setupSeconds = now() - setupStart
    return Double(try snapper.snapSet(records).count)
}

/// SYNTHETIC: the same grid bundle with a scenario (four corner sources, twenty targets of
/// weight 1 picked by SplitMix64, seed 2) and `count` seizures; times the whole `Analysis`
/// (normalise, merge, snap, evidence, cost, route betweenness, three diverse routes per pair).
func analyzeBenchmark(_ graph: Graph, seizures count: Int) throws -> Double {
    let setupStart = now()
    var (bundle, records) = syntheticBundle(graph, seizures: count)
    let n = graph.nodeCount
    let side = Int(Double(n).squareRoot())
    let sources = [0, side - 1, n - side, n - 1].map { graph.nodeIDs[$0] }
    var rng = SplitMix64(seed: 2)
    let targets = (0..<20).map { _ in graph.nodeIDs[Int(rng.next() % UInt64(n))] }
    bundle.scenario = Scenario(name: "synthetic", sources: sources, targetsFile: nil, targets: targets)
    let rows = records.map { r in
        SeizureRow(id: r.id, date: r.date.text, datePrecision: "", places: [], coordinate: r.coordinate, locationPrecision: "exact",
                   commodity: r.commodity.rawValue, amount: r.amount, unit: r.unit, mode: "", agency: "", source: r.source, line: r.line)
    }
    let geos = try GEOSContext()
    setupSeconds = now() - setupStart
    var options = Analysis.Options()
    options.routesPerPair = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
    // The synthetic grid skips BundleValidator (`CheckedBundle`): it has no country or
    // province polygons to check places against, and every link's ends exist by construction.
    let seizures = SeizurePipeline(bundle: bundle).ingest([(rows, "synthetic", [])], unmarked: .clear)
    let analysis = try Analysis(bundle: bundle, seizures: seizures, options: options, geos: geos)
    let flowSum: Double = analysis.linkFlow.reduce(0, +)
    return flowSum + Double(analysis.routes.count)
}

func syntheticBundle(_ graph: Graph, seizures count: Int) -> (NetworkBundle, [SeizureRecord]) {
    guard let xs = graph.nodeColumns["x"], let ys = graph.nodeColumns["y"] else { fail("snap needs x and y in nodes.csv") }
    func coordinate(_ v: Int) -> Coordinate { Coordinate(lon: 100 + xs[v] * 0.01, lat: 15 + ys[v] * 0.01) }
    var bundle = NetworkBundle(directory: "synthetic")
    bundle.places = (0..<graph.nodeCount).map {
        Place(id: graph.nodeIDs[$0], name: graph.nodeIDs[$0], kind: .town, roles: [], country: "LA", province: "",
              coordinate: coordinate($0), aliases: [], source: "synthetic", line: $0 + 2)
    }
    bundle.links = (0..<graph.edgeCount).map { e in
        Link(id: graph.edgeIDs[e], from: graph.nodeIDs[Int(graph.edgeSource[e])], to: graph.nodeIDs[Int(graph.edgeTarget[e])],
             mode: .road, directed: false, geometry: nil,
             lengthMetres: (try? Geodesic.wgs84.distance(from: coordinate(Int(graph.edgeSource[e])), to: coordinate(Int(graph.edgeTarget[e])))) ?? 0,
             lengthMethod: .straightLine, basis: .modelled, source: "synthetic", line: e + 2)
    }
    var rng = SplitMix64(seed: 1)
    var records: [SeizureRecord] = []
    records.reserveCapacity(count)
    for i in 0..<count {
        let e = Int(rng.next() % UInt64(graph.edgeCount))
        let a = coordinate(Int(graph.edgeSource[e])), b = coordinate(Int(graph.edgeTarget[e]))
        let t = rng.nextUnit()
        let c = Coordinate(lon: a.lon + (b.lon - a.lon) * t + (rng.nextUnit() - 0.5) * 0.02,
                           lat: a.lat + (b.lat - a.lat) * t + (rng.nextUnit() - 0.5) * 0.02)
        // Dates over 2023–2025 and amounts 0.1–100 kg, so reports rarely look like one case.
        let day = SeizureDate.dayNumber(year: 2023, month: 1, day: 1) + Int(rng.next() % 1095)
        let kg = pow(10, 3 * rng.nextUnit() - 1)
        let date = SeizureDate(SeizureDate.isoDate(dayNumber: day))!
        records.append(SeizureRecord(id: "s\(i)", date: date, location: .point(c), coordinate: c, precision: .exact,
                                     commodity: .heroin, amount: kg, unit: "kg", kilograms: kg, mode: nil, agency: "",
                                     source: "synthetic", file: "synthetic", line: i, marking: .clear))
    }
    return (bundle, records)
}
