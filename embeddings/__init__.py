"""Semantic search over the graph: embeddings, FAISS index, hybrid ranking."""
