"""How long `alignkg site` takes: today's graph, and the same graph ten times over (generated entities).

The 10x graph copies every entity of the curated graph nine times under new IRIs (``id:debate`` →
``id:debate-copy-3``, labels suffixed "(copy 3)"), links included, so it has the curated graph's
shape at ten times its size. Pages without the similar-entities list (``similar=False``) are
measured at both sizes, so that the ratio shows how the build scales; the similar entities are
measured at 1x (they need the search index, whose build at 10x is the search benchmark's business).

Run:  .venv/bin/python benchmarks/site_build.py [--times 10]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

import alignkg
from alignkg.kg import KnowledgeGraph
from alignkg.server.entity import ID
from alignkg.site import build_site


def scaled(kg: KnowledgeGraph, times: int) -> KnowledgeGraph:
    """``kg`` with ``times - 1`` renamed copies of every ``id:`` entity added."""
    graph = Graph()
    graph += kg.graph
    for copy in range(1, times):
        def rename(term):  # noqa: ANN001, ANN202
            if isinstance(term, URIRef) and str(term).startswith(ID):
                return URIRef(f"{term}-copy-{copy}")
            return term

        for s, p, o in kg.graph:
            if not (isinstance(s, URIRef) and str(s).startswith(ID)):
                continue
            if p in (RDFS.label, SKOS.altLabel) and isinstance(o, Literal):
                o = Literal(f"{o} (copy {copy})", lang=o.language)
            graph.add((rename(s), p, rename(o)))
    return KnowledgeGraph(graph)


def build(kg: KnowledgeGraph, similar: bool) -> tuple[float, float, int]:
    """Wall and CPU seconds of one build, and the number of entity pages."""
    from alignkg.docs import ontology_html

    out = Path(tempfile.mkdtemp(prefix="alignkg-site-bench-")) / "site"
    ontology_html.cache_clear()  # every build from cold caches: the ontology page and the networkx graph too
    kg.__dict__.pop("_viz_entity_graph", None)
    if similar:
        kg.search("alignment", k=1)  # the index (cached on disk after the first run) is not the site's cost
    started, cpu = time.perf_counter(), time.process_time()
    report = build_site(kg, out, similar=similar)
    return time.perf_counter() - started, time.process_time() - cpu, report.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    kg = alignkg.load()
    big = scaled(kg, args.times)
    print(f"load average {os.getloadavg()[0]:.1f}")
    rows = [("1x, with similar entities", kg, True), ("1x", kg, False), (f"{args.times}x", big, False)]
    results = {}
    for name, graph, similar in rows:
        wall, cpu, count = build(graph, similar)
        results[name] = (wall, cpu, count)
        print(f"{name:<28} {len(graph.graph):>9,} triples {count:>6,} pages   wall {wall:6.1f} s   CPU {cpu:6.1f} s"
              f"   {1000 * cpu / count:5.1f} ms CPU/page")
    (w1, c1, n1), (wn, cn, nn) = results["1x"], results[f"{args.times}x"]
    print(f"{args.times}x / 1x: pages {nn / n1:.1f}x, wall {wn / w1:.1f}x, CPU {cn / c1:.1f}x")


if __name__ == "__main__":
    main()
