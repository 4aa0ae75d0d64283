"""The HTTP app: a read-only SPARQL 1.1 Protocol endpoint, search, health, and a page.

=================  ==========================================================
``/sparql``        GET ``?query=`` or POST (form ``query=`` or a
                   ``application/sparql-query`` body); answers by content
                   negotiation (SPARQL JSON/XML/CSV/TSV; Turtle/JSON-LD…)
``/search``        ``?q=…&k=10&type=Risk`` → the same hits as ``alignkg search``
``/ask``           ``?q=…`` → a question answered from the graph: ``{question, form,
                   confident, sparql, columns, rows, entities, fallback}``
                   (``alignkg ask --format json``; fallback: /search hits)
``/queries``       the named competency queries, as JSON
``/health``        ``{"status": "ok", …}``
``/``              the workbench; ``/id/…``, ``/ontology``: pages (:mod:`.web`)
=================  ==========================================================

Updates, ``LOAD``, ``SERVICE`` and ``FROM`` are refused with 400, and so are two
``query`` parameters in one request; a body in a charset other than UTF-8 gets
415; a query past the time or memory limit is stopped (503); answers stop at
the row limit (header ``AlignKG-Truncated: true``); a request past the size
limit gets 413 or 414.

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
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from alignkg.errors import AlignKGError, QueryError, QueryRefused, QueryTimeout, SearchIndexError
from alignkg.server import web
from alignkg.server.pool import Job, PoolBusy, QueryMemoryLimit, QueryPool
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
    memory_limit: int | None = 2048  # MiB one query may add to its worker (None: no cap)
    max_k: int = 100  # hits a search may ask for
    cors: bool = False  # let pages on other origins query (no credentials: safe for read-only)


class TooLarge(AlignKGError):
    """A request body or query string past ``max_request_bytes``."""


class UnsupportedMediaType(AlignKGError):
    """A POST body of a media type or charset the SPARQL 1.1 Protocol does not define (415)."""


def create_app(kg: "KnowledgeGraph", settings: Settings | None = None) -> Starlette:
    """Build the app over ``kg``; its query workers start now (``app.state.pool``)."""
    settings = settings or Settings()
    pool = QueryPool(kg if kg.store == "memory" else kg.store, workers=settings.workers,
                     time_limit=settings.time_limit, memory_limit=settings.memory_limit)

    async def sparql(request: Request) -> Response:
        text, fmt = await _read_query(request, settings.max_request_bytes)
        job = Job(text, accepted(request.headers.get("accept")), fmt, settings.row_limit)
        answer = await pool.answer(job)
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

    async def ask(request: Request) -> Response:
        text = request.query_params.get("q", "").strip()
        if not text:
            raise QueryError("missing question: /ask?q=…")
        if len(text) > settings.max_request_bytes:
            raise TooLarge("question too long")
        answer = await run_in_threadpool(kg.ask, text)
        return JSONResponse(answer.to_dict())

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
        Route("/ask", ask, methods=["GET"]),
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
    params = _form(request.url.query, "query string")
    if request.method == "POST":
        body = await _read_body(request, limit)
        ctype, _, options = request.headers.get("content-type", "").partition(";")
        ctype = ctype.strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            params += _form(_text(body, options, "form body"), "form body")
        elif ctype == "application/sparql-query":
            params.append(("query", _text(body, options, "query body")))
        elif ctype == "application/sparql-update":
            params.append(("update", "…"))
        else:
            said = f"unsupported Content-Type '{ctype}'" if ctype else "no Content-Type"
            raise UnsupportedMediaType(f"{said}: POST a query as application/sparql-query "
                                       "or application/x-www-form-urlencoded")
    names = [name for name, _ in params]
    if "update" in names:
        raise QueryRefused("SPARQL Update is refused: this endpoint is read-only")
    if "default-graph-uri" in names or "named-graph-uri" in names:
        raise QueryRefused("default-graph-uri and named-graph-uri are refused: this endpoint serves one default graph")
    for name in ("query", "format"):
        if names.count(name) > 1:
            raise QueryError(f"{names.count(name)} '{name}' parameters in one request; send one")
    values = dict(params)
    text = values.get("query", "")
    if not text.strip():
        raise QueryError("missing query: send ?query=… or POST a query")
    return text, values.get("format")


def _text(body: bytes, options: str, what: str) -> str:
    """A POST body as text: UTF-8 (the protocol's encoding, or US-ASCII, a subset), else 415."""
    for option in options.split(";"):
        key, _, value = option.partition("=")
        charset = value.strip().strip('"').lower()
        if key.strip().lower() == "charset" and charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
            raise UnsupportedMediaType(f"charset '{charset}' is not supported: send the query in UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the {what} is not valid UTF-8 (byte {exc.start + 1})") from None


def _form(encoded: str, what: str) -> list[tuple[str, str]]:
    """The name/value pairs of URL-encoded text, every repeat kept; bad percent-escapes are a 400."""
    try:
        return parse_qsl(encoded, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the {what} decodes to bytes that are not UTF-8 ({exc.reason})") from None


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
    elif isinstance(exc, UnsupportedMediaType):
        status = 415
    elif isinstance(exc, (QueryTimeout, QueryMemoryLimit, PoolBusy, SearchIndexError)):
        status = 503
    else:
        status = 400
    headers = {"Retry-After": "1"} if status == 503 else None
    return PlainTextResponse(f"{type(exc).__name__}: {exc}\n", status_code=status, headers=headers)


def _crash(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"internal error: {exc}\n", status_code=500)
