"""SHACL validation of a compiled graph, with reports a data editor can act on.

Example
-------
>>> from alignkg.graph.compile import compile_data
>>> from alignkg.ontology.validate import problems
>>> compiled = compile_data()
>>> problems(compiled.graph, compiled.origins)
[]
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from alignkg.errors import ValidationError
from alignkg.graph.schema import ID
from alignkg.ontology import ontology, shapes


def problems(data: Graph, origins: dict[URIRef, tuple[str, str]] | None = None) -> list[str]:
    """Validate ``data`` against the shapes; return one line per violation, sorted."""
    from pyshacl import validate as shacl_validate

    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes(), ont_graph=ontology(), inference="none", allow_warnings=True
    )
    if conforms:
        return []
    origins = origins or {}
    added = _turtle_statements(origins)
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        lines.append(_describe(focus, path, value, message, _origin(focus, path, value, origins, added, report), report))
    return sorted(set(lines))


def validate(data: Graph, origins: dict[URIRef, tuple[str, str]] | None = None) -> None:
    """Raise :class:`ValidationError` listing every violation, or return quietly."""
    found = problems(data, origins)
    if found:
        raise ValidationError(found)


def _statement(focus, path, value, report: Graph) -> tuple | None:
    """The triple a result is about, when its path is one predicate or its inverse and it names a value."""
    if value is None or path is None:
        return None
    if isinstance(path, URIRef):
        return (focus, path, value)
    inverse = report.value(path, SH.inversePath)
    return (value, inverse, focus) if isinstance(inverse, URIRef) else None


def _short(term: object, graph: Graph) -> str:
    if isinstance(term, URIRef):
        if term.startswith(str(ID)):
            return term[len(str(ID)):]
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    if isinstance(term, Literal):
        return repr(str(term))
    if term is None:
        return ""
    # a blank node path such as [ sh:inversePath akg:addresses ]
    inverse = graph.value(term, SH.inversePath)
    return f"^{_short(inverse, graph)}" if inverse is not None else str(term)


def _turtle_statements(origins: dict) -> dict:
    """For each subject, the origin of the first statement a Turtle file added about it (triple keys of ``origins``)."""
    found: dict = {}
    for key, origin in origins.items():
        if isinstance(key, tuple):
            found.setdefault(key[0], origin)
    return found


def _origin(focus, path, value, origins: dict, added: dict, report: Graph) -> tuple[str | None, str]:
    """Where a result comes from: the file that stated its triple, else its focus node's entry.

    Whole-graph checks target a class (no origin) and name the offending node as the value:
    the YAML compiler always writes consistent records, so a Turtle file that added statements
    about that node is named first, then the node's own entry.
    """
    statement = _statement(focus, path, value, report)
    if statement in origins:
        return origins[statement]
    if focus in origins:
        return origins[focus]
    if value is not None and (value in added or value in origins):
        return added.get(value) or origins[value]
    return None, _short(focus, report)


def _describe(focus, path, value, message, origin: tuple[str | None, str], report: Graph) -> str:
    file, entity = origin
    where = f"{file}: entry '{entity}'" if file else f"node '{entity}'"
    detail = f" {_short(path, report)}" if path is not None else ""
    shown = f" (value {_short(value, report)})" if value is not None and value != focus else ""
    return f"{where}:{detail} {message}{shown}"
