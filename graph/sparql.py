"""Run SPARQL over an rdflib graph, format the answers, and find named queries.

Named queries live in ``graph/queries/NAME.rq``; the comment lines at the top
say what each one answers.

Example
-------
>>> import alignkg
>>> kg = alignkg.load()
>>> rows = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?r a akg:Risk }")
>>> rows[0]["n"] > 10
True
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignkg.errors import QueryError
from alignkg.graph import AKG_IRI, ID_IRI, QUERIES_DIR
from alignkg.textguard import control_character

if TYPE_CHECKING:  # rdflib is imported where it is used: `alignkg --help` and `queries` do without it
    from rdflib import Graph
    from rdflib.query import Result

PREFIXES = {
    "akg": AKG_IRI,
    "id": ID_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "airo": "https://w3id.org/airo#",
    "atlas": "https://w3id.org/alignkg/atlas/",  # entities of the atlas layer (alignkg import atlas)
    "nexus": "https://w3id.org/ai-atlas-nexus/",  # the AI Atlas Nexus's own slots (nexus:hasRelatedRisk …)
}
FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class NamedQuery:
    """A query from ``graph/queries``: its name, what it answers, its text, and the layers it needs
    beyond ``curated`` (a leading comment line ``# layers: atlas``; without them it answers no rows)."""

    name: str
    description: str
    text: str
    layers: tuple[str, ...] = ()


def named_queries(folder: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``)."""
    found = {}
    for path in sorted(folder.glob("*.rq")):
        text = read_query(path)
        comments, layers = [], ()
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment = line.lstrip("#").strip()
            if comment.startswith("layers:"):
                layers = tuple(n.strip() for n in comment.removeprefix("layers:").split(",") if n.strip())
            else:
                comments.append(comment)
        found[path.stem] = NamedQuery(path.stem, " ".join(c for c in comments if c), text, layers)
    return found


def read_query(path: Path) -> str:
    """The text of a ``.rq`` file; a binary or non-UTF-8 file is a :class:`QueryError` naming it.

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "bad.rq"
    >>> _ = bad.write_bytes(b"SELECT * WHERE { ?s ?p \\xff }")
    >>> read_query(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    alignkg.errors.QueryError: query file .../bad.rq is not UTF-8 text (byte 0xff at offset 23)
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark some editors write is not part of the query
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"query file {path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    found = control_character(text, allow="\t\n\r\f")
    if found:
        raise QueryError(f"query file {path} is binary, not SPARQL text ({found[1]} at character {found[0]})")
    return text


def resolve(query: str) -> str:
    """Turn a named query, a ``.rq`` path or SPARQL text into SPARQL text."""
    stripped = query.strip()
    if stripped.endswith(".rq") and "\n" not in stripped:
        path = Path(stripped)
        if not path.is_file():
            raise QueryError(f"query file not found: {path}")
        return read_query(path)
    if any(char.isspace() or char == "{" for char in stripped):
        return query  # SPARQL text: a query name holds neither (and reading the library costs ms)
    queries = named_queries()
    if stripped in queries:
        return queries[stripped].text
    raise QueryError(f"no named query '{stripped}' (named queries: {', '.join(queries)})")


def run(graph: Graph, text: str, bindings: dict[str, Any] | None = None) -> Result:
    """Parse and evaluate SPARQL in rdflib's engine; syntax errors name the line and column."""
    from pyparsing import ParseException

    from alignkg.embeddings.sparql_function import register

    register()  # akg:similarity
    try:
        return graph.query(text, initNs=PREFIXES, initBindings=bindings or {})
    except ParseException as exc:
        raise _syntax_error(exc) from None
    except QueryError:
        raise
    except Exception as exc:  # rdflib raises plain Exceptions for bad queries (unknown prefix, …)
        raise QueryError(f"SPARQL error: {exc}") from None


def explain(text: str) -> QueryError | None:
    """rdflib's account of what is wrong with the query ``text`` (naming line and column), or ``None``.

    >>> print(explain("SELECT ?x WHERE { ?x ?y }"))
    SPARQL syntax error at line 1, column 19: Expected SelectQuery
      SELECT ?x WHERE { ?x ?y }
                        ^
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text, initNs=PREFIXES)
    except ParseException as exc:
        return _syntax_error(exc)
    except Exception as exc:  # unknown prefix and friends
        return QueryError(f"SPARQL error: {exc}")
    return None


def _syntax_error(exc: Any) -> QueryError:
    return QueryError(
        f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n"
        f"  {exc.line}\n  {' ' * (exc.col - 1)}^"
    )


def python_value(term: Any) -> Any:
    """A plain Python value for a result cell: IRIs and blank nodes as strings."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    return term


def rows(result: Result) -> list[dict[str, Any]]:
    """SELECT results as a list of ``{variable: value}`` dicts."""
    names = [str(v) for v in result.vars or []]
    return [{name: python_value(row[i]) for i, name in enumerate(names)} for row in result]


def format_result(result: Result, fmt: str = "table") -> str:
    """Render a result as a text table, CSV, TSV or JSON (SPARQL 1.1 JSON for SELECT/ASK)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format '{fmt}' (one of: {', '.join(FORMATS)})")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    names = [str(v) for v in result.vars or []]
    table = [[_cell(row[i]) for i in range(len(names))] for row in result]
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(table)
        return out.getvalue()
    return _text_table(names, table)


def _cell(term: Any) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef) and term.startswith(ID_IRI):
        return "id:" + term[len(ID_IRI):]
    return str(term)


def _text_table(names: list[str], table: list[list[str]], width: int = 60) -> str:
    clipped = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in table]
    widths = [max([len(n)] + [len(r[i]) for r in clipped]) for i, n in enumerate(names)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in clipped]
    out.append(f"({len(table)} row{'s' if len(table) != 1 else ''})")
    return "\n".join(out)
