"""Scale run: exact vs approximate FAISS index on synthetic sentence-embedding-like vectors.

Generates N unit vectors of dimension D around C random centres (cosine to the
centre ≈ 0.66, like topical clusters of sentence embeddings), plus held-out
queries from the same distribution; builds the exact ``IndexFlatIP`` and the
approximate index alignkg would pick past its threshold (HNSW, and IVF with
``--ivf``) with :mod:`alignkg.embeddings.ann`, and prints build time, memory,
single-query latency p50/p95, the latency ratio and recall@10 against exact.

Reproduce::

    .venv/bin/python benchmarks/search_scale.py              # 1M x 384 (≈15 min on 2 cores)
    .venv/bin/python benchmarks/search_scale.py -n 100000    # quick run
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(n: int, dim: int, centres: int, queries: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` clustered unit vectors and ``queries`` held-out ones."""
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centres, dim), dtype=np.float32)
    c /= np.linalg.norm(c, axis=1, keepdims=True)

    def draw(m: int) -> np.ndarray:
        out = np.empty((m, dim), dtype=np.float32)
        for start in range(0, m, 100_000):
            stop = min(m, start + 100_000)
            block = c[rng.integers(0, centres, stop - start)]
            block += rng.standard_normal((stop - start, dim), dtype=np.float32) * 0.06
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            out[start:stop] = block
        return out

    return draw(n), draw(queries)


def latencies(index, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-query (one at a time) latency in ms, and the ids found."""
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        _, ids = index.search(q[None, :], k)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    return np.array(times), np.array(found)


def build(vectors: np.ndarray, kind: str):  # noqa: ANN201 - a FAISS index
    """The index alignkg builds for ``kind``, its settings, build seconds and memory growth in MB."""
    from alignkg.embeddings.ann import IndexSettings, build_index

    settings = IndexSettings(kind=kind)
    before, started = rss_mb(), time.perf_counter()
    index = build_index(vectors, settings)
    return index, settings, time.perf_counter() - started, rss_mb() - before


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean overlap of the top-k sets."""
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found, truth)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("-d", "--dim", type=int, default=384)
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--exact-queries", type=int, default=50, help="queries timed on the exact index")
    parser.add_argument("--ivf", action="store_true", help="also build and measure an IVF index")
    args = parser.parse_args()

    import faiss

    k = 10
    print(f"faiss {faiss.__version__}, {faiss.omp_get_max_threads()} threads; N={args.n:,} D={args.dim}")
    base = rss_mb()
    vectors, queries = synthetic(args.n, args.dim, args.centres, args.queries)
    print(f"data: {vectors.nbytes / 2**20:,.0f} MB of float32")

    flat, _, seconds, mb = build(vectors, "flat")
    print(f"exact (IndexFlatIP): build {seconds:.1f} s, memory +{mb:,.0f} MB")
    _, truth = flat.search(queries, k)
    exact_ms, _ = latencies(flat, queries[: args.exact_queries], k)
    print(f"exact: p50 {np.median(exact_ms):.1f} ms, p95 {np.percentile(exact_ms, 95):.1f} ms")

    hnsw, settings, seconds, mb = build(vectors, "hnsw")
    print(f"HNSW (M={settings.hnsw_m}, efConstruction={settings.hnsw_ef_construction}): "
          f"build {seconds:.1f} s, memory +{mb:,.0f} MB")
    rows = []
    for ef in (32, 64, 128, 256):
        hnsw.hnsw.efSearch = ef
        ms, found = latencies(hnsw, queries, k)
        rows.append((f"HNSW efSearch={ef}", recall(found, truth), ms))
    if args.ivf:
        ivf, _, seconds, mb = build(vectors, "ivf")
        print(f"IVF (nlist={ivf.nlist}): build {seconds:.1f} s, memory +{mb:,.0f} MB")
        for nprobe in (8, 16, 32, 64):
            ivf.nprobe = nprobe
            ms, found = latencies(ivf, queries, k)
            rows.append((f"IVF nprobe={nprobe}", recall(found, truth), ms))

    print(f"\n{'index':<22} {'recall@10':>9} {'p50 ms':>8} {'p95 ms':>8} {'speed-up (p50)':>15}")
    print(f"{'exact':<22} {1.0:>9.3f} {np.median(exact_ms):>8.2f} {np.percentile(exact_ms, 95):>8.2f} {1.0:>14.0f}x")
    for name, r, ms in rows:
        print(f"{name:<22} {r:>9.3f} {np.median(ms):>8.3f} {np.percentile(ms, 95):>8.3f} "
              f"{np.median(exact_ms) / np.median(ms):>14.0f}x")
    print(f"\npeak process memory ≈ {rss_mb() - base:,.0f} MB above start")
    print(f"reproduce: .venv/bin/python benchmarks/search_scale.py -n {args.n}{' --ivf' if args.ivf else ''}")


if __name__ == "__main__":
    main()
