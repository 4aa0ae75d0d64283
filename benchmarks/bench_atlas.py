"""Benchmark the atlas layer: import, what it adds, the search index it grows, and the hub queries.

Run:  .venv/bin/python benchmarks/bench_atlas.py [--repeat 3] [--warm 5] [--skip-index]

Needs the package (``pip install --no-deps ai-atlas-nexus==1.2.5``). Everything is
written to temporary folders (layer home, search-index cache, Oxigraph store), so
the import and the index build are cold. Prints medians in milliseconds (seconds
for the slow steps): import time; triples and entities added; load time with and
without the layer; indexed entities and index build time (cold: every text
embedded; warm: reopened); for each hub query, the first run after loading (cold)
and the median of the next ``--warm`` runs, in the rdflib memory store and in a
pyoxigraph store built from the same triples.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timing import line, timed

os.environ["ALIGNKG_HOME"] = tempfile.mkdtemp(prefix="bench-atlas-home-")
os.environ.pop("ALIGNKG_LAYERS", None)

import alignkg  # noqa: E402
from alignkg.graph.atlas_layer import import_package, installed_package  # noqa: E402
from alignkg.graph.sparql import named_queries  # noqa: E402

HUB = [name for name, q in named_queries().items() if q.layers]


def seconds(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def hub_latency(kg: alignkg.KnowledgeGraph, store: str, warm: int) -> None:
    for name in HUB:
        start = time.perf_counter()
        rows = kg.query(name)
        cold = (time.perf_counter() - start) * 1000
        samples = timed(lambda: kg.query(name), warm)
        print(f"  {store:<9} {name:<26} cold {cold:8.1f} ms   warm median {statistics.median(samples):8.1f} ms"
              f"   ({len(rows)} rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="imports timed (each into a fresh home)")
    parser.add_argument("--warm", type=int, default=5, help="warm runs of each hub query")
    parser.add_argument("--skip-index", action="store_true", help="leave out the search-index build (minutes)")
    args = parser.parse_args()
    package = installed_package()
    print(f"{sys.executable} benchmarks/bench_atlas.py --repeat {args.repeat} --warm {args.warm}")
    print(f"ai-atlas-nexus {package.version}: {len(package.knowledge_files())} knowledge files, "
          f"{len(package.sssom_files())} SSSOM files")

    imports = []
    for _ in range(args.repeat):
        os.environ["ALIGNKG_HOME"] = tempfile.mkdtemp(prefix="bench-atlas-home-")
        imports.append(seconds(lambda: import_package(package)) * 1000)
    print(line("import atlas --package (cold, fresh home)", imports))
    print(line("re-import, same version (no-op)", timed(lambda: import_package(package), args.repeat)))

    curated_load = timed(alignkg.load, args.repeat)
    layered_load = timed(lambda: alignkg.load(layers="curated,atlas"), args.repeat)
    curated, layered = alignkg.load(), alignkg.load(layers="curated,atlas")
    entities = layered.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . ?c rdfs:subClassOf akg:AtlasEntity }")
    records = layered.query("SELECT (COUNT(?m) AS ?n) WHERE { ?m a akg:AtlasMapping }")
    print(f"triples: curated {len(curated):,}, with atlas {len(layered):,} (+{len(layered) - len(curated):,}); "
          f"entities added {entities[0]['n']:,}; SSSOM records {records[0]['n']:,}")
    print(line("load curated", curated_load))
    print(line("load curated + atlas", layered_load))

    if not args.skip_index:
        from alignkg.embeddings.search import SearchEngine

        cache = tempfile.mkdtemp(prefix="bench-atlas-index-")
        built = {}
        for name, kg in (("curated", curated), ("curated+atlas", layered)):
            start = time.perf_counter()
            engine = SearchEngine(kg.graph, cache_dir=cache)
            built[name] = (len(engine.docs), time.perf_counter() - start, engine.stored.status.encoded)
        reopen = seconds(lambda: SearchEngine(layered.graph, cache_dir=cache))
        (n0, t0, e0), (n1, t1, e1) = built["curated"], built["curated+atlas"]
        print(f"index: curated {n0:,} entities ({t0:.1f} s cold, {e0} embedded); with atlas {n1:,} entities "
              f"(x{n1 / n0:.1f}; {t1:.1f} s, {e1} newly embedded); warm reopen {reopen:.1f} s")

    print("hub queries (cold = first run after loading, warm = median of the next runs):")
    hub_latency(alignkg.load(layers="curated,atlas"), "memory", args.warm)
    from alignkg.graph.store import build_oxigraph

    path = Path(tempfile.mkdtemp(prefix="bench-atlas-oxigraph-")) / "store"
    build = seconds(lambda: build_oxigraph(path, layered.graph))
    print(f"  oxigraph store built from the layered graph in {build:.1f} s")
    hub_latency(alignkg.load(store=f"oxigraph:{path}"), "oxigraph", args.warm)


if __name__ == "__main__":
    main()
