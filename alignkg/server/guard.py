"""Decide whether a SPARQL request may run on a public, read-only endpoint.

The decision is made on rdflib's parse of the text, not on a pattern match:
anything that parses as SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``,
``CLEAR``…) is refused, and so is a query whose parse tree holds a
``SERVICE`` clause or a ``FROM``/``FROM NAMED`` dataset clause — each would
make the server fetch a URL of the caller's choosing. Before any parser sees
it, a query nested more than :data:`MAX_NESTING` brackets deep is refused:
recursive parsers (rdflib's, and pyoxigraph's in native code) run out of stack
on thousands of levels.

Example
-------
>>> check("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
'SELECT'
>>> check("LOAD <http://example.org/x.ttl>")
Traceback (most recent call last):
...
alignkg.errors.QueryRefused: LOAD is refused: this endpoint is read-only and never fetches URLs
>>> nesting("ASK { FILTER((1 + 2) > 0) } # {{{")
3
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Any, Iterator

from alignkg.errors import QueryError, QueryRefused

MAX_NESTING = 64  # levels of (), {} and [] a query may nest; real queries use fewer than 10
RECURSION_LIMIT = 60 * MAX_NESTING + 1000  # Python frames rdflib takes to parse and evaluate that deep

QUERY_TYPES = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
UPDATE_NAMES = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
    "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


def check(text: str) -> str:
    """Return the query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) or raise.

    Raises ``QueryRefused`` for updates, ``SERVICE`` and dataset clauses, and
    ``QueryError`` (naming line and column) for text that is not SPARQL or that
    nests deeper than :data:`MAX_NESTING`.
    """
    parsed = parse(text)
    query = parsed[1]
    names = set(_names(parsed))
    if "ServiceGraphPattern" in names:
        raise QueryRefused("SERVICE is refused: it would make this server fetch another endpoint's URL")
    if "DatasetClause" in names:
        raise QueryRefused("FROM and FROM NAMED are refused: this endpoint serves one default graph "
                           "and never fetches URLs")
    return QUERY_TYPES[query.name]


def parse(text: str) -> Any:
    """rdflib's parse of a query; an update is refused, a syntax error names line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    depth = nesting(text)
    if depth > MAX_NESTING:
        raise QueryError(f"query nested {depth} levels deep in (), {{}} and []; the limit is {MAX_NESTING}")
    with _recursion_limit(RECURSION_LIMIT):
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


_TOKENS = re.compile("|".join([
    r"'''(?:[^'\\]|\\.|'(?!''))*'''", r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'(?:[^'\\\n\r]|\\.)*'", r'"(?:[^"\\\n\r]|\\.)*"',  # short strings
    r"#[^\n\r]*",  # comments
    r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs (a lone < is less-than)
    r"(?P<open>[({\[])", r"(?P<close>[)}\]])",
]))


def nesting(text: str) -> int:
    """How deep ``(``, ``{`` and ``[`` nest in ``text``, outside strings, IRIs and comments."""
    depth = deepest = 0
    for token in _TOKENS.finditer(text):
        if token.group("open"):
            depth += 1
            deepest = max(deepest, depth)
        elif token.group("close"):
            depth = max(0, depth - 1)
    return deepest


@contextmanager
def _recursion_limit(frames: int) -> Iterator[None]:
    """Room for ``frames`` Python frames while the block runs (rdflib's parser takes about 30 a level)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, frames))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
