#!/usr/bin/env python3
"""A/B timing of two or more builds of the bench binary on one task and graph: the runs
alternate (A, B, A, B, ...) so that the machine's drift falls on both alike, each pinned to
one core, and the median and minimum of the algorithm's time (`seconds`) are printed with
the checksum. For measuring one change; the peer tables come from run.py.

    swift build -c release --product ChokepointBench && cp .build/release/ChokepointBench /tmp/new
    python3 bench/ab.py betweenness bench/data/road-1000-deg3 21 /tmp/old /tmp/new
"""
import json
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    task, graph, reps, binaries = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    times = {b: [] for b in binaries}
    checksums = {}
    for _ in range(reps):
        for b in binaries:
            run = subprocess.run(["taskset", "-c", "1", b, task, graph], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"{b} {task} {graph}: exit {run.returncode}: {run.stderr.strip()}")
            result = json.loads(run.stdout.strip().splitlines()[-1])
            times[b].append(result["seconds"])
            checksums[b] = result.get("checksum")
    for b in binaries:
        print(f"{b}  median {statistics.median(times[b]):.4f} s  min {min(times[b]):.4f} s  checksum {checksums[b]}")


if __name__ == "__main__":
    main()
