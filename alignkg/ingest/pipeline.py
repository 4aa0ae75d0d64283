"""``alignkg ingest``: files and folders in, the ``ingested`` layer and a review queue out.

For each file (folders are walked recursively; hidden files are skipped):

1. its bytes are hashed; an unchanged file (same checksum, same matching
   knowledge) is left as it is;
2. a new or changed file is read (:mod:`alignkg.ingest.reader`), cut into
   passages (:mod:`alignkg.ingest.passages`), its passages are embedded (the
   vectors go to the search index's cache, so the next search only indexes
   them) and matched against the known entities (:mod:`alignkg.ingest.mentions`),
   and its proposals are made (:mod:`alignkg.ingest.proposals`);
3. a file that cannot be ingested is reported on one line naming it; the others go on;
4. a previously ingested file that is gone from an ingested folder is forgotten.

If anything changed, the records are saved and the layer is republished
(atomically). The known entities are those of the other loaded layers (the
curated graph by default), never the ingested layer itself.

Example
-------
>>> import os, tempfile, pathlib
>>> saved, os.environ["ALIGNKG_HOME"] = os.environ.get("ALIGNKG_HOME"), tempfile.mkdtemp()
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "note.md").write_text("# Note\\n\\nScheming is hard to spot.\\n")
>>> report = ingest([folder], knowledge=Graph(), embed=False)
>>> report.added, report.passages, report.errors
(1, 1, [])
>>> ingest([folder], knowledge=Graph(), embed=False).unchanged
1
>>> os.environ["ALIGNKG_HOME"] = saved or ""
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from rdflib import Graph

from alignkg.graph.schema import ID
from alignkg.ingest import workspace
from alignkg.ingest.mentions import INSIDE_TITLES, TITLE_COLUMN, Matcher
from alignkg.ingest.passages import Passage, passages
from alignkg.ingest.reader import SUFFIXES, IngestError, read_file


@dataclass
class Report:
    """What one ingest run did."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    passages: int = 0
    mentions: int = 0
    proposals: int = 0
    embedded: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged, {self.removed} removed; "
                f"{self.passages} passages, {self.mentions} mentions, {self.proposals} proposals; "
                f"{self.embedded} passages embedded; {len(self.errors)} file(s) not ingested "
                f"({self.seconds:.1f} s)")


def collect(paths: Sequence[Path | str]) -> tuple[list[Path], list[Path], list[str]]:
    """The files to ingest, the folders they were found in, and one error line per path that cannot be used."""
    files: list[Path] = []
    folders: list[Path] = []
    errors: list[str] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            folders.append(path.resolve())
            for file in sorted(path.rglob("*")):
                relative = file.relative_to(path).parts
                if file.is_file() and not any(part.startswith(".") for part in relative):
                    if file.suffix.lower() in SUFFIXES:
                        files.append(file.resolve())
                    else:
                        errors.append(f"{file}: skipped: unsupported file type '{file.suffix or '(none)'}'")
        elif path.is_file():
            files.append(path.resolve())
        else:
            errors.append(f"{path}: no such file or folder")
    return list(dict.fromkeys(files)), folders, errors


def knowledge_key(matcher: Matcher) -> str:
    """A fingerprint of the names mentions are matched against: when it changes, mentions are redone."""
    digest = hashlib.sha256()
    for key in sorted(matcher.keys):
        digest.update(("\0".join(key) + "=" + ",".join(sorted(matcher.keys[key])) + "\n").encode())
    for name in sorted(matcher.acronyms):
        digest.update((name + "=" + ",".join(sorted(matcher.acronyms[name])) + "\n").encode())
    return digest.hexdigest()[:16]


def layers_key(layers: Sequence[Any]) -> str:
    """A fingerprint of the layers the known entities come from (their files), without loading them."""
    return hashlib.sha256("".join(f"{layer.name}:{layer.fingerprint()}" for layer in layers).encode()).hexdigest()[:16]


def code_key() -> str:
    """A hash of the matching and proposing code: a new version redoes mentions and proposals."""
    digest = hashlib.sha256()
    for module in ("mentions.py", "proposals.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:12]


def ingest(paths: Sequence[Path | str], *, knowledge: "Graph | Callable[[], Graph]", key: str | None = None,
           embed: bool = True, model: str | None = None, cache_dir: Path | str | None = None,
           progress: Callable[[str], None] | None = None) -> Report:
    """Ingest ``paths`` against the known entities of ``knowledge``; see the module docstring.

    ``knowledge`` may be a function that loads the graph: with ``key`` (a fingerprint of what it
    would load, e.g. of the layers' files) it is only called when some file needs work, so an
    unchanged re-ingest does not compile the graph.
    """
    with workspace.locked():
        return _ingest(paths, knowledge, key, embed, model, cache_dir, progress)


def _ingest(paths: Sequence[Path | str], knowledge: "Graph | Callable[[], Graph]", key: str | None, embed: bool,
            model: str | None, cache_dir: Path | str | None, progress: Callable[[str], None] | None) -> Report:
    started = time.perf_counter()
    report = Report()
    files, folders, report.errors = collect(paths)
    index = workspace.load_index()
    state = _Knowledge(knowledge, key, embed, model, cache_dir)
    seen: set[str] = set()
    fresh: list[dict[str, Any]] = []
    for file in files:
        doc_id = workspace.document_id(str(file))
        seen.add(doc_id)
        known = index.get(doc_id)
        try:
            data = file.read_bytes()
        except OSError as exc:
            report.errors.append(f"{file}: cannot read: {exc.strerror}")
            continue
        digest = workspace.checksum(data)
        if known and known["checksum"] == digest and known.get("format_version") == workspace.FORMAT:
            report.unchanged += 1
            if known.get("knowledge") != state.key:  # the known entities changed: redo mentions and proposals only
                fresh.append(workspace.load_documents([doc_id])[doc_id])
            continue
        try:
            article = read_file(file)
        except IngestError as error:
            report.errors.append(str(error))
            continue
        report.warnings.extend(article.warnings)
        fresh.append(_record(doc_id, file, digest, article, passages(article)))
        if known:
            report.changed += 1
        else:
            report.added += 1
    if fresh:
        report.embedded = _process(fresh, state, progress)
        for record in fresh:
            index[record["id"]] = workspace.index_entry(record)
    gone = [doc_id for doc_id, known in index.items() if doc_id not in seen and not Path(known["path"]).exists()
            and any(Path(known["path"]).is_relative_to(f) for f in folders)]
    for doc_id in gone:
        workspace.forget_document(doc_id)
        del index[doc_id]
    report.removed = len(gone)
    if fresh or gone:
        workspace.save_index(index)
        workspace.publish_layer(workspace.load_documents())
    report.passages = sum(entry["passages"] for entry in index.values())
    report.mentions = sum(entry["mentions"] for entry in index.values())
    decisions = workspace.load_decisions()
    decided = set(decisions["accepted"]) | set(decisions["rejected"])
    report.proposals = len({k for entry in index.values() for k in entry["proposals"]} - decided)
    report.seconds = time.perf_counter() - started
    return report


class _Knowledge:
    """The known entities, their matcher and the embedder, made only when a file needs them."""

    def __init__(self, knowledge: "Graph | Callable[[], Graph]", key: str | None, embed: bool,
                 model: str | None, cache_dir: Path | str | None) -> None:
        self.source, self.embed, self.model, self.cache_dir = knowledge, embed, model, cache_dir
        self._graph: Graph | None = knowledge if isinstance(knowledge, Graph) else None
        self._matcher: Matcher | None = None
        self.embedder: Embedder | None = None
        self.key = f"{key}-{code_key()}" if key else f"{knowledge_key(self.matcher)}-{code_key()}"

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = self.source() if callable(self.source) else self.source
        return self._graph

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            if self.embed:
                self.embedder = Embedder(self.graph, self.model, self.cache_dir)
            self._matcher = Matcher(self.graph)
        return self._matcher


def _process(fresh: list[dict[str, Any]], state: _Knowledge, progress: Callable[[str], None] | None) -> int:
    """Embed, match and propose for new, changed and re-matched records, and save them; returns how many texts were encoded."""
    from alignkg.ingest.proposals import propose

    matcher = state.matcher
    embedded = state.embedder.embed_passages(fresh) if state.embedder else 0
    for record in fresh:
        _match(record, matcher, state.embedder)
        record["proposals"] = propose(record, state.graph, matcher)
        record["knowledge"] = state.key
        workspace.save_document(record)
        if progress:
            progress(f"{record['path']}: {len(record['passages'])} passages")
    return embedded


def _record(doc_id: str, file: Path, digest: str, article: Any, cut: list[Passage]) -> dict[str, Any]:
    front = {k: v for k, v in article.front_matter.items() if isinstance(v, (str, int, float, bool))}
    description = front.get("description")
    return {
        "id": doc_id, "format_version": workspace.FORMAT, "path": str(file), "format": file.suffix.lower().lstrip("."),
        "checksum": digest, "title": article.title, "description": description if isinstance(description, str) else "",
        "front_matter": front, "ingested": workspace.now(), "warnings": article.warnings,
        "passages": [
            {"position": p.position, "kind": p.kind, "heading": list(p.heading), "text": p.text,
             "sentences": p.sentences, "line": p.line, "cells": [list(c) for c in p.cells],
             "entity_links": list(p.entity_links), "urls": list(p.urls),
             "citations": [[c.text, c.url, c.rule] for c in p.citations], "mentions": []}
            for p in cut
        ],
    }


def _match(record: dict[str, Any], matcher: Matcher, embedder: "Embedder | None") -> None:
    """Set each passage's mentions: the names found in its text, plus its markup's entity links that name known entities."""
    for passage in record["passages"]:
        chooser = embedder.chooser(passage["text"]) if embedder else None
        found = {(m.entity, m.start): m.to_dict() for m in _find(matcher, passage, chooser)}
        named = {m["entity"] for m in found.values()}
        for name in passage["entity_links"]:
            if name.startswith("id:"):
                entity = str(ID[name[3:]])
                if entity in matcher.labels and entity not in named:
                    found[(entity, -1)] = {"entity": entity, "start": -1, "surface": "", "rule": "entity-link"}
                    named.add(entity)
                continue
            for mention in matcher.find(name):
                if mention.entity not in named:
                    start = passage["text"].lower().find(name.lower())
                    found[(mention.entity, start)] = {**mention.to_dict(), "start": start, "rule": "entity-link"}
                    named.add(mention.entity)
        passage["mentions"] = sorted(found.values(), key=lambda m: (m["start"], m["entity"]))


def _find(matcher: Matcher, passage: dict[str, Any], chooser: Any) -> list[Any]:
    """The mentions of a passage; in a table row only the cells are read, not the repeated column headers.

    A cell of a column of titles ("Key Papers") names a work: only publications, people and
    organisations are mentioned there, not the technique a title is named after.
    """
    if passage["kind"] != "row":
        return matcher.find(passage["text"], chooser)
    found, offset = [], 0
    for header, cell in passage["cells"]:
        offset += len(f"{header}: ") if header else 0
        titles = bool(TITLE_COLUMN.search(header or ""))
        found += [replace(m, start=m.start + offset) for m in matcher.find(cell, chooser)
                  if not titles or matcher.types.get(m.entity) in ("Publication", *INSIDE_TITLES)]
        offset += len(cell) + 2  # "; " between cells
    return found


class Embedder:
    """Passage and entity vectors from the search index's cache (encoding only what it has never seen)."""

    MARGIN = 0.03  # the best candidate must beat the next by this much cosine, else no mention

    def __init__(self, knowledge: Graph, model: str | None, cache_dir: Path | str | None) -> None:
        from alignkg.embeddings.encoder import resolve_model
        from alignkg.embeddings.store import cache_root

        self.knowledge = knowledge
        self.spec = resolve_model(model)
        self.root = cache_root(cache_dir)
        self.vectors: dict[str, Any] = {}  # passage text -> vector (this run)
        self.entities: dict[str, Any] | None = None

    def embed_passages(self, records: list[dict[str, Any]]) -> int:
        """Embed the records' passages in one batch (cached by content); returns how many were newly encoded."""
        from alignkg.embeddings.store import embed
        from alignkg.embeddings.text import passage_document

        pairs = [(r, p) for r in records for p in r["passages"]]
        docs = [passage_document(str(workspace.passage_iri(r["id"], p["position"])), p["heading"], p["text"])
                for r, p in pairs]
        vectors, status = embed(docs, self.spec, self.root)
        for (_, passage), vector in zip(pairs, vectors):
            self.vectors[passage["text"]] = vector
        return status.encoded

    def chooser(self, passage_text: str) -> "Callable[[str, list[str]], str | None]":
        """For one passage: a function picking, among candidate IRIs, the entity whose text is clearly
        closest to the passage's embedding (None when no candidate is clearly closest)."""
        import numpy as np

        vector = self.vectors.get(passage_text)

        def choose(_: str, candidates: list[str]) -> str | None:
            if vector is None:
                return None
            entities = self._entities()
            scored = sorted(((float(np.dot(vector, entities[c])), c) for c in candidates if c in entities), reverse=True)
            if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < self.MARGIN):
                return None
            return scored[0][1]

        return choose

    def _entities(self) -> dict[str, Any]:
        if self.entities is None:
            from alignkg.embeddings.store import embed
            from alignkg.embeddings.text import documents

            docs = documents(self.knowledge)
            vectors, _ = embed(docs, self.spec, self.root)
            self.entities = {d.iri: v for d, v in zip(docs, vectors)}
        return self.entities
