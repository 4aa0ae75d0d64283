"""The alignkg ontology (OWL) and the SHACL shapes the build enforces."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

ONTOLOGY_TTL = Path(__file__).parent / "alignkg.ttl"
SHAPES_TTL = Path(__file__).parent / "shapes.ttl"


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The OWL ontology as a graph (parsed once per process; do not modify it)."""
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The SHACL shapes as a graph (parsed once per process; do not modify it)."""
    return Graph().parse(SHAPES_TTL, format="turtle")
