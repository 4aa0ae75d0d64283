"""The one exception hierarchy of alignkg.

The CLI maps these to exit codes and a one-line message on stderr; the HTTP
server maps them to 4xx answers. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class AlignKGError(Exception):
    """Base of every error alignkg reports to a user."""

    exit_code = 1


class DataError(AlignKGError):
    """The curated data (YAML or Turtle) is malformed, inconsistent or invalid.

    ``file`` and ``entity`` say where, when known.
    """

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, entity: str | None = None) -> None:
        self.file = file
        self.entity = entity
        where = ": ".join(part for part in (file, f"entry '{entity}'" if entity else None) if part)
        super().__init__(f"{where}: {message}" if where else message)


class ValidationError(DataError):
    """The compiled graph breaks one or more SHACL shapes."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        AlignKGError.__init__(self, f"SHACL validation failed ({len(problems)} problem(s)):\n  {shown}{more}")
        self.file = None
        self.entity = None


class QueryError(AlignKGError):
    """A SPARQL query could not be parsed or run, or a named query does not exist."""

    exit_code = 3


class StoreError(AlignKGError):
    """A store spec is malformed, or the store cannot be opened or built."""

    exit_code = 2


class SearchIndexError(AlignKGError):
    """The search index or the embedding model cannot be built or loaded."""

    exit_code = 4


class QueryRefused(QueryError):
    """A request the read-only endpoint will not run: SPARQL Update, LOAD, SERVICE, FROM."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""
