"""What the graph says about one entity, for a person (an :class:`Entity`) and for an RDF client.

:func:`describe` gathers an entity's label, types, other names, description, facts
(literal values and vocabulary levels, in words), links grouped by relation in both
directions, findings, sources with their credibility, and crosswalk mappings.
:func:`description_graph` is the same entity as triples (every triple whose subject or
object it is, plus the labels of the things it links to) for content negotiation.
Both read the graph through ``kg.graph`` triple patterns only, so they work over every
store; the server and the static site render the same :class:`Entity`.

Example
-------
>>> import alignkg
>>> kg = alignkg.load()
>>> debate = describe(kg, ID + "debate")
>>> debate.label, debate.type.label
('Debate', 'Technique')
>>> [f.text for f in debate.facts if f.caption == "maturity"]
['Research']
>>> "addresses" in {group.relation for group in debate.links if group.direction == "out"}
True
>>> describe(kg, ID + "no-such-thing") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from alignkg.graph.schema import AKG, VOCABULARY_TYPES
from alignkg.graph.schema import ID as _ID

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph

ID = str(_ID)
ONTOLOGY = str(AKG)
#: Literal properties shown in the page's header rather than as facts.
HEADER = {RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.description, RDFS.comment}
#: Records that restate a link (shown inside the link or in their own section, not as links).
RECORD_TYPES = {"Mitigation", "Mapping", "Finding"}
MATCHES = {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}


@dataclass(frozen=True)
class Ref:
    """Another node: its IRI, label and most specific class (``""`` for a literal-free IRI of no type)."""

    iri: str
    label: str
    type: str = ""


@dataclass(frozen=True)
class Fact:
    """One property in words: ``caption`` (the property's label), ``text``, and the node when it is one."""

    caption: str
    text: str
    ref: Ref | None = None


@dataclass
class LinkGroup:
    """The links of one relation in one direction (``out``: this → other; ``in``: other → this)."""

    relation: str
    direction: str
    predicate: str
    targets: list[tuple[Ref, str]] = field(default_factory=list)  # (other end, a note such as the evidence strength)


@dataclass(frozen=True)
class Finding:
    """A quantified finding about the entity."""

    ref: Ref
    metric: str
    value: str
    baseline: str
    sources: tuple[Ref, ...]


@dataclass(frozen=True)
class Source:
    """Where a statement comes from; ``credibility`` is the source article's 1–5 rating where it gives one."""

    ref: Ref
    credibility: int | None
    detail: str  # kind, venue, year


@dataclass(frozen=True)
class Mapping:
    """A crosswalk mapping from or to the entity: the match (``broadMatch``…), the other end, the confidence."""

    match: str
    other: Ref
    confidence: float | None
    direction: str  # out: this entity is the mapping's subject


@dataclass
class Entity:
    """Everything a page says about one IRI."""

    iri: str
    label: str
    type: Ref
    types: list[Ref]
    alt_labels: list[str]
    description: str
    facts: list[Fact]
    links: list[LinkGroup]
    findings: list[Finding]
    sources: list[Source]
    mappings: list[Mapping]

    @property
    def slug(self) -> str:
        """The part after ``…/id/`` (the IRI itself for an IRI of another namespace)."""
        return slug(self.iri)


def slug(iri: str) -> str:
    """``https://w3id.org/alignkg/id/debate`` → ``debate``; other IRIs unchanged.

    >>> slug("https://w3id.org/alignkg/id/debate")
    'debate'
    """
    return iri[len(ID):] if iri.startswith(ID) else iri


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``…/ontology#Technique`` → ``Technique``.

    >>> local_name("http://www.w3.org/2004/02/skos/core#broadMatch")
    'broadMatch'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


class Reader:
    """Labels and types of nodes, read once per node (the graph does not change while it is read)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._labels: dict[URIRef, str] = {}
        self._types: dict[URIRef, str] = {}

    def label(self, node: URIRef) -> str:
        if node not in self._labels:
            value = self.graph.value(node, RDFS.label) or self.graph.value(node, SKOS.prefLabel)
            self._labels[node] = str(value) if value is not None else local_name(str(node))
        return self._labels[node]

    def type(self, node: URIRef) -> str:
        """The most specific ``akg`` class of ``node`` (one that is no superclass of another of its classes)."""
        if node not in self._types:
            classes = [c for c in self.graph.objects(node, RDF.type) if isinstance(c, URIRef)]
            own = [c for c in classes if str(c).startswith(ONTOLOGY)] or classes
            supers = {s for c in own for s in self.graph.objects(c, RDFS.subClassOf)}
            best = sorted((c for c in own if c not in supers), key=str) or sorted(own, key=str)
            self._types[node] = local_name(str(best[0])) if best else ""
        return self._types[node]

    def ref(self, node: URIRef) -> Ref:
        return Ref(str(node), self.label(node), self.type(node))


def exists(kg: "KnowledgeGraph", iri: str) -> bool:
    """Whether the graph says anything about ``iri`` (as subject or object)."""
    node = URIRef(iri)
    return (node, None, None) in kg.graph or (None, None, node) in kg.graph


def describe(kg: "KnowledgeGraph", iri: str, reader: Reader | None = None) -> Entity | None:
    """The :class:`Entity` at ``iri``; ``None`` when the graph says nothing about it."""
    if not exists(kg, iri):
        return None
    g, node = kg.graph, URIRef(iri)
    read = reader or Reader(g)
    outgoing = sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1])))
    incoming = sorted(((p, s) for s, p in g.subject_predicates(node)), key=lambda ps: (str(ps[0]), str(ps[1])))
    types = [read.ref(c) for _, c in outgoing if _ == RDF.type and isinstance(c, URIRef)]
    facts, groups, sources = [], {}, []
    for p, o in outgoing:
        if p == RDF.type or p in HEADER or isinstance(o, BNode):
            continue
        caption = read.label(p)
        if isinstance(o, Literal):
            facts.append(Fact(caption, str(o)))
        elif p == DCTERMS.source:
            sources.append(_source(g, read, o))
        elif read.type(o) in VOCABULARY_TYPES:
            facts.append(Fact(caption, read.label(o), read.ref(o)))
        elif p not in MATCHES and read.type(o) not in RECORD_TYPES:
            groups.setdefault((caption, "out"), LinkGroup(caption, "out", str(p))).targets.append((read.ref(o), ""))
    strengths = _strengths(g, read, node)
    for group in groups.values():
        if group.predicate == str(AKG.addresses):
            group.targets = [(ref, strengths.get(ref.iri, "")) for ref, _ in group.targets]
    findings = []
    for p, s in incoming:
        if read.type(s) == "Finding" and p == AKG.about:
            findings.append(_finding(g, read, s))
        elif read.type(s) not in RECORD_TYPES and p != RDF.type and not isinstance(s, BNode):
            caption = read.label(p)
            note = strengths.get(str(s), "") if p == AKG.addresses else ""
            groups.setdefault((caption, "in"), LinkGroup(caption, "in", str(p))).targets.append((read.ref(s), note))
    for group in groups.values():
        group.targets.sort(key=lambda pair: pair[0].label.casefold())
    description = g.value(node, DCTERMS.description) or g.value(node, RDFS.comment) or ""
    main = _main_type(types, read)
    return Entity(
        iri=iri, label=read.label(node), type=main, types=types,
        alt_labels=sorted({str(o) for p, o in outgoing if p == SKOS.altLabel}, key=str.casefold),
        description=str(description), facts=sorted(facts, key=lambda f: (f.ref is None, f.caption)),
        links=sorted(groups.values(), key=lambda grp: (grp.direction != "out", grp.relation)),
        findings=sorted(findings, key=lambda f: f.ref.label.casefold()),
        sources=sorted(sources, key=lambda s: (-(s.credibility or 0), s.ref.label.casefold())),
        mappings=_mappings(g, read, node))


def description_graph(kg: "KnowledgeGraph", iri: str) -> Graph:
    """The entity as RDF: its triples both ways, and the label and type of each node it touches.

    >>> import alignkg
    >>> g = description_graph(alignkg.load(), ID + "debate")
    >>> (URIRef(ID + "debate"), RDFS.label, Literal("Debate", lang="en")) in g
    True
    """
    from alignkg.graph.sparql import PREFIXES

    g, node, out = kg.graph, URIRef(iri), Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    others: set[URIRef] = set()
    for p, o in g.predicate_objects(node):
        out.add((node, p, o))
        if isinstance(o, URIRef) and p != RDF.type:
            others.add(o)
    for s, p in g.subject_predicates(node):
        out.add((s, p, node))
        if isinstance(s, URIRef):
            others.add(s)
    for other in others:
        for p in (RDFS.label, RDF.type):
            for o in g.objects(other, p):
                out.add((other, p, o))
    return out


#: The formats :func:`serialise` writes: name → pyoxigraph's ``RdfFormat`` member.
SERIALISATIONS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


def serialise(graph: Graph, fmt: str) -> bytes:
    """``graph`` as ``turtle``, ``nt``, ``jsonld`` or ``rdfxml`` (pyoxigraph's writers: several times rdflib's speed).

    >>> g = Graph().add((URIRef(ID + "a"), RDFS.label, Literal("A", lang="en")))
    >>> serialise(g, "nt")
    b'<https://w3id.org/alignkg/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .\\n'
    """
    import pyoxigraph as ox

    from alignkg.graph.sparql import PREFIXES

    def term(node: object) -> object:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))

    triples = [ox.Triple(term(s), term(p), term(o)) for s, p, o in sorted(graph)]
    prefixes = None if fmt == "nt" else PREFIXES
    return ox.serialize(triples, format=getattr(ox.RdfFormat, SERIALISATIONS[fmt]), prefixes=prefixes)


def _main_type(types: list[Ref], read: Reader) -> Ref:
    own = [t for t in types if t.iri.startswith(ONTOLOGY)] or types
    if not own:
        return Ref("", "Resource")
    supers = {str(s) for t in own for s in read.graph.objects(URIRef(t.iri), RDFS.subClassOf)}
    return min((t for t in own if t.iri not in supers), key=lambda t: t.iri, default=own[0])


def _source(g: Graph, read: Reader, node: URIRef) -> Source:
    credibility = g.value(node, AKG.credibility)
    parts = [str(v) for v in (g.value(node, AKG.sourceKind), g.value(node, AKG.venue), g.value(node, DCTERMS.issued))
             if v is not None]
    if read.type(node) == "SourceSection":
        parts.insert(0, "section of the source article")
    try:
        stars = int(credibility) if credibility is not None else None
    except (TypeError, ValueError):
        stars = None
    return Source(read.ref(node), stars, ", ".join(parts))


def _finding(g: Graph, read: Reader, node: URIRef) -> Finding:
    def text(p: URIRef) -> str:
        value = g.value(node, p)
        return str(value) if value is not None else ""

    sources = tuple(sorted((read.ref(s) for s in g.objects(node, DCTERMS.source) if isinstance(s, URIRef)),
                           key=lambda r: r.label.casefold()))
    return Finding(read.ref(node), text(AKG.metric), text(AKG.value), text(AKG.baseline), sources)


def _strengths(g: Graph, read: Reader, node: URIRef) -> dict[str, str]:
    """The evidence strength of each ``addresses`` link of ``node``, by the IRI at the other end."""
    found: dict[str, str] = {}
    for role, other_role in ((AKG.technique, AKG.risk), (AKG.risk, AKG.technique)):
        for record in g.subjects(role, node):
            other, strength = g.value(record, other_role), g.value(record, AKG.strength)
            if other is not None and strength is not None:
                found[str(other)] = f"{strength} evidence"
    return found


def _mappings(g: Graph, read: Reader, node: URIRef) -> list[Mapping]:
    found = []
    for role, other_role, direction in ((OWL.annotatedSource, OWL.annotatedTarget, "out"),
                                        (OWL.annotatedTarget, OWL.annotatedSource, "in")):
        for record in g.subjects(role, node):
            other, match = g.value(record, other_role), g.value(record, OWL.annotatedProperty)
            if not isinstance(other, URIRef) or match is None:
                continue
            confidence = g.value(record, AKG.mappingConfidence)
            found.append(Mapping(local_name(str(match)), read.ref(other),
                                 float(confidence) if confidence is not None else None, direction))
    for p, o in g.predicate_objects(node):  # a match stated without a mapping record
        if p in MATCHES and isinstance(o, URIRef) and not any(m.other.iri == str(o) for m in found):
            found.append(Mapping(local_name(str(p)), read.ref(o), None, "out"))
    return sorted(found, key=lambda m: (m.direction, -(m.confidence or 0), m.other.label.casefold()))


def entity_iris(kg: "KnowledgeGraph") -> Iterable[str]:
    """Every IRI of the ``id:`` namespace that has a type: the entities that get a page."""
    seen = set()
    for s in kg.graph.subjects(RDF.type, None):
        if isinstance(s, URIRef) and str(s).startswith(ID) and s not in seen:
            seen.add(s)
            yield str(s)
