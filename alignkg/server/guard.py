"""Decide whether a SPARQL request may run on a public, read-only endpoint.

The decision is made on rdflib's parse of the text, not on a pattern match:
anything that parses as SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``,
``CLEAR``…) is refused, and so is a query whose parse tree holds a
``SERVICE`` clause or a ``FROM``/``FROM NAMED`` dataset clause — each would
make the server fetch a URL of the caller's choosing.

Example
-------
>>> check("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
'SELECT'
>>> check("LOAD <http://example.org/x.ttl>")
Traceback (most recent call last):
...
alignkg.errors.QueryRefused: LOAD is refused: this endpoint is read-only and never fetches URLs
"""

from __future__ import annotations

from typing import Any, Iterator

from alignkg.errors import QueryError, QueryRefused

QUERY_TYPES = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
UPDATE_NAMES = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
    "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


def check(text: str) -> str:
    """Return the query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) or raise.

    Raises ``QueryRefused`` for updates, ``SERVICE`` and dataset clauses, and
    ``QueryError`` (naming line and column) for text that is not SPARQL.
    """
    return check_parsed(text)[0]


def check_parsed(text: str) -> tuple[str, Any]:
    """Like :func:`check`, also returning rdflib's parse (to evaluate without parsing again)."""
    parsed = parse(text)
    query = parsed[1]
    names = set(_names(parsed))
    if "ServiceGraphPattern" in names:
        raise QueryRefused("SERVICE is refused: it would make this server fetch another endpoint's URL")
    if "DatasetClause" in names:
        raise QueryRefused("FROM and FROM NAMED are refused: this endpoint serves one default graph "
                           "and never fetches URLs")
    return QUERY_TYPES[query.name], parsed


def parse(text: str) -> Any:
    """rdflib's parse of a query; an update is refused, a syntax error names line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text)
    except ParseException as exc:
        error = exc
    try:
        update = parseUpdate(text)
    except ParseException:
        update = None
    if update is not None and update.request:
        ops = sorted({UPDATE_NAMES.get(op.name, op.name) for op in update.request})
        if ops == ["LOAD"]:
            raise QueryRefused("LOAD is refused: this endpoint is read-only and never fetches URLs")
        raise QueryRefused(f"SPARQL Update ({', '.join(ops)}) is refused: this endpoint is read-only")
    raise QueryError(
        f"SPARQL syntax error at line {error.lineno}, column {error.col}: {error.msg}\n"
        f"  {error.line}\n  {' ' * (error.col - 1)}^"
    ) from None


def _names(node: Any) -> Iterator[str]:
    """The names of every ``CompValue`` in a parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item.name
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
