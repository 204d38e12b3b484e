#!/usr/bin/env python3
"""Runs one benchmark task with one peer library on a plain network and prints one JSON
object: load and task seconds, and a checksum comparable with chokepoint-bench's.

    python3 peers.py LIBRARY TASK DIR [SAMPLES]
    LIBRARY: networkx, igraph, networkit, rustworkx, graph-tool
    TASK:    load, dijkstra, kpaths, betweenness, sampled, closeness, maxflow, maxflow-bk
             (maxflow-bk: graph-tool's Boykov–Kolmogorov; chokepoint runs its push–relabel)

Every library reads the same edges.csv (from, to, length, capacity; node ids 0..n-1) and
treats the graph as undirected with `length` as the weight. A task a library cannot do
(rustworkx has no weighted betweenness, k loopless paths or max-flow; NetworKit has no
k loopless paths; graph-tool has no k loopless paths) exits with status 3 and
{"unsupported": ...}. graph-tool is Debian's python3-graph-tool (not on PyPI): run this
file with the system python3 for it; it uses as many OpenMP threads as the machine has
cores (`--threads` of run.py sets CHOKEPOINT_BENCH_THREADS to change that).
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
    if task == "maxflow-bk" and lib != "graph-tool":
        unsupported(lib, task)
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
    elif lib == "graph-tool":
        import numpy as np
        # The submodules, not graph_tool.all: that one imports the drawing module (cairo).
        import graph_tool as gt
        from graph_tool import centrality, flow, topology
        threads = int(os.environ.get("CHOKEPOINT_BENCH_THREADS", os.cpu_count() or 1))
        gt.openmp_set_num_threads(threads)
        directed = task.startswith("maxflow")
        G = gt.Graph(directed=directed)
        G.add_vertex(n)
        w = G.new_edge_property("double")
        if directed:
            # graph-tool's max-flow solvers work on directed graphs: an undirected edge of
            # capacity c is two arcs of capacity c, as NetworkX and igraph read it.
            cap = G.new_edge_property("double")
            edges = np.empty((2 * len(src), 3))
            edges[0::2, 0], edges[0::2, 1], edges[0::2, 2] = src, dst, capacity
            edges[1::2, 0], edges[1::2, 1], edges[1::2, 2] = dst, src, capacity
            G.add_edge_list(edges, eprops=[cap])
        else:
            edges = np.column_stack([np.asarray(src, dtype=float), np.asarray(dst, dtype=float), np.asarray(length)])
            G.add_edge_list(edges, eprops=[w])
        load = time.perf_counter() - t0
        start = time.perf_counter()
        if task == "load":
            checksum = G.num_edges()
        elif task == "dijkstra":
            d = topology.shortest_distance(G, source=G.vertex(s), weights=w).a
            checksum = float(d[np.isfinite(d) & (d < 1e300)].sum())
        elif task == "kpaths":
            unsupported(lib, task)
        elif task == "betweenness":
            vb, _ = centrality.betweenness(G, weight=w, norm=False)
            # Undirected: graph-tool already counts each unordered pair once (NetworkX's sum).
            checksum = float(vb.a.sum())
        elif task == "sampled":
            import random
            pivots = np.array(random.Random(1).sample(range(n), samples), dtype=np.int64)
            vb, _ = centrality.betweenness(G, pivots=pivots, weight=w, norm=False)
            # The pivots' partial sums, not scaled up to all sources: not compared.
            checksum = float(vb.a.sum())
        elif task == "closeness":
            checksum = float(np.nansum(centrality.closeness(G, weight=w).a))
        elif task in ("maxflow", "maxflow-bk"):
            solver = flow.push_relabel_max_flow if task == "maxflow" else flow.boykov_kolmogorov_max_flow
            res = solver(G, G.vertex(s), G.vertex(t), cap)
            res.a = cap.a - res.a
            checksum = float(sum(res[e] for e in G.vertex(t).in_edges()))
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
