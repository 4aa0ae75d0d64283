"""The compiled-graph cache: the selected layers compiled once into an Oxigraph store on disk.

Compiling the curated YAML takes a quarter of a second and parsing a big layer
far longer, so :func:`alignkg.load` compiles the layers it is asked for once and
reopens the result: a folder ``<cache>/<key>/`` holding

``store/``
    a pyoxigraph (RocksDB) store: each layer as its named graph
    ``https://w3id.org/alignkg/layer/<name>``, and their union (each triple once)
    as the default graph;
``meta.json``
    the layers and their fingerprints, the triple count, the curated prefixes
    and the size of every store file; written last, it marks the entry complete.

``key`` hashes the cache format, the pyoxigraph version and every selected
layer's :meth:`~alignkg.layers.Layer.fingerprint` (its data files, the
ontology and the compiler's source), so an edited file selects a new entry: a
stale one is never opened. An entry whose ``meta.json`` is unreadable or whose
store files changed size or do not open is corrupt and rebuilt. An entry is
built in a temporary folder and renamed into place, so a reader sees a whole
entry or none; two processes building the same entry at once each build their
own and the first rename wins. Entries are opened read-only: any number of
processes (CLI, notebooks, server workers) share one.

``<cache>`` is ``$ALIGNKG_CACHE``, else ``$XDG_CACHE_HOME/alignkg/graphs``, else
``~/.cache/alignkg/graphs``.

Example
-------
>>> import tempfile
>>> from alignkg.layers import select
>>> root = Path(tempfile.mkdtemp())
>>> first = open_compiled(select(["curated"]), root=root)
>>> again = open_compiled(select(["curated"]), root=root)
>>> first.built, again.built, first.path == again.path, again.triples > 1000
(True, False, True, True)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from alignkg.errors import DataError, StoreError

if TYPE_CHECKING:
    import pyoxigraph

    from alignkg.layers import Layer

FORMAT = 2  # bump when the layout of an entry changes
META = "meta.json"
STORE = "store"


def cache_root() -> Path:
    """Where compiled graphs live: ``$ALIGNKG_CACHE``, else ``$XDG_CACHE_HOME/alignkg/graphs``."""
    if os.environ.get("ALIGNKG_CACHE"):
        return Path(os.environ["ALIGNKG_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "alignkg" / "graphs"


@dataclass
class CompiledGraph:
    """An opened cache entry: the read-only store and what the loader needs beside it."""

    path: Path
    store: "pyoxigraph.Store"
    layers: list[str]
    triples: int  # in the default graph (the union)
    namespaces: dict[str, str] = field(default_factory=dict)
    built: bool = False  # True when this call compiled it (a cache miss)
    sources: list["Layer"] = field(default_factory=list)  # the layers it was compiled from

    def in_memory(self) -> "pyoxigraph.Store":
        """A copy of the store in memory. Queries there run several times faster than on disk
        (RocksDB reads dominate on disk); loading it takes about 0.1 s per 10k triples."""
        import pyoxigraph

        nquads = pyoxigraph.RdfFormat.N_QUADS
        store = pyoxigraph.Store()
        store.bulk_load(input=self.store.dump(format=nquads), format=nquads)
        return store


def cache_key(layers: Sequence["Layer"]) -> str:
    """The entry name for these layers: a hash of the format, pyoxigraph's version and the fingerprints."""
    import pyoxigraph

    digest = hashlib.sha256(f"alignkg-graph-cache {FORMAT} pyoxigraph {pyoxigraph.__version__}\0".encode())
    for layer in layers:
        digest.update(f"{layer.name}\0{layer.fingerprint()}\0".encode())
    return digest.hexdigest()[:32]


def open_compiled(layers: Sequence["Layer"], *, root: Path | None = None) -> CompiledGraph:
    """The compiled store of ``layers``: reopened from the cache, or compiled and cached first."""
    root = Path(root) if root else cache_root()
    key = cache_key(layers)
    entry = root / key
    found = _open(entry, key)
    if found is None:
        built = _build(layers, root, key)
        _install(built, entry, key)
        found = _open(entry, key)
        if found is None:
            raise StoreError(f"{entry}: the compiled graph cannot be opened right after it was built")
        found.built = True
        _prune(root, key, _selection(layers))
    found.sources = list(layers)
    return found


def _open(entry: Path, key: str) -> CompiledGraph | None:
    """The entry in ``entry``, or ``None`` if it is missing, incomplete or corrupt."""
    import pyoxigraph

    try:
        meta = json.loads((entry / META).read_text(encoding="utf-8"))
        if meta["format"] != FORMAT or meta["key"] != key:
            return None
        for name, size in meta["files"].items():
            if (entry / STORE / name).stat().st_size != size:
                return None
        store = pyoxigraph.Store.read_only(str(entry / STORE))
        return CompiledGraph(entry, store, list(meta["layers"]), int(meta["triples"]), dict(meta["namespaces"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _build(layers: Sequence["Layer"], root: Path, key: str) -> Path:
    """Compile ``layers`` into a new temporary folder in ``root``; return it."""
    import pyoxigraph

    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{key}.", suffix=".building", dir=root))
    try:
        store = pyoxigraph.Store(str(folder / STORE))
        namespaces: dict[str, str] = {}
        for layer in layers:
            for data, fmt, file in _layer_sources(layer, namespaces):
                for graph in (pyoxigraph.NamedNode(str(layer.iri)), pyoxigraph.DefaultGraph()):
                    try:
                        store.bulk_load(input=data, path=file, format=fmt, to_graph=graph)
                    except (SyntaxError, ValueError) as exc:
                        raise DataError(f"layer '{layer.name}': cannot parse: {exc}", file=str(file)) from None
        store.flush()
        answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        triples = int(next(iter(answer))[0].value)  # type: ignore[index, arg-type]
        del store, answer  # closes the store, so its files are final
        files = {str(p.relative_to(folder / STORE)): p.stat().st_size
                 for p in sorted((folder / STORE).rglob("*")) if p.is_file() and not p.name.startswith("LOG")}
        meta = {"format": FORMAT, "key": key, "layers": [layer.name for layer in layers],
                "selection": _selection(layers),
                "fingerprints": {layer.name: layer.fingerprint() for layer in layers},
                "triples": triples, "namespaces": namespaces, "files": files}
        (folder / META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        return folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _layer_sources(layer: "Layer", namespaces: dict[str, str]) -> list:
    """What to load for one layer: ``(data, format, path)`` triples, one of ``data``/``path`` set.

    The layer's own RDF files are bulk-loaded as they are; its in-memory triples
    (metadata, compiled data) are serialised, and their prefixes fill ``namespaces``.
    """
    import pyoxigraph

    content = layer.content()
    for prefix, namespace in content.graph.namespaces():
        namespaces.setdefault(prefix, str(namespace))
    sources = [(content.graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES, None)]
    for file in content.files:
        sources.append((None, pyoxigraph.RdfFormat.from_extension(file.suffix.lstrip(".")), file))
    return sources


def _install(built: Path, entry: Path, key: str) -> None:
    """Rename the built folder to ``entry``; if another process installed it first, keep theirs
    when it opens, else replace it."""
    from alignkg.atomic import replace_dir

    try:
        os.rename(built, entry)
        return
    except OSError:
        pass  # ``entry`` exists: another build won the race, or it is a corrupt entry
    if _open(entry, key) is not None:
        shutil.rmtree(built, ignore_errors=True)
    else:
        replace_dir(built, entry)


def _selection(layers: Sequence["Layer"]) -> list[str]:
    """Which layers from where, whatever their content: entries of one selection replace each other."""
    return [f"{layer.name}:{layer.data_dir or (layer.files[0].parent if layer.files else '')}" for layer in layers]


def _prune(root: Path, key: str, selection: list[str]) -> None:
    """Remove the stale entries of the same selection (their data changed since), and builds
    abandoned more than an hour ago."""
    import time

    for entry in root.iterdir():
        if entry.name == key or not entry.is_dir():
            continue
        if entry.name.startswith("."):
            if time.time() - entry.stat().st_mtime > 3600:
                shutil.rmtree(entry, ignore_errors=True)
            continue
        try:
            meta = json.loads((entry / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("selection") == selection:
            shutil.rmtree(entry, ignore_errors=True)
