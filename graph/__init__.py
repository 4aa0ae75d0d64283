"""The curated graph: data files, their compiler, SPARQL and named queries."""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
QUERIES_DIR = Path(__file__).parent / "queries"
