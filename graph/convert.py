"""Convert the RDF graph to a ``networkx`` graph for analysis and drawing.

This is the one conversion: the pictures (``alignkg.viz``), the GraphML export
and users' own analyses all start from it.

Nodes are the typed entities, keyed by IRI, with these attributes:

- ``id`` (the slug), ``label``, ``type`` (the akg class), ``description``;
- each literal property by its predicate's local name (``mechanism``,
  ``rank``…), as ``int``/``float``/``str``; several values are joined with
  `` | `` so the graph stays GraphML-safe;
- each link to a vocabulary entry (principle, direction, maturity, severity,
  stance…) also as the entry's slug, e.g. ``maturity='maturity-research'``.

Edges are the links between entities, keyed by the predicate's local name (a
``MultiDiGraph``: two entities may be linked several ways), with
``relation`` set to that name. ``addresses`` edges also carry the qualified
mitigation's ``strength``, ``articleWording`` and ``mechanism`` where the data
gives them.

Example
-------
>>> import alignkg
>>> G = alignkg.load().to_networkx()
>>> G.nodes["https://w3id.org/alignkg/id/debate"]["label"]
'Debate'
>>> G.nodes["https://w3id.org/alignkg/id/debate"]["primaryPrinciple"].startswith("principle-")
True
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from alignkg.graph.schema import AKG, ID, VOCABULARY_TYPES

if TYPE_CHECKING:
    import networkx as nx

#: Properties of a Mitigation copied onto its ``addresses`` edge.
MITIGATION_ATTRIBUTES = ("strength", "articleWording", "mechanism")
SEPARATOR = " | "


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``: ``local_name(AKG.addresses) == 'addresses'``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def slug(iri: str) -> str:
    """The slug of an entity IRI (``…/id/debate`` → ``debate``); other IRIs unchanged."""
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else str(iri)


def entity_types(graph: Graph) -> dict[URIRef, str]:
    """Each entity's most specific akg class, by IRI."""
    types: dict[URIRef, str] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, URIRef) and isinstance(cls, URIRef) and cls.startswith(str(AKG)):
            types[node] = local_name(cls)
    return types


def to_networkx(graph: Graph, *, context: Graph | None = None, all_nodes: bool = False) -> "nx.MultiDiGraph":
    """A ``MultiDiGraph`` of the entities in ``graph`` and the links between them.

    Parameters
    ----------
    graph
        The triples to convert (the whole knowledge graph, or a CONSTRUCT result).
    context
        Where to look up the type, label and description of nodes that ``graph``
        itself does not describe (a CONSTRUCT result rarely repeats ``rdf:type``).
    all_nodes
        Keep every IRI that is linked to another IRI, even untyped ones (type
        ``Resource``); by default only typed entities become nodes.

    Example
    -------
    >>> import alignkg
    >>> kg = alignkg.load()
    >>> answer = kg.query("CONSTRUCT { ?t akg:addresses id:deceptive-alignment } "
    ...                   "WHERE { ?t akg:addresses id:deceptive-alignment }")
    >>> G = to_networkx(answer, context=kg.graph)
    >>> G.number_of_edges() == len(answer)
    True
    """
    import networkx as nx

    sources = [graph] if context is None else [graph, context]
    types = {**entity_types(context), **entity_types(graph)} if context is not None else entity_types(graph)
    G = nx.MultiDiGraph()

    def value(node: URIRef, predicate: URIRef) -> object:
        return next((v for g in sources if (v := g.value(node, predicate)) is not None), None)

    def add_node(node: URIRef) -> None:
        if str(node) in G:
            return
        G.add_node(
            str(node),
            id=slug(node),
            label=str(value(node, RDFS.label) or local_name(node)),
            type=types.get(node, "Resource"),
            description=str(value(node, DCTERMS.description) or ""),
        )

    def keep(node: object) -> bool:
        return isinstance(node, URIRef) and (node in types or all_nodes)

    for node in sorted({s for s in graph.subjects() if s in types} | {o for o in graph.objects() if o in types}):
        add_node(node)  # sorted: the same graph gives the same node order, hence the same pictures
    for s, p, o in sorted(graph):  # rdflib's own order varies from run to run
        if p in (RDF.type, RDFS.label, DCTERMS.description) or not keep(s):
            continue
        if isinstance(o, Literal):
            add_node(s)
            _set(G.nodes[str(s)], local_name(p), _literal(o))
        elif keep(o):
            add_node(s)
            add_node(o)
            relation = local_name(p)
            G.add_edge(str(s), str(o), key=relation, relation=relation)
            if types.get(o) in VOCABULARY_TYPES:
                _set(G.nodes[str(s)], relation, slug(o))
    _qualify_addresses(G, value, types)
    return G


def _qualify_addresses(G: "nx.MultiDiGraph", value, types: dict[URIRef, str]) -> None:  # noqa: ANN001
    """Copy each Mitigation's strength and wording onto its ``addresses`` edge."""
    for mitigation, cls in types.items():
        if cls != "Mitigation":
            continue
        technique, risk = value(mitigation, AKG.technique), value(mitigation, AKG.risk)
        if technique is None or risk is None or not G.has_edge(str(technique), str(risk), key="addresses"):
            continue
        edge = G.edges[str(technique), str(risk), "addresses"]
        for name in MITIGATION_ATTRIBUTES:
            found = value(mitigation, AKG[name])
            if found is not None:
                edge[name] = str(found)


def _literal(term: Literal) -> int | float | str:
    value = term.toPython()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return float(value)
    return str(term)


def _set(attributes: dict, name: str, value: int | float | str) -> None:
    """Set an attribute; a second value joins the first as text (GraphML keeps scalars only)."""
    if name not in attributes:
        attributes[name] = value
    elif str(value) not in str(attributes[name]).split(SEPARATOR):
        attributes[name] = f"{attributes[name]}{SEPARATOR}{value}"
