"""Grow the graph from articles: ``alignkg ingest`` and ``alignkg review`` (see docs/ingest.md)."""
