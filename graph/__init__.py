"""The curated graph: data files, their compiler, SPARQL and named queries."""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
QUERIES_DIR = Path(__file__).parent / "queries"
AKG_IRI = "https://w3id.org/alignkg/ontology#"  # the ontology's namespace (alignkg.graph.schema.AKG)
ID_IRI = "https://w3id.org/alignkg/id/"  # the entities' namespace (alignkg.graph.schema.ID)
