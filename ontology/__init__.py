"""The alignkg ontology (OWL) and the SHACL shapes the build enforces."""

from pathlib import Path

ONTOLOGY_TTL = Path(__file__).parent / "alignkg.ttl"
SHAPES_TTL = Path(__file__).parent / "shapes.ttl"
