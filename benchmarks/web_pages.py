"""How long an entity page takes the server: every entity of the curated graph, first render and cached.

"First render" is what the server does the first time a page is asked for: describe the entity, lay out
its neighbourhood, look up similar entities in the (already built) search index and write the HTML.
"Through HTTP" is the whole in-process request (Starlette's TestClient: routing, negotiation, the page).
RDF answers (Turtle, JSON-LD) are measured too. CPU time is printed beside wall time: on a shared
machine it is the steadier figure.

Run:  .venv/bin/python benchmarks/web_pages.py
"""

from __future__ import annotations

import os
import statistics
import time

import alignkg
from alignkg.server import entity as ent
from alignkg.server import pages
from alignkg.server.web import Pages


def each(items: list[str], fn) -> tuple[list[float], float]:
    """Milliseconds of ``fn(item)`` for each item, and the CPU milliseconds per item."""
    out, cpu = [], time.process_time()
    for item in items:
        started = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - started) * 1000)
    return out, (time.process_time() - cpu) * 1000 / len(items)


def report(name: str, samples: list[float], cpu: float) -> None:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{name:<38} median {statistics.median(samples):6.2f} ms   p95 {p95:6.2f} ms   max {max(samples):7.2f} ms"
          f"   CPU {cpu:5.2f} ms/page   n={len(samples)}")


def main() -> None:
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from alignkg.server.web import routes

    kg = alignkg.load()
    kg.search("alignment", k=1)  # the index is built at server start-up (alignkg serve --search)
    pages.neighbourhood_data(kg, ent.ID + "debate")  # so is the networkx view of the graph, on first use
    iris = sorted(ent.entity_iris(kg))
    print(f"load average {os.getloadavg()[0]:.1f}; {len(kg):,} triples; {len(iris)} entity pages")
    cache = Pages(kg)
    report("first render (Pages.html)", *each(iris, lambda iri: cache.html(iri, pages.SERVER)))
    report("cached (Pages.html)", *each(iris, lambda iri: cache.html(iri, pages.SERVER)))
    client = TestClient(Starlette(routes=routes(kg)))
    slugs = [iri.removeprefix(ent.ID) for iri in iris]
    report("through HTTP, HTML, first request", *each(slugs, lambda s: client.get(f"/id/{s}")))
    report("through HTTP, HTML, cached", *each(slugs, lambda s: client.get(f"/id/{s}")))
    report("through HTTP, Turtle", *each(slugs, lambda s: client.get(f"/id/{s}", headers={"Accept": "text/turtle"})))
    report("through HTTP, JSON-LD", *each(slugs, lambda s: client.get(f"/id/{s}?format=jsonld")))


if __name__ == "__main__":
    main()
