"""rdflib (in memory) against pyoxigraph (on disk) on a synthetic graph of over 1M triples.

Measures, for each store in its own fresh process: load time, memory (RSS
growth; and the store's size on disk for pyoxigraph), and the median latency
of three representative queries, all through ``alignkg.graph.sparql.run`` (the
path ``kg.query`` takes), plus pyoxigraph's own API without rdflib terms.

    .venv/bin/python benchmarks/bench_stores.py              # 1.06M triples, 3 runs a query
    .venv/bin/python benchmarks/bench_stores.py --entities 20000 --runs 2   # quick look

The synthetic graph mimics ours: risks, techniques (addressing risks, with a
maturity), organisations, publications (by organisations) and findings (about
techniques, from publications), each with a label and a description.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKG = "https://w3id.org/alignkg/ontology#"
ID = "https://w3id.org/alignkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CREATOR = "http://purl.org/dc/terms/creator"
SOURCE = "http://purl.org/dc/terms/source"
WORDS = ("deceptive reward hacking goal misgeneralization oversight interpretability control debate robust "
         "scalable evaluation monitoring alignment value learning corrigible shutdown steganography sandbagging "
         "power seeking jailbreak refusal sycophancy distributional shift verification").split()

QUERIES = {
    "type+text filter": """SELECT ?r ?label WHERE { ?r a akg:Risk ; rdfs:label ?label .
        FILTER(CONTAINS(LCASE(STR(?label)), "deceptive sandbagging")) }""",
    "two-hop join+GROUP BY": """SELECT ?org (COUNT(DISTINCT ?t) AS ?techniques) WHERE {
        ?p dcterms:creator ?org . ?f dcterms:source ?p ; akg:about ?t }
        GROUP BY ?org ORDER BY DESC(?techniques) LIMIT 10""",
    "OPTIONAL+ORDER BY+LIMIT": """SELECT ?t ?label ?maturity WHERE { ?t a akg:Technique ; rdfs:label ?label .
        OPTIONAL { ?t akg:maturity/rdfs:label ?maturity } } ORDER BY ?label LIMIT 20""",
}


def generate(path: Path, entities: int, seed: int = 7) -> int:
    """Write a synthetic N-Triples graph with about ``8.5 * entities`` triples; return the count."""
    rng = random.Random(seed)
    count = 0
    sizes = {"Risk": entities // 20, "Technique": entities // 10, "Organization": entities // 50,
             "Publication": entities // 5}
    sizes["Finding"] = entities - sum(sizes.values())
    levels = [f"{ID}maturity-{i}" for i in range(6)]
    with path.open("w", encoding="utf-8") as out:
        def triple(s: str, p: str, o: str) -> None:
            nonlocal count
            out.write(f"<{s}> <{p}> {o} .\n")
            count += 1

        def text(n: int) -> str:
            return '"' + " ".join(rng.choice(WORDS) for _ in range(n)) + '"@en'

        for i, level in enumerate(levels):
            triple(level, LABEL, f'"Level {i}"@en')
        for cls, n in sizes.items():
            for i in range(n):
                s = f"{ID}{cls.lower()}-{i}"
                triple(s, RDF_TYPE, f"<{AKG}{cls}>")
                triple(s, LABEL, text(3))
                triple(s, f"{AKG}description", text(12))
                if cls == "Technique":
                    triple(s, f"{AKG}maturity", f"<{rng.choice(levels)}>")
                    for _ in range(4):
                        triple(s, f"{AKG}addresses", f"<{ID}risk-{rng.randrange(sizes['Risk'])}>")
                elif cls == "Publication":
                    for _ in range(2):
                        triple(s, CREATOR, f"<{ID}organization-{rng.randrange(sizes['Organization'])}>")
                    triple(s, f"{AKG}year", f'"{rng.randrange(2015, 2026)}"^^<http://www.w3.org/2001/XMLSchema#integer>')
                elif cls == "Finding":
                    triple(s, f"{AKG}about", f"<{ID}technique-{rng.randrange(sizes['Technique'])}>")
                    triple(s, SOURCE, f"<{ID}publication-{rng.randrange(sizes['Publication'])}>")
                    triple(s, f"{AKG}value", f'"{rng.random():.3f}"^^<http://www.w3.org/2001/XMLSchema#decimal>')
                    for _ in range(4):
                        triple(s, f"{AKG}mentions", f"<{ID}risk-{rng.randrange(sizes['Risk'])}>")
    return count


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def child(store: str, data: Path, runs: int) -> dict:
    """Load ``data`` into ``store`` and time the queries (run in a fresh process)."""
    import pyoxigraph  # noqa: F401 - imported before the baseline, so RSS growth is the data's
    from rdflib import Graph

    from alignkg.graph.sparql import PREFIXES, run
    from alignkg.graph.store import build_oxigraph, oxigraph_graph

    before = rss_mb()
    started = time.perf_counter()
    extra: dict = {}
    if store == "rdflib":
        graph = Graph()
        graph.parse(data, format="nt")
    else:
        folder = Path(tempfile.mkdtemp(prefix="bench-ox-"))
        build_oxigraph(folder / "store", [data])
        graph = oxigraph_graph(folder / "store")
        extra["disk_mb"] = sum(f.stat().st_size for f in (folder / "store").rglob("*") if f.is_file()) / 2**20
    load_s = time.perf_counter() - started
    extra["triples"] = len(graph)
    latencies: dict[str, dict] = {}
    for name, text in QUERIES.items():
        times, rows = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            rows = len(list(run(graph, text)))
            times.append(time.perf_counter() - t0)
        latencies[name] = {"median_s": statistics.median(times), "runs": times, "rows": rows}
        if store == "oxigraph":  # pyoxigraph's own API: no rdflib terms made
            inner = graph.store._inner
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                list(inner.query(text, prefixes=PREFIXES))
                times.append(time.perf_counter() - t0)
            latencies[name]["native_median_s"] = statistics.median(times)
    if store == "oxigraph":
        shutil.rmtree(folder, ignore_errors=True)
    return {"store": store, "load_s": load_s, "rss_mb": rss_mb() - before, **extra, "queries": latencies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=125_000, help="entities (about 8.5 triples each)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each query (median reported)")
    parser.add_argument("--child", choices=["rdflib", "oxigraph"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data, args.runs)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-stores-") as tmp:
        data = Path(tmp) / "synthetic.nt"
        t0 = time.perf_counter()
        triples = generate(data, args.entities)
        print(f"synthetic graph: {triples:,} triples, {data.stat().st_size / 2**20:.0f} MiB N-Triples "
              f"(made in {time.perf_counter() - t0:.1f} s); {os.cpu_count()} CPUs, shared", flush=True)
        results = {}
        for store in ("oxigraph", "rdflib"):
            out = subprocess.run([sys.executable, __file__, "--child", store, "--data", str(data),
                                  "--runs", str(args.runs)], check=True, capture_output=True, text=True)
            results[store] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"  {store}: done", flush=True)
    report(results, args)


def report(results: dict, args: argparse.Namespace) -> None:
    r, o = results["rdflib"], results["oxigraph"]
    print("\n| measure | rdflib (memory) | pyoxigraph (disk) | rdflib / pyoxigraph |\n|---|---|---|---|")
    print(f"| triples | {r['triples']:,} | {o['triples']:,} | |")
    print(f"| load | {r['load_s']:.1f} s | {o['load_s']:.1f} s | {r['load_s'] / o['load_s']:.1f}x |")
    print(f"| memory (RSS growth) | {r['rss_mb']:.0f} MiB | {o['rss_mb']:.0f} MiB (+{o['disk_mb']:.0f} MiB on disk) "
          f"| {r['rss_mb'] / max(o['rss_mb'], 1):.1f}x |")
    for name in QUERIES:
        a, b = r["queries"][name], o["queries"][name]
        print(f"| {name} ({a['rows']} rows) | {a['median_s'] * 1000:.0f} ms | {b['median_s'] * 1000:.0f} ms "
              f"(native {b['native_median_s'] * 1000:.0f} ms) | {a['median_s'] / b['median_s']:.0f}x |")
    print(f"\nmedians of {args.runs} runs; reproduce: .venv/bin/python benchmarks/bench_stores.py "
          f"--entities {args.entities} --runs {args.runs}")


if __name__ == "__main__":
    main()
