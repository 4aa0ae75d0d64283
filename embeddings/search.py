"""Hybrid semantic search over the graph: dense + BM25 fused, exact names first.

For a query, the dense scores (cosine similarity of the query's embedding to
each entity's text, from the FAISS index) and the lexical scores (BM25) are
fused. The default fusion, ``zscore``, standardises each score over the
candidates and adds them (BM25 counting :data:`LEXICAL_WEIGHT`); ``rrf`` is
reciprocal rank fusion,
``Σ 1 / (60 + rank)``. On the gold set (``benchmarks/search_bench.py``,
``docs/search.md``) the z-score sum ranks better: RRF throws away how much
better the best match is, and lets the noisier dense ranking pull it down.
A query that *is* an entity's label or alternative name ("RLHF", "DPO",
"METR"; case and punctuation ignored) puts that entity first.

The hybrid ranking then uses the graph: **evidence** (findings, publications,
assessments, ingested passages, and the concepts of outside taxonomies an
entity is filed under) lifts the entity it is about — the entity gains a share
of its best evidence's score, and the evidence is shown under it — while
evidence itself steps back, unless the question asks for it; a **type prior**
from the query's form (:func:`type_prior`: "which lab …", "who …", "the
defense that …", "how many …", a yes/no question) favours the class the query
asks for, and that class's members gain from their best-matching neighbours
of other classes ("which lab wrote the paper on …" → the paper's authors); a
**name inside a longer query** is context ("the company that makes *Claude*"):
it steps back and its neighbours gain, unless it is what the query is about
("*ASR* metric"). Each result says why it matched (``why``). Filters:
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
['description', 'evidence', 'exact', 'iri']
"""

from __future__ import annotations

import difflib
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
LEXICAL_WEIGHT = 0.7  # what the standardised BM25 score counts against the standardised cosine (z-score fusion)
#: Classes whose members are evidence about, or discussion of, other entities (``akg:Passage``: the
#: ``ingested`` layer; an open question is discussion of the entities it is related to).
EVIDENCE_TYPES = frozenset({"Finding", "Publication", "Assessment", "Passage", "OpenQuestion"})
#: Links from a piece of evidence to what it is about (a key citation links the other way).
EVIDENCE_LINKS = (AKG.about, AKG.subject, AKG.mentions, SKOS.related)
#: Links from an entity to a concept of an outside taxonomy (``skos:inScheme``) it is filed under or matches: the
#: concept describes it in other words and lifts it as evidence does (``graph/data/mappings.yaml``), but is an
#: entity of its own taxonomy, not evidence: it does not step back.
MATCH_LINKS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
LIFT = 0.15  # share of its best evidence's score an entity gains (scores are shares of the top one)
INHERIT = 0.9  # an entity ranks at least this share of its best evidence's score
DEMOTE = 0.3  # how far evidence steps back when the question does not ask for it
PRIOR = 0.15  # what the class the question's form asks for gains
MENTION = 0.2  # an entity the query names as context steps back by this, and its neighbours gain it
#: A name is context when the question asks for another class, or (no class asked for) when it holds less than
#: this share of the query's words: "ASR metric" asks for the ASR, "Anthropic's tiered safety levels" does not.
SUBJECT_SHARE = 0.5
HOP = 0.5  # an entity of the class asked for gains this share of its best-matching neighbour of another class
NAME_SPELLING_CUTOFF = 0.85  # how alike a short query and a name must be to count as that name misspelt
MAX_EVIDENCE = 3  # evidence shown under a result
#: Nouns that name a class: a question asking for one of them asks for that class.
_CLASS_NOUNS: list[tuple[str, tuple[str, ...]]] = [
    (r"papers?|publications?|articles?|reports?", ("Publication",)),
    (r"grades?|graded|ratings?|rated|scored?|scores", ("Assessment",)),
    (r"evidence|findings?|results?|estimates?|statistics?|share|fraction|percentage|proportion|percent|probability|odds"
     r"|rates?", ("Finding",)),
    (r"person|people|researchers?|scientists?|executives?|ceos?|directors?|senators?|secretar(y|ies)|authors?"
     r"|co-authors?|founders?", ("Person",)),
    (r"company|companies|firms?|labs?|orgs?|organi[sz]ations?|institutes?|think tanks?|agenc(y|ies)|council|trust"
     r"|board|non-?profits?|ngos?|charit(y|ies)|foundations?|start-?ups?|universit(y|ies)", ("Organization",)),
    (r"risks?|failure modes?|dangers?|threats?", ("Risk",)),
    (r"techniques?|methods?|approaches?|defen[cs]es?", ("Technique",)),
    (r"benchmarks?|datasets?", ("Benchmark",)),
    (r"polic(y|ies)|standards?|laws?|regulations?", ("Policy",)),
]
#: Question forms → the classes they ask for, tried in order after the noun a question or a phrase asks about.
_QUESTION_FORMS: list[tuple[str, tuple[str, ...]]] = [
    (r"^how (much|many|often|likely|well)\b|%", ("Finding",)),  # at the start: "a metric for how much …" asks for the metric
    (r"^when\b", ("Finding", "Projection")),  # a date is a finding or a projection
    (r"^how (can|do|could|should) we\b", ("Technique",)),
    # a yes/no question asks whether a claim holds: the findings and open questions on it
    (r"^(is|are|was|were|do|does|did|can|could|should|will|would|has|have|had|may|might|must)\b",
     ("Finding", "OpenQuestion")),
]
#: Words that may follow a class noun that heads the phrase a query is ("papers *on* …", "labs *working* on …").
_AFTER_NOUN = (r"on|about|by|for|from|in|of|at|with|against|behind|working|studying|researching|addressing|"
               r"tackling|related|like|such|named|called|led|written|published|funded")
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
class Evidence:
    """A finding, publication, assessment or passage that matched the query and is about a result."""

    iri: str
    label: str
    type: str
    score: float


@dataclass
class SearchResult:
    """One hit: ``score`` is the fused score (higher is better); ``similarity`` the cosine, ``lexical`` the BM25 score.

    ``evidence``: the matching evidence about this entity, best first; ``why``: what made it match
    (``exact`` name, query words found in its ``name`` and ``text``, ``similarity``, ``lexical``, the
    ``type_prior`` it got, the ``lift`` from its evidence, the ``demoted`` step back of evidence, the
    ``named_in_query`` step back of a context name, ``linked_to_named``, and ``answer_link``: what it gained,
    being of the class asked for, from its best-matching neighbour).
    """

    iri: str
    label: str
    type: str
    score: float
    similarity: float
    lexical: float
    exact: bool
    description: str = ""
    neighbors: list[Neighbor] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    why: dict[str, Any] = field(default_factory=dict)
    scheme: str = ""  # the taxonomy (skos:inScheme) it belongs to, by name; "" for our own entities

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (for ``--format json`` and the HTTP API)."""
        return asdict(self)


class SearchEngine:
    """The documents, the FAISS index and the BM25 ranking of one graph."""

    def __init__(self, graph: Graph, *, model: str | None = None, cache_dir: Path | str | None = None,
                 settings: ann.IndexSettings | None = None) -> None:
        self.graph = graph
        self.triples = len(graph)
        self.spec = resolve_model(model)
        self.docs = documents(graph)
        self.root = cache_root(cache_dir)
        self.stored: StoredIndex = open_index(self.docs, self.spec, settings or ann.IndexSettings(), self.root)
        self.lexical = Lexical(self.docs)
        self.row = {d.iri: i for i, d in enumerate(self.docs)}
        self.names: dict[str, list[int]] = {}
        for i, d in enumerate(self.docs):
            for name in {_normal(n) for n in [d.label, *d.aliases]}:
                self.names.setdefault(name, []).append(i)
        self.types = entity_types(graph)
        self.evidence = _evidence_rows(graph, self.docs, self.row)
        self._linked: dict[int, list[int]] | None = None
        self._link_pairs: tuple[np.ndarray, np.ndarray] | None = None
        self._init_arrays()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._labels: dict[URIRef, str] = {}
        self._lock = threading.Lock()
        self._relations: dict[URIRef, str] = {}
        self._neighbors: dict[str, list[Neighbor]] = {}
        self._types_of: dict[tuple[str, ...], set[str]] = {}
        self._about: dict[int, tuple[str, str]] = {}

    @property
    def linked(self) -> dict[int, list[int]]:
        """For each indexed entity, the indexed entities it links to or is linked from (found on first use)."""
        if self._linked is None:
            self._linked = _linked_rows(self.graph, self.row)
        return self._linked

    @property
    def link_pairs(self) -> "tuple[np.ndarray, np.ndarray]":
        """The links of :attr:`linked` as two row-aligned arrays (from, to), both directions."""
        import numpy as np

        if self._link_pairs is None:
            pairs = [(a, b) for a, others in self.linked.items() for b in others]
            self._link_pairs = (np.array([a for a, _ in pairs], dtype="int64"), np.array([b for _, b in pairs], dtype="int64"))
        return self._link_pairs

    def _init_arrays(self) -> None:
        """Row-aligned arrays for the hybrid ranking: each row's class, evidence flags, evidence links."""
        import numpy as np

        self._kinds = np.array([d.type for d in self.docs], dtype=object)
        self._is_evidence = np.array([d.type in EVIDENCE_TYPES for d in self.docs], dtype=bool)
        pairs = [(e, t) for t, rows in self.evidence.items() for e in rows]
        self._evidence_from = np.array([e for e, _ in pairs], dtype="int64")
        self._evidence_to = np.array([t for _, t in pairs], dtype="int64")

    def query_vector(self, text: str) -> "np.ndarray":
        """The query's embedding (the last 256 are kept; safe to call from several threads)."""
        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
            vector = encode_query(self.spec, text, self.root)
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
        fused, dense, bm25, vector = self._scores(text, mode, fusion, allowed, pool)
        exact = set(self.names.get(self._name_like(text), []))
        if allowed is not None:
            exact &= set(int(i) for i in allowed)
        for row in exact:
            fused.setdefault(row, 0.0)
        base = np.full(len(self.docs), -np.inf)
        base[list(fused)] = list(fused.values())
        ranking = self._use_graph(base, text, allowed) if mode == "hybrid" else _Ranking(base, {})
        candidates = np.flatnonzero(np.isfinite(ranking.score))
        ranked = candidates[np.argsort(-ranking.score[candidates], kind="stable")]
        rest = (int(r) for r in ranked[:k + len(exact)] if r not in exact)
        order = [*sorted(exact, key=lambda r: -ranking.score[r]), *rest][:k]
        words = self.lexical.query_words(text)
        return [self._result(r, ranking, vector, dense, bm25, r in exact, neighbors, words) for r in order]

    def _scores(self, text: str, mode: str, fusion: str, allowed: "np.ndarray | None",
                pool: int) -> "tuple[dict[int, float], dict[int, float], np.ndarray, np.ndarray | None]":
        """The candidates' scores for ``text`` (fused, dense, BM25) and the query vector."""
        import numpy as np

        dense: dict[int, float] = {}
        vector = self.query_vector(text) if mode != "lexical" else None
        if vector is not None:
            scores, ids = ann.search(self.stored.index, vector, pool, allowed)
            found = ids[0] >= 0
            dense = dict(zip(ids[0][found].tolist(), scores[0][found].tolist()))
        bm25 = self.lexical.scores(text)
        if allowed is not None:
            mask = np.zeros(len(bm25), dtype=bool)
            mask[allowed] = True
            bm25 = np.where(mask, bm25, 0.0)
        best = np.argsort(-bm25, kind="stable")[:pool] if mode != "dense" else np.zeros(0, dtype="int64")
        lexical_top = best[bm25[best] > 0].tolist()
        if mode == "dense":
            return dense, dense, bm25, vector
        if mode == "lexical":
            return {r: float(bm25[r]) for r in lexical_top}, dense, bm25, vector
        return _fuse(dense, bm25, lexical_top, allowed, fusion), dense, bm25, vector

    def _name_like(self, text: str) -> str:
        """The query as a name: itself, or for a short query that is no name, the name it misspells
        ("Anthropc", "constitutonal ai"; same first letter, ``difflib`` ratio ≥ 0.85)."""
        query = _normal(text)
        if query in self.names or len(query) < 5 or len(query.split()) > 4:
            return query
        alike = [n for n in self.names if n[:1] == query[:1] and abs(len(n) - len(query)) <= 3]
        close = difflib.get_close_matches(query, alike, n=1, cutoff=NAME_SPELLING_CUTOFF)
        return close[0] if close else query

    def mentioned(self, text: str) -> list[int]:
        """The entities a longer query names ("the company that makes *Claude*"): names of two or more
        words, or written with a capital in the query, longest first; none when the query is a name."""
        return list(dict.fromkeys(row for row, _ in self.named_spans(text)))

    def named_spans(self, text: str) -> list[tuple[int, str]]:
        """:meth:`mentioned` with the words of the query that name each entity."""
        words = text.split()
        found: list[tuple[int, str]] = []
        free = [True] * len(words)
        for n in range(min(len(words) - 1, 6), 0, -1):
            for i in range(len(words) - n + 1):
                span = re.sub(r"['’]s?$", "", " ".join(words[i:i + n]))
                name = _normal(span)
                if all(free[i:i + n]) and name in self.names and (
                        n > 1 or (any(c.isupper() for c in span) and len(name) > 2)):
                    found += [(r, span) for r in self.names[name]]
                    free[i:i + n] = [False] * n
        return found

    def _use_graph(self, fused: "np.ndarray", text: str, allowed: "np.ndarray | None") -> "_Ranking":
        """The hybrid ranking's use of the graph, each part an array over all rows (``-inf``: not a candidate):
        scores as shares of the best one; a type prior; evidence stepping back; the entities the query
        names as context stepping back and their neighbours gaining; the class asked for gaining from its
        best-matching neighbours of other classes; entities lifted by their best evidence."""
        import numpy as np

        top = fused[np.isfinite(fused)].max(initial=0.0)
        base = fused / top if top > 0 else fused
        parts: dict[str, np.ndarray] = {}
        prior = type_prior(text)
        wanted = np.isin(self._kinds, sorted(self._expand_types(list(prior)))) if prior else np.zeros(len(base), bool)
        parts["type_prior"] = np.where(wanted, PRIOR, 0.0)
        parts["demoted"] = np.where(self._is_evidence & ~wanted, -DEMOTE, 0.0)
        named, linked = np.zeros(len(base)), np.zeros(len(base))
        words = len(self.lexical.query_words(text))
        for row, span in self.named_spans(text):
            size = len(self.lexical.query_words(span))
            if (not wanted[row]) if prior else size < SUBJECT_SHARE * words:
                named[row] -= MENTION
                np.add.at(linked, self.linked.get(row, []), MENTION)
        parts["named_in_query"], parts["linked_to_named"] = named, linked
        if prior and HOP:
            origin, target = self.link_pairs
            found = np.where(np.isfinite(base) & ~wanted, np.maximum(base, 0.0), 0.0)[origin]
            best_link = np.zeros(len(base))
            np.maximum.at(best_link, target, found)
            parts["answer_link"] = np.where(wanted & np.isfinite(base), HOP * best_link, 0.0)
        evidence = base[self._evidence_from]
        counted = np.isfinite(evidence) & (evidence > 0)
        best = np.zeros(len(base))
        np.maximum.at(best, self._evidence_to[counted], evidence[counted])
        own = np.where(np.isfinite(base), base, 0.0)
        lift = np.where(best > 0, np.maximum(LIFT * best, INHERIT * best + LIFT * own - own), 0.0)
        if allowed is not None:
            lift = np.where(np.isin(np.arange(len(base)), allowed), lift, 0.0)
        parts["lift"] = lift
        return _Ranking(base, parts)

    def _lifted_by(self, row: int, ranking: "_Ranking") -> list[Evidence]:
        """The evidence that lifted ``row``, best first."""
        rows = sorted((r for r in self.evidence.get(row, ()) if ranking.base[r] > 0), key=lambda r: -ranking.base[r])
        return [Evidence(self.docs[r].iri, self.docs[r].label, self.docs[r].type, round(float(ranking.base[r]), 6))
                for r in rows[:MAX_EVIDENCE]]

    def neighbors(self, iri: str) -> list[Neighbor]:
        """The one-hop neighbourhood of an entity: linked entities, both directions (sources included).
        Kept once found (the engine is rebuilt when the graph changes)."""
        if iri not in self._neighbors:
            self._neighbors[iri] = self._find_neighbors(iri)
        return list(self._neighbors[iri])

    def _find_neighbors(self, iri: str) -> list[Neighbor]:
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

    def _result(self, row: int, ranking: "_Ranking", vector: "np.ndarray | None", dense: dict, bm25: "np.ndarray",
                exact: bool, with_neighbors: bool, words: list[str]) -> SearchResult:
        doc = self.docs[row]
        similarity = dense.get(row)
        if similarity is None:
            similarity = float(self.stored.vectors[row] @ vector) if vector is not None else 0.0
        description, schemes = self._described(row)
        evidence = self._lifted_by(row, ranking) if "lift" in ranking.parts and ranking.parts["lift"][row] else []
        why: dict[str, Any] = {"exact": exact, **self.lexical.matched(row, words), "similarity": round(similarity, 4),
                               "lexical": round(float(bm25[row]), 4)}
        why.update({reason: round(float(part[row]), 4) for reason, part in ranking.parts.items() if part[row]})
        if "type_prior" in why:
            why["type_prior"] = doc.type
        return SearchResult(doc.iri, doc.label, doc.type, round(float(ranking.score[row]), 6), round(similarity, 6),
                            round(float(bm25[row]), 6), exact, description,
                            self.neighbors(doc.iri) if with_neighbors else [], evidence, why, schemes)

    def _described(self, row: int) -> tuple[str, str]:
        """An entity's description and the taxonomies it belongs to (kept once read)."""
        if row not in self._about:
            node = URIRef(self.docs[row].iri)
            description = str(self.graph.value(node, DCTERMS.description) or self.graph.value(node, AKG.text) or "")
            self._about[row] = description, "; ".join(sorted(self._label(s) for s in self.graph.objects(node, SKOS.inScheme)))
        return self._about[row]

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
        """The classes ``names`` stand for, subclasses included (kept per engine: the graph's classes are fixed)."""
        key = tuple(names)
        if key not in self._types_of:
            self._types_of[key] = self._find_types(names)
        return self._types_of[key]

    def _find_types(self, names: list[str]) -> set[str]:
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


class _Ranking:
    """Scores over all rows (``-inf``: not a candidate): the base, the parts added to it and their sum."""

    def __init__(self, base: "np.ndarray", parts: "dict[str, np.ndarray]") -> None:
        self.base = base
        self.parts = parts
        self.score = base + sum(parts.values()) if parts else base


def type_prior(text: str) -> tuple[str, ...]:
    """The classes a query asks for, or ``()``, from its form: the noun a "which/what" question asks about;
    "who" for people and organizations; the noun a phrase with a relative clause is about ("the defense
    that …"); "how many", "%" or "when" for findings; "how can we" for techniques; a yes/no question for
    findings and open questions; else the first class noun before any relative clause.

    >>> type_prior("who leads the work on AI control?"), type_prior("papers on debate")
    (('Person', 'Organization'), ('Publication',))
    >>> type_prior("which lab wrote the paper on RLHF?"), type_prior("is deceptive alignment detectable?")
    (('Organization',), ('Finding', 'OpenQuestion'))
    >>> type_prior("the defence that cut attack success to 3%"), type_prior("reward hacking")
    (('Technique',), ())
    """
    lowered = text.casefold().strip()
    asked = re.match(r"(which|what)( \w+)?? (\w+(?: \w+)?)\b", lowered)  # "which lab …", "what kind of risks …"
    if asked and _class_of(asked[3]):
        return _class_of(asked[3])
    if re.match(r"(who|whom)\b", lowered):
        return ("Person", "Organization")
    head, *relative = re.split(r"\b(?:that|who|whose|which|where|when)\b", lowered, maxsplit=1)  # "an index that …"
    if relative and _class_of(head):
        return _class_of(head)
    return next((classes for pattern, classes in _QUESTION_FORMS if re.search(pattern, lowered)), _leading_class(head))


def _leading_class(phrase: str) -> tuple[str, ...]:
    """The classes of a class noun that heads a noun phrase ("papers on debate", "labs working on RLHF",
    "benchmark measuring deception", "risk") — within its first three words, followed by a preposition, a
    participle, a comma or nothing; or the last word of a phrase of up to five words (English puts the head
    last: "the 2022 InstructGPT paper"). A sentence's subject ("people rank model answers …") asks for no class.

    >>> _leading_class("recent papers on debate"), _leading_class("people rank model answers")
    (('Publication',), ())
    >>> _leading_class("yudkowsky's probability of doom"), _leading_class("the 2022 instructgpt paper")
    (('Finding',), ('Publication',))
    """
    for pattern, classes in _CLASS_NOUNS:
        if re.match(rf"(?:[\w'’-]+\s+){{0,2}}?(?:{pattern})(?:\s+(?:{_AFTER_NOUN}|\w+ing|\w+ed)\b|\s*[,;:]|\s*$)",
                    phrase.strip()):
            return classes
    words = phrase.split()
    if 0 < len(words) <= 5:  # a short noun phrase ends with its head: "the 2022 InstructGPT paper"
        return next((classes for pattern, classes in _CLASS_NOUNS if re.fullmatch(pattern, words[-1].strip("?!.,"))), ())
    return ()


def _class_of(words: str) -> tuple[str, ...]:
    """The classes of the first class noun among ``words`` (:data:`_CLASS_NOUNS`), or ``()``.

    >>> _class_of("first author of the paper"), _class_of("paper whose first author")
    (('Person',), ('Publication',))
    """
    found = [(m.start(), classes) for pattern, classes in _CLASS_NOUNS if (m := re.search(rf"\b({pattern})\b", words))]
    return min(found, key=lambda hit: hit[0])[1] if found else ()


def _evidence_rows(graph: Graph, docs: list, row: dict[str, int]) -> dict[int, list[int]]:
    """For each indexed entity, the indexed evidence about it (row numbers)."""
    found: dict[int, list[int]] = {}
    links = [(s, o) for p in EVIDENCE_LINKS for s, o in graph.subject_objects(p)]
    links += [(paper, entity) for entity, paper in graph.subject_objects(AKG.keyCitation)]
    outside = set(graph.subjects(SKOS.inScheme, None))
    matches = [(concept, entity) for p in MATCH_LINKS for entity, concept in graph.subject_objects(p) if concept in outside]
    for evidence, entity in links + matches:
        e, t = row.get(str(evidence)), row.get(str(entity))
        if e is not None and t is not None and (docs[e].type in EVIDENCE_TYPES or evidence in outside) and e != t:
            found.setdefault(t, []).append(e)
    return {t: sorted(set(rows)) for t, rows in found.items()}


def _linked_rows(graph: Graph, row: dict[str, int]) -> dict[int, list[int]]:
    """For each indexed entity, the indexed entities it links to or is linked from."""
    linked: dict[int, set[int]] = {}
    for s, p, o in graph:
        a, b = row.get(str(s)), row.get(str(o))
        if a is not None and b is not None and a != b and p != DCTERMS.source:
            linked.setdefault(a, set()).add(b)
            linked.setdefault(b, set()).add(a)
    return {r: sorted(others) for r, others in linked.items()}


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
        row: ((dense[row] - mean) / std if row in dense else floor) + LEXICAL_WEIGHT * (float(bm25[row]) - l_mean) / l_std
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
