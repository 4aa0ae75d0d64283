"""Hybrid semantic search over the graph: dense + BM25 fused, exact names first.

For a query, the dense scores (cosine similarity of the query's embedding to
each entity's text, from the FAISS index) and the lexical scores (BM25) are
fused. The default fusion, ``zscore``, standardises each score over the
candidates and adds them; ``rrf`` is reciprocal rank fusion,
``Σ 1 / (60 + rank)``. On the gold set (``benchmarks/search_bench.py``,
``docs/search.md``) the z-score sum ranks better: RRF throws away how much
better the best match is, and lets the noisier dense ranking pull it down.
A query that *is* an entity's label or alternative name ("RLHF", "DPO",
"METR"; case and punctuation ignored) puts that entity first. Filters:
``types`` (class names, subclasses included: ``Technique`` covers ``Defense``),
``scheme`` (a taxonomy: only its concepts, e.g. ``owasp-agentic`` with the atlas
layer loaded; see :func:`alignkg.graph.schemes.find_scheme`) and ``scope`` (a
SPARQL SELECT whose IRIs are the only candidates).

Each result carries its IRI, label, class, the taxonomy it belongs to (if any),
score and one-hop neighbourhood.

Example
-------
>>> import alignkg
>>> kg = alignkg.load()
>>> top = kg.search("a weak model supervising a stronger one", k=3, types="Technique")[0]
>>> top.label
'Weak-to-Strong Generalization'
>>> sorted(top.to_dict())[:4]
['description', 'exact', 'iri', 'label']
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from alignkg.embeddings import ann
from alignkg.embeddings.encoder import encode_query, resolve_model
from alignkg.embeddings.lexical import Lexical
from alignkg.embeddings.store import StoredIndex, cache_root, open_index
from alignkg.embeddings.text import FACETS, LINKS, documents
from alignkg.errors import QueryError
from alignkg.graph.convert import entity_types, local_name
from alignkg.graph.schema import AKG

if TYPE_CHECKING:
    import numpy as np

    from alignkg.kg import KnowledgeGraph

RRF_K = 60
MODES = ("hybrid", "dense", "lexical")
FUSIONS = ("zscore", "rrf")
MAX_NEIGHBORS = 40


@dataclass
class Neighbor:
    """One link of a result: ``relation`` (the property's label), ``direction`` (``out`` or ``in``), the other end."""

    relation: str
    direction: str
    iri: str
    label: str
    type: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class SearchResult:
    """One hit: ``score`` is the fused score (higher is better); ``similarity`` the cosine, ``lexical`` the BM25 score."""

    iri: str
    label: str
    type: str
    score: float
    similarity: float
    lexical: float
    exact: bool
    description: str = ""
    neighbors: list[Neighbor] = field(default_factory=list)
    scheme: str = ""  # the taxonomy (skos:inScheme) it belongs to, by name; "" for our own entities

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (for ``--format json`` and the HTTP API)."""
        data = asdict(self)
        data["neighbors"] = [n.to_dict() for n in self.neighbors]
        return data


class SearchEngine:
    """The documents, the FAISS index and the BM25 ranking of one graph."""

    def __init__(self, graph: Graph, *, model: str | None = None, cache_dir: Path | str | None = None,
                 settings: ann.IndexSettings | None = None) -> None:
        self.graph = graph
        self.triples = len(graph)
        self.spec = resolve_model(model)
        self.docs = documents(graph)
        self.stored: StoredIndex = open_index(self.docs, self.spec, settings or ann.IndexSettings(), cache_root(cache_dir))
        self.lexical = Lexical(self.docs)
        self.row = {d.iri: i for i, d in enumerate(self.docs)}
        self.names: dict[str, list[int]] = {}
        for i, d in enumerate(self.docs):
            for name in {_normal(n) for n in [d.label, *d.aliases]}:
                self.names.setdefault(name, []).append(i)
        self.types = entity_types(graph)
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._labels: dict[URIRef, str] = {}
        self._lock = threading.Lock()
        self._relations: dict[URIRef, str] = {}

    def query_vector(self, text: str) -> "np.ndarray":
        """The query's embedding (the last 256 are kept; safe to call from several threads)."""
        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
            vector = encode_query(self.spec, text)
            self._queries[text] = vector
            if len(self._queries) > 256:
                self._queries.popitem(last=False)
            return vector

    def similarity(self, iri: str, text: str) -> float | None:
        """Cosine similarity of an indexed entity to ``text``; ``None`` if the entity is not indexed."""
        row = self.row.get(iri)
        if row is None:
            return None
        return float(self.stored.vectors[row] @ self.query_vector(text))

    def search(self, text: str, k: int = 10, types: list[str] | str | None = None, scope: str | None = None,
               neighbors: bool = True, mode: str = "hybrid", fusion: str = "zscore",
               scheme: str | None = None) -> list[SearchResult]:
        """The ``k`` best entities for ``text``.

        ``mode``: ``hybrid``, ``dense`` or ``lexical``; ``fusion`` (hybrid only): ``zscore`` or ``rrf``;
        ``scheme``: only the concepts of this taxonomy (an id such as ``owasp-agentic``, or an IRI).
        """
        import numpy as np

        if mode not in MODES:
            raise QueryError(f"unknown search mode '{mode}' (hybrid, dense or lexical)")
        if fusion not in FUSIONS:
            raise QueryError(f"unknown fusion '{fusion}' ({' or '.join(FUSIONS)})")
        if not text.strip():
            raise QueryError("empty search text")
        allowed = self._allowed(types, scope, scheme)
        if allowed is not None and not len(allowed):
            return []
        pool = len(self.docs) if len(self.docs) <= 5000 else max(200, 20 * k)
        dense: dict[int, float] = {}
        vector = self.query_vector(text) if mode != "lexical" else None
        if vector is not None:
            scores, ids = ann.search(self.stored.index, vector, pool, allowed)
            dense = {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}
        bm25 = self.lexical.scores(text)
        if allowed is not None:
            mask = np.zeros(len(bm25), dtype=bool)
            mask[allowed] = True
            bm25 = np.where(mask, bm25, 0.0)
        lexical_top = [int(i) for i in np.argsort(-bm25, kind="stable")[:pool] if bm25[i] > 0] if mode != "dense" else []
        if mode == "dense":
            fused = dense
        elif mode == "lexical":
            fused = {r: float(bm25[r]) for r in lexical_top}
        else:
            fused = _fuse(dense, bm25, lexical_top, allowed, fusion)
        exact = set(self.names.get(_normal(text), []))
        if allowed is not None:
            exact &= set(int(i) for i in allowed)
        for row in exact:
            fused.setdefault(row, 0.0)
        best = sorted(fused, key=lambda r: (r not in exact, -fused[r], self.docs[r].label))[:k]
        return [self._result(r, fused[r], vector, dense, bm25, r in exact, neighbors) for r in best]

    def neighbors(self, iri: str) -> list[Neighbor]:
        """The one-hop neighbourhood of an entity: linked entities, both directions (sources included)."""
        node, found = URIRef(iri), []
        for direction, pairs in (("out", self.graph.predicate_objects(node)), ("in", ((p, s) for s, p in self.graph.subject_predicates(node)))):
            for p, other in pairs:
                if p == RDF.type or isinstance(other, Literal) or other not in self.types:
                    continue
                if self.types[other] == "Mitigation":
                    continue
                found.append((_PRIORITY.get(p, len(_PRIORITY)),
                              Neighbor(self._relation(p), direction, str(other), self._label(other), self.types[other])))
        found.sort(key=lambda pair: (pair[0], pair[1].direction != "out", pair[1].relation, pair[1].label))
        return [n for _, n in found[:MAX_NEIGHBORS]]

    def _result(self, row: int, score: float, vector: "np.ndarray | None", dense: dict, bm25: "np.ndarray",
                exact: bool, with_neighbors: bool) -> SearchResult:
        doc = self.docs[row]
        similarity = dense.get(row)
        if similarity is None:
            similarity = float(self.stored.vectors[row] @ vector) if vector is not None else 0.0
        description = str(self.graph.value(URIRef(doc.iri), DCTERMS.description) or "")
        schemes = sorted(self._label(s) for s in self.graph.objects(URIRef(doc.iri), SKOS.inScheme))
        return SearchResult(doc.iri, doc.label, doc.type, round(score, 6), round(similarity, 6), round(float(bm25[row]), 6),
                            exact, description, self.neighbors(doc.iri) if with_neighbors else [], "; ".join(schemes))

    def _allowed(self, types: list[str] | str | None, scope: str | None, scheme: str | None = None) -> "np.ndarray | None":
        import numpy as np

        rows: set[int] | None = None
        if scheme:
            from alignkg.graph.schemes import find_scheme

            members = self.graph.subjects(SKOS.inScheme, find_scheme(self.graph, scheme))
            rows = {self.row[str(m)] for m in members if str(m) in self.row}
        if types:
            wanted = self._expand_types([types] if isinstance(types, str) else list(types))
            of_type = {i for i, d in enumerate(self.docs) if d.type in wanted}
            rows = of_type if rows is None else rows & of_type
        if scope:
            from alignkg.graph import sparql

            result = sparql.run(self.graph, sparql.resolve(scope))
            if result.type != "SELECT":
                raise QueryError("a search scope must be a SELECT query")
            iris = {str(term) for row in result for term in row if isinstance(term, URIRef)}
            in_scope = {self.row[i] for i in iris if i in self.row}
            rows = in_scope if rows is None else rows & in_scope
        return None if rows is None else np.array(sorted(rows), dtype="int64")

    def _expand_types(self, names: list[str]) -> set[str]:
        classes = {local_name(c).lower(): local_name(c) for c in self.graph.subjects(RDFS.subClassOf, None)
                   if str(c).startswith(str(AKG))}
        classes.update({t.lower(): t for t in self.types.values()})
        wanted: set[str] = set()
        for name in names:
            key = name.strip().lower()
            if key not in classes:
                raise QueryError(f"unknown type '{name}' (one of: {', '.join(sorted(set(classes.values())))})")
            wanted.add(classes[key])
        changed = True
        while changed:
            subclasses = {local_name(s) for s, o in self.graph.subject_objects(RDFS.subClassOf)
                          if local_name(o) in wanted and str(s).startswith(str(AKG))}
            changed = not subclasses <= wanted
            wanted |= subclasses
        return wanted

    def _relation(self, predicate: URIRef) -> str:
        if predicate not in self._relations:
            self._relations[predicate] = str(self.graph.value(predicate, RDFS.label) or local_name(predicate))
        return self._relations[predicate]

    def _label(self, node: URIRef) -> str:
        if node not in self._labels:
            self._labels[node] = str(self.graph.value(node, RDFS.label) or local_name(node))
        return self._labels[node]


def _fuse(dense: dict[int, float], bm25: "np.ndarray", lexical_top: list[int], allowed: "np.ndarray | None",
          fusion: str) -> dict[int, float]:
    """One score per candidate from the dense scores (the pool) and the BM25 scores (all rows)."""
    import numpy as np

    candidates = set(dense) | set(lexical_top)
    if fusion == "rrf":
        fused = dict.fromkeys(candidates, 0.0)
        for ranking in (sorted(dense, key=dense.get, reverse=True), lexical_top):
            for rank, row in enumerate(ranking, start=1):
                fused[row] += 1.0 / (RRF_K + rank)
        return fused
    values = np.array(list(dense.values()), dtype="float64")
    mean, std = (values.mean(), values.std() or 1.0) if len(values) else (0.0, 1.0)
    floor = (values.min() - mean) / std if len(values) else 0.0
    lexical = bm25 if allowed is None else bm25[allowed]
    l_mean, l_std = float(lexical.mean()), float(lexical.std()) or 1.0
    return {
        row: ((dense[row] - mean) / std if row in dense else floor) + (float(bm25[row]) - l_mean) / l_std
        for row in candidates
    }


#: Neighbours are listed in this order of relation (the main links first), then the others, sources last.
_PRIORITY = {p: i for i, p in enumerate([f[0] for f in FACETS] + [link[0] for link in LINKS])}
_PRIORITY[DCTERMS.source] = 10_000

_ENGINES: dict[int, tuple[weakref.ref, dict, SearchEngine]] = {}
_ENGINES_LOCK = threading.RLock()


def engine_for(graph: Graph, **options: Any) -> SearchEngine:
    """The search engine of ``graph``, built once and rebuilt when the graph or the options change.

    With no options, an existing engine of the graph is reused whatever its options (so that
    ``akg:similarity`` in SPARQL uses the index ``kg.search`` built).
    """
    with _ENGINES_LOCK:
        return _engine_for(graph, options)


def _engine_for(graph: Graph, options: dict[str, Any]) -> SearchEngine:
    key = id(graph)
    entry = _ENGINES.get(key)
    if entry is not None:
        ref, used, engine = entry
        if ref() is graph and engine.triples == len(graph) and (not options or options == used):
            return engine
    engine = SearchEngine(graph, **options)
    _ENGINES[key] = (weakref.ref(graph, lambda _, engines=_ENGINES: engines.pop(key, None)), options, engine)
    return engine


def search(kg: "KnowledgeGraph", text: str, k: int = 10, types: list[str] | str | None = None, **options: Any) -> list[SearchResult]:
    """Search ``kg``; ``options`` are :meth:`SearchEngine.search`'s (``scope``, ``neighbors``, ``mode``, ``fusion``)
    and the engine's (``model``, ``cache_dir``, ``settings``)."""
    engine_options = {key: options.pop(key) for key in ("model", "cache_dir", "settings") if options.get(key) is not None}
    return engine_for(kg.graph, **engine_options).search(text, k=k, types=types, **options)


def _normal(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()
