"""Search quality and speed on the curated graph, side by side in one run.

Prints: BM25 alone vs dense alone vs hybrid (z-score and RRF fusion) on the gold
set (tests/search_gold.yaml): hit@1, hit@5, MRR@10; model load time; index
build time for the whole graph (fresh cache); encoding throughput; warm query
latency p50/p95 (model loaded, query vectors not cached); and the cold start
of the ``alignkg search`` command (new process, index already built).

Reproduce::

    .venv/bin/python benchmarks/search_bench.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "search_gold.yaml"


def timed(fn, *args, **kwargs):  # noqa: ANN001, ANN201 - a tiny helper
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def main() -> None:
    import alignkg
    from alignkg.embeddings import encoder
    from alignkg.embeddings.evaluate import evaluate, load_gold
    from alignkg.embeddings.search import SearchEngine

    cache = Path(tempfile.mkdtemp(prefix="alignkg-bench-"))
    kg = alignkg.load()
    gold = load_gold(GOLD)
    spec = encoder.resolve_model()

    _, st_load = timed(encoder.load_model, spec)
    from alignkg.embeddings.numpy_bert import NumpyBert

    _, np_load = timed(NumpyBert, spec.location)
    engine, build = timed(SearchEngine, kg.graph, cache_dir=cache)
    texts = [d.text for d in engine.docs]
    _, encode_all = timed(encoder.encode_documents, spec, texts)
    tokens = sum(len(t.split()) for t in texts)
    _, reopen = timed(SearchEngine, kg.graph, cache_dir=cache)

    print(f"graph: {len(kg.graph):,} triples, {len(engine.docs)} indexed entities; model {spec.name}; "
          f"{os.cpu_count()} CPUs")
    print(f"model load: sentence-transformers {st_load:.2f} s (import included), numpy query encoder {np_load:.2f} s")
    print(f"index build, whole graph, empty cache: {build:.1f} s; reopen (manifest + checksum + BM25): {reopen:.2f} s")
    print(f"document encoding: {len(texts) / encode_all:.1f} texts/s ({tokens / encode_all:,.0f} words/s), "
          f"sentence-transformers, batch 32")

    print(f"\n{'ranking':<22} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}   ({len(gold)} gold queries)")
    for name, options in [("BM25 alone", {"mode": "lexical"}), ("dense alone", {"mode": "dense"}),
                          ("hybrid, RRF", {"fusion": "rrf"}), ("hybrid, z-score", {})]:
        scores, _ = evaluate(gold, lambda q: [r.iri for r in engine.search(q, k=10, neighbors=False, **options)])
        print(f"{name:<22} {scores['hit@1']:>6.3f} {scores['hit@5']:>6.3f} {scores['mrr@10']:>7.3f}")

    latencies, encode_ms = [], []
    for _ in range(3):
        for g in gold:
            engine._queries.clear()
            started = time.perf_counter()
            encoder.encode_query(spec, g.query)
            encode_ms.append((time.perf_counter() - started) * 1000)
            engine._queries.clear()
            started = time.perf_counter()
            engine.search(g.query, k=10)
            latencies.append((time.perf_counter() - started) * 1000)
    print(f"\nwarm query latency (hybrid, k=10, neighbours included, query encoded each time): "
          f"p50 {np.median(latencies):.1f} ms, p95 {np.percentile(latencies, 95):.1f} ms  (n={len(latencies)})")
    print(f"  of which query encoding (numpy): p50 {np.median(encode_ms):.1f} ms "
          f"= {1000 / np.median(encode_ms):.0f} queries/s")

    cold = []
    env = {**os.environ, "ALIGNKG_CACHE": str(cache)}
    command = [str(Path(sys.executable).parent / "alignkg"), "search", "AI that pretends to be aligned", "-k", "5"]
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        cold.append(time.perf_counter() - started)
    print(f"cold start `alignkg search` (new process, model load included, index cached): "
          f"median {statistics.median(cold):.2f} s of {[round(c, 2) for c in cold]}")
    print("\nreproduce: .venv/bin/python benchmarks/search_bench.py")


if __name__ == "__main__":
    main()
