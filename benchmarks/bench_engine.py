"""The SPARQL engines side by side, the compiled-graph cache's cold start, and warm latency per named query.

One run prints:

1. **Engines at scale**: every named query (``graph/queries``) in rdflib's engine
   (``Graph.query``, all rows read) and in pyoxigraph's own ``Store.query`` (all
   solutions read; an on-disk store, as the cache uses) on today's graph (~10k
   triples) and on graphs of ~100k and ~1M triples made by replicating the
   curated entities under new IRIs (``…/id/c7-rlhf``), so every query has 10×
   and 100× the work. Median of ``--runs`` per query and engine; rdflib runs
   once at the larger sizes and is stopped after ``--rdflib-limit`` seconds (the
   ratio is then a lower bound, marked ``>``). Plus a two-hop join with GROUP BY.
2. **Cold start**: ``alignkg query risk-severity`` and ``alignkg --help`` as new
   processes: from the compiled cache, after a fresh compile (an empty cache), and
   with the rdflib engine; then with a layer of ``--cold-copies`` replicated entities
   (~1M triples) on top. Wall-clock medians and CPU time (the machine may be shared).
3. **Warm latency** of every named query through ``kg.query`` (rows of Python
   values, the whole path) on today's graph, both engines.

    .venv/bin/python benchmarks/bench_engine.py                    # 10k, 100k, 1M triples
    .venv/bin/python benchmarks/bench_engine.py --copies 1,10 --runs 3   # quicker
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import alignkg
from alignkg.graph.sparql import PREFIXES, named_queries

ID = "<https://w3id.org/alignkg/id/"
ROOT = Path(__file__).resolve().parents[1]
TWO_HOP = ("two-hop join + GROUP BY", """SELECT ?org (COUNT(DISTINCT ?f) AS ?findings) WHERE {
  ?t akg:ledBy ?org . ?f akg:about ?t } GROUP BY ?org ORDER BY DESC(?findings) LIMIT 10""")


class Stopped(Exception):
    """rdflib ran out of its time limit."""


def replicated(nt: str, copies: int) -> str:
    """N-Triples of ``copies`` copies of the entities (IRIs under ``id/`` renamed per copy);
    triples that name no entity (the ontology) appear once."""
    lines = [line for line in nt.splitlines() if line.strip()]
    entity_lines = [line for line in lines if ID in line]
    out = list(lines)
    for k in range(1, copies):
        out.extend(line.replace(ID, f"{ID}c{k}-") for line in entity_lines)
    return "\n".join(out) + "\n"


def rdflib_ms(graph: object, text: str, runs: int, limit: float) -> tuple[float, bool]:
    """Median milliseconds of rdflib answering ``text`` (all rows read); ``True`` if stopped at ``limit``."""
    def alarm(*_: object) -> None:
        raise Stopped()

    samples = []
    for _ in range(runs):
        signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        start = time.perf_counter()
        try:
            list(graph.query(text, initNs=PREFIXES))  # type: ignore[attr-defined]
        except Stopped:
            return limit * 1000, True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), False


def oxigraph_ms(store: object, text: str, runs: int) -> float:
    """Median milliseconds of pyoxigraph's ``Store.query`` answering ``text`` (every solution read)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = store.query(text, prefixes=PREFIXES)  # type: ignore[attr-defined]
        for _row in answer:  # SELECT solutions (every named query is a SELECT)
            pass
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def engines_at_scale(nt: str, copies: int, runs: int, limit: float, work: Path) -> None:
    import pyoxigraph
    from rdflib import Graph

    data = replicated(nt, copies)
    start = time.perf_counter()
    store = pyoxigraph.Store(str(work / f"ox-{copies}"))
    store.bulk_load(input=data.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    ox_load = time.perf_counter() - start
    start = time.perf_counter()
    graph = Graph().parse(data=data, format="nt")
    rd_load = time.perf_counter() - start
    print(f"\n## {len(graph):,} triples ({copies} cop{'y' if copies == 1 else 'ies'} of the curated entities)")
    print(f"load: rdflib {rd_load:.1f} s, pyoxigraph bulk_load {ox_load:.1f} s")
    rd_runs = runs if copies == 1 else 1
    print(f"{'query':<46} {'rdflib ms':>11} {'oxigraph ms':>12} {'ratio':>8}")
    ratios = []
    queries = [(name, q.text) for name, q in named_queries().items()] + [TWO_HOP]
    for name, text in queries:
        ox = oxigraph_ms(store, text, runs)
        rd, stopped = rdflib_ms(graph, text, rd_runs, limit)
        ratio = rd / max(ox, 0.001)
        ratios.append(ratio)
        mark = ">" if stopped else " "
        print(f"{name:<46} {mark}{rd:10.1f} {ox:12.1f} {mark}{ratio:6.1f}×")
    print(f"median ratio over {len(ratios)} queries: {statistics.median(ratios):.1f}× "
          f"(min {min(ratios):.1f}×, max {max(ratios):.1f}×); rdflib median of {rd_runs}, oxigraph of {runs}")
    del store, graph


def run_cli(args: list[str], env: dict[str, str], runs: int, fresh_cache: bool = False) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``alignkg ARGS`` as a new process."""
    walls, cpus = [], []
    exe = str(Path(sys.executable).parent / "alignkg")
    for _ in range(runs):
        if fresh_cache:
            shutil.rmtree(env["ALIGNKG_CACHE"], ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([exe, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def cold_start(work: Path, runs: int) -> None:
    env = {**os.environ, "ALIGNKG_CACHE": str(work / "cold-cache"), "ALIGNKG_HOME": str(work / "home")}
    env.pop("ALIGNKG_ENGINE", None)
    env.pop("ALIGNKG_LAYERS", None)
    print(f"\n## Cold start (new processes; median of {runs}; CPU = user + system)")
    query = ["query", "risk-severity"]
    cases = [
        ("alignkg query risk-severity, fresh compile", query, env, True),
        ("alignkg query risk-severity, compiled cache", query, env, False),
        ("alignkg query risk-severity, rdflib engine", query, {**env, "ALIGNKG_ENGINE": "rdflib"}, False),
        ("alignkg --help", ["--help"], env, False),
    ]
    for label, args, case_env, fresh in cases:
        wall, cpu = run_cli(args, case_env, runs, fresh_cache=fresh)
        print(f"{label:<46} wall {wall * 1000:6.0f} ms   CPU {cpu * 1000:6.0f} ms")


def cold_start_big(nt: str, copies: int, work: Path, runs: int) -> None:
    """Cold start with a layer of ``copies`` replicated entities on top of the curated graph."""
    home = work / "big-home"
    folder = home / "layers" / "bench"
    folder.mkdir(parents=True)
    data = replicated(nt, copies)
    (folder / "triples.nt").write_text(data, encoding="utf-8")
    (folder / "layer.yaml").write_text("name: bench\ntitle: Benchmark copies\nsource: bench_engine.py\n"
                                       "default: true\nfiles: [triples.nt]\n", encoding="utf-8")
    env = {**os.environ, "ALIGNKG_CACHE": str(work / "big-cache"), "ALIGNKG_HOME": str(home)}
    env.pop("ALIGNKG_ENGINE", None)
    env.pop("ALIGNKG_LAYERS", None)
    lines = data.count("\n")
    print(f"\n## Cold start with a layer of {lines:,} more triples ({copies} copies; median of {runs})")
    wall, cpu = run_cli(["query", "risk-severity"], env, 1)
    print(f"{'alignkg query risk-severity, fresh compile':<46} wall {wall * 1000:6.0f} ms   CPU {cpu * 1000:6.0f} ms")
    wall, cpu = run_cli(["query", "risk-severity"], env, runs)
    print(f"{'alignkg query risk-severity, compiled cache':<46} wall {wall * 1000:6.0f} ms   CPU {cpu * 1000:6.0f} ms")


def warm_latency(runs: int) -> None:
    ox, rd = alignkg.load(), alignkg.load(engine="rdflib")
    print(f"\n## Warm latency through kg.query on today's graph ({len(ox):,} triples; median of {runs})")
    print(f"{'query':<46} {'rdflib ms':>10} {'oxigraph ms':>12}")
    worst = ("", 0.0)
    for name in named_queries():
        times = {}
        for label, kg in (("rdflib", rd), ("oxigraph", ox)):
            kg.query(name)
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                kg.query(name)
                samples.append((time.perf_counter() - start) * 1000)
            times[label] = statistics.median(samples)
        worst = max(worst, (name, times["oxigraph"]), key=lambda item: item[1])
        print(f"{name:<46} {times['rdflib']:10.1f} {times['oxigraph']:12.1f}")
    print(f"slowest named query with oxigraph: {worst[0]} {worst[1]:.1f} ms (target ≤ 20 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", default="1,10,100", help="graph sizes as copies of the curated entities")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--rdflib-limit", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--cold-copies", type=int, default=100, help="copies in the layer of the big cold start")
    args = parser.parse_args()
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"pyoxigraph {__import__('pyoxigraph').__version__}, rdflib {__import__('rdflib').__version__}")
    work = Path(tempfile.mkdtemp(prefix="bench-engine-"))
    try:
        warm_latency(max(args.runs, 5))
        cold_start(work, args.runs)
        nt = alignkg.load(engine="rdflib").graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        cold_start_big(nt, args.cold_copies, work, args.runs)
        for copies in (int(c) for c in args.copies.split(",")):
            engines_at_scale(nt, copies, args.runs, args.rdflib_limit, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
