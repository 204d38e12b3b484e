#!/usr/bin/env python3
"""A country-scale OpenStreetMap-like extract for the import benchmark (SYNTHETIC: no way is a real road).

Issue 18 asks `chokepoint network from-osm` to import an OSM-like network of 1M nodes from PBF
in under 60 s. This script writes such an extract as OSM XML, deterministically from --seed, and
`osmium cat` turns it into PBF. It lies across the Laos–Vietnam border (lon 104.6–106.1°E,
lat 17.6–19.1°N) so that the bundled boundaries place it and roads crossing the border become
crossings, as in a real extract.

What makes it OSM-like rather than a plain lattice:
- roads run along every tenth grid line, so between junctions there are nine shape nodes
  (degree 2), which the importer must merge back into one link, as it does for real ways;
- each line is cut into ways of 100 steps (ways in OSM end and start at arbitrary nodes);
- classes by line: motorway-like trunk every 400, primary every 200, secondary every 50,
  tertiary every 20, unclassified or track (every third of the rest) otherwise; a quarter of
  the tertiary roads are unpaved; a way in 50 is dropped, which leaves dead ends;
- border_control nodes on the trunk and primary roads where they cross lon 105.35°E (near, not
  on, the real border: the importer then also finds the uncontrolled crossings itself);
- coordinates jittered by up to a fifth of a grid step;
- a village at one junction in 25, a town at one in 400 (with population).

    python3 bench/generate_osm.py --nodes 1000000 --out bench/data/osm-1000000.osm
    osmium cat bench/data/osm-1000000.osm -o bench/data/osm-1000000.osm.pbf
"""

import argparse
import math
import random

WEST, SOUTH, SPAN = 104.6, 17.6, 1.5
SPACING = 10          # grid steps between junctions
WAY_STEPS = 100       # grid steps per way
BORDER_GATE_LON = 105.35


def line_class(index, rng):
    if index % 400 == 0:
        return "trunk", None
    if index % 200 == 0:
        return "primary", None
    if index % 50 == 0:
        return "secondary", None
    if index % 20 == 0:
        return "tertiary", ("unpaved" if rng.random() < 0.25 else None)
    return ("track", None) if rng.random() < 1 / 3 else ("unclassified", None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=1_000_000, help="about this many road nodes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    # Nodes on lines every SPACING steps of an L x L grid: about 2 L² / SPACING of them.
    side = int(math.sqrt(args.nodes * SPACING / 2))
    side -= side % SPACING
    step = SPAN / side
    lines = range(0, side + 1, SPACING)
    ids = {}

    def node_id(i, j):
        key = (i, j)
        if key not in ids:
            ids[key] = len(ids) + 1
        return ids[key]

    # Register every node first, in row order, so ids (and the file) are deterministic.
    for j in range(side + 1):
        if j % SPACING == 0:
            for i in range(side + 1):
                node_id(i, j)
        else:
            for i in lines:
                node_id(i, j)

    gates = set()
    ways = []  # (id, [node ids], tags)
    for direction in ("row", "column"):
        for index in lines:
            highway, surface = line_class(index, rng)
            for start in range(0, side, WAY_STEPS):
                if rng.random() < 0.02:
                    continue
                steps = range(start, min(side, start + WAY_STEPS) + 1)
                cells = [(k, index) if direction == "row" else (index, k) for k in steps]
                refs = [node_id(i, j) for i, j in cells]
                if direction == "row" and highway in ("trunk", "primary"):
                    for i, j in cells:
                        lon = WEST + i * step
                        if abs(lon - BORDER_GATE_LON) < step / 2:
                            gates.add((i, j))
                tags = [("highway", highway)]
                if surface:
                    tags.append(("surface", surface))
                if highway in ("trunk", "primary", "secondary"):
                    tags.append(("name", f"{highway.title()} {direction} {index}"))
                ways.append((len(ways) + 1, refs, tags))

    places = {}
    for j in lines:
        for i in lines:
            r = rng.random()
            if r < 1 / 400:
                places[(i, j)] = ("town", rng.randint(5_000, 80_000))
            elif r < 1 / 25:
                places[(i, j)] = ("village", None)

    with open(args.out, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="chokepoint bench/generate_osm.py (SYNTHETIC)">\n')
        for (i, j), nid in ids.items():
            # Jittered by up to a fifth of a step, so roads are not ruler-straight (and the
            # file does not compress like a lattice).
            lat = SOUTH + (j + rng.uniform(-0.2, 0.2)) * step
            lon = WEST + (i + rng.uniform(-0.2, 0.2)) * step
            if (i, j) in gates:
                out.write(f'  <node id="{nid}" lat="{lat:.7f}" lon="{lon:.7f}"><tag k="barrier" v="border_control"/>'
                          f'<tag k="name" v="Synthetic gate {nid}"/></node>\n')
            else:
                out.write(f'  <node id="{nid}" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        # Places are separate nodes 100 m north-east of their junction, as OSM's place nodes
        # sit near, not on, the roads.
        next_id = len(ids) + 1
        for (i, j), (kind, population) in sorted(places.items(), key=lambda p: (p[0][1], p[0][0])):
            lat, lon = SOUTH + j * step + 0.0009, WEST + i * step + 0.0009
            tags = f'<tag k="place" v="{kind}"/><tag k="name" v="Synthetic {kind} {next_id}"/>'
            if population:
                tags += f'<tag k="population" v="{population}"/>'
            out.write(f'  <node id="{next_id}" lat="{lat:.7f}" lon="{lon:.7f}">{tags}</node>\n')
            next_id += 1
        for wid, refs, tags in ways:
            nds = "".join(f'<nd ref="{r}"/>' for r in refs)
            tag_text = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags)
            out.write(f'  <way id="{wid}">{nds}{tag_text}</way>\n')
        out.write("</osm>\n")
    print(f"{len(ids)} road nodes, {len(ways)} ways, {len(gates)} border_control nodes, {len(places)} places; "
          f"grid step {step * 111_000:.0f} m; written to {args.out}")


if __name__ == "__main__":
    main()
