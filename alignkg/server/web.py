"""The server's pages for people and Linked Data clients: entity pages, the workbench, the ontology.

==========================  ===================================================================
``/``                       the SPARQL workbench (YASGUI), search and "ask in plain words"
``/id/<slug>``              an entity: HTML for a browser; Turtle, N-Triples, JSON-LD or RDF/XML
                            for an RDF client (``Accept``, or ``?format=`` to override)
``/resource?iri=…``         the same for an IRI outside ``https://w3id.org/alignkg/id/``
``/ontology``               the vocabulary's documentation (pyLODE); Turtle by ``Accept``
``/static/…``               the pages' CSS and JavaScript (vendored; nothing from a CDN)
==========================  ===================================================================

Cool URIs: entity IRIs are slash IRIs answered by content negotiation at the IRI itself
(``Vary: Accept``), each variant named by ``Content-Location`` (``debate?format=turtle``).
An unknown IRI answers 404 whatever the format, the HTML one offering the nearest matches.

Example
-------
>>> import alignkg
>>> from starlette.applications import Starlette
>>> from starlette.testclient import TestClient
>>> client = TestClient(Starlette(routes=routes(alignkg.load())))
>>> client.get("/id/debate", headers={"Accept": "text/turtle"}).headers["content-type"]
'text/turtle; charset=utf-8'
>>> client.get("/id/no-such-thing", headers={"Accept": "text/turtle"}).status_code
404
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import quote

from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from alignkg.server import entity as ent
from alignkg.server import pages
from alignkg.server.results import accepted

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph

#: ``Accept`` media types → the format of an entity's answer.
ACCEPT = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle",
          "application/x-turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
          "application/json": "jsonld", "application/rdf+xml": "rdfxml", "*/*": "html", "text/*": "html"}
#: ``?format=`` values.
FORMATS = {"html": "html", "turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt", "jsonld": "jsonld",
           "json-ld": "jsonld", "json": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml"}


def negotiate(accept: str | None, fmt: str | None) -> str | None:
    """The format of an entity answer: ``html``, ``turtle``, ``nt``, ``jsonld`` or ``rdfxml``; ``None`` if unknown.

    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None)
    'html'
    >>> negotiate("application/ld+json", None), negotiate("text/html", "ttl")
    ('jsonld', 'turtle')
    """
    if fmt:
        return FORMATS.get(fmt.lower())
    return next((ACCEPT[m] for m in accepted(accept) if m in ACCEPT), "html")


class Pages:
    """Entity pages of one graph, rendered once and kept (the graph does not change while served)."""

    def __init__(self, kg: "KnowledgeGraph", cache_size: int = 1024) -> None:
        self.kg = kg
        self.cache_size = cache_size
        self._html: OrderedDict[tuple[str, pages.Paths], str] = OrderedDict()
        self._similar: dict[str, list[ent.Ref]] = {}
        self._names: dict[str, str] | None = None  # label (casefolded) → IRI, for near misses
        self.reader = ent.Reader(kg.graph)  # labels and types, read once per node (shared by the pages)
        self._lock = threading.Lock()

    def html(self, iri: str, paths: pages.Paths) -> str | None:
        """The entity's page (cached); ``None`` when the graph holds nothing at ``iri``."""
        key = (iri, paths)
        with self._lock:
            if key in self._html:
                self._html.move_to_end(key)
                return self._html[key]
        entity = ent.describe(self.kg, iri, self.reader)
        if entity is None:
            return None
        page = pages.entity_page(entity, paths, similar=self.similar(entity),
                                 picture=pages.neighbourhood_data(self.kg, iri))
        with self._lock:
            self._html[key] = page
            if len(self._html) > self.cache_size:
                self._html.popitem(last=False)
        return page

    def similar(self, entity: ent.Entity, k: int = 6) -> list[ent.Ref]:
        """The ``k`` entities whose embeddings lie nearest this one's in the search index, the same kind first
        (cached; [] when the index cannot be built or does not hold the entity)."""
        from alignkg.embeddings.search import engine_for
        from alignkg.errors import AlignKGError

        if entity.iri not in self._similar:
            try:
                engine = engine_for(self.kg.graph)
            except AlignKGError:
                return []
            row = engine.row.get(entity.iri)
            if row is None:
                self._similar[entity.iri] = []
                return []
            vectors = engine.stored.vectors
            same, other = [], []
            for i in (vectors @ vectors[row]).argsort()[::-1][:200]:  # the 200 nearest are enough to fill both
                if i == row:
                    continue
                ref = self.reader.ref(URIRef(engine.docs[i].iri))
                (same if ref.type == entity.type.label else other).append(ref)
                if len(same) == k:
                    break
            self._similar[entity.iri] = (same + other)[:k]
        return self._similar[entity.iri]

    def nearest(self, name: str, k: int = 5) -> list[ent.Ref]:
        """Entities whose names or descriptions come closest to ``name`` (for a 404 page)."""
        from alignkg.errors import AlignKGError

        import difflib

        text = name.replace("-", " ").replace("_", " ").strip()
        if not text:
            return []
        if self._names is None:
            self._names = {self.reader.label(URIRef(iri)).casefold(): iri for iri in ent.entity_iris(self.kg)}
        close = [self._names[n] for n in difflib.get_close_matches(text.casefold(), list(self._names), n=k, cutoff=0.7)]
        try:
            hits = [h.iri for h in self.kg.search(text, k=k, neighbors=False)]
        except AlignKGError:
            hits = []
        return [self.reader.ref(URIRef(iri)) for iri in dict.fromkeys(close + hits)][:k]

    def rdf(self, iri: str, fmt: str) -> bytes:
        """The entity's description in ``fmt`` (``turtle``, ``nt``, ``jsonld``, ``rdfxml``)."""
        return ent.serialise(ent.description_graph(self.kg, iri), fmt)


def routes(kg: "KnowledgeGraph") -> list[BaseRoute]:
    """The routes of the pages (``/``, ``/id/…``, ``/resource``, ``/ontology``, ``/static``)."""
    cache = Pages(kg)
    static = resources.files("alignkg.server").joinpath("static")
    workbench = resources.files("alignkg.server").joinpath("workbench.html").read_text(encoding="utf-8")

    async def answer(request: Request, iri: str, paths: pages.Paths, here: str) -> Response:
        fmt = negotiate(request.headers.get("accept"), request.query_params.get("format"))
        vary = {"Vary": "Accept"}
        if fmt is None:
            return PlainTextResponse(f"unknown format '{request.query_params.get('format')}' "
                                     f"(one of: {', '.join(sorted(set(FORMATS)))})\n", status_code=400)
        if not await run_in_threadpool(ent.exists, kg, iri):
            if fmt != "html":
                return PlainTextResponse(f"NotFound: the graph holds nothing at <{iri}>\n", status_code=404, headers=vary)
            nearest = await run_in_threadpool(cache.nearest, ent.slug(iri).rsplit("/", 1)[-1])
            return HTMLResponse(pages.not_found_page(iri, nearest, paths), status_code=404, headers=vary)
        if fmt == "html":
            body = await run_in_threadpool(cache.html, iri, paths)
            return HTMLResponse(body, headers=vary)
        body = await run_in_threadpool(cache.rdf, iri, fmt)
        media = pages.RDF_FORMATS[fmt][0]
        location = f"{here}{'&' if '?' in here else '?'}format={fmt}"
        return Response(body, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""),
                        headers={**vary, "Content-Location": location})

    async def entity_route(request: Request) -> Response:
        name = request.path_params["slug"]
        return await answer(request, ent.ID + name, pages.SERVER, quote(name.rsplit("/", 1)[-1]))

    async def resource(request: Request) -> Response:
        iri = request.query_params.get("iri", "").strip()
        if not iri:
            return PlainTextResponse("missing IRI: /resource?iri=…\n", status_code=400)
        return await answer(request, iri, pages.SERVER_RESOURCE, f"resource?iri={quote(iri, safe='')}")

    async def ontology(request: Request) -> Response:
        from alignkg.docs import ontology_html, ontology_turtle

        if negotiate(request.headers.get("accept"), request.query_params.get("format")) in ("turtle", "nt", "jsonld", "rdfxml"):
            return Response(ontology_turtle(), media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
        return HTMLResponse(await run_in_threadpool(ontology_html), headers={"Vary": "Accept"})

    async def vis_network(request: Request) -> Response:
        from alignkg.viz.page import vis_network_js

        return Response(vis_network_js(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=86400"})

    async def page(request: Request) -> Response:
        return HTMLResponse(workbench)

    return [
        Route("/", page, methods=["GET"]),
        Route("/id/{slug:path}", entity_route, methods=["GET"]),
        Route("/resource", resource, methods=["GET"]),
        Route("/ontology", ontology, methods=["GET"]),
        Route("/static/vis-network.min.js", vis_network, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=str(static)), name="static"),
    ]

