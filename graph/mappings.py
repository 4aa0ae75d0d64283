"""Crosswalk mappings: reviewable rows that become SKOS match triples with a record.

A *mapping set* is a YAML mapping with metadata and a ``mappings:`` list (the
curated one is ``graph/data/mappings.yaml``; ``alignkg mappings import`` writes
more). Each row says ``subject predicate object`` with a justification, a
confidence (0–1) and a source, so a reviewer can dispute one row. It compiles to

- the SKOS triple itself (``id:reward-hacking skos:broadMatch id:mit-subdomain-7-1``), for simple queries;
- an ``akg:Mapping`` node naming that triple with ``owl:annotatedSource``,
  ``owl:annotatedProperty`` and ``owl:annotatedTarget``, carrying the
  justification (``dcterms:description``), ``akg:mappingConfidence``,
  ``dcterms:source`` and ``akg:mappingJustification`` (an SSSOM/SEMAPV term).

Terms are written as our slugs (``reward-hacking``), as CURIEs with a known
prefix (``alignkg:``, ``atlas:``, ``skos:``, ``semapv:``) or as full IRIs.
Every row is checked before anything is added; an error names the file and row.

Example
-------
>>> import alignkg
>>> from alignkg.graph.mappings import mappings_in
>>> rows = mappings_in(alignkg.load().graph)
>>> any(m.object.endswith("/mit-subdomain-7-1") for m in rows)
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, unquote

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from alignkg.errors import DataError
from alignkg.graph.convert import local_name
from alignkg.graph.schema import AKG, ID

SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
ATLAS = Namespace("https://w3id.org/alignkg/atlas/")
SSSOM = Namespace("https://w3id.org/sssom/")
#: The object of a row that records a review which found no match (SSSOM's ``sssom:NoTermFound``).
NO_TERM = SSSOM.NoTermFound
#: The SKOS mapping properties a row may use, by local name.
MATCH: dict[str, URIRef] = {
    name: SKOS[name] for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}
#: Prefixes every mapping set may use without declaring them.
CURIE_MAP: dict[str, str] = {
    "alignkg": str(ID),
    "atlas": str(ATLAS),
    "skos": str(SKOS),
    "semapv": str(SEMAPV),
    "akg": str(AKG),
    "sssom": str(SSSOM),
}
MANUAL = SEMAPV.ManualMappingCuration
ROW_KEYS = frozenset({"subject", "predicate", "object", "object_label", "justification", "confidence", "source", "method"})
REQUIRED = ("subject", "predicate", "object", "justification", "confidence", "source")
SET_KEYS = frozenset({"mapping_set_id", "mapping_set_title", "mapping_set_description", "license", "curie_map", "mappings"})
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Mapping:
    """One crosswalk row: ``subject predicate object``, why, how sure, from where."""

    subject: URIRef
    predicate: URIRef
    object: URIRef
    justification: str
    confidence: Decimal | None
    sources: tuple[URIRef, ...]
    method: URIRef = MANUAL
    object_label: str = ""  # the object's name, for an object the graph may not hold (an atlas: entry)

    @property
    def node(self) -> URIRef:
        """The IRI of the mapping's record: readable for our own terms, a hash otherwise."""
        s, o = _own_slug(self.subject), _own_slug(self.object)
        name = local_name(self.predicate)
        if s and o:
            return ID[f"{s}--{name}--{o}"]
        digest = hashlib.sha1(f"{self.subject} {self.predicate} {self.object}".encode()).hexdigest()[:16]
        return ID[f"mapping-{digest}"]


@dataclass
class MappingSet:
    """A mapping set's metadata and rows."""

    mappings: list[Mapping]
    metadata: dict[str, Any] = field(default_factory=dict)


def is_mapping_set(document: Any) -> bool:
    """True if a parsed YAML document is a mapping set (a mapping with a ``mappings`` key)."""
    return isinstance(document, dict) and "mappings" in document


def expand(term: Any, curie_map: dict[str, str] | None = None) -> URIRef | None:
    """An IRI for a slug, CURIE or IRI; ``None`` if ``term`` is none of these.

    >>> expand("reward-hacking")
    rdflib.term.URIRef('https://w3id.org/alignkg/id/reward-hacking')
    >>> expand("skos:closeMatch")
    rdflib.term.URIRef('http://www.w3.org/2004/02/skos/core#closeMatch')
    """
    if not isinstance(term, str) or not term.strip() or any(c in term for c in " \t\n<>\"{}|\\^`"):
        return None
    term = term.strip()
    if _SLUG.match(term):
        return ID[term]
    if re.match(r"^https?://", term):
        return URIRef(term)
    prefix, sep, local = term.partition(":")
    prefixes = {**CURIE_MAP, **(curie_map or {})}
    if sep and prefix == "atlas" and prefixes[prefix] == str(ATLAS):  # an AI Atlas Nexus id, as atlas_iri() writes it
        return ATLAS[quote(unquote(local), safe="-._~")]
    if sep and prefix in prefixes:
        return URIRef(prefixes[prefix] + local)
    return None


def compact(iri: URIRef, curie_map: dict[str, str] | None = None) -> str:
    """The shortest CURIE for ``iri`` with the known prefixes, else the IRI itself."""
    best = str(iri)
    for prefix, base in {**CURIE_MAP, **(curie_map or {})}.items():
        if str(iri).startswith(base) and len(prefix) + 1 + len(iri) - len(base) < len(best):
            best = f"{prefix}:{iri[len(base):]}"
    return best


def parse_rows(rows: Any, graph: Graph, *, file: str, curie_map: dict[str, str] | None = None,
               strict: bool = True) -> list[Mapping]:
    """Check every row against ``graph`` and return the mappings; raise on the first bad row.

    ``strict`` (curated data) requires justification, confidence and source on
    every row; imported SSSOM rows may leave confidence out.
    """
    if not isinstance(rows, list):
        raise DataError("'mappings' must be a list of rows", file=file)
    found: list[Mapping] = []
    seen: dict[tuple[URIRef, URIRef], int] = {}
    for number, row in enumerate(rows, start=1):
        mapping = _parse_row(number, row, graph, file, curie_map, strict)
        pair = (mapping.subject, mapping.object)
        if pair in seen:
            raise DataError(f"row {number}: maps {compact(pair[0])} to {compact(pair[1])} again "
                            f"(first in row {seen[pair]})", file=file)
        seen[pair] = number
        found.append(mapping)
    return found


def add_mappings(graph: Graph, mappings: list[Mapping], *, file: str | None = None,
                 origins: dict[URIRef, tuple[str, str]] | None = None) -> None:
    """Add each mapping's SKOS triple and its ``akg:Mapping`` record to ``graph``.

    A row whose object is ``sssom:NoTermFound`` records a review that found no
    match: it has its record but no SKOS triple. Raises ``DataError`` (adding
    nothing) if a mapping's record is already in the graph.
    """
    check_new(graph, mappings, file=file)
    for number, m in enumerate(mappings, start=1):
        node = m.node
        if m.object != NO_TERM:
            graph.add((m.subject, m.predicate, m.object))
        graph.add((node, RDF.type, AKG.Mapping))
        graph.add((node, OWL.annotatedSource, m.subject))
        graph.add((node, OWL.annotatedProperty, m.predicate))
        graph.add((node, OWL.annotatedTarget, m.object))
        target = "no match found" if m.object == NO_TERM else _label(graph, m.object, m.object_label)
        label = f"{_label(graph, m.subject)} {local_name(m.predicate)} {target}"
        graph.add((node, RDFS.label, Literal(label, lang="en")))
        graph.add((node, DCTERMS.description, Literal(m.justification, lang="en")))
        graph.add((node, AKG.mappingJustification, m.method))
        if m.confidence is not None:
            graph.add((node, AKG.mappingConfidence, Literal(m.confidence, datatype=XSD.decimal)))
        if m.object_label:  # the object's name, kept with the record for when its layer is not loaded
            graph.add((node, SSSOM.object_label, Literal(m.object_label)))
        for source in m.sources:
            graph.add((node, DCTERMS.source, source))
        if origins is not None and file:
            origins[node] = (file.rsplit("/", 1)[-1], f"mapping row {number}")


def check_new(graph: Graph, mappings: list[Mapping], *, file: str | None = None) -> None:
    """Raise ``DataError`` naming the row if any mapping is already recorded in ``graph``."""
    for number, m in enumerate(mappings, start=1):
        if (m.node, RDF.type, AKG.Mapping) in graph:
            raise DataError(f"row {number}: {compact(m.subject)} {compact(m.predicate)} {compact(m.object)} "
                            "is already in the graph", file=file)


def add_mapping_set(graph: Graph, document: dict[str, Any], *, file: str,
                    origins: dict[URIRef, tuple[str, str]] | None = None) -> MappingSet:
    """Check a parsed mapping-set document against ``graph`` and add its rows."""
    mapping_set = read_mapping_set(document, graph, file=file)
    add_mappings(graph, mapping_set.mappings, file=file, origins=origins)
    return mapping_set


def read_mapping_set(document: Any, graph: Graph, *, file: str, strict: bool = True) -> MappingSet:
    """Check a parsed mapping-set document (metadata + ``mappings``) against ``graph``."""
    if not is_mapping_set(document):
        raise DataError("a mapping set is a YAML mapping with a 'mappings' list", file=file)
    unknown = sorted(set(document) - SET_KEYS)
    if unknown:
        raise DataError(f"unknown mapping-set key(s) {', '.join(unknown)} "
                        f"(known: {', '.join(sorted(SET_KEYS))})", file=file)
    curie_map = document.get("curie_map") or {}
    if not isinstance(curie_map, dict) or not all(isinstance(v, str) for v in curie_map.values()):
        raise DataError("'curie_map' must map prefixes to IRIs", file=file)
    metadata = {k: v for k, v in document.items() if k != "mappings"}
    return MappingSet(parse_rows(document["mappings"], graph, file=file, curie_map=curie_map, strict=strict), metadata)


def mappings_in(graph: Graph) -> list[Mapping]:
    """Every mapping recorded in ``graph``, sorted by subject, predicate and object."""
    found = []
    for node in graph.subjects(RDF.type, AKG.Mapping):
        confidence = graph.value(node, AKG.mappingConfidence)
        found.append(Mapping(
            subject=graph.value(node, OWL.annotatedSource),
            predicate=graph.value(node, OWL.annotatedProperty),
            object=graph.value(node, OWL.annotatedTarget),
            justification=str(graph.value(node, DCTERMS.description) or ""),
            confidence=Decimal(str(confidence)) if confidence is not None else None,
            sources=tuple(sorted(graph.objects(node, DCTERMS.source))),
            method=graph.value(node, AKG.mappingJustification) or MANUAL,
            object_label=str(graph.value(node, SSSOM.object_label) or ""),
        ))
    return sorted(found, key=lambda m: (str(m.subject), str(m.predicate), str(m.object)))


def to_rows(mappings: list[Mapping]) -> list[dict[str, Any]]:
    """Mappings as rows for a mapping-set YAML file (slugs for our terms, CURIEs or IRIs otherwise)."""
    rows = []
    for m in mappings:
        row: dict[str, Any] = {
            "subject": _own_slug(m.subject) or compact(m.subject),
            "predicate": compact(m.predicate),
            "object": _own_slug(m.object) or compact(m.object),
            "justification": m.justification,
        }
        if m.confidence is not None:
            row["confidence"] = float(m.confidence)
        sources = [_own_slug(s) or str(s) for s in m.sources]
        row["source"] = sources[0] if len(sources) == 1 else sources
        if m.method != MANUAL:
            row["method"] = compact(m.method)
        if m.object_label:
            row["object_label"] = m.object_label
        rows.append(row)
    return rows


def _parse_row(number: int, row: Any, graph: Graph, file: str, curie_map: dict[str, str] | None,
               strict: bool) -> Mapping:
    def fail(message: str) -> DataError:
        return DataError(f"row {number}: {message}", file=file)

    if not isinstance(row, dict):
        raise fail("is not a mapping of subject, predicate, object, justification, confidence, source")
    unknown = sorted(set(row) - ROW_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(ROW_KEYS))})")
    required = REQUIRED if strict else ("subject", "predicate", "object")
    missing = [key for key in required if row.get(key) in (None, "", [])]
    if missing:
        raise fail(f"missing {', '.join(missing)}")

    subject = expand(row["subject"], curie_map)
    if subject is None or not _known(graph, subject):
        raise fail(f"unknown subject {row['subject']!r} (not an entity of the graph)")
    predicate = expand(row["predicate"], curie_map)
    if predicate not in MATCH.values():
        names = ", ".join(f"skos:{n}" for n in MATCH)
        raise fail(f"unknown predicate {row['predicate']!r} (one of: {names})")
    obj = expand(row["object"], curie_map)
    # an atlas: object may live in a layer that is not loaded (the atlas layer): tests check it there
    if obj is None or (obj.startswith(str(ID)) and not _known(graph, obj)):
        raise fail(f"unknown object {row['object']!r}")
    object_label = row.get("object_label") or ""
    if not isinstance(object_label, str):
        raise fail("'object_label' must be text")
    if _known(graph, obj):  # the graph names it; a label is kept only for objects of other layers
        object_label = ""
    if obj == subject:
        raise fail("maps a term to itself")

    justification = row.get("justification")
    if justification is not None and (not isinstance(justification, str) or not justification.strip()):
        raise fail("'justification' must be non-empty text")
    confidence = _confidence(row.get("confidence"), fail)
    sources = []
    for value in row.get("source") if isinstance(row.get("source"), list) else [row.get("source")]:
        if value is None:
            continue
        source = expand(value, curie_map)
        if source is None or (_is_ours(source) and not _is_source(graph, source)):
            raise fail(f"unknown source {value!r} (a Publication or SourceSection id, or an IRI)")
        sources.append(source)
    method = expand(row.get("method") or "semapv:ManualMappingCuration", curie_map)
    if method is None:
        raise fail(f"'method' must be a CURIE or IRI (got {row.get('method')!r})")
    text = " ".join(justification.split()) if justification else f"Imported mapping ({compact(method)})."
    return Mapping(subject, predicate, obj, text, confidence, tuple(sorted(sources)), method, " ".join(object_label.split()))


def _confidence(value: Any, fail) -> Decimal | None:  # noqa: ANN001
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise fail(f"'confidence' must be a number from 0 to 1 (got {value!r})") from None
    if not Decimal(0) <= number <= Decimal(1):
        raise fail(f"'confidence' must be a number from 0 to 1 (got {value!r})")
    return number


def _is_ours(iri: URIRef) -> bool:
    return iri.startswith(str(ID)) or iri.startswith(str(ATLAS))


def _known(graph: Graph, iri: URIRef) -> bool:
    return (iri, RDF.type, None) in graph


def _is_source(graph: Graph, iri: URIRef) -> bool:
    return any((iri, RDF.type, cls) in graph for cls in (AKG.Publication, AKG.SourceSection))


def _own_slug(iri: URIRef) -> str | None:
    if iri.startswith(str(ID)) and _SLUG.match(iri[len(str(ID)):]):
        return iri[len(str(ID)):]
    return None


def _label(graph: Graph, iri: URIRef, fallback: str = "") -> str:
    label = graph.value(iri, RDFS.label) or graph.value(iri, SKOS.prefLabel)
    return str(label) if label is not None else fallback or local_name(iri)
