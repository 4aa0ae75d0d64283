"""The HTTP app: a read-only SPARQL 1.1 Protocol endpoint, search, health, and a page.

=================  ==========================================================
``/sparql``        GET ``?query=`` or POST (form ``query=`` or a
                   ``application/sparql-query`` body); answers by content
                   negotiation (SPARQL JSON/XML/CSV/TSV; Turtle/JSON-LD…)
``/search``        ``?q=…&k=10&type=Risk`` → the same hits as ``alignkg search``
``/queries``       the named competency queries, as JSON
``/health``        ``{"status": "ok", …}``
``/``              the workbench; ``/id/…``, ``/ontology``: pages (:mod:`.web`)
=================  ==========================================================

Updates, ``LOAD``, ``SERVICE`` and ``FROM`` are refused with 400; a query past
the time limit is stopped (503); answers stop at the row limit (header
``AlignKG-Truncated: true``); a request past the size limit gets 413 or 414.

Example
-------
>>> import alignkg
>>> from starlette.testclient import TestClient
>>> app = create_app(alignkg.load(), Settings(workers=1))
>>> TestClient(app).get("/sparql", params={"query": "ASK { id:rlhf ?p ?o }"}).json()
{'head': {}, 'boolean': True}
>>> app.state.pool.close()
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from alignkg.errors import AlignKGError, QueryError, QueryRefused, QueryTimeout, SearchIndexError
from alignkg.server import web
from alignkg.server.pool import Job, PoolBusy, QueryPool
from alignkg.server.results import accepted

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph


@dataclass(frozen=True)
class Settings:
    """The server's limits and switches (``alignkg serve`` options, but ``max_k``)."""

    time_limit: float = 10.0  # seconds a query may run
    row_limit: int = 10_000  # rows (or triples) an answer may hold
    max_request_bytes: int = 65_536  # a POST body, or a GET query string
    workers: int = 2  # query worker processes
    max_k: int = 100  # hits a search may ask for
    cors: bool = False  # let pages on other origins query (no credentials: safe for read-only)


class TooLarge(AlignKGError):
    """A request body or query string past ``max_request_bytes``."""


def create_app(kg: "KnowledgeGraph", settings: Settings | None = None) -> Starlette:
    """Build the app over ``kg``; its query workers start now (``app.state.pool``)."""
    settings = settings or Settings()
    source: Any = kg.graph if kg.store == "memory" else kg.store
    pool = QueryPool(source, workers=settings.workers, time_limit=settings.time_limit)

    async def sparql(request: Request) -> Response:
        text, fmt = await _read_query(request, settings.max_request_bytes)
        job = Job(text, accepted(request.headers.get("accept")), fmt, settings.row_limit)
        answer = await run_in_threadpool(pool.run, job)
        headers = {"AlignKG-Truncated": "true"} if answer.truncated else {}
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    async def search(request: Request) -> Response:
        params = request.query_params
        text = params.get("q", "").strip()
        if not text:
            raise QueryError("missing search text: /search?q=…")
        if len(text) > settings.max_request_bytes:
            raise TooLarge("search text too long")
        try:
            k = int(params.get("k", "10"))
        except ValueError:
            raise QueryError(f"k must be a whole number, not '{params.get('k')}'") from None
        if not 1 <= k <= settings.max_k:
            raise QueryError(f"k must be between 1 and {settings.max_k}")
        types = params.getlist("type") or None
        hits = await run_in_threadpool(kg.search, text, k=k, types=types)
        return JSONResponse({"query": text, "k": k, "types": types, "hits": [hit.to_dict() for hit in hits]})

    async def queries(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "description": q.description, "text": q.text}
                             for q in kg.named_queries().values()])

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "store": kg.store, "workers": settings.workers,
                             "time_limit": settings.time_limit, "row_limit": settings.row_limit,
                             "workers_replaced": pool.replaced})

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/search", search, methods=["GET"]),
        Route("/queries", queries, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        *web.routes(kg),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.close()  # before uvicorn re-raises a SIGTERM/SIGINT it caught

    middleware = []
    if settings.cors:
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"], expose_headers=["AlignKG-Truncated"]))
    app = Starlette(routes=routes, exception_handlers={AlignKGError: _error, RuntimeError: _crash},
                    lifespan=lifespan, middleware=middleware)
    app.state.pool = pool
    app.state.settings = settings
    return app


async def _read_query(request: Request, limit: int) -> tuple[str, str | None]:
    """The query text and ``format`` parameter of a SPARQL Protocol request."""
    if len(request.url.query.encode()) > limit:
        raise TooLarge(f"query string longer than {limit:,} bytes")
    params = dict(request.query_params)
    if request.method == "POST":
        body = await _read_body(request, limit)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        elif ctype == "application/sparql-query":
            params["query"] = body.decode("utf-8", "replace")
        elif ctype == "application/sparql-update":
            params["update"] = "…"
        else:
            raise QueryError(f"unsupported Content-Type '{ctype}' (use application/sparql-query "
                             "or application/x-www-form-urlencoded)")
    if "update" in params:
        raise QueryRefused("SPARQL Update is refused: this endpoint is read-only")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise QueryRefused("default-graph-uri and named-graph-uri are refused: this endpoint serves one default graph")
    text = params.get("query", "")
    if not text.strip():
        raise QueryError("missing query: send ?query=… or POST a query")
    return text, params.get("format")


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"request body of {int(declared):,} bytes; the limit is {limit:,}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(f"request body longer than {limit:,} bytes")
    return bytes(body)


def _error(request: Request, exc: Exception) -> Response:
    """The project's errors as 4xx/5xx with the one-line message as plain text."""
    if isinstance(exc, TooLarge):
        status = 413 if request.method == "POST" and "query string" not in str(exc) else 414
    elif isinstance(exc, (QueryTimeout, PoolBusy, SearchIndexError)):
        status = 503
    else:
        status = 400
    headers = {"Retry-After": "1"} if status == 503 else None
    return PlainTextResponse(f"{type(exc).__name__}: {exc}\n", status_code=status, headers=headers)


def _crash(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"internal error: {exc}\n", status_code=500)
