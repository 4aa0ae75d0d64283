"""The persisted index: a FAISS file next to a manifest, and a cache of vectors by content hash.

Layout under the cache root (``cache_dir``, else ``$ALIGNKG_CACHE``, else
``$XDG_CACHE_HOME/alignkg`` or ``~/.cache/alignkg``)::

    index/<model-key>/<graph-key>/index.faiss     the FAISS index (row i = node i of the manifest)
    index/<model-key>/<graph-key>/manifest.json   model, dimension, metric, index kind, build parameters and settings,
                                                  [iri, content hash] per node, sha256 of index.faiss
    embeddings/<model-key>.npz                    vector per content hash (text + model), shared by all graphs
    query-encoder/<model-key>-<weights>/          the model exported to ONNX for queries (alignkg.embeddings.onnx_bert)

``<graph-key>`` hashes the set of indexed IRIs. Opening checks the manifest
against the graph and the model and the index file against its checksum; any
mismatch (stale, corrupt, missing) rebuilds. A rebuild takes every vector it
can from the embedding cache and encodes only the texts it has never seen, so
editing one description re-embeds one text. Every file is written to a
temporary file and renamed, and the manifest last: a crash mid-build leaves
either the old consistent pair or a checksum mismatch that is rebuilt, never an
index that loads with wrong vectors.

Example
-------
>>> import alignkg, tempfile
>>> from alignkg.embeddings.text import documents
>>> from alignkg.embeddings.encoder import resolve_model
>>> from alignkg.embeddings.ann import IndexSettings
>>> docs = documents(alignkg.load("tests/fixtures/mini").graph)
>>> stored = open_index(docs, resolve_model(), IndexSettings(), cache_root(tempfile.mkdtemp()))
>>> stored.status.reason, stored.status.encoded == len(docs)
('missing', True)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignkg.atomic import atomic_path, write_bytes
from alignkg.embeddings import ann
from alignkg.embeddings.encoder import ModelSpec, dimension, encode_documents
from alignkg.embeddings.text import Document
from alignkg.errors import SearchIndexError

if TYPE_CHECKING:
    import numpy as np

CACHE_ENV = "ALIGNKG_CACHE"
FORMAT = 1
METRIC = "inner_product"


@dataclass
class Status:
    """What opening the index did: ``reason`` is ``loaded``, ``missing``, ``stale: …`` or ``corrupt: …``."""

    reason: str
    encoded: int = 0
    reused: int = 0


@dataclass
class StoredIndex:
    """A loaded index: the FAISS object, the node of each row, their vectors, and how it was opened."""

    index: Any
    iris: list[str]
    vectors: "np.ndarray"
    folder: Path
    status: Status


def cache_root(cache_dir: Path | str | None = None) -> Path:
    """Where indexes and vectors are cached (never inside site-packages)."""
    if cache_dir:
        return Path(cache_dir).expanduser()
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "alignkg"


def index_folder(root: Path, docs: list[Document], spec: ModelSpec) -> Path:
    """The folder of the index for these documents and this model."""
    graph_key = hashlib.sha256("\n".join(sorted(d.iri for d in docs)).encode()).hexdigest()[:16]
    return root / "index" / spec.key / graph_key


def open_index(docs: list[Document], spec: ModelSpec, settings: ann.IndexSettings, root: Path) -> StoredIndex:
    """Load the index for ``docs`` if it is current and intact, else (re)build it."""
    folder = index_folder(root, docs, spec)
    model_key = spec.key  # reads the model's config files: once
    hashes = [d.content_hash(model_key) for d in docs]
    dim = dimension(spec)
    expected = {
        "format": FORMAT, "model": spec.name, "model_key": spec.key, "dimension": dim, "metric": METRIC,
        "index_kind": settings.resolved_kind(len(docs)), "index_build": settings.build_params(len(docs)),
    }
    nodes = [[d.iri, h] for d, h in zip(docs, hashes)]
    loaded, reason = _load(folder, expected, nodes, settings)
    if loaded is not None:
        return loaded
    vectors, status = _vectors(docs, hashes, spec, root, dim, reason)
    index = ann.build_index(vectors, settings)
    _write(folder, index, {**expected, "settings": settings.as_dict(), "nodes": nodes})
    if status.encoded and "torch" in sys.modules:  # torch is loaded: export the query encoder now if it is missing
        export_query_encoder(spec, root)
    return StoredIndex(index, [d.iri for d in docs], vectors, folder, status)


def export_query_encoder(spec: ModelSpec, root: Path) -> str:
    """Export ``spec`` to ONNX under ``root`` for fast queries, if it is a model that can be; say which
    query encoder searches will use (``onnxruntime``, or ``numpy`` and why not ONNX). Never fails a build."""
    from alignkg.embeddings import onnx_bert
    from alignkg.embeddings.numpy_bert import supported

    if not (spec.local and supported(Path(spec.location))):
        return "sentence-transformers (not a BERT mean-pooling model)"
    try:
        path = onnx_bert.export(spec, root)
    except SearchIndexError as exc:
        return f"numpy ({exc})"
    return f"onnxruntime ({path})"


def embed(docs: list[Document], spec: ModelSpec, root: Path) -> "tuple[np.ndarray, Status]":
    """Vectors for ``docs`` from the shared vector cache, encoding (and caching) only texts never seen.

    ``alignkg ingest`` calls it for new passages, so the next search only indexes them.
    """
    hashes = [d.content_hash(spec.key) for d in docs]
    return _vectors(docs, hashes, spec, root, dimension(spec), "embedded")


def _load(folder: Path, expected: dict, nodes: list[list[str]], settings: ann.IndexSettings):
    """``(StoredIndex, "loaded")`` if the stored index matches ``expected`` and ``nodes`` ([iri, hash] each),
    else ``(None, why not)``."""
    import faiss

    manifest_file, index_file = folder / "manifest.json", folder / "index.faiss"
    if not manifest_file.is_file():
        return None, "missing"
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        stored_nodes = manifest["nodes"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, "corrupt: unreadable manifest"
    for key, value in expected.items():
        if manifest.get(key) != value:
            return None, f"stale: {key} is {manifest.get(key)!r}, expected {value!r}"
    if stored_nodes != nodes:
        changed = sum(1 for a, b in zip(stored_nodes, nodes) if a != b) + abs(len(stored_nodes) - len(nodes))
        return None, f"stale: {changed} node(s) changed"
    try:
        data = index_file.read_bytes()
    except OSError:
        return None, "corrupt: index file missing"
    if hashlib.sha256(data).hexdigest() != manifest.get("index_sha256"):
        return None, "corrupt: index checksum mismatch"
    import numpy as np

    try:
        index = faiss.deserialize_index(np.frombuffer(data, dtype="uint8"))
    except RuntimeError as exc:
        return None, f"corrupt: {exc}"
    if index.ntotal != len(nodes) or index.d != expected["dimension"]:
        return None, "corrupt: index size does not match the manifest"
    ann.tune(index, settings)
    vectors = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), dtype="float32")
    return StoredIndex(index, [iri for iri, _ in nodes], vectors, folder, Status("loaded")), "loaded"


def _vectors(docs: list[Document], hashes: list[str], spec: ModelSpec, root: Path, dim: int, reason: str):
    """Vectors for ``docs``: cached ones reused, the others encoded (and added to the cache)."""
    import numpy as np

    cache_file = root / "embeddings" / f"{spec.key}.npz"
    cache = _read_cache(cache_file, dim)
    missing = [i for i, h in enumerate(hashes) if h not in cache]
    vectors = np.zeros((len(docs), dim), dtype="float32")
    for i, h in enumerate(hashes):
        if h in cache:
            vectors[i] = cache[h]
    if missing:
        encoded = encode_documents(spec, [docs[i].text for i in missing], root=root)
        if encoded.shape[1] != dim:
            raise SearchIndexError(f"model '{spec.name}' gave {encoded.shape[1]}-d vectors, expected {dim}")
        vectors[missing] = encoded
        cache.update({hashes[i]: encoded[j] for j, i in enumerate(missing)})
        _write_cache(cache_file, cache)
    return vectors, Status(reason, encoded=len(missing), reused=len(docs) - len(missing))


def _read_cache(path: Path, dim: int) -> dict[str, "np.ndarray"]:
    """The vector cache; an unreadable or foreign one counts as empty (it only saves work)."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError, EOFError):
        return {}
    if vectors.ndim != 2 or vectors.shape[1] != dim or len(keys) != len(vectors):
        return {}
    return {str(k): v for k, v in zip(keys, vectors)}


def _write_cache(path: Path, cache: dict[str, "np.ndarray"]) -> None:
    import numpy as np

    keys = np.array(sorted(cache), dtype="U64")
    with atomic_path(path) as tmp, open(tmp, "wb") as out:
        np.savez(out, keys=keys, vectors=np.stack([cache[k] for k in keys]).astype("float32"))


def _write(folder: Path, index: Any, manifest: dict) -> None:
    """Index file first, then the manifest that vouches for it (by checksum)."""
    import faiss

    data = faiss.serialize_index(index).tobytes()
    write_bytes(folder / "index.faiss", data)
    manifest["index_sha256"] = hashlib.sha256(data).hexdigest()
    write_bytes(folder / "manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))
