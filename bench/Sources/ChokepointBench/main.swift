// Benchmark driver for Chokepoint's graph layer: loads a plain network, runs one task,
// prints one JSON object (seconds for the load and for the task, and a checksum that
// bench/run.py compares across libraries). Built in release mode by bench/run.
//
//   chokepoint-bench TASK DIR [ARGS]
//   tasks: load, dijkstra, kpaths, betweenness, sampled, closeness, maxflow
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
let start = now()
switch task {
case "load":
    checksum = Double(graph.edgeCount)
case "dijkstra":
    checksum = weighted.dijkstra(from: source).distance.filter(\.isFinite).reduce(0, +)
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
default:
    fail("unknown task \(task)")
}
let seconds = now() - start
print("{\"library\":\"chokepoint\",\"task\":\"\(task)\",\"nodes\":\(n),\"edges\":\(graph.edgeCount),\"load_seconds\":\(loadSeconds),\"graph_bytes_per_edge\":\(Double(graph.memoryFootprint) / Double(max(1, graph.edgeCount))),\"seconds\":\(seconds),\"checksum\":\(checksum)}")
