"""The one core object: a loaded knowledge graph.

``KnowledgeGraph`` owns the RDF store and, lazily, the search index. The CLI,
the server and the notebooks all go through it; the work itself lives in the
modules of plain functions it calls.

SPARQL runs in one of two engines: ``oxigraph`` (the default) answers from the
compiled-graph cache (:mod:`alignkg.graph.cache`, :mod:`alignkg.graph.engine`),
``rdflib`` compiles the layers into an rdflib graph and answers in rdflib's
engine (``alignkg.load(engine="rdflib")`` or ``ALIGNKG_ENGINE=rdflib``; for
comparison). Both answer with the same rdflib values.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from alignkg.errors import QueryError
from alignkg.graph import sparql

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib import Graph, URIRef
    from rdflib.query import Result

    from alignkg.embeddings.ask import Answer
    from alignkg.embeddings.search import SearchResult
    from alignkg.graph.cache import CompiledGraph
    from alignkg.graph.mappings import Mapping
    from alignkg.layers import Layer
    from alignkg.viz import Picture

ENGINES = ("oxigraph", "rdflib")
MEMORY_TRIPLES = 2_000_000  # the largest graph warm() copies into memory (the server warms before forking)
#: the largest graph a second query copies into memory by itself: the copy costs about 0.1 s per 10k
#: triples, so a bigger graph stays on disk (still fast) unless warm() is asked for
AUTO_MEMORY_TRIPLES = 100_000


class KnowledgeGraph:
    """A compiled alignment graph you can query, export and search.

    Example
    -------
    >>> import alignkg
    >>> kg = alignkg.load()
    >>> [r["label"] for r in kg.query('''
    ...     SELECT ?label WHERE { ?t akg:addresses id:deceptive-alignment ; rdfs:label ?label }
    ...     ORDER BY ?label''')]
    ['AI Control', 'Debate', 'Interpretability']
    """

    def __init__(self, graph: "Graph | None" = None, origins: "dict[URIRef, tuple[str, str]] | None" = None,
                 store: str = "memory", layers: Sequence[str] = ("curated",), *,
                 compiled: "CompiledGraph | None" = None) -> None:
        if graph is None and compiled is None:
            raise ValueError("a KnowledgeGraph needs a graph or a compiled store")
        self._graph = graph
        self._origins = origins
        self.compiled = compiled  # the cache entry queries run in (engine "oxigraph"), or None
        self.engine = "oxigraph" if compiled is not None else "rdflib"
        self.store = store  # where the graph lives: memory, oxigraph:PATH or endpoint:URL
        self.layers = list(layers)  # the names of the layers it holds (see alignkg.layers)
        self._lock = threading.Lock()
        self._functions: dict[Any, Callable[..., Any]] | None = None
        self._memory: Any = None  # an in-memory copy of the compiled store, made for repeated queries
        self._queries = 0

    @property
    def graph(self) -> "Graph":
        """The union of the layers as an rdflib ``Graph`` (with the oxigraph engine: read from the
        compiled store on first use). Treat it as read-only."""
        if self._graph is None:
            with self._lock:
                if self._graph is None:
                    self._graph = self._materialise()
        return self._graph

    @property
    def origins(self) -> "dict[Any, tuple[str, str]]":
        """The file and entry each curated node (or Turtle statement) came from, for SHACL reports."""
        if self._origins is None:  # the oxigraph engine: compile the layers again, only now
            sources = self.compiled.sources if self.compiled is not None else []
            self._origins = {}
            for layer in sources:
                self._origins.update(layer.content().origins)
        return self._origins

    def __len__(self) -> int:
        if self._graph is None and self.compiled is not None:
            return self.compiled.triples
        return len(self.graph)

    def execute(self, query: str, bindings: dict[str, Any] | None = None) -> "Result":
        """Run SPARQL text, a named query or a ``.rq`` file; return an rdflib ``Result``.

        SELECT: iterate rows of rdflib terms (``result.vars`` names the columns); ASK:
        ``result.askAnswer``; CONSTRUCT/DESCRIBE: ``result.graph`` (type ``CONSTRUCT`` for both
        with the oxigraph engine). Errors raise ``QueryError`` naming line and column.
        """
        text = sparql.resolve(query)
        if self.compiled is None:
            return sparql.run(self.graph, text, bindings)
        from alignkg.graph.engine import run

        if self._functions is None:
            from alignkg.embeddings.sparql_function import oxigraph_functions

            self._functions = oxigraph_functions(lambda: self.graph)
        return run(self._query_store(), text, bindings, functions=self._functions)

    def warm(self) -> None:
        """Copy the compiled store into memory now (if it has at most :data:`MEMORY_TRIPLES`), e.g.
        before forking workers, which then share the copy. ``execute`` does it by itself on a second
        query for a graph of at most :data:`AUTO_MEMORY_TRIPLES`."""
        if self.compiled is not None and self.compiled.triples <= MEMORY_TRIPLES:
            with self._lock:
                if self._memory is None:
                    self._memory = self.compiled.in_memory()

    def _query_store(self) -> Any:
        """The store queries run in: the compiled store on disk for a first query (a command's
        one query starts fast), then, for a graph of at most :data:`AUTO_MEMORY_TRIPLES`, a copy in
        memory (see :meth:`warm`): notebooks query many times, and memory answers several times
        faster. A bigger graph stays on disk, so no query pauses seconds to copy it."""
        assert self.compiled is not None
        self._queries += 1
        if self._memory is None and self._queries > 1 and self.compiled.triples <= AUTO_MEMORY_TRIPLES:
            self.warm()
        return self._memory if self._memory is not None else self.compiled.store

    def _materialise(self) -> "Graph":
        import pyoxigraph

        from alignkg.graph.engine import graph_of

        assert self.compiled is not None
        graph = graph_of(self.compiled.store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))
        for prefix, namespace in self.compiled.namespaces.items():
            graph.bind(prefix, namespace, override=False)
        return graph

    def query(self, query: str, *, dataframe: bool = False) -> "list[dict[str, Any]] | pd.DataFrame | Graph | bool":
        """Answer a query: SELECT gives rows (a DataFrame with ``dataframe=True``),
        ASK a bool, CONSTRUCT/DESCRIBE an rdflib Graph."""
        result = self.execute(query)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return result.graph
        rows = sparql.rows(result)
        if dataframe:
            import pandas as pd

            return pd.DataFrame(rows, columns=[str(v) for v in result.vars or []])
        return rows

    def named_queries(self) -> dict[str, sparql.NamedQuery]:
        """The library of named competency queries."""
        return sparql.named_queries()

    def validate(self) -> None:
        """Check the graph against the SHACL shapes; raise ``ValidationError`` if it fails."""
        from alignkg.ontology.validate import validate

        validate(self.graph, self.origins)

    def export(self, fmt: str = "turtle") -> bytes:
        """Serialise as ``turtle``, ``nt``, ``jsonld`` or ``graphml``."""
        from alignkg.graph.export import export

        return export(self.graph, fmt)

    def to_networkx(self) -> "nx.MultiDiGraph":
        """The entities and their links as a networkx ``MultiDiGraph``."""
        from alignkg.graph.convert import to_networkx

        return to_networkx(self.graph)

    def search(self, text: str, k: int = 10, types: "list[str] | str | None" = None, **options: Any) -> "list[SearchResult]":
        """Semantic search: the ``k`` entities that best match ``text`` (hybrid dense + BM25 ranking).

        ``types`` keeps only those classes (subclasses included); ``options``: ``scope`` (a SPARQL
        SELECT whose IRIs are the candidates), ``mode``, ``fusion``, ``neighbors``, ``model``,
        ``cache_dir``, ``settings``. See :mod:`alignkg.embeddings.search` and docs/search.md.

        >>> [r.label for r in load().search("AI that pretends to be aligned", k=5, types="Risk")][:1]
        ['Deceptive Alignment']
        """
        from alignkg.embeddings.search import search

        return search(self, text, k=k, types=types, **options)

    def ask(self, question: str, **options: Any) -> "Answer":
        """Answer a question in plain words from the graph: the rows and the SPARQL that found them, or,
        when unsure, search results. See :mod:`alignkg.embeddings.ask` and docs/search.md.

        >>> answer = load().ask("Which techniques address deceptive alignment?")
        >>> answer.rows, answer.sparql.startswith("SELECT ?technique")
        ([['AI Control'], ['Debate'], ['Interpretability']], True)
        """
        from alignkg.embeddings.ask import ask

        return ask(self, question, **options)

    def mappings(self) -> "list[Mapping]":
        """The crosswalk mappings (SKOS match, justification, confidence, sources); see docs/crosswalks.md.

        >>> [m.object.rsplit("/", 1)[-1] for m in load().mappings() if m.subject.endswith("/scheming")][:1]
        ['mit-causal-entity-ai']
        """
        from alignkg.graph.mappings import mappings_in

        return mappings_in(self.graph)

    def to_sssom(self) -> str:
        """Every crosswalk mapping as SSSOM TSV text (``alignkg mappings export``)."""
        from alignkg.graph.sssom import write_sssom

        return write_sssom(self.graph)

    def draw(self, view: str = "risk-technique", output: "Path | str | None" = None, **options: Any) -> "Picture":
        """Draw a view (``risk-technique``, ``coverage``, ``around``, ``construct``, ``graph``);
        with ``output`` (``.html``, ``.png`` or ``.svg``) also write it. See :mod:`alignkg.viz`.

        >>> picture = load().draw("around", node="Debate", depth=1)   # doctest: +SKIP
        """
        from alignkg.viz import draw

        return draw(self, view, output=output, **options)


def load(data_dir: Path | str | None = None, *, layers: "Sequence[str] | str | None" = None,
         validate: bool = False, store: str | None = None, engine: str | None = None) -> KnowledgeGraph:
    """Compose the graph from its layers (see :mod:`alignkg.layers`): the one loader every command uses.

    ``data_dir`` replaces the embedded curated data; ``layers`` names the layers to
    load (default: each layer's own default, or ``$ALIGNKG_LAYERS``).
    ``validate=True`` also runs the SHACL shapes (slower; ``alignkg build`` does it).
    ``store`` picks where the graph lives: ``memory`` (default), ``oxigraph:PATH``
    or ``endpoint:URL`` (see ``alignkg.graph.store``); queries then run in that store.
    ``engine`` (``oxigraph``, the default, or ``rdflib``; else ``$ALIGNKG_ENGINE``) picks
    who answers SPARQL over ``memory``: Oxigraph from the compiled-graph cache
    (:mod:`alignkg.graph.cache`), or rdflib over a fresh compile.

    >>> load(engine="rdflib").query("ASK { id:rlhf a akg:Technique }")
    True
    """
    from alignkg.graph.store import StoreSpec, open_graph
    from alignkg.layers import select

    engine = engine or os.environ.get("ALIGNKG_ENGINE") or "oxigraph"
    if engine not in ENGINES:
        raise QueryError(f"unknown SPARQL engine '{engine}' (one of: {', '.join(ENGINES)})")
    chosen = select(layers, data_dir)
    names = [layer.name for layer in chosen]
    spec = StoreSpec.parse(store)
    if spec.kind != "memory":
        kg = KnowledgeGraph(open_graph(spec, build=lambda: compose(chosen)[0]), store=str(spec), layers=names)
    elif engine == "oxigraph":
        from alignkg.graph.cache import open_compiled

        kg = KnowledgeGraph(compiled=open_compiled(chosen), layers=names)
    else:
        kg = KnowledgeGraph(*compose(chosen), layers=names)
    if validate:
        kg.validate()
    return kg


def compose(layers: "Sequence[Layer]") -> "tuple[Graph, dict[URIRef, tuple[str, str]]]":
    """The union of ``layers``' triples (with their metadata) and the compiled entries' origins,
    in one rdflib graph (the rdflib engine, and ``oxigraph:PATH`` stores, use it)."""
    from rdflib import Graph

    graph: Graph = Graph()
    origins: dict[URIRef, tuple[str, str]] = {}
    for layer in layers:
        content = layer.content()
        graph += content.parsed()
        origins.update(content.origins)
        for prefix, namespace in content.graph.namespaces():
            graph.bind(prefix, namespace, override=False)
    return graph, origins
