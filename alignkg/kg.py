"""The one core object: a loaded knowledge graph.

``KnowledgeGraph`` owns the RDF store and, lazily, the search index. The CLI,
the server and the notebooks all go through it; the work itself lives in the
modules of plain functions it calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from rdflib import Graph, URIRef

from alignkg.embeddings.sparql_function import register as _register_similarity
from alignkg.graph import sparql
from alignkg.graph.compile import compile_data

_register_similarity()  # akg:similarity(?node, "text") in SPARQL; see alignkg.embeddings.sparql_function

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib.query import Result

    from alignkg.embeddings.ask import Answer
    from alignkg.embeddings.search import SearchResult
    from alignkg.graph.mappings import Mapping
    from alignkg.layers import Layer
    from alignkg.viz import Picture


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

    def __init__(self, graph: Graph, origins: dict[URIRef, tuple[str, str]] | None = None,
                 store: str = "memory", layers: Sequence[str] = ("curated",)) -> None:
        self.graph = graph
        self.origins = origins or {}
        self.store = store  # where the graph lives: memory, oxigraph:PATH or endpoint:URL
        self.layers = list(layers)  # the names of the layers it holds (see alignkg.layers)

    def __len__(self) -> int:
        return len(self.graph)

    def execute(self, query: str, bindings: dict[str, Any] | None = None) -> "Result":
        """Run SPARQL text, a named query or a ``.rq`` file; return rdflib's result."""
        return sparql.run(self.graph, sparql.resolve(query), bindings)

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
         validate: bool = False, store: str | None = None) -> KnowledgeGraph:
    """Compose the graph from its layers (see :mod:`alignkg.layers`): the one loader every command uses.

    ``data_dir`` replaces the embedded curated data; ``layers`` names the layers to
    load (default: each layer's own default, or ``$ALIGNKG_LAYERS``).
    ``validate=True`` also runs the SHACL shapes (slower; ``alignkg build`` does it).
    ``store`` picks where the graph lives: ``memory`` (default), ``oxigraph:PATH``
    or ``endpoint:URL`` (see ``alignkg.graph.store``); queries then run in that store.
    """
    from alignkg.graph.store import StoreSpec, open_graph
    from alignkg.layers import select

    chosen = select(layers, data_dir)
    names = [layer.name for layer in chosen]
    spec = StoreSpec.parse(store)
    if spec.kind == "memory":
        graph, origins = compose(chosen)
        kg = KnowledgeGraph(graph, origins, layers=names)
    else:
        kg = KnowledgeGraph(open_graph(spec, build=lambda: compose(chosen)[0]), store=str(spec), layers=names)
    if validate:
        kg.validate()
    return kg


def compose(layers: "Sequence[Layer]") -> tuple[Graph, dict[URIRef, tuple[str, str]]]:
    """The union of ``layers``' triples (with their metadata) and the curated entries' origins."""
    from alignkg.layers import CURATED, read_layer

    graph: Graph = Graph()
    origins: dict[URIRef, tuple[str, str]] = {}
    for layer in layers:
        if layer.name == CURATED:
            compiled = compile_data(layer.data_dir)
            graph += compiled.graph
            graph += layer.metadata()
            origins.update(compiled.origins)
            for prefix, namespace in compiled.graph.namespaces():
                graph.bind(prefix, namespace, override=False)
        else:
            graph += read_layer(layer)
    return graph, origins
