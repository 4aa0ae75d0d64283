"""Convert the RDF graph to a ``networkx`` graph for analysis and drawing.

Nodes are the typed entities (keyed by IRI) with their label, class,
description and literal properties as attributes; edges are the links between
entities, keyed by the predicate's local name.

Example
-------
>>> import alignkg
>>> G = alignkg.load().to_networkx()
>>> G.nodes["https://w3id.org/alignkg/id/debate"]["label"]
'Debate'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from alignkg.graph.schema import AKG

if TYPE_CHECKING:
    import networkx as nx


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``: ``local_name(AKG.addresses) == 'addresses'``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_types(graph: Graph) -> dict[URIRef, str]:
    """Each entity's most specific akg class, by IRI."""
    types: dict[URIRef, str] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, URIRef) and isinstance(cls, URIRef) and cls.startswith(str(AKG)):
            types[node] = local_name(cls)
    return types


def to_networkx(graph: Graph) -> "nx.MultiDiGraph":
    """A ``MultiDiGraph`` of the entities in ``graph`` and the links between them."""
    import networkx as nx

    types = entity_types(graph)
    G = nx.MultiDiGraph()
    for node, cls in types.items():
        G.add_node(
            str(node),
            label=str(graph.value(node, RDFS.label) or local_name(node)),
            type=cls,
            description=str(graph.value(node, DCTERMS.description) or ""),
        )
    for s, p, o in graph:
        if s not in types or p in (RDF.type, RDFS.label, DCTERMS.description):
            continue
        if isinstance(o, Literal):
            G.nodes[str(s)][local_name(p)] = str(o)
        elif o in types:
            G.add_edge(str(s), str(o), key=local_name(p), relation=local_name(p))
    return G
