"""Compile the curated YAML (and any Turtle) in ``graph/data`` to one RDF graph.

The compiler checks what it can name precisely — malformed files, duplicate
ids, unknown keys, unknown references, missing labels — and raises a
``DataError`` naming the file and the entry. Class constraints are left to the
SHACL shapes (``alignkg.ontology.validate``), whose reports are mapped back to
file and entry through :attr:`Compiled.origins`.

Example
-------
>>> from alignkg.graph.compile import compile_data
>>> compiled = compile_data()
>>> len(compiled.graph) > 1000
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

from alignkg.errors import DataError
from alignkg.graph import DATA_DIR
from alignkg.ontology import ontology
from alignkg.graph.mappings import add_mapping_set, is_mapping_set
from alignkg.graph.schema import AKG, BASE_KEYS, COMMON, DEFAULT_TYPE, FIELDS, ID, Field
from alignkg.textguard import control_character

# libyaml's loader is ~10x faster than the pure-Python one; same safety, same errors.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MITIGATION_KEYS = frozenset({"technique", "as", "strength", "mechanism", "evidence"})
ONE_LINE_KEYS = frozenset({"id", "label", "alt", "type"})  # names: no tab or line break either


@dataclass
class Entry:
    """One entry of a YAML file, with where it came from."""

    file: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class Compiled:
    """The compiled graph and, for every node, the file and entry it came from.

    ``origins`` also holds, keyed by the triple itself, each statement a Turtle file added
    about a node defined elsewhere, so that a report about it names that file.
    """

    graph: Graph
    origins: dict[Node | tuple[Node, Node, Node], tuple[str, str]] = field(default_factory=dict)


def compile_data(data_dir: Path | None = None) -> Compiled:
    """Read every ``*.yaml`` and ``*.ttl`` file in ``data_dir`` and compile them.

    The ontology is included, so that ``?x a/rdfs:subClassOf* akg:Technique``
    finds defences too and class and property labels can be queried.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    if not data_dir.is_dir():
        raise DataError("data folder not found", file=str(data_dir))
    documents = {path: read_yaml(path) for path in sorted(data_dir.glob("*.yaml"))}
    for path, doc in documents.items():
        refuse_control_characters(path, doc)
    # A YAML mapping with a ``mappings:`` list is a mapping set (crosswalk rows), not entries.
    mapping_sets = {path: doc for path, doc in documents.items() if is_mapping_set(doc)}
    entries = [
        entry for path, doc in documents.items() if path not in mapping_sets for entry in entries_of(path, doc)
    ]
    compiled = compile_entries(entries)
    for path in sorted(data_dir.glob("*.ttl")):
        _add_turtle(compiled, path, read_turtle(path))
    for path, doc in mapping_sets.items():  # last: rows may map to concepts from any file
        add_mapping_set(compiled.graph, doc, file=str(path), origins=compiled.origins)
    compiled.graph += ontology()
    return compiled


def read_turtle(path: Path) -> Graph:
    """Parse one Turtle file; a syntax error names the file and line."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types; all mean "cannot parse"
        raise DataError(f"cannot parse Turtle: {exc}", file=str(path)) from None
    return graph


def _add_turtle(compiled: Compiled, path: Path, turtle: Graph) -> None:
    """Add a Turtle file's triples, recording in ``origins`` the file that introduced each.

    A subject no YAML entry defines gets the file as its origin; a triple the YAML did not
    already state gets one too, so a SHACL report about it names the Turtle file.
    """
    name = path.name
    for triple in turtle:
        subject, predicate, value = triple
        entity = _short_id(subject)
        if isinstance(value, Literal) and (found := control_character(str(value))):
            raise DataError(f"{turtle.namespace_manager.normalizeUri(predicate)}: control character {found[1]} "
                            f"at position {found[0]}", file=str(path), entity=entity)
        compiled.origins.setdefault(subject, (name, entity))
        if triple not in compiled.graph:
            compiled.origins.setdefault(triple, (name, entity))
    compiled.graph += turtle


def _short_id(node: Any) -> str:
    return node[len(str(ID)):] if isinstance(node, URIRef) and node.startswith(str(ID)) else str(node)


def refuse_control_characters(path: Path, document: Any) -> None:
    """Raise ``DataError`` naming file, entry and key for a control character in any text of a YAML file.

    NUL, escape and the other C0/C1 controls only get in through escapes such as ``"\\0"``;
    tab and line breaks are allowed in long text (descriptions), not in ids, labels or alt names.

    >>> refuse_control_characters(Path("risks.yaml"), [{"id": "x", "label": "Bad\\x1b[31m"}])
    Traceback (most recent call last):
    ...
    alignkg.errors.DataError: risks.yaml: entry 'x': 'label' holds control character U+001B at position 3
    """
    if isinstance(document, dict):  # a mapping set: metadata and mapping rows
        rows = document.get("mappings")
        items = [("", {key: value for key, value in document.items() if key != "mappings"})]
        items += [(f"mapping row {n}", row) for n, row in enumerate(rows, start=1)] if isinstance(rows, list) else []
    elif isinstance(document, list):
        items = [(_entry_name(data, n), data) for n, data in enumerate(document, start=1)]
    else:
        items = [("", document)]
    for entity, value in items:
        found = _first_control(value, "", "\t\n")
        if found:
            where, (position, code) = found
            raise DataError(f"'{where}' holds control character {code} at position {position}",
                            file=str(path), entity=entity or None)


def _entry_name(data: Any, position: int) -> str:
    slug = data.get("id") if isinstance(data, dict) else None
    return slug if isinstance(slug, str) and SLUG.match(slug) else f"#{position}"


def _first_control(value: Any, where: str, allow: str) -> tuple[str, tuple[int, str]] | None:
    """The key path (such as ``addressed_by[2].mechanism``) and first control character of a parsed value."""
    if isinstance(value, str):
        found = control_character(value if allow else value.strip(), allow)
        return (where, found) if found else None
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            inner = "" if not where and key in ONE_LINE_KEYS else allow
            found = _first_control(key, path, "") if isinstance(key, str) else None
            found = found or _first_control(item, path, inner)
            if found:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value, start=1):
            if found := _first_control(item, f"{where}[{n}]", allow):
                return found
    return None


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a syntax error names the file, line and column."""
    try:
        documents = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DataError(f"malformed YAML: {where}{exc.problem}", file=str(path)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(f"malformed YAML: {exc}", file=str(path)) from None
    return documents


def entries_of(path: Path, documents: Any) -> list[Entry]:
    """Check the parsed YAML of ``path`` is a list of entries and wrap them."""
    name = path.name
    if documents is None:
        return []
    if not isinstance(documents, list):
        raise DataError("the file must be a YAML list of entries", file=str(path))
    entries = []
    for position, data in enumerate(documents, start=1):
        if not isinstance(data, dict):
            raise DataError(f"entry #{position} is not a mapping", file=str(path))
        slug = data.get("id")
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise DataError(
                f"entry #{position} needs an 'id' of lowercase letters, digits and hyphens (got {slug!r})",
                file=str(path),
            )
        data.setdefault("type", DEFAULT_TYPE.get(name))
        entries.append(Entry(name, data))
    return entries


def compile_entries(entries: list[Entry]) -> Compiled:
    """Turn checked entries into RDF triples."""
    index = _index(entries)
    compiled = Compiled(Graph())
    _bind(compiled.graph)
    for entry in entries:
        _add_entry(compiled, entry, index)
    for entry in entries:
        if entry.data.get("type") == "Risk" and "addressed_by" in entry.data:
            _add_mitigations(compiled, entry, index)
    return compiled


def iri(slug: str) -> URIRef:
    """The IRI of an entry. ``iri("debate")`` is ``https://w3id.org/alignkg/id/debate``."""
    return ID[slug]


def _bind(graph: Graph) -> None:
    graph.bind("akg", AKG)
    graph.bind("id", ID)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)


def _index(entries: list[Entry]) -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in index:
            first = index[entry.id]
            raise DataError(f"duplicate id (first defined in {first.file})", file=entry.file, entity=entry.id)
        index[entry.id] = entry
    return index


def _add_entry(compiled: Compiled, entry: Entry, index: dict[str, Entry]) -> None:
    data, graph = entry.data, compiled.graph
    cls = data.get("type")
    if cls not in FIELDS:
        known = ", ".join(sorted(FIELDS))
        raise DataError(f"unknown or missing type {cls!r} (one of: {known})", file=entry.file, entity=entry.id)
    fields = {**COMMON, **FIELDS[cls]}
    allowed = BASE_KEYS | fields.keys() | ({"addressed_by"} if cls == "Risk" else set())
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise DataError(f"unknown key(s) {', '.join(unknown)} for a {cls}", file=entry.file, entity=entry.id)

    node = iri(entry.id)
    compiled.origins[node] = (entry.file, entry.id)
    graph.add((node, RDF.type, AKG[cls]))
    graph.add((node, RDFS.label, Literal(_required_text(entry, "label"), lang="en")))
    description = _required_text(entry, "description")
    if description.startswith("TODO"):
        raise DataError("the description is still a TODO: write it in your own words", file=entry.file, entity=entry.id)
    graph.add((node, DCTERMS.description, Literal(description, lang="en")))
    for alt in _as_list(data.get("alt")):
        graph.add((node, SKOS.altLabel, Literal(_text(entry, "alt", alt), lang="en")))
    sources = _as_list(data.get("source"))
    if not sources:
        raise DataError("needs a 'source' (a section or publication id)", file=entry.file, entity=entry.id)
    for slug in sources:
        graph.add((node, DCTERMS.source, _ref(entry, "source", slug, index)))
    for key, spec in fields.items():
        if key in data and data[key] is not None:
            for value in _values(entry, key, spec):
                graph.add((node, spec.predicate, _term(entry, key, spec, value, index)))


def _add_mitigations(compiled: Compiled, risk: Entry, index: dict[str, Entry]) -> None:
    """Each ``addressed_by`` item gives ``technique akg:addresses risk`` and a qualified Mitigation."""
    graph, risk_node = compiled.graph, iri(risk.id)
    seen: set[str] = set()
    for item in _as_list(risk.data["addressed_by"]):
        spec = item if isinstance(item, dict) else {"technique": item}
        unknown = sorted(set(spec) - MITIGATION_KEYS)
        if unknown:
            raise DataError(f"addressed_by: unknown key(s) {', '.join(unknown)}", file=risk.file, entity=risk.id)
        slug = spec.get("technique")
        technique = _ref(risk, "addressed_by", slug, index)
        if slug in seen:
            raise DataError(f"addressed_by lists '{slug}' twice", file=risk.file, entity=risk.id)
        seen.add(slug)
        graph.add((technique, AKG.addresses, risk_node))

        node = iri(f"{slug}--addresses--{risk.id}")
        compiled.origins[node] = (risk.file, risk.id)
        technique_label = index[slug].data.get("label", slug)
        risk_label = risk.data["label"]
        graph.add((node, RDF.type, AKG.Mitigation))
        graph.add((node, AKG.technique, technique))
        graph.add((node, AKG.risk, risk_node))
        graph.add((node, RDFS.label, Literal(f"{technique_label} addresses {risk_label}", lang="en")))
        mechanism = spec.get("mechanism")
        description = mechanism or f"{technique_label} is one of the key techniques the source lists against {risk_label}."
        graph.add((node, DCTERMS.description, Literal(_text(risk, "addressed_by", description), lang="en")))
        if mechanism:
            graph.add((node, AKG.mechanism, Literal(_text(risk, "addressed_by", mechanism))))
        if spec.get("as"):
            graph.add((node, AKG.articleWording, Literal(_text(risk, "addressed_by", spec["as"]))))
        if spec.get("strength"):
            graph.add((node, AKG.strength, Literal(_text(risk, "addressed_by", spec["strength"]))))
        for finding in _as_list(spec.get("evidence")):
            graph.add((node, AKG.evidence, _ref(risk, "addressed_by", finding, index)))
        for source in _as_list(risk.data.get("source")):
            graph.add((node, DCTERMS.source, iri(source)))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _values(entry: Entry, key: str, spec: Field) -> list[Any]:
    if isinstance(entry.data[key], list) and not spec.many:
        raise DataError(f"'{key}' takes one value, not a list", file=entry.file, entity=entry.id)
    return _as_list(entry.data[key])


def _required_text(entry: Entry, key: str) -> str:
    value = entry.data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"needs a non-empty '{key}'", file=entry.file, entity=entry.id)
    return value.strip()


def _text(entry: Entry, key: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DataError(f"'{key}' must be text (got {value!r})", file=entry.file, entity=entry.id)
    return str(value).strip()


def _ref(entry: Entry, key: str, slug: Any, index: dict[str, Entry]) -> URIRef:
    if not isinstance(slug, str) or slug not in index:
        raise DataError(f"unknown reference {slug!r} in '{key}'", file=entry.file, entity=entry.id)
    return iri(slug)


def _term(entry: Entry, key: str, spec: Field, value: Any, index: dict[str, Entry]) -> URIRef | Literal:
    where = {"file": entry.file, "entity": entry.id}
    if spec.kind == "ref":
        return _ref(entry, key, value, index)
    if spec.kind == "text":
        return Literal(_text(entry, key, value))
    if spec.kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise DataError(f"'{key}' must be a whole number (got {value!r})", **where)
        return Literal(value, datatype=XSD.integer)
    if spec.kind == "decimal":
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            return Literal(Decimal(str(value)), datatype=XSD.decimal)
        except InvalidOperation:
            raise DataError(f"'{key}' must be a number (got {value!r})", **where) from None
    if spec.kind == "date":
        return _date(value, key, where)
    raise AssertionError(f"unhandled field kind {spec.kind}")


def _date(value: Any, key: str, where: dict[str, str]) -> Literal:
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return Literal(str(value), datatype=XSD.gYear)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    raise DataError(f"'{key}' must be a year or a YYYY-MM-DD date (got {value!r})", **where)
