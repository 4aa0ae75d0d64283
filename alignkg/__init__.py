"""alignkg: a knowledge graph of AI alignment with SPARQL and semantic search.

>>> import alignkg
>>> kg = alignkg.load()
>>> kg.query("ASK { id:rlhf akg:maturity id:maturity-deployed }")
True
"""

from alignkg.errors import AlignKGError, DataError, QueryError, SearchIndexError, ValidationError
from alignkg.kg import KnowledgeGraph, load

__version__ = "0.1.0"
__all__ = [
    "AlignKGError", "DataError", "KnowledgeGraph", "QueryError", "SearchIndexError",
    "ValidationError", "load", "__version__",
]
