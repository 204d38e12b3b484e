#!/usr/bin/env python3
"""Runs one benchmark task with one peer library on a plain network and prints one JSON
object: load and task seconds, and a checksum comparable with chokepoint-bench's.

    python3 peers.py LIBRARY TASK DIR [SAMPLES]
    LIBRARY: networkx, igraph, networkit, rustworkx
    TASK:    load, dijkstra, kpaths, betweenness, sampled, closeness, maxflow

Every library reads the same edges.csv (from, to, length, capacity; node ids 0..n-1) and
treats the graph as undirected with `length` as the weight. A task a library cannot do
(rustworkx has no weighted betweenness, k loopless paths or max-flow; NetworKit has no
k loopless paths) exits with status 3 and {"unsupported": ...}.
Checksums: dijkstra, sum of finite distances from node 0; kpaths, sum of the 10 path costs
from node 0 to node n−1; betweenness, sum of unnormalised values (NetworkX convention,
each unordered pair once); maxflow, the flow value from node 0 to node n−1.
"""
import csv
import json
import os
import sys
import time


def read_edges(directory):
    src, dst, length, capacity = [], [], [], []
    with open(os.path.join(directory, "edges.csv"), newline="") as f:
        r = csv.reader(f)
        header = next(r)
        i_from, i_to, i_len, i_cap = (header.index(c) for c in ("from", "to", "length", "capacity"))
        for row in r:
            src.append(int(row[i_from]))
            dst.append(int(row[i_to]))
            length.append(float(row[i_len]))
            capacity.append(float(row[i_cap]))
    n = max(max(src), max(dst)) + 1
    return n, src, dst, length, capacity


def unsupported(lib, task):
    print(json.dumps({"library": lib, "task": task, "unsupported": True}))
    sys.exit(3)


def main():
    lib, task, directory = sys.argv[1], sys.argv[2], sys.argv[3]
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 256
    t0 = time.perf_counter()
    n, src, dst, length, capacity = read_edges(directory)
    s, t = 0, n - 1
    checksum = None

    if lib == "networkx":
        import networkx as nx
        G = nx.Graph()
        G.add_nodes_from(range(n))
        for a, b, w, c in zip(src, dst, length, capacity):
            G.add_edge(a, b, length=w, capacity=c)
        load = time.perf_counter() - t0
        start = time.perf_counter()
        if task == "load":
            checksum = G.number_of_edges()
        elif task == "dijkstra":
            checksum = sum(nx.single_source_dijkstra_path_length(G, s, weight="length").values())
        elif task == "kpaths":
            total = 0.0
            for i, p in enumerate(nx.shortest_simple_paths(G, s, t, weight="length")):
                total += nx.path_weight(G, p, "length")
                if i == 9:
                    break
            checksum = total
        elif task == "betweenness":
            checksum = sum(nx.betweenness_centrality(G, normalized=False, weight="length").values())
        elif task == "sampled":
            checksum = sum(nx.betweenness_centrality(G, k=samples, normalized=False, weight="length", seed=1).values())
        elif task == "closeness":
            checksum = sum(nx.closeness_centrality(G, distance="length").values())
        elif task == "maxflow":
            checksum = nx.maximum_flow_value(G, s, t, capacity="capacity")
    elif lib == "igraph":
        import igraph as ig
        G = ig.Graph(n=n, edges=list(zip(src, dst)), directed=False)
        G.es["length"] = length
        G.es["capacity"] = capacity
        load = time.perf_counter() - t0
        start = time.perf_counter()
        if task == "load":
            checksum = G.ecount()
        elif task == "dijkstra":
            d = G.distances(source=s, weights="length")[0]
            checksum = sum(x for x in d if x != float("inf"))
        elif task == "kpaths":
            paths = G.get_k_shortest_paths(s, t, k=10, weights="length", output="epath")
            checksum = sum(sum(length[e] for e in p) for p in paths)
        elif task == "betweenness":
            checksum = sum(G.betweenness(weights="length"))
        elif task == "sampled":
            import random
            sources = random.Random(1).sample(range(n), samples)
            checksum = sum(G.betweenness(weights="length", sources=sources)) * (n - 1) / samples
        elif task == "closeness":
            checksum = sum(G.closeness(weights="length"))
        elif task == "maxflow":
            checksum = G.maxflow_value(s, t, capacity="capacity")
    elif lib == "networkit":
        import networkit as nk
        nk.engineering.setNumberOfThreads(os.cpu_count() or 1)
        G = nk.Graph(n, weighted=True, directed=False)
        for a, b, w in zip(src, dst, length):
            G.addEdge(a, b, w)
        load = time.perf_counter() - t0
        start = time.perf_counter()
        if task == "load":
            checksum = G.numberOfEdges()
        elif task == "dijkstra":
            algo = nk.distance.Dijkstra(G, s, storePaths=False)
            algo.run()
            checksum = sum(x for x in algo.getDistances() if x < 1e300)
        elif task == "kpaths":
            unsupported(lib, task)
        elif task == "betweenness":
            algo = nk.centrality.Betweenness(G, normalized=False)
            algo.run()
            # NetworKit counts each unordered pair twice on undirected graphs.
            checksum = sum(algo.scores()) / 2
        elif task == "sampled":
            algo = nk.centrality.EstimateBetweenness(G, samples, normalized=False, parallel=True)
            algo.run()
            checksum = sum(algo.scores()) / 2
        elif task == "closeness":
            algo = nk.centrality.Closeness(G, True, nk.centrality.ClosenessVariant.Generalized)
            algo.run()
            checksum = sum(algo.scores())
        elif task == "maxflow":
            F = nk.Graph(n, weighted=True, directed=False)
            for a, b, c in zip(src, dst, capacity):
                F.addEdge(a, b, c)
            F.indexEdges()
            start = time.perf_counter()
            algo = nk.flow.EdmondsKarp(F, s, t)
            algo.run()
            checksum = algo.getMaxFlow()
    elif lib == "rustworkx":
        import rustworkx as rx
        G = rx.PyGraph()
        G.add_nodes_from(range(n))
        G.add_edges_from(list(zip(src, dst, length)))
        load = time.perf_counter() - t0
        start = time.perf_counter()
        if task == "load":
            checksum = G.num_edges()
        elif task == "dijkstra":
            d = rx.graph_dijkstra_shortest_path_lengths(G, s, edge_cost_fn=float)
            checksum = sum(d.values())
        elif task == "closeness":
            checksum = sum(rx.newman_weighted_closeness_centrality(G, weight_fn=float).values())
        else:
            unsupported(lib, task)
    else:
        sys.exit(f"unknown library {lib}")
    seconds = time.perf_counter() - start
    print(json.dumps({"library": lib, "task": task, "nodes": n, "edges": len(src), "load_seconds": load,
                      "seconds": seconds, "checksum": checksum}))


if __name__ == "__main__":
    main()
