"""``alignkg serve`` against Oxigraph's own server, side by side, on the same graph and queries.

Starts both on loopback: ``alignkg serve`` (default store, ``--no-search``) and
``oxigraph serve-read-only`` over our N-Triples export (the ``oxigraph`` CLI of the
dev extra). Then, for each query and each number of concurrent keep-alive clients,
it sends the same GET requests (JSON results) in alternating rounds — alignkg then
Oxigraph, then Oxigraph then alignkg, … — so that both see the same load from
whatever else runs on the machine, and prints the medians over the rounds of
requests/s and of p50 latency, the median of the per-round ratios alignkg / Oxigraph,
and the CPU time each server spent per request (its processes and their children,
from /proc: a figure the other jobs on the machine disturb far less than req/s).

    .venv/bin/python benchmarks/bench_serve.py                       # 1 and 8 clients, 7 rounds
    .venv/bin/python benchmarks/bench_serve.py --levels 1,8 --rounds 9 --requests 300

The queries: the named GROUP BY query ``techniques-by-risk`` and a label filter.
Oxigraph does not predeclare our prefixes, so both servers get the text with the
PREFIX lines written out. Any non-200 answer is counted as an error (exit 1).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from statistics import median

from load_test import free_port, level, stop, wait_up

LABEL_FILTER = ("SELECT ?s ?label WHERE { ?s rdfs:label ?label "
                "FILTER(CONTAINS(LCASE(STR(?label)), \"deceptive\")) } ORDER BY ?label")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its live descendants (Linux /proc), or NaN elsewhere."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    if pid not in times:
        return float("nan")
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent and child not in tree]
        tree.update(children)
        frontier += children
    return sum(times[p] for p in tree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,8", help="concurrent clients, comma-separated")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds per query and level")
    parser.add_argument("--requests", type=int, default=200, help="requests per round and server at most")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per round and server at most")
    parser.add_argument("--workers", type=int, default=2, help="alignkg serve --workers")
    parser.add_argument("--named", default="techniques-by-risk", help="the named query to send")
    args = parser.parse_args()

    import alignkg
    from alignkg.graph.sparql import PREFIXES, named_queries

    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if oxigraph is None:
        sys.exit("the oxigraph CLI is missing: pip install -e '.[dev]'")
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    queries = {args.named: prologue + named_queries()[args.named].text, "label filter": prologue + LABEL_FILTER}
    processes = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        folder = Path(tmp)
        (folder / "graph.nt").write_bytes(alignkg.load().export("nt"))
        subprocess.run([oxigraph, "load", "--location", str(folder / "db"), "--file", str(folder / "graph.nt")],
                       check=True, capture_output=True, timeout=300)
        try:
            ox_port, akg_port = free_port(), free_port()
            ox = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(folder / "db"),
                                   "--bind", f"127.0.0.1:{ox_port}", "--timeout-s", "10"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            processes.append(ox)
            akg = subprocess.Popen([sys.executable, "-m", "alignkg", "serve", "--port", str(akg_port), "--no-search",
                                    "--workers", str(args.workers)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            processes.append(akg)
            wait_up(f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D", ox)
            wait_up(f"http://127.0.0.1:{akg_port}/health", akg)
            servers = {"alignkg": (akg_port, "/sparql"), "oxigraph": (ox_port, "/query")}
            pids = {"alignkg": akg.pid, "oxigraph": ox.pid}
            print("| query | clients | alignkg req/s | oxigraph req/s | ratio | alignkg p50 ms | oxigraph p50 ms "
                  "| alignkg CPU ms/req | oxigraph CPU ms/req |\n|---|---|---|---|---|---|---|---|---|", flush=True)
            failed = False
            accept = {"Accept": "application/sparql-results+json"}
            for name, text in queries.items():
                qs = "?" + urllib.parse.urlencode({"query": text})
                for port, path in servers.values():  # warm up: caches, connections
                    level("127.0.0.1", port, "GET", path + qs, None, accept, 1, 20, 5)
                for clients in (int(n) for n in args.levels.split(",")):
                    rounds: dict[str, list[dict]] = {server: [] for server in servers}
                    for number in range(args.rounds):
                        order = list(servers) if number % 2 == 0 else list(reversed(servers))
                        for server in order:
                            port, path = servers[server]
                            cpu = cpu_seconds(pids[server])
                            stats = level("127.0.0.1", port, "GET", path + qs, None, accept, clients,
                                          args.requests, args.seconds)
                            stats["cpu_ms"] = (cpu_seconds(pids[server]) - cpu) * 1000 / max(stats["requests"], 1)
                            rounds[server].append(stats)
                            if stats["errors"]:
                                failed = True
                                print(f"errors from {server}: {stats['error_kinds']}", flush=True)
                    a, o = rounds["alignkg"], rounds["oxigraph"]
                    ratio = median(x["throughput_rps"] / y["throughput_rps"] for x, y in zip(a, o))
                    print(f"| {name} | {clients} | {median(x['throughput_rps'] for x in a):.0f} | "
                          f"{median(y['throughput_rps'] for y in o):.0f} | {ratio:.0%} | "
                          f"{median(x['p50_ms'] for x in a):.1f} | {median(y['p50_ms'] for y in o):.1f} | "
                          f"{median(x['cpu_ms'] for x in a):.2f} | {median(y['cpu_ms'] for y in o):.2f} |", flush=True)
        finally:
            for process in processes:
                stop(process)
    print(f"\nreproduce: .venv/bin/python benchmarks/bench_serve.py --levels {args.levels} --rounds {args.rounds} "
          f"--requests {args.requests} --seconds {args.seconds:g} --workers {args.workers}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
