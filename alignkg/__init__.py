"""alignkg: a knowledge graph of AI alignment with SPARQL and semantic search.

>>> import alignkg
>>> kg = alignkg.load()
>>> kg.query("ASK { id:rlhf akg:maturity id:maturity-deployed }")
True
"""

from typing import TYPE_CHECKING, Any

from alignkg.errors import AlignKGError, DataError, QueryError, SearchIndexError, ValidationError

if TYPE_CHECKING:
    from alignkg.kg import KnowledgeGraph, load


def __getattr__(name: str) -> Any:
    """``load`` and ``KnowledgeGraph`` on first use: ``alignkg --help`` need not import rdflib."""
    if name in ("load", "KnowledgeGraph"):
        from alignkg import kg

        return getattr(kg, name)
    raise AttributeError(f"module 'alignkg' has no attribute {name!r}")


__version__ = "0.1.0"
__all__ = [
    "AlignKGError", "DataError", "KnowledgeGraph", "QueryError", "SearchIndexError",
    "ValidationError", "load", "__version__",
]
