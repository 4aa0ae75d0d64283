"""FAISS index construction: exact inner product, or an approximate index past a size.

Vectors are L2-normalised, so inner product is cosine similarity. Graphs of
ordinary size (fewer than :attr:`IndexSettings.approximate_threshold` vectors,
50,000 by default) get an exact ``IndexFlatIP``; larger ones get HNSW (no
training, good recall) unless ``kind`` asks for IVF or flat explicitly.

Example
-------
>>> import numpy as np
>>> vectors = np.eye(4, dtype="float32")
>>> index = build_index(vectors, IndexSettings())
>>> describe(index)
'flat'
>>> scores, ids = search(index, vectors[:1], 2)
>>> int(ids[0][0])
0
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from alignkg.errors import SearchIndexError

if TYPE_CHECKING:
    import numpy as np

KINDS = ("auto", "flat", "hnsw", "ivf")


@dataclass(frozen=True)
class IndexSettings:
    """How the FAISS index is built and searched.

    ``kind``: ``auto`` (flat below ``approximate_threshold`` vectors, else HNSW),
    ``flat``, ``hnsw`` or ``ivf``. ``hnsw_m`` / ``hnsw_ef_construction`` /
    ``hnsw_ef_search`` and ``ivf_nlist`` (0: 4·√n) / ``ivf_nprobe`` tune the
    approximate indexes.
    """

    kind: str = "auto"
    approximate_threshold: int = 50_000
    hnsw_m: int = 32
    hnsw_ef_construction: int = 80
    hnsw_ef_search: int = 128
    ivf_nlist: int = 0
    ivf_nprobe: int = 32

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise SearchIndexError(f"unknown index kind '{self.kind}' (one of: {', '.join(KINDS)})")

    def resolved_kind(self, n: int) -> str:
        """The kind actually built for ``n`` vectors."""
        if self.kind != "auto":
            return self.kind
        return "hnsw" if n >= self.approximate_threshold else "flat"

    def build_params(self, n: int) -> dict[str, int]:
        """The settings that shape the index built for ``n`` vectors (search-time ones excluded)."""
        kind = self.resolved_kind(n)
        if kind == "hnsw":
            return {"hnsw_m": self.hnsw_m, "hnsw_ef_construction": self.hnsw_ef_construction}
        if kind == "ivf":
            return {"ivf_nlist": self.ivf_nlist}
        return {}

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-able values (stored in the manifest)."""
        return asdict(self)


def build_index(vectors: "np.ndarray", settings: IndexSettings) -> Any:
    """A FAISS index holding ``vectors`` (row ``i`` gets id ``i``)."""
    import faiss
    import numpy as np

    vectors = np.ascontiguousarray(vectors, dtype="float32")
    n, dim = vectors.shape if vectors.ndim == 2 else (0, 0)
    kind = settings.resolved_kind(n)
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = settings.hnsw_ef_construction
        index.hnsw.efSearch = settings.hnsw_ef_search
    else:
        nlist = settings.ivf_nlist or max(1, int(4 * math.sqrt(max(n, 1))))
        if n < nlist:
            raise SearchIndexError(f"an IVF index needs at least ivf_nlist={nlist} vectors (got {n})")
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors if n <= nlist * 64 else vectors[np.random.default_rng(0).choice(n, nlist * 64, replace=False)]
        index.train(sample)
        index.nprobe = settings.ivf_nprobe
    if n:
        index.add(vectors)
    return index


def describe(index: Any) -> str:
    """``flat``, ``hnsw`` or ``ivf``: what kind of index this is."""
    import faiss

    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(index, faiss.IndexIVF):
        return "ivf"
    return "flat"


def tune(index: Any, settings: IndexSettings) -> None:
    """Apply the search-time parameters (efSearch, nprobe) to a loaded index."""
    kind = describe(index)
    if kind == "hnsw":
        index.hnsw.efSearch = settings.hnsw_ef_search
    elif kind == "ivf":
        index.nprobe = settings.ivf_nprobe


def search(index: Any, queries: "np.ndarray", k: int, allowed: "np.ndarray | None" = None) -> tuple["np.ndarray", "np.ndarray"]:
    """Top-``k`` inner products for each query row; ``allowed`` restricts to those ids.

    Returns ``(scores, ids)``; missing hits have id ``-1``.
    """
    import faiss
    import numpy as np

    queries = np.ascontiguousarray(np.atleast_2d(queries), dtype="float32")
    k = max(1, min(k, index.ntotal))
    if allowed is None:
        return index.search(queries, k)
    selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype="int64"))
    kind = describe(index)
    if kind == "hnsw":
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(index.hnsw.efSearch, k))
    elif kind == "ivf":
        params = faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
    else:
        params = faiss.SearchParameters(sel=selector)
    return index.search(queries, k, params=params)
