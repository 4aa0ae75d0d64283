"""Where the graph lives: rdflib in memory, a pyoxigraph store on disk, or a SPARQL endpoint.

Every store is opened as an ordinary rdflib ``Graph``, so ``kg.query``, the
search index and the exports work the same over all of them; SPARQL is
evaluated by the store itself (rdflib, Oxigraph, or the remote server).

========================  ===============================================
spec                      store
========================  ===============================================
``memory`` (default)      the curated data compiled into an rdflib graph
``oxigraph:PATH``         a pyoxigraph (RocksDB) store in folder ``PATH``;
                          built from the curated data if ``PATH`` is absent
``endpoint:URL``, ``URL`` any SPARQL 1.1 endpoint (Oxigraph, Virtuoso, …),
                          read-only, through rdflib's ``SPARQLStore``
========================  ===============================================

Example
-------
>>> import tempfile, alignkg
>>> path = tempfile.mkdtemp() + "/store"
>>> kg = alignkg.load(store=f"oxigraph:{path}")
>>> kg.query("ASK { id:rlhf a akg:Technique }")
True
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from alignkg.errors import DataError, StoreError

KINDS = ("memory", "oxigraph", "endpoint")


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store spec: ``kind`` is one of :data:`KINDS`, ``location`` a path or URL.

    Example
    -------
    >>> StoreSpec.parse("oxigraph:/tmp/kg")
    StoreSpec(kind='oxigraph', location='/tmp/kg')
    >>> str(StoreSpec.parse("http://127.0.0.1:7878/query"))
    'endpoint:http://127.0.0.1:7878/query'
    """

    kind: str = "memory"
    location: str = ""

    @classmethod
    def parse(cls, spec: "str | StoreSpec | None") -> "StoreSpec":
        """Read ``memory``/``rdflib``, ``oxigraph:PATH``, ``endpoint:URL`` or a bare http(s) URL."""
        if isinstance(spec, StoreSpec):
            return spec
        text = (spec or "memory").strip()
        if text in ("memory", "rdflib"):
            return cls()
        if text.startswith(("http://", "https://")):
            return cls("endpoint", text)
        kind, sep, location = text.partition(":")
        if not sep or kind not in KINDS or not location:
            raise StoreError(f"bad store '{text}': use memory, oxigraph:PATH or endpoint:URL")
        if kind == "endpoint" and not location.startswith(("http://", "https://")):
            raise StoreError(f"bad endpoint URL '{location}': it must start with http:// or https://")
        return cls(kind, location)

    def __str__(self) -> str:
        return self.kind if self.kind == "memory" else f"{self.kind}:{self.location}"


def open_graph(spec: "str | StoreSpec", *, build: "Callable[[], Graph] | None" = None,
               timeout: float | None = None) -> Graph:
    """Open the store named by ``spec`` as a read-only rdflib ``Graph``.

    ``build`` gives the graph for ``memory`` and for building a missing Oxigraph
    store (default: the layers ``alignkg.load()`` would load); ``timeout`` (seconds)
    bounds each request to an endpoint.
    """
    spec = StoreSpec.parse(spec)
    if build is None:
        build = lambda: _default_graph()  # noqa: E731
    if spec.kind == "memory":
        return build()
    if spec.kind == "oxigraph":
        path = Path(spec.location)
        if not path.exists():
            build_oxigraph(path, build())
        return oxigraph_graph(path)
    return endpoint_graph(spec.location, timeout=timeout)


def _default_graph() -> Graph:
    from alignkg.kg import compose
    from alignkg.layers import select

    return compose(select())[0]


def oxigraph_graph(path: Path | str) -> Graph:
    """An rdflib ``Graph`` over the default graph of the Oxigraph store in ``path``, read-only.

    Several processes may open the same store read-only at once.
    """
    import pyoxigraph
    from oxrdflib import OxigraphStore

    if not (Path(path) / "CURRENT").is_file():
        raise StoreError(f"{path}: not an Oxigraph store (build one with `alignkg store build oxigraph:{path}`)")
    try:
        store = pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the Oxigraph store: {exc}") from None
    class ReadOnlyOxigraphStore(OxigraphStore):
        """oxrdflib's store; the store is read-only, so each graph's size is counted once
        (oxrdflib counts with a SPARQL query every time: 0.2 s on 10k triples)."""

        def __init__(self, store: "pyoxigraph.Store") -> None:
            super().__init__(store=store)
            self.sizes: dict = {}

        def __len__(self, context: "Graph | None" = None) -> int:
            key = None if context is None else context.identifier
            if key not in self.sizes:
                self.sizes[key] = super().__len__(context)
            return self.sizes[key]

    return Graph(store=ReadOnlyOxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


def endpoint_graph(url: str, *, timeout: float | None = None) -> Graph:
    """An rdflib ``Graph`` that sends every query to the SPARQL 1.1 endpoint at ``url``."""
    return Graph(store=_endpoint_store(url, timeout), identifier=DATASET_DEFAULT_GRAPH_ID)


def _endpoint_store(url: str, timeout: float | None) -> "object":
    """rdflib's ``SPARQLStore``, but with a timeout, any query form accepted, and HTTP errors raised."""
    import io
    import socket
    from urllib.error import HTTPError, URLError
    from urllib.parse import urlencode
    from urllib.request import Request, urlopen

    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from rdflib.query import Result

    from alignkg.errors import QueryError, QueryTimeout

    accept = ("application/sparql-results+json, application/n-triples;q=0.9, "
              "text/turtle;q=0.8, application/sparql-results+xml;q=0.5")

    class EndpointStore(SPARQLStore):
        def _query(self, query: str, default_graph: object = None, named_graph: object = None) -> Result:
            self._queries += 1
            request = Request(url, data=urlencode({"query": query}).encode("utf-8"),
                              headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
            try:
                with urlopen(request, timeout=timeout) as response:
                    body = response.read()
                    ctype = response.headers.get("Content-Type", "").split(";")[0].strip()
            except HTTPError as exc:
                detail = exc.read()[:500].decode("utf-8", "replace").strip()
                raise QueryError(f"the endpoint {url} answered {exc.code}: {detail}") from None
            except (socket.timeout, TimeoutError):
                raise QueryTimeout(f"the endpoint {url} did not answer within the time limit of {timeout:g} s") from None
            except URLError as exc:
                raise StoreError(f"cannot reach the endpoint {url}: {exc.reason}") from None
            result = Result.parse(io.BytesIO(body), content_type=ctype)
            if result.type == "SELECT" and [str(v) for v in result.vars or []] == ["__ASK_RETVAL"]:
                answer = Result("ASK")  # Virtuoso 7 writes an ASK answer as a one-cell table
                answer.askAnswer = any(str(row[0]) in ("1", "true") for row in result)
                return answer
            return result

    # not context-aware: send no default-graph-uri, so a query sees the server's default graph
    return EndpointStore(url, returnFormat="json", method="POST_FORM", context_aware=False)


def build_oxigraph(path: Path | str, source: "Graph | Iterable[Path | str]") -> int:
    """(Re)build the Oxigraph store in ``path`` from a graph or RDF files; return its triple count.

    The store is built in a temporary folder beside ``path`` and renamed into
    place, so a reader never sees a half-loaded store.
    """
    import pyoxigraph

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent))
    try:
        store = pyoxigraph.Store(str(tmp))
        if isinstance(source, Graph):
            data = source.serialize(format="nt", encoding="utf-8")
            store.bulk_load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        else:
            for file in source:
                _load_file(store, Path(file))
        store.flush()
        count = len(store)
        del store
        _swap_in(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return count


def _load_file(store: "object", file: Path) -> None:
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.from_extension(file.suffix.lstrip(".")) if file.suffix else None
    if fmt is None:
        raise DataError("unknown RDF file type (use .nt, .ttl, .nq, .trig, .jsonld or .rdf)", file=str(file))
    try:
        store.bulk_load(path=str(file), format=fmt)  # type: ignore[attr-defined]
    except (SyntaxError, ValueError, OSError) as exc:
        raise DataError(f"cannot load into Oxigraph: {exc}", file=str(file)) from None


def _swap_in(built: Path, target: Path) -> None:
    """Rename ``built`` to ``target``; an old ``target`` is moved aside first, then removed."""
    from alignkg.atomic import replace_dir

    if target.exists() and not (target / "CURRENT").is_file():
        raise StoreError(f"{target}: exists and is not an Oxigraph store; not replacing it")
    replace_dir(built, target)
