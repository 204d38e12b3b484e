#!/usr/bin/env python3
"""Runs the graph benchmark: chokepoint against NetworkX, igraph, NetworKit, rustworkx and graph-tool on
the same synthetic road-like graph files, each run in its own process (time of the algorithm
call only, load time and peak memory recorded separately), and prints a Markdown table.

    python3 bench/run.py --data bench/data --timeout 300 > bench/results/table.md

Results (JSON lines) go to bench/results/runs.jsonl. A run that exceeds --timeout is
recorded as a timeout; a task a library cannot do as n/a. Checksums are compared: a peer
whose checksum differs from chokepoint's on a deterministic task is flagged.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (task, sizes): the matrix of issue 4.
MATRIX = [
    ("dijkstra", [1000, 10000, 100000, 1000000]),
    ("kpaths", [1000, 10000, 100000]),
    ("betweenness", [1000, 10000]),
    ("sampled", [10000, 100000, 1000000]),
    ("closeness", [10000]),
    ("maxflow", [100000]),
    ("maxflow-bk", [100000]),
]
LIBRARIES = ["chokepoint", "networkx", "igraph", "networkit", "rustworkx", "graph-tool"]
DETERMINISTIC = {"dijkstra", "kpaths", "betweenness", "maxflow", "maxflow-bk"}


def run_one(library, task, directory, timeout, python, bench_binary, system_python="/usr/bin/python3"):
    """One run in a fresh process under GNU time, which reports the child's peak RSS.
    graph-tool is Debian's python3-graph-tool, so it runs under the system python3."""
    if library == "chokepoint":
        command = [bench_binary, "maxflow" if task == "maxflow-bk" else task, directory]
    else:
        interpreter = system_python if library == "graph-tool" else python
        command = [interpreter, os.path.join(HERE, "peers.py"), library, task, directory]
    command = ["/usr/bin/time", "-f", "peak_rss_kb=%M"] + command
    # A session of its own, so a timeout kills the run itself and not only the time wrapper.
    # numpy, which the Python peers import, brings OpenBLAS, whose worker threads spin for a
    # while after loading; chokepoint stops its own (LinkedBLAS). No library's time here
    # should include that pool: the peers run with one BLAS thread (none of these tasks uses BLAS).
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"library": library, "task": task, "timeout": timeout}
    if process.returncode == 3:
        return {"library": library, "task": task, "unsupported": True}
    if process.returncode != 0:
        return {"library": library, "task": task, "error": err.strip()[-300:]}
    result = json.loads(out.strip().splitlines()[-1])
    result["task"] = task  # chokepoint's maxflow stands in the maxflow-bk row
    for line in err.splitlines():
        if line.startswith("peak_rss_kb="):
            result["peak_rss_mb"] = int(line.split("=")[1]) / 1024
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.path.join(HERE, "data"))
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--repeats", type=int, default=3, help="runs per cell for chokepoint and fast peers (median reported)")
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--bench-binary", default=os.path.join(ROOT, ".build", "release", "ChokepointBench"))
    p.add_argument("--only", help="comma-separated tasks to run")
    p.add_argument("--libraries", help="comma-separated libraries to run (default: all)")
    p.add_argument("--sizes", help="comma-separated sizes to run (default: the matrix's)")
    p.add_argument("--family", choices=["road", "deg3"], default="road",
                   help="graph family: road (mean degree 2.7) or deg3 (mean degree 3.0, fewer dead ends; road-N-deg3, log runs-deg3.jsonl)")
    p.add_argument("--threads", type=int, help="OpenMP threads for graph-tool (default: all cores)")
    p.add_argument("--resume", action="store_true", help="skip cells already in bench/results/runs.jsonl")
    p.add_argument("--interleave", action="store_true",
                   help="run each cell's libraries in turn, `repeats` rounds (slow cells too), so that a"
                        " noisy machine's slow minutes fall on every library alike; medians reported")
    p.add_argument("--table-from", metavar="JSONL", help="print the table from a runs log and exit")
    args = p.parse_args()
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    log_path = os.path.join(HERE, "results", "runs.jsonl" if args.family == "road" else f"runs-{args.family}.jsonl")
    if args.table_from:
        print(table(rows_from_log(args.table_from), args.timeout))
        return
    done = {(r["task"], r["size"], r["library"]) for r in read_log(log_path)} if args.resume else set()
    if args.threads:
        os.environ["CHOKEPOINT_BENCH_THREADS"] = str(args.threads)
    libraries = args.libraries.split(",") if args.libraries else LIBRARIES
    log = open(log_path, "a")
    rows = []
    for task, sizes in MATRIX:
        if args.only and task not in args.only.split(","):
            continue
        for size in sizes:
            if args.sizes and str(size) not in args.sizes.split(","):
                continue
            directory = os.path.join(args.data, f"road-{size}" + ("" if args.family == "road" else f"-{args.family}"))
            cell = {}
            if args.interleave:
                todo = [lib for lib in libraries if (task, size, lib) not in done]
                runs = {lib: [] for lib in todo}
                for _ in range(max(1, args.repeats)):
                    for library in todo:
                        runs[library].append(run_one(library, task, directory, args.timeout, args.python, args.bench_binary))
                for library in todo:
                    timed = sorted((m for m in runs[library] if "seconds" in m), key=lambda m: m["seconds"])
                    r = timed[len(timed) // 2] if timed else runs[library][0]
                    if timed:
                        r["runs"] = [m["seconds"] for m in timed]
                        r["interleaved"] = True
                    r["size"] = size
                    log.write(json.dumps(r) + "\n")
                    log.flush()
                    cell[library] = r
                    print(f"{task} {size} {library}: " + (f"{r['seconds']:.4f} s {r['runs']}" if "seconds" in r else "no time"),
                          file=sys.stderr, flush=True)
                rows.append((task, size, cell))
                continue
            for library in libraries:
                if (task, size, library) in done:
                    continue
                # Slow cells (over 30 s) are run once; fast ones `repeats` times for a median.
                r = run_one(library, task, directory, args.timeout, args.python, args.bench_binary)
                if "seconds" in r and r["seconds"] < 30 and args.repeats > 1:
                    more = [r] + [run_one(library, task, directory, args.timeout, args.python, args.bench_binary)
                                  for _ in range(args.repeats - 1)]
                    more = [m for m in more if "seconds" in m]
                    more.sort(key=lambda m: m["seconds"])
                    r = more[len(more) // 2]
                    r["runs"] = [m["seconds"] for m in sorted(more, key=lambda m: m["seconds"])]
                r["size"] = size
                log.write(json.dumps(r) + "\n")
                log.flush()
                cell[library] = r
                print(f"{task} {size} {library}: " + (f"{r['seconds']:.4f} s" if "seconds" in r else
                      ("timeout" if "timeout" in r else ("n/a" if "unsupported" in r else "error " + r.get("error", "")))),
                      file=sys.stderr, flush=True)
            rows.append((task, size, cell))
    print(table(rows_from_log(log_path), args.timeout))


def read_log(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def rows_from_log(path):
    """The latest result for every (task, size, library) in the log, in matrix order."""
    latest = {}
    for r in read_log(path):
        latest[(r["task"], r["size"], r["library"])] = r
    rows = []
    for task, sizes in MATRIX:
        for size in sizes:
            cell = {lib: latest.get((task, size, lib), {"missing": True}) for lib in LIBRARIES}
            if any("missing" not in r for r in cell.values()):
                rows.append((task, size, cell))
    return rows


def fmt(r):
    if "seconds" in r:
        return f"{r['seconds']:.3f}" if r["seconds"] >= 0.01 else f"{r['seconds'] * 1000:.2f} ms"
    if "timeout" in r:
        return f"> {r['timeout']:.0f} (timeout)"
    if "unsupported" in r:
        return "n/a"
    if "missing" in r:
        return "not run"
    return "error"


def table(rows, timeout):
    lines = ["| task | nodes | " + " | ".join(LIBRARIES) + " | fastest peer | chokepoint vs fastest peer | peak MB (ours / fastest peer) | checksums |",
             "|---|---:|" + "---:|" * len(LIBRARIES) + "---|---:|---:|---|"]
    for task, size, cell in rows:
        ours = cell["chokepoint"]
        if "seconds" not in ours:
            lines.append(f"| {task} | {size:,} | " + " | ".join(fmt(cell[lib]) for lib in LIBRARIES) + " | — | — | — | — |")
            continue
        peers = {lib: r for lib, r in cell.items() if lib != "chokepoint" and "seconds" in r}
        if peers:
            fastest = min(peers, key=lambda lib: peers[lib]["seconds"])
            ratio = peers[fastest]["seconds"] / ours["seconds"] if "seconds" in ours else float("nan")
            verdict = f"{ratio:.2f}× faster" if ratio >= 1 else f"{1 / ratio:.2f}× slower"
        else:
            fastest, verdict = "—", "no peer finished"
        check = "—"
        if task in DETERMINISTIC and "checksum" in ours:
            bad = [lib for lib, r in peers.items() if r.get("checksum") is not None and abs(r["checksum"] - ours["checksum"]) > 1e-6 * max(1, abs(ours["checksum"]))]
            check = "all agree" if not bad else "differ: " + ", ".join(bad)
        memory = f"{ours.get('peak_rss_mb', float('nan')):.0f} / " + (f"{peers[fastest].get('peak_rss_mb', float('nan')):.0f}" if fastest in peers else "—")
        lines.append(f"| {task} | {size:,} | " + " | ".join(fmt(cell[lib]) for lib in LIBRARIES) + f" | {fastest} | {verdict} | {memory} | {check} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
