#!/usr/bin/env python3
"""Oracle fixtures for the graph tests, computed by NetworkX independently of Chokepoint.

Run from this folder:  python3 make_networkx_fixtures.py
(needs `pip install networkx`; the version used is recorded in each expected.json).

Each graph is written as networkx/<name>/nodes.csv and edges.csv (the CLI's plain network
format) with networkx/<name>/expected.json holding NetworkX's answers keyed by our ids.
Route flows are computed by brute force: every shortest path enumerated with
nx.all_shortest_paths, each demand split equally among them.
"""
import csv
import json
import math
import os
import random

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "networkx")


def weighted(rng, lo=1.0, hi=10.0):
    return round(rng.uniform(lo, hi), 4)


def grid(rng):
    g = nx.grid_2d_graph(6, 6)
    G = nx.Graph()
    for (a, b) in g.edges():
        G.add_edge(f"{a[0]}_{a[1]}", f"{b[0]}_{b[1]}", weight=weighted(rng), capacity=float(rng.randint(1, 20)))
    return G


def unit_grid(rng):
    # Every weight 1: many tied shortest paths.
    g = nx.grid_2d_graph(5, 7)
    G = nx.Graph()
    for (a, b) in g.edges():
        G.add_edge(f"{a[0]}_{a[1]}", f"{b[0]}_{b[1]}", weight=1.0, capacity=float(rng.randint(1, 5)))
    return G


def geometric(rng):
    g = nx.random_geometric_graph(70, 0.2, seed=rng.randint(0, 10**6))
    G = nx.Graph()
    for v in g.nodes():
        G.add_node(f"p{v}")
    for a, b in g.edges():
        (x1, y1), (x2, y2) = g.nodes[a]["pos"], g.nodes[b]["pos"]
        G.add_edge(f"p{a}", f"p{b}", weight=round(math.hypot(x1 - x2, y1 - y2), 6) + 0.001,
                   capacity=float(rng.randint(1, 9)))
    return G


def directed(rng):
    g = nx.gnp_random_graph(45, 0.09, seed=rng.randint(0, 10**6), directed=True)
    G = nx.DiGraph()
    for v in g.nodes():
        G.add_node(f"d{v}")
    for a, b in g.edges():
        G.add_edge(f"d{a}", f"d{b}", weight=weighted(rng), capacity=float(rng.randint(1, 12)))
    return G


def disconnected(rng):
    G = nx.Graph()
    for comp in range(3):
        g = nx.gnm_random_graph(12, 20, seed=rng.randint(0, 10**6))
        for a, b in g.edges():
            G.add_edge(f"c{comp}_{a}", f"c{comp}_{b}", weight=weighted(rng), capacity=float(rng.randint(1, 9)))
    G.add_node("isolated")
    return G


def multigraph(rng):
    # Parallel edges of different weights (a road and a river between the same towns), and
    # some of equal weight (whose edge betweenness NetworkX splits equally).
    base = nx.gnm_random_graph(25, 45, seed=rng.randint(0, 10**6))
    G = nx.MultiGraph()
    for v in base.nodes():
        G.add_node(f"m{v}")
    k = 0
    for a, b in base.edges():
        w = float(rng.randint(1, 6))
        G.add_edge(f"m{a}", f"m{b}", key=f"e{k}", weight=w, capacity=2.0); k += 1
        r = rng.random()
        if r < 0.3:
            G.add_edge(f"m{a}", f"m{b}", key=f"e{k}", weight=w + float(rng.randint(1, 3)), capacity=1.0); k += 1
        elif r < 0.5:
            G.add_edge(f"m{a}", f"m{b}", key=f"e{k}", weight=w, capacity=1.0); k += 1
    return G


def dead_ends(rng):
    # Road-like dead ends, the cases the leaf folding of exact betweenness must get right: a
    # core with chords and leaves hung off it (single leaves, several on one node, leaves
    # joined by parallel edges of equal and of different weight), two nodes joined only to
    # each other, a star on its own, and an isolated node. Small integer weights make ties.
    G = nx.MultiGraph()
    core = nx.gnm_random_graph(14, 22, seed=rng.randint(0, 10**6))
    k = 0

    def add(a, b, w):
        nonlocal k
        G.add_edge(a, b, key=f"e{k}", weight=w, capacity=1.0)
        k += 1

    for v in core.nodes():
        G.add_node(f"k{v}")
    for a, b in core.edges():
        add(f"k{a}", f"k{b}", float(rng.randint(1, 5)))
    leaf = 0
    for v in core.nodes():
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            name = f"l{leaf}"
            leaf += 1
            w = float(rng.randint(1, 5))
            add(f"k{v}", name, w)
            r = rng.random()
            if r < 0.2:
                add(name, f"k{v}", w)
            elif r < 0.35:
                add(f"k{v}", name, w + 2)
    add("pair_a", "pair_b", 2.0)
    for i in range(4):
        add("hub", f"spoke{i}", float(1 + i % 2))
    G.add_node("alone")
    return G


def write_graph(name, G):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "nodes.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id"])
        for v in G.nodes():
            w.writerow([v])
    edge_ids = {}
    with open(os.path.join(d, "edges.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "from", "to", "weight", "capacity", "directed"])
        if G.is_multigraph():
            for a, b, key, data in G.edges(keys=True, data=True):
                w.writerow([key, a, b, repr(data["weight"]), repr(data["capacity"]), "false"])
                edge_ids[(a, b, key)] = key
        else:
            for i, (a, b, data) in enumerate(G.edges(data=True)):
                eid = f"e{i}"
                w.writerow([eid, a, b, repr(data["weight"]), repr(data["capacity"]), "true" if G.is_directed() else "false"])
                edge_ids[(a, b)] = eid
                if not G.is_directed():
                    edge_ids[(b, a)] = eid
    return d, edge_ids


def route_flow_bruteforce(G, demands):
    node = {v: 0.0 for v in G.nodes()}
    edge = {}
    unserved = 0.0
    cost = 0.0
    for s, t, amount in demands:
        try:
            paths = list(nx.all_shortest_paths(G, s, t, weight="weight"))
        except nx.NetworkXNoPath:
            unserved += amount
            continue
        cost += amount * nx.dijkstra_path_length(G, s, t, weight="weight")
        share = amount / len(paths)
        for p in paths:
            for v in p[1:-1]:
                node[v] += share
            for a, b in zip(p, p[1:]):
                edge[(a, b)] = edge.get((a, b), 0.0) + share
    return node, edge, unserved, cost


def expected_for(name, G, edge_ids, rng):
    nodes = list(G.nodes())
    out = {"generator": "make_networkx_fixtures.py", "networkx": nx.__version__, "graph": name,
           "directed": G.is_directed(), "multigraph": G.is_multigraph(),
           "node_count": G.number_of_nodes(), "edge_count": G.number_of_edges()}
    out["betweenness"] = nx.betweenness_centrality(G, normalized=False, weight="weight")
    out["betweenness_normalized"] = nx.betweenness_centrality(G, normalized=True, weight="weight")
    eb = nx.edge_betweenness_centrality(G, normalized=False, weight="weight")
    if G.is_multigraph():
        out["edge_betweenness"] = {k: v for (a, b, k), v in eb.items()}
    else:
        out["edge_betweenness"] = {edge_ids[e]: v for e, v in eb.items()}
    out["closeness"] = nx.closeness_centrality(G, distance="weight")
    out["harmonic"] = nx.harmonic_centrality(G, distance="weight")
    sources = rng.sample(nodes, 3)
    out["distances"] = {s: nx.single_source_dijkstra_path_length(G, s, weight="weight") for s in sources}

    if not G.is_multigraph():
        # k shortest simple paths between a far pair, with their costs.
        best = None
        for s in rng.sample(nodes, min(len(nodes), 8)):
            lengths = nx.single_source_dijkstra_path_length(G, s, weight="weight")
            t, d = max(lengths.items(), key=lambda kv: (kv[1], kv[0]))
            if best is None or d > best[2]:
                best = (s, t, d)
        s, t, _ = best
        paths = []
        for p in nx.shortest_simple_paths(G, s, t, weight="weight"):
            paths.append({"nodes": p, "cost": nx.path_weight(G, p, "weight")})
            if len(paths) == 10:
                break
        out["k_shortest"] = {"source": s, "target": t, "paths": paths}

        # Max flow between the same pair on capacities (undirected edges: capacity both ways).
        D = G if G.is_directed() else G.to_directed()
        out["max_flow"] = {"source": s, "target": t, "value": nx.maximum_flow_value(D, s, t, capacity="capacity")}

        # Route flows for a few sources and targets with random demands.
        srcs = rng.sample(nodes, 3)
        tgts = [v for v in rng.sample(nodes, 5) if v not in srcs]
        demands = [(a, b, float(rng.randint(1, 9))) for a in srcs for b in tgts]
        node, edge, unserved, cost = route_flow_bruteforce(G, demands)
        edge_flow = {}
        for (a, b), f in edge.items():
            eid = edge_ids[(a, b)]
            edge_flow[eid] = edge_flow.get(eid, 0.0) + f
        out["route_flow"] = {"demands": [[a, b, x] for a, b, x in demands], "node": node, "edge": edge_flow,
                             "unserved": unserved, "cost": cost}
    return out


def main():
    rng = random.Random(20261123)
    builders = [("grid", grid), ("unit_grid", unit_grid), ("geometric", geometric), ("directed", directed),
                ("disconnected", disconnected), ("multigraph", multigraph), ("dead_ends", dead_ends)]
    for name, build in builders:
        G = build(rng)
        d, edge_ids = write_graph(name, G)
        expected = expected_for(name, G, edge_ids, rng)
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump(expected, f, indent=1, sort_keys=True)
        print(name, G.number_of_nodes(), G.number_of_edges())


if __name__ == "__main__":
    main()
