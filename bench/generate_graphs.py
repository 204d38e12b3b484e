#!/usr/bin/env python3
"""Synthetic road-like benchmark graphs (SYNTHETIC: not geographic data).

A W×H grid whose nodes are jittered, thinned to average degree about 2.7 by keeping a
random spanning tree plus random extra grid edges, with 1% of nodes given a "shortcut" to a
node 3–6 cells away. Weights are Euclidean lengths; capacities are integers 1–100.
Node 0 and node n−1 are opposite corners ("far corners" for path and flow tasks).

Writes DIR/road-N/nodes.csv (id,x,y) and edges.csv (id,from,to,length,capacity), the plain
network format every tool in the benchmark reads. Fixed seed: same files every time.

    python3 generate_graphs.py --out bench/data 1000 10000 100000 1000000
"""
import argparse
import csv
import math
import os
import random


def find(parent, a):
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


def generate(n_target, seed, degree=2.7):
    rng = random.Random(seed + n_target)
    w = int(math.isqrt(n_target))
    h = (n_target + w - 1) // w
    n = w * h
    xs = [(i % w) + rng.uniform(-0.3, 0.3) for i in range(n)]
    ys = [(i // w) + rng.uniform(-0.3, 0.3) for i in range(n)]
    grid = []
    for i in range(n):
        x, y = i % w, i // w
        if x + 1 < w:
            grid.append((i, i + 1))
        if y + 1 < h:
            grid.append((i, i + w))
    rng.shuffle(grid)
    parent = list(range(n))
    tree, extra = [], []
    for a, b in grid:
        ra, rb = find(parent, a), find(parent, b)
        if ra != rb:
            parent[ra] = rb
            tree.append((a, b))
        else:
            extra.append((a, b))
    m_target = int(degree / 2 * n)
    shortcuts = []
    for _ in range(n // 100):
        a = rng.randrange(n)
        dx, dy = rng.randint(3, 6) * rng.choice((-1, 1)), rng.randint(-6, 6)
        x, y = a % w + dx, a // w + dy
        if 0 <= x < w and 0 <= y < h:
            shortcuts.append((a, y * w + x))
    keep_extra = max(0, m_target - len(tree) - len(shortcuts))
    edges = tree + extra[:keep_extra] + shortcuts
    edges.sort()
    return n, xs, ys, edges, rng


def write(out, n_target, seed, degree):
    n, xs, ys, edges, rng = generate(n_target, seed, degree)
    name = f"road-{n_target}" if degree == 2.7 else f"road-{n_target}-deg{degree:g}"
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "nodes.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["id", "x", "y"])
        for i in range(n):
            wr.writerow([i, f"{xs[i]:.6f}", f"{ys[i]:.6f}"])
    with open(os.path.join(d, "edges.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["id", "from", "to", "length", "capacity"])
        for k, (a, b) in enumerate(edges):
            length = math.hypot(float(f"{xs[a]:.6f}") - float(f"{xs[b]:.6f}"), float(f"{ys[a]:.6f}") - float(f"{ys[b]:.6f}"))
            wr.writerow([k, a, b, f"{length:.6f}", rng.randint(1, 100)])
    print(f"{name}: {n} nodes, {len(edges)} edges, average degree {2 * len(edges) / n:.2f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--degree", type=float, default=2.7, help="average degree (3.0 gives the 1M-node / 1.5M-edge load test)")
    p.add_argument("sizes", type=int, nargs="+")
    args = p.parse_args()
    for n in args.sizes:
        write(args.out, n, args.seed, args.degree)


if __name__ == "__main__":
    main()
