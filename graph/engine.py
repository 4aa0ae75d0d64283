"""SPARQL in Oxigraph, answered as rdflib results: the engine behind ``kg.query`` and ``kg.execute``.

pyoxigraph's own query engine (``Store.query``, in Rust) evaluates the query;
its answer is turned into what rdflib would have answered, so the rest of
alignkg (``format_result``, the server's serialisers, ``kg.query``'s rows) does
not know which engine ran: rdflib terms in rows, an rdflib ``Graph`` for
CONSTRUCT and DESCRIBE, a ``bool`` for ASK. The store's default graph is the
union of the loaded layers and its named graphs are the layers, so
``GRAPH ?g { … }`` answers per layer (see :mod:`alignkg.graph.cache`).

``akg:similarity`` is passed to Oxigraph as a custom function; see
:mod:`alignkg.embeddings.sparql_function`.

Example
-------
>>> import pyoxigraph
>>> store = pyoxigraph.Store()
>>> store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("https://w3id.org/alignkg/id/x"),
...     pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), pyoxigraph.Literal("X", language="en")))
>>> result = run(store, "SELECT ?l WHERE { id:x rdfs:label ?l }")
>>> result.type, [row.l for row in result]
('SELECT', [rdflib.term.Literal('X', lang='en')])
>>> run(store, "SELECT ?l WHERE {\\n  id:x rdfs:label ?l")   # doctest: +ELLIPSIS
Traceback (most recent call last):
alignkg.errors.QueryError: SPARQL syntax error at line 2, column 21: ...
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from alignkg.errors import QueryError
from alignkg.graph.sparql import PREFIXES, explain

if TYPE_CHECKING:
    from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_POSITION = re.compile(r"^error at (\d+):(\d+): ?")


def run(store: ox.Store, text: str, bindings: dict[str, Any] | None = None, *,
        functions: dict[ox.NamedNode, Callable[..., Any]] | None = None) -> Result:
    """Evaluate ``text`` in ``store`` (default graph as stored) and return rdflib's ``Result``.

    ``bindings`` pre-binds variables of the projection to rdflib terms (Oxigraph's substitutions);
    ``functions`` are custom SPARQL functions.
    A query Oxigraph refuses is explained by rdflib's parser, whose messages are clearer and name
    the line and column (the same message whichever engine runs); Oxigraph's own, with its position,
    when rdflib accepts the query.
    """
    substitutions = {ox.Variable(str(name)): to_oxigraph(value) for name, value in (bindings or {}).items()}
    try:
        try:
            answer = store.query(text, prefixes=PREFIXES, substitutions=substitutions or None,
                                 custom_functions=functions or None)
        except (ValueError, RuntimeError) as exc:
            if not substitutions or "projection" not in str(exc):
                raise
            # Oxigraph substitutes only projected variables; bind the others with a trailing VALUES
            answer = store.query(_with_values(text, substitutions), prefixes=PREFIXES,
                                 custom_functions=functions or None)
        return to_result(answer)
    except SyntaxError as exc:
        raise (explain(text) or QueryError(_syntax_message(text, str(exc)))) from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"SPARQL error: {exc}") from None


def _with_values(text: str, substitutions: dict[Any, Any]) -> str:
    """``text`` with a trailing ``VALUES`` clause binding each variable of ``substitutions``.

    >>> _with_values("SELECT ?x WHERE { ?x ?p ?o }", {ox.Variable("o"): ox.NamedNode("https://e.org/a")})
    'SELECT ?x WHERE { ?x ?p ?o }\\nVALUES (?o) { (<https://e.org/a>) }'
    """
    names = " ".join(str(variable) for variable in substitutions)
    values = " ".join(str(term) for term in substitutions.values())
    return f"{text}\nVALUES ({names}) {{ ({values}) }}"


def to_result(answer: Any) -> Result:
    """rdflib's ``Result`` for a pyoxigraph answer (solutions, triples or a boolean)."""
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QueryTriples):
        result = Result("CONSTRUCT")
        result.graph = graph_of(answer)
        return result
    result = Result("SELECT")
    names = [Variable(v.value) for v in answer.variables]
    result.vars = names
    convert = _Converter()
    result.bindings = [
        {name: convert(term) for name, term in zip(names, solution) if term is not None} for solution in answer
    ]
    return result


def graph_of(triples: Iterable[Any]) -> Graph:
    """An rdflib ``Graph`` of pyoxigraph triples (or quads: their graph is ignored)."""
    graph = Graph()
    convert = _Converter()
    graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph) for t in triples)
    return graph


def to_rdflib(term: Any) -> "Node":
    """The rdflib term for a pyoxigraph term.

    >>> to_rdflib(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))).toPython()
    3
    """
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise QueryError(f"cannot represent {term} in rdflib (RDF-star triple terms are not supported)")


def to_oxigraph(term: Any) -> Any:
    """The pyoxigraph term for an rdflib term (or a plain string, taken as a literal)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    return ox.Literal(str(term))


class _Converter:
    """``to_rdflib`` remembering IRIs (results repeat them; rdflib's constructors are not free)."""

    def __init__(self) -> None:
        self.iris: dict[str, URIRef] = {}

    def __call__(self, term: Any) -> "Node":
        if type(term) is ox.NamedNode:
            value = term.value
            iri = self.iris.get(value)
            if iri is None:
                iri = self.iris[value] = URIRef(value)
            return iri
        return to_rdflib(term)


def _syntax_message(text: str, message: str) -> str:
    """``SPARQL syntax error at line L, column C: …`` and the line with a caret, from Oxigraph's message."""
    found = _POSITION.match(message)
    if not found:
        return f"SPARQL syntax error: {message}"
    line, column = int(found.group(1)), int(found.group(2))
    lines = text.splitlines() or [""]
    shown = lines[min(line, len(lines)) - 1]
    return (f"SPARQL syntax error at line {line}, column {column}: {message[found.end():]}\n"
            f"  {shown}\n  {' ' * max(column - 1, 0)}^")
