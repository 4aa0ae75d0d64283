"""The graph's layers, and the one place that decides what a ``KnowledgeGraph`` holds.

A layer is one body of knowledge with its own provenance, kept apart from the
others and switched on or off as a whole:

``curated``
    the hand-curated data in ``graph/data`` (or the folder given by ``--data``).
    Always available; the embedded default.
any other layer
    a folder ``<home>/layers/<name>/`` written by a command (``alignkg ingest``
    writes ``ingested``, ``alignkg import atlas --package`` writes ``atlas``):
    a manifest ``layer.yaml`` and the RDF files it lists. No command reads
    another command's layer folder; they all go through :func:`select`.

Each layer becomes the named graph ``https://w3id.org/alignkg/layer/<name>``
whose metadata (title, source, version, when written, triple count) is stated
in the layer's own triples. A layer whose manifest says ``default: true`` is
loaded unless the caller names the layers (``alignkg.load(layers=[...])``,
``alignkg --layers a,b``, or the setting ``ALIGNKG_LAYERS``). Switching a layer
off removes exactly its triples: the curated answers stay as they were.

``<home>`` is ``$ALIGNKG_HOME``, else ``~/.local/share/alignkg``.

Example
-------
>>> import os, tempfile
>>> from rdflib import Graph, URIRef, RDFS, Literal
>>> saved, os.environ["ALIGNKG_HOME"] = os.environ.get("ALIGNKG_HOME"), tempfile.mkdtemp()
>>> extra = Graph()
>>> _ = extra.add((URIRef("https://example.org/x"), RDFS.label, Literal("x")))
>>> layer = publish("notes", extra, title="My notes", source="tests", version="1", default=False)
>>> [l.name for l in select()], [l.name for l in select("curated,notes")]
(['curated'], ['curated', 'notes'])
>>> layer.iri
rdflib.term.URIRef('https://w3id.org/alignkg/layer/notes')
>>> os.environ["ALIGNKG_HOME"] = saved or ""
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from alignkg.atomic import replace_dir
from alignkg.errors import DataError

LAYER = Namespace("https://w3id.org/alignkg/layer/")
CURATED = "curated"
MANIFEST = "layer.yaml"
RDF_SUFFIXES = {".nt": "nt", ".ttl": "turtle"}
LAYER_CLASS = URIRef("https://w3id.org/alignkg/ontology#Layer")


def home() -> Path:
    """The folder that holds non-curated layers and caches: ``$ALIGNKG_HOME`` or ``~/.local/share/alignkg``."""
    return Path(os.environ.get("ALIGNKG_HOME") or Path.home() / ".local" / "share" / "alignkg")


def layers_dir() -> Path:
    """``<home>/layers``: one sub-folder per layer."""
    return home() / "layers"


@dataclass(frozen=True)
class Layer:
    """One layer: its name, provenance and the files its triples come from."""

    name: str
    title: str
    files: tuple[Path, ...]
    source: str = ""
    version: str = ""
    written: str = ""
    default: bool = True
    data_dir: Path | None = field(default=None, compare=False)  # YAML compiled into the layer (curated)

    @property
    def iri(self) -> URIRef:
        """The named graph that holds this layer: ``https://w3id.org/alignkg/layer/<name>``."""
        return LAYER[self.name]

    def fingerprint(self) -> str:
        """A hash of everything the layer's triples depend on: file names and contents, and for
        ``curated`` the compiler's own source (so a changed compiler invalidates caches).

        Caches of compiled layers are keyed by it.
        """
        digest = hashlib.sha256(f"{self.name}\0".encode())
        for path in (*self.files, *(_compiler_files() if self.data_dir is not None else ())):
            digest.update(f"{path.name}\0{file_digest(path)}\0".encode())
        return digest.hexdigest()

    def metadata(self) -> Graph:
        """The layer's provenance as triples about its named graph IRI."""
        graph = Graph()
        node = self.iri
        graph.add((node, RDF.type, LAYER_CLASS))
        graph.add((node, RDFS.label, Literal(self.title, lang="en")))
        graph.add((node, DCTERMS.description, Literal(
            f"The '{self.name}' layer of alignkg, loaded as the named graph {node}.", lang="en")))
        graph.add((node, DCTERMS.source, Literal(self.source or "unknown")))
        if self.version:
            graph.add((node, OWL.versionInfo, Literal(self.version)))
        if self.written:
            graph.add((node, DCTERMS.modified, Literal(self.written, datatype=XSD.dateTime)))
        return graph

    def content(self) -> "LayerContent":
        """What the layer contributes, before any RDF file is parsed: a layer over a data folder
        is compiled here (with the file and entry of each node); another layer's files are listed.

        >>> content = curated().content()
        >>> content.files, len(content.graph) > 10_000, content.origins[URIRef("https://w3id.org/alignkg/id/rlhf")]
        ((), True, ('techniques.yaml', 'rlhf'))
        """
        if self.data_dir is None:
            return LayerContent(self.name, self.metadata(), self.files)
        from alignkg.graph.compile import compile_data

        compiled = compile_data(self.data_dir)
        compiled.graph += self.metadata()
        return LayerContent(self.name, compiled.graph, (), compiled.origins)


@dataclass
class LayerContent:
    """One layer's triples: ``graph`` (its metadata, and any compiled triples) plus the RDF
    ``files`` to load as they are; ``origins`` maps compiled nodes to their file and entry."""

    name: str
    graph: Graph
    files: tuple[Path, ...]
    origins: dict = field(default_factory=dict)

    def parsed(self) -> Graph:
        """``graph`` with ``files`` parsed into it; a file that does not parse is named."""
        for path in self.files:
            try:
                self.graph.parse(path, format=RDF_SUFFIXES[path.suffix])
            except Exception as exc:  # rdflib raises several types; all mean "cannot parse"
                raise DataError(f"layer '{self.name}': cannot parse: {exc}", file=str(path)) from None
        self.files = ()
        return self.graph



#: files at least this large have their digest remembered by (path, size, mtime) instead of re-read
MEMO_BYTES = 1 << 20


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's content.

    A large file's digest is remembered in ``<cache>/file-digests.json`` under its
    path, size and modification time (nanoseconds), so a cold start does not
    re-read a big layer that has not changed; any change to those re-reads it.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.nt"
    >>> _ = path.write_text("hello")
    >>> file_digest(path)[:12]
    '2cf24dba5fb0'
    """
    stat = path.stat()
    if stat.st_size < MEMO_BYTES:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    import json

    from alignkg.atomic import write_bytes
    from alignkg.graph.cache import cache_root

    memo_file = cache_root() / "file-digests.json"
    try:
        memo = json.loads(memo_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    key = str(path.resolve())
    if isinstance(memo, dict) and isinstance(memo.get(key), list) and memo[key][0] == stamp:
        return str(memo[key][1])
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    memo = memo if isinstance(memo, dict) else {}
    memo[key] = [stamp, digest.hexdigest()]
    write_bytes(memo_file, json.dumps(memo).encode("utf-8"))
    return digest.hexdigest()


def _compiler_files() -> tuple[Path, ...]:
    """The curated compiler's source files: part of the curated layer's fingerprint."""
    from alignkg.graph import DATA_DIR

    return tuple(DATA_DIR.parent / name for name in ("compile.py", "schema.py", "mappings.py"))


def curated(data_dir: Path | str | None = None) -> Layer:
    """The curated layer over ``data_dir`` (default: the embedded ``graph/data``)."""
    from alignkg.graph import DATA_DIR
    from alignkg.ontology import ONTOLOGY_TTL

    folder = Path(data_dir) if data_dir else DATA_DIR
    if not folder.is_dir():
        raise DataError("data folder not found", file=str(folder))
    files = tuple(sorted([*folder.glob("*.yaml"), *folder.glob("*.ttl")])) + (ONTOLOGY_TTL,)
    source = str(folder) if data_dir else "the curated data embedded in alignkg (graph/data)"
    return Layer(CURATED, "Curated alignment graph", files, source=source, data_dir=folder)


def available(data_dir: Path | str | None = None) -> dict[str, Layer]:
    """Every layer that can be loaded: ``curated`` first, then the layer folders by name."""
    found = {CURATED: curated(data_dir)}
    root = layers_dir()
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            manifest = folder / MANIFEST
            if manifest.is_file():
                found[folder.name] = _read_manifest(folder.name, manifest)
    return found


def select(names: Sequence[str] | str | None = None, data_dir: Path | str | None = None) -> list[Layer]:
    """The layers to load: ``names`` (a list or ``"a,b"``), else ``$ALIGNKG_LAYERS``, else each layer's default.

    An unknown name raises ``DataError`` listing the layers there are.
    """
    if names is None:
        names = os.environ.get("ALIGNKG_LAYERS") or None
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    layers = available(data_dir)
    if names is None:
        return [layer for layer in layers.values() if layer.default]
    unknown = [n for n in names if n not in layers]
    if unknown:
        raise DataError(f"unknown layer(s) {', '.join(unknown)} (available: {', '.join(layers)})")
    return [layers[n] for n in layers if n in names]  # a fixed order, whatever order was asked


def read_layer(layer: Layer) -> Graph:
    """All the triples of one layer, with its metadata; a file that does not parse is named."""
    return layer.content().parsed()


def publish(name: str, graph: Graph, *, title: str, source: str, version: str = "",
            default: bool = True, extra: dict[str, object] | None = None) -> Layer:
    """Write ``graph`` as the layer ``name`` (replacing any previous one) atomically.

    The layer is written into a fresh folder beside its place and swapped in, so
    a reader sees the old layer or the new one, never half of one. ``extra`` is
    kept in the manifest for the command that wrote it (e.g. what it imported).
    """
    if name == CURATED or not name or "/" in name or name.startswith("."):
        raise DataError(f"'{name}' cannot be a layer name")
    import yaml

    root = layers_dir()
    root.mkdir(parents=True, exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".building", dir=root))
    try:
        graph.serialize(built / "triples.nt", format="nt", encoding="utf-8")
        manifest = {
            "name": name, "title": title, "source": source, "version": version, "default": default,
            "written": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "files": ["triples.nt"], "triples": len(graph), **(extra or {}),
        }
        (built / MANIFEST).write_text(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")
        replace_dir(built, root / name)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return available()[name]


def remove(name: str) -> None:
    """Delete the layer ``name`` (not ``curated``); a missing layer is an error naming the ones there are."""
    layers = available()
    if name == CURATED or name not in layers:
        raise DataError(f"no removable layer '{name}' (layers: {', '.join(n for n in layers if n != CURATED)})")
    shutil.rmtree(layers_dir() / name)


def _read_manifest(name: str, path: Path) -> Layer:
    from alignkg.graph.compile import read_yaml

    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise DataError("a layer manifest must be a mapping with a 'files' list", file=str(path))
    files = []
    for entry in data["files"]:
        file = path.parent / str(entry)
        if file.suffix not in RDF_SUFFIXES or not file.is_file():
            raise DataError(f"lists '{entry}', which is not a .nt or .ttl file in the layer folder", file=str(path))
        files.append(file)
    return Layer(name, str(data.get("title") or name), tuple(files), source=str(data.get("source") or ""),
                 version=str(data.get("version") or ""), written=str(data.get("written") or ""),
                 default=bool(data.get("default", True)))
