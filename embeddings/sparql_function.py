"""``akg:similarity(?node, "free text")``: semantic similarity as a SPARQL function.

Registered with rdflib's custom-function registry under
``https://w3id.org/alignkg/ontology#similarity`` when ``alignkg.kg`` is
imported. It returns the cosine similarity (``xsd:double``, -1…1) between the
node's indexed text and the text; a node that is not indexed (a literal, a
vocabulary level, a source section) is an error, so the row is filtered out by
``FILTER`` and unbound in ``BIND``. The index is the one of the graph being
queried (the one ``kg.search`` uses, built on first use); the query text is
encoded once per query text.

Example
-------
>>> import alignkg
>>> kg = alignkg.load()
>>> rows = kg.query('''
...     SELECT ?label WHERE { ?t a akg:Technique ; rdfs:label ?label }
...     ORDER BY DESC(akg:similarity(?t, "oversight of superhuman systems")) LIMIT 3''')
>>> len(rows)
3
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.operators import register_custom_function
from rdflib.plugins.sparql.sparql import SPARQLError

from alignkg.graph.schema import AKG

SIMILARITY = URIRef(str(AKG) + "similarity")


def register() -> None:
    """Make ``akg:similarity`` available to every SPARQL query run by rdflib (idempotent)."""
    register_custom_function(SIMILARITY, _similarity, override=True, raw=True)


def _similarity(expr: Any, ctx: Any) -> Literal:
    from rdflib.plugins.sparql.evalutils import _eval

    from alignkg.embeddings.search import engine_for

    args = list(expr.expr or [])
    if len(args) != 2:
        raise SPARQLError(f"akg:similarity takes 2 arguments (a node and a text), got {len(args)}")
    node = _eval(args[0], ctx)
    text = _eval(args[1], ctx)
    if not isinstance(node, URIRef):
        raise SPARQLError("akg:similarity: the first argument must be an IRI")
    if not isinstance(text, Literal):
        raise SPARQLError("akg:similarity: the second argument must be a text literal")
    value = engine_for(ctx.ctx.graph).similarity(str(node), str(text))
    if value is None:
        raise SPARQLError(f"akg:similarity: {node} is not in the search index")
    return Literal(value, datatype=XSD.double)
