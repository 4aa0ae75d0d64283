"""The query encoder on ONNX Runtime: the model's BERT exported once to ONNX, run with one thread.

A query is one short sentence; encoding it is six layers of small matrix products.
ONNX Runtime runs the same weights in about half the time of the numpy forward
pass of :mod:`alignkg.embeddings.numpy_bert` (its kernels pre-pack the weights
and fuse the layer norms, GELU and attention): 4.7 against 9.0 ms a query here,
one thread (``benchmarks/search_bench.py``); it loads in 0.12 s, without torch.
The model is exported with torch when the index is built (:func:`export`:
``alignkg index``, or any build that encodes documents, when torch is loaded
anyway), checked against the torch model, and cached under the cache root,
keyed by the model (:func:`onnx_file`). Without the export, or without
``onnxruntime``, queries go through the numpy encoder. Both agree with
sentence-transformers to cosine > 0.9999 (``tests/test_search.py``). Float32
throughout: dynamic int8 quantisation ran in 1.8 ms but agreed only to cosine
0.92–0.97.

Example
-------
>>> from alignkg.embeddings.encoder import resolve_model
>>> from alignkg.embeddings.store import cache_root
>>> spec = resolve_model()
>>> path = export(spec, cache_root())  # already there after an index build
>>> vector = OnnxBert(spec.location, path).encode("reward hacking")
>>> vector.shape, round(float((vector ** 2).sum()), 4)
((384,), 1.0)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from alignkg.atomic import replace_dir
from alignkg.embeddings.numpy_bert import load_tokenizer, supported
from alignkg.errors import SearchIndexError

if TYPE_CHECKING:
    from alignkg.embeddings.encoder import ModelSpec

FOLDER = "query-encoder"
GRAPH, WEIGHTS = "model.onnx", "model.onnx.data"  # the graph, and its weights as ONNX external data
#: Texts the export is checked on: one word piece, a sentence, and a text truncated at the model's limit.
_PROBES = ("RLHF", "how can a weak model supervise a strong one?", "word " * 400)
_EXPORTED: dict[str, Path] = {}  # folder name -> the folder this process exported (linked into other cache roots)


def onnx_file(spec: ModelSpec, root: Path) -> Path:
    """Where the ONNX export of ``spec`` is cached under ``root``: keyed by the model key (name, config
    files, weight sizes) and the weight file's modification time, so changed weights get a new export."""
    weights = Path(spec.location) / "model.safetensors"
    stat = weights.stat()
    key = hashlib.sha256(f"{spec.key}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return root / FOLDER / f"{spec.key}-{key}" / GRAPH


def export(spec: ModelSpec, root: Path) -> Path:
    """The ONNX file of ``spec``'s BERT under ``root``, exported (with torch) and checked if not there yet.

    The folder (graph + weights) is built beside its place and renamed into it. Raises
    ``SearchIndexError`` saying why when it cannot be exported (no ``onnx`` package, a model torch
    cannot trace, an export that disagrees with the model); the numpy encoder is then used.
    """
    if not (spec.local and supported(Path(spec.location))):
        raise SearchIndexError(f"model '{spec.name}' is not a local BERT mean-pooling model: no ONNX query encoder")
    target = onnx_file(spec, root)
    if target.is_file():
        return target
    folder = target.parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    done = _EXPORTED.get(folder.name)
    try:
        if done is not None and (done / GRAPH).is_file():
            for name in (GRAPH, WEIGHTS):
                _link_or_copy(done / name, built / name)
        else:
            _export(spec, built)
        for path in (built, built / GRAPH, built / WEIGHTS):  # mkdtemp and onnx make them private; a cache is not
            path.chmod(0o755 if path.is_dir() else 0o644)
        replace_dir(built, folder)
    except SearchIndexError:
        raise
    except Exception as exc:  # torch's exporter raises many kinds; all mean "no ONNX encoder", never a failed build
        raise SearchIndexError(f"cannot export the query encoder of '{spec.name}' to ONNX: {exc}") from None
    finally:
        shutil.rmtree(built, ignore_errors=True)
    _EXPORTED[folder.name] = folder
    return target


def _link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (the same export under another cache root), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _export(spec: ModelSpec, folder: Path) -> None:
    """Trace the BERT of ``spec`` into ``folder`` and check it against torch on :data:`_PROBES`."""
    import onnx
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    bert = AutoModel.from_pretrained(spec.location, local_files_only=True, attn_implementation="eager")

    class Hidden(torch.nn.Module):
        """The last hidden states of one unpadded sequence (mask of ones, token type 0)."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=torch.ones_like(input_ids),
                             token_type_ids=torch.zeros_like(input_ids)).last_hidden_state

    model = Hidden().eval()  # eval: no dropout (a new module is in training mode, and export restores the mode)
    tokenizer = load_tokenizer(Path(spec.location))
    sample = torch.tensor([tokenizer.encode(_PROBES[1]).ids])
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer and deprecation notices: the check below is what counts
        traced = folder / "traced.onnx"
        torch.onnx.export(model, (sample,), str(traced), input_names=["input_ids"], output_names=["hidden"],
                          dynamic_axes={"input_ids": {1: "tokens"}, "hidden": {1: "tokens"}},
                          opset_version=17, dynamo=False)
        # Weights as external data: ONNX Runtime maps them instead of parsing one 90 MB message (0.1 s saved a load).
        onnx.save_model(onnx.load(str(traced)), str(folder / GRAPH), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=WEIGHTS, size_threshold=1024)
        traced.unlink()
        onnx_model = OnnxBert(spec.location, folder / GRAPH)
        for text in _PROBES:
            ids = torch.tensor([tokenizer.encode(text).ids])
            reference = torch.nn.functional.normalize(model(ids).mean(1), dim=-1)[0].numpy()
            agreement = float(onnx_model.encode(text) @ reference)
            if agreement < 0.9999:
                raise SearchIndexError(f"the ONNX export of '{spec.name}' disagrees with the model "
                                       f"(cosine {agreement:.6f} on {text[:30]!r})")


class OnnxBert:
    """Encode sentences with an ONNX export of a BERT sentence-transformers model (one thread, float32).

    Raises ``ImportError`` without ``onnxruntime`` and ``SearchIndexError`` for an unreadable file.
    """

    def __init__(self, model_path: Path | str, onnx_path: Path | str) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One thread: one short sentence gains little from two, and threads fight on a busy machine.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        try:
            self.session = onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime's pybind errors (InvalidProtobuf, Fail, NoSuchFile)
            raise SearchIndexError(f"cannot load the ONNX query encoder {onnx_path}: {exc}") from None
        self.tokenizer = load_tokenizer(Path(model_path))

    def encode(self, text: str) -> np.ndarray:
        """The L2-normalised mean of the last hidden states of ``text`` (float32, shape ``(dim,)``)."""
        ids = np.array([self.tokenizer.encode(text).ids], dtype=np.int64)
        pooled = self.session.run(None, {"input_ids": ids})[0][0].mean(0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
