"""Serialise the graph as Turtle, N-Triples, JSON-LD or GraphML.

Example
-------
>>> import alignkg
>>> text = export(alignkg.load().graph, "nt")
>>> text.count(b"\\n") > 1000
True
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from alignkg.errors import AlignKGError

if TYPE_CHECKING:
    from rdflib import Graph

RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}
FORMATS = (*RDF_FORMATS, "graphml")


def export(graph: Graph, fmt: str) -> bytes:
    """The graph in ``fmt`` (one of :data:`FORMATS`) as bytes."""
    if fmt in RDF_FORMATS:
        return graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8")
    if fmt == "graphml":
        import networkx as nx

        from alignkg.graph.convert import to_networkx

        out = io.BytesIO()
        nx.write_graphml(to_networkx(graph), out)
        return out.getvalue()
    raise AlignKGError(f"unknown export format '{fmt}' (one of: {', '.join(FORMATS)})")
