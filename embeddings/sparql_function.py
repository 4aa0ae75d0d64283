"""``akg:similarity(?node, "free text")``: semantic similarity as a SPARQL function.

Named ``https://w3id.org/alignkg/ontology#similarity``: given to Oxigraph's
engine with each query (:func:`oxigraph_functions`), and registered with
rdflib's custom-function registry when rdflib's engine runs (:func:`register`).
It returns the cosine similarity (``xsd:double``, -1…1) between the
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

from typing import TYPE_CHECKING, Any, Callable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from alignkg.graph.schema import AKG

if TYPE_CHECKING:
    from rdflib import Graph

SIMILARITY = URIRef(str(AKG) + "similarity")


def register() -> None:
    """Make ``akg:similarity`` available to every SPARQL query run by rdflib (idempotent)."""
    from rdflib.plugins.sparql.operators import register_custom_function

    register_custom_function(SIMILARITY, _similarity, override=True, raw=True)


def oxigraph_functions(graph: "Callable[[], Graph]") -> dict[Any, Callable[..., Any]]:
    """``akg:similarity`` for Oxigraph's ``custom_functions``; ``graph()`` gives the graph whose index answers.

    A wrong argument (not an IRI and a literal) or a node that is not indexed answers ``None``: an error,
    which SPARQL turns into a filtered-out row or an unbound variable, as in rdflib's engine.
    """
    import pyoxigraph as ox

    double = ox.NamedNode(str(XSD.double))

    def similarity(*args: Any) -> Any:
        if len(args) != 2 or type(args[0]) is not ox.NamedNode or type(args[1]) is not ox.Literal:
            return None
        from alignkg.embeddings.search import engine_for

        value = engine_for(graph()).similarity(args[0].value, args[1].value)
        return None if value is None else ox.Literal(repr(float(value)), datatype=double)

    return {ox.NamedNode(str(SIMILARITY)): similarity}


def _similarity(expr: Any, ctx: Any) -> Literal:
    from rdflib.plugins.sparql.evalutils import _eval
    from rdflib.plugins.sparql.sparql import SPARQLError

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
