"""Ingest's working state under ``<home>/ingest/`` and the ``ingested`` layer built from it.

Layout (``<home>`` is ``$ALIGNKG_HOME`` or ``~/.local/share/alignkg``)::

    ingest/documents/<doc-id>.json   one per ingested file: path, checksum, title, passages with their
                                     mentions, and the proposals its text made
    ingest/index.json                per document: path, checksum, counts and proposal keys (so an
                                     unchanged re-ingest reads no record)
    ingest/decisions.yaml            the curator's decisions: accepted and rejected proposal keys
    layers/ingested/                 the published layer (documents, sections, passages, mentions)

Every file is written atomically (a temporary file renamed over the old one) and
the layer is swapped in whole by :func:`alignkg.layers.publish`, so an
interrupted run leaves the previous consistent state.

Ingested nodes live under ``https://w3id.org/alignkg/doc/``: a document
``doc/<doc-id>``, its sections ``doc/<doc-id>/s<n>`` and passages
``doc/<doc-id>/p<n>``.

Example
-------
>>> document_id("/notes/debate.md")
'doc-741d93d8fc'
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import yaml
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from alignkg.atomic import write_bytes
from alignkg.errors import DataError
from alignkg.graph.schema import AKG
from alignkg.layers import home

LAYER_NAME = "ingested"
DOC = Namespace("https://w3id.org/alignkg/doc/")
FORMAT = 1
COVERS_AT_LEAST = 2  # a document akg:covers an entity that at least this many of its passages mention


def root() -> Path:
    """``<home>/ingest``: ingest's working state."""
    return home() / "ingest"


def document_id(path: str) -> str:
    """A stable id for a file, from its absolute path."""
    return "doc-" + hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:10]


def checksum(data: bytes) -> str:
    """The content hash that decides whether a file changed."""
    return hashlib.sha256(data).hexdigest()


def document_iri(doc_id: str) -> URIRef:
    return DOC[doc_id]


def passage_iri(doc_id: str, position: int) -> URIRef:
    return DOC[f"{doc_id}/p{position}"]


def section_iri(doc_id: str, number: int) -> URIRef:
    return DOC[f"{doc_id}/s{number}"]


# ------------------------------------------------------------------ state files

def documents_dir() -> Path:
    return root() / "documents"


def load_documents(ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every ingested document's record (or those of ``ids``), by document id."""
    folder = documents_dir()
    records = {}
    if folder.is_dir():
        files = [folder / f"{i}.json" for i in ids] if ids is not None else sorted(folder.glob("doc-*.json"))
        for file in files:
            try:
                record = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise DataError(f"unreadable ingest record ({exc}); delete it and ingest its file again",
                                file=str(file)) from None
            records[record["id"]] = record
    return records


def save_document(record: dict[str, Any]) -> None:
    """Write one document's record atomically."""
    write_bytes(documents_dir() / f"{record['id']}.json",
                json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def forget_document(doc_id: str) -> None:
    """Remove a document's record (its file is gone)."""
    (documents_dir() / f"{doc_id}.json").unlink(missing_ok=True)


@contextmanager
def locked() -> Iterator[None]:
    """Hold ``<home>/ingest/.lock`` for one ingest or review change; a second one at the same time is refused."""
    import fcntl

    root().mkdir(parents=True, exist_ok=True)
    with open(root() / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataError("another `alignkg ingest` or `alignkg review` is changing the ingest workspace; "
                            "try again when it is done", file=str(root() / ".lock")) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def index_file() -> Path:
    return root() / "index.json"


def index_entry(record: dict[str, Any]) -> dict[str, Any]:
    """What an unchanged re-ingest needs to know about a document, without reading its record."""
    return {"path": record["path"], "checksum": record["checksum"], "format_version": record.get("format_version"),
            "knowledge": record.get("knowledge"), "passages": len(record["passages"]),
            "mentions": sum(len(p["mentions"]) for p in record["passages"]),
            "proposals": sorted({p["key"] for p in record.get("proposals", [])})}


def load_index() -> dict[str, dict[str, Any]]:
    """The summary of every ingested document, by id (rebuilt from the records when missing or unreadable)."""
    try:
        index = json.loads(index_file().read_text(encoding="utf-8"))
        if isinstance(index, dict) and index.get("format") == FORMAT:
            return index["documents"]
    except (OSError, ValueError):
        pass
    return {doc_id: index_entry(record) for doc_id, record in load_documents().items()}


def save_index(index: dict[str, dict[str, Any]]) -> None:
    """Write the index atomically (after the records it summarises)."""
    write_bytes(index_file(), json.dumps({"format": FORMAT, "documents": index}, separators=(",", ":")).encode("utf-8"))


def decisions_file() -> Path:
    return root() / "decisions.yaml"


def load_decisions() -> dict[str, dict[str, Any]]:
    """The curator's decisions: ``{"accepted": {key: {...}}, "rejected": {key: {...}}}``."""
    file = decisions_file()
    data: Any = {}
    if file.is_file():
        from alignkg.graph.compile import read_yaml

        data = read_yaml(file) or {}
    if not isinstance(data, dict):
        raise DataError("the decisions file must be a mapping with 'accepted' and 'rejected'", file=str(file))
    return {"accepted": dict(data.get("accepted") or {}), "rejected": dict(data.get("rejected") or {})}


def save_decisions(decisions: dict[str, dict[str, Any]]) -> None:
    write_bytes(decisions_file(), yaml.safe_dump(decisions, sort_keys=True, allow_unicode=True).encode("utf-8"))


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# ------------------------------------------------------------------ the layer

def layer_graph(records: dict[str, dict[str, Any]]) -> Graph:
    """The RDF of every ingested document: documents, sections, passages and their mentions."""
    graph = Graph()
    graph.bind("akg", AKG)
    graph.bind("doc", DOC)
    for record in records.values():
        for triple in document_triples(record):
            graph.add(triple)
    return graph


def document_triples(record: dict[str, Any]) -> Iterator[tuple[Any, Any, Any]]:
    """The triples of one document record."""
    doc_id = record["id"]
    doc = document_iri(doc_id)
    yield doc, RDF.type, AKG.Document
    yield doc, RDFS.label, Literal(record["title"], lang="en")
    yield doc, AKG.location, Literal(record["path"])
    yield doc, AKG.checksum, Literal(record["checksum"])
    yield doc, AKG.ingested, Literal(record["ingested"], datatype=XSD.dateTime)
    yield doc, DCTERMS["format"], Literal(record["format"])
    if record.get("description"):
        yield doc, DCTERMS.description, Literal(record["description"], lang="en")
    yield doc, AKG.passageCount, Literal(len(record["passages"]), datatype=XSD.integer)
    counts: dict[str, int] = {}
    for passage in record["passages"]:
        for entity in {m["entity"] for m in passage["mentions"]}:
            counts[entity] = counts.get(entity, 0) + 1
    for entity, count in counts.items():
        if count >= COVERS_AT_LEAST:
            yield doc, AKG.covers, URIRef(entity)
    sections: dict[tuple[str, ...], URIRef] = {}
    for passage in record["passages"]:
        heading = tuple(passage["heading"])
        node = passage_iri(doc_id, passage["position"])
        if heading and heading not in sections:
            section = section_iri(doc_id, len(sections))
            sections[heading] = section
            yield section, RDF.type, AKG.Section
            yield section, RDFS.label, Literal(heading[-1], lang="en")
            yield section, AKG.headingPath, Literal(" › ".join(heading))
            yield section, AKG.inDocument, doc
        yield node, RDF.type, AKG.Passage
        yield node, RDFS.label, Literal(passage_label(record["title"], heading, passage["position"]), lang="en")
        yield node, AKG.text, Literal(passage["text"])
        yield node, AKG.position, Literal(passage["position"], datatype=XSD.integer)
        yield node, AKG.inDocument, doc
        if heading:
            yield node, AKG.inSection, sections[heading]
        for entity in sorted({m["entity"] for m in passage["mentions"]}):
            yield node, AKG.mentions, URIRef(entity)


def passage_label(title: str, heading: tuple[str, ...] | list[str], position: int) -> str:
    """A passage's label: ``Title › Section, passage 12``."""
    where = heading[-1] if heading and heading[-1] != title else ""
    return f"{title} › {where}, passage {position}" if where else f"{title}, passage {position}"


def publish_layer(records: dict[str, dict[str, Any]]) -> None:
    """Write the ``ingested`` layer from ``records`` (or remove it when nothing is ingested)."""
    from alignkg import layers

    if not records:
        if LAYER_NAME in layers.available():
            layers.remove(LAYER_NAME)
        return
    passages = sum(len(r["passages"]) for r in records.values())
    mentions = sum(len(p["mentions"]) for r in records.values() for p in r["passages"])
    layers.publish(LAYER_NAME, layer_graph(records), title="Ingested documents",
                   source=f"alignkg ingest (state in {root()})", version=str(FORMAT), default=True,
                   extra={"documents": len(records), "passages": passages, "mentions": mentions})
