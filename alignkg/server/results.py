"""Content negotiation and serialisation of SPARQL answers, with a row limit.

SELECT and ASK answers are written as SPARQL 1.1 JSON, XML, CSV or TSV;
CONSTRUCT and DESCRIBE answers as Turtle, JSON-LD, N-Triples or RDF/XML. The
``Accept`` header picks the format (q-values honoured); a ``format`` parameter
overrides it; anything unrecognised gets the default (JSON, or Turtle).

Example
-------
>>> choose("SELECT", accepted("text/csv;q=0.5, application/sparql-results+xml"))
'xml'
>>> choose("CONSTRUCT", accepted("*/*"))
'turtle'
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result

from alignkg.errors import QueryError

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
TABLE_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_ACCEPT = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "json-ld",
    "application/json": "json-ld", "application/n-triples": "nt", "text/plain": "nt",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml",
}
TABLE_PARAMS = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
GRAPH_PARAMS = {"turtle": "turtle", "ttl": "turtle", "jsonld": "json-ld", "json-ld": "json-ld", "json": "json-ld",
                "nt": "nt", "ntriples": "nt", "xml": "rdfxml", "rdfxml": "rdfxml"}


@dataclass(frozen=True)
class Answer:
    """A serialised answer: the body, its media type, how many rows/triples, and whether cut at the row limit."""

    body: bytes
    media_type: str
    count: int
    truncated: bool = False


def accepted(header: str | None) -> list[str]:
    """The media types of an ``Accept`` header, most preferred first (q=0 dropped)."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose(form: str, accept: list[str], fmt: str | None = None) -> str:
    """The output format for a query ``form`` given the accepted media types and a ``format`` parameter."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if fmt:
        names = GRAPH_PARAMS if graph else TABLE_PARAMS
        if fmt.lower() not in names:
            raise QueryError(f"unknown format '{fmt}' for a {form} query (one of: {', '.join(names)})")
        chosen = names[fmt.lower()]
    else:
        table = GRAPH_ACCEPT if graph else TABLE_ACCEPT
        chosen = next((table[m] for m in accept if m in table), "turtle" if graph else "json")
    if form == "ASK" and chosen in ("csv", "tsv"):
        return "json"  # SPARQL 1.1 defines no CSV/TSV form for a boolean
    return chosen


def serialise(result: Result, fmt: str, row_limit: int) -> Answer:
    """Write ``result`` in ``fmt``, keeping at most ``row_limit`` rows (or triples)."""
    if result.type == "ASK":
        if fmt == "xml":
            return Answer(result.serialize(format="xml"), MEDIA_TYPES[fmt], 1)
        return Answer(json.dumps({"head": {}, "boolean": bool(result.askAnswer)}).encode(), MEDIA_TYPES["json"], 1)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return _graph_answer(result.graph, fmt, row_limit)
    rows = list(itertools.islice(result.bindings, row_limit + 1))  # dicts: no ResultRow built per row
    truncated = len(rows) > row_limit
    rows = rows[:row_limit]
    names = list(result.vars or [])
    if fmt == "json":
        keys = [(v, str(v)) for v in names]
        body = json.dumps({"head": {"vars": [key for _, key in keys]}, "results": {"bindings": [
            {key: _json_term(row[v]) for v, key in keys if row.get(v) is not None} for row in rows]}},
            ensure_ascii=False).encode("utf-8")
    elif fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in names)]
        lines += ["\t".join(_tsv_term(_plain(row.get(v))) for v in names) for row in rows]
        body = ("\n".join(lines) + "\n").encode("utf-8")
    else:
        cut = Result("SELECT")
        cut.vars = names
        cut.bindings = [{v: _plain(row[v]) for v in names if row.get(v) is not None} for row in rows]
        body = cut.serialize(format=fmt, encoding="utf-8")
    return Answer(body, MEDIA_TYPES[fmt], len(rows), truncated)


def _graph_answer(graph: Graph, fmt: str, row_limit: int) -> Answer:
    from alignkg.graph.sparql import PREFIXES

    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    triples = list(itertools.islice(graph, row_limit + 1))
    for s, p, o in triples[:row_limit]:
        out.add((s, p, _plain(o)))
    rdflib_format = "xml" if fmt == "rdfxml" else fmt
    body = out.serialize(format=rdflib_format, encoding="utf-8")
    return Answer(body, MEDIA_TYPES[fmt], min(len(triples), row_limit), len(triples) > row_limit)


def _plain(term: object) -> object:
    """``"x"^^xsd:string`` as the plain literal ``"x"`` (the same term in RDF 1.1), so stores agree."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def _json_term(term: object) -> dict[str, str]:
    """A term in the SPARQL 1.1 JSON results syntax (``xsd:string`` written as a plain literal)."""
    kind = type(term)  # exact types first: this runs for every cell of every answer
    if kind is Literal or isinstance(term, Literal):
        language, datatype = term.language, term.datatype  # type: ignore[attr-defined]
        if language:
            return {"type": "literal", "value": str(term), "xml:lang": language}
        if datatype is not None and datatype != XSD.string:
            return {"type": "literal", "value": str(term), "datatype": str(datatype)}
        return {"type": "literal", "value": str(term)}
    if kind is URIRef or isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    raise TypeError(f"not an RDF term: {term!r}")


def _tsv_term(term: object) -> str:
    """A term in the SPARQL 1.1 TSV syntax (Turtle-like, one line)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term)
        for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
            text = text.replace(raw, escaped)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return str(term)
