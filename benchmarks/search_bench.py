"""Search and ask: quality and speed on the curated graph, side by side in one run.

Prints, on both halves of the gold set (tests/search_gold.yaml; the ranking's weights were tuned on
``tune``, ``heldout`` is the one that counts): hit@1, hit@5, MRR@10 of BM25 alone, dense alone,
hybrid text only (the graph's weights at 0), hybrid with RRF, and the default; the share of risks and
techniques found in the top 3 from a description in other words (tests/search_paraphrases.yaml);
``ask`` on its question set (right / unsure / wrong); warm latency p50/p95 of search (neighbours
included, query encoded every time) and of ask; the cold start of ``alignkg search`` and
``alignkg ask`` (new process, index cached). The query encoder is the one searches use (ONNX Runtime
once the index build has exported the model); the numpy encoder's time is printed beside it.
``--full`` adds model load, index build and encoding throughput (slow: a whole index build on an
empty cache).

Reproduce::

    .venv/bin/python benchmarks/search_bench.py            # add --full for the index build figures
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
import yaml

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
GRAPH_WEIGHTS = ("LIFT", "INHERIT", "DEMOTE", "PRIOR", "MENTION", "HOP")


def timed(fn, *args, **kwargs):  # noqa: ANN001, ANN201 - a tiny helper
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def quality(engine, search_module) -> None:  # noqa: ANN001
    from alignkg.embeddings.evaluate import evaluate, load_gold

    halves = {split: load_gold(TESTS / "search_gold.yaml", split) for split in ("heldout", "tune")}
    print(f"\n{'ranking':<28} {'held-out (' + str(len(halves['heldout'])) + ')':>22}   {'tune (' + str(len(halves['tune'])) + ')':>22}")
    print(f"{'':<28} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}   {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}")
    saved = {name: getattr(search_module, name) for name in GRAPH_WEIGHTS}
    rankings = [("BM25 alone", {"mode": "lexical"}, saved), ("dense alone", {"mode": "dense"}, saved),
                ("hybrid, text only", {}, dict.fromkeys(GRAPH_WEIGHTS, 0.0)),
                ("hybrid, RRF + graph", {"fusion": "rrf"}, saved), ("default (z-score + graph)", {}, saved)]
    for name, options, weights in rankings:
        for key, value in weights.items():
            setattr(search_module, key, value)
        cells = []
        for gold in halves.values():
            scores, _ = evaluate(gold, lambda q: [r.iri for r in engine.search(q, k=10, neighbors=False, **options)])
            cells.append(f"{scores['hit@1']:>6.3f} {scores['hit@5']:>6.3f} {scores['mrr@10']:>7.3f}")
        print(f"{name:<28} {cells[0]}   {cells[1]}")
    for key, value in saved.items():
        setattr(search_module, key, value)
    paraphrases = yaml.safe_load((TESTS / "search_paraphrases.yaml").read_text(encoding="utf-8"))
    from alignkg.graph.schema import ID

    missed = [slug for slug, text in paraphrases.items()
              if str(ID[slug]) not in [r.iri for r in engine.search(text, k=3, neighbors=False)]]
    print(f"\nrisks and techniques in the top 3 from a description in other words: "
          f"{len(paraphrases) - len(missed)}/{len(paraphrases)} (missed: {', '.join(missed) or 'none'})")


def ask_quality(kg) -> list[float]:  # noqa: ANN001
    """Score the ask question set; return the warm latencies (ms)."""
    questions = yaml.safe_load((TESTS / "ask_questions.yaml").read_text(encoding="utf-8"))
    verdicts, latencies = {"right": 0, "unsure": 0, "wrong": 0}, []
    kg.ask(questions[0]["q"])
    for entry in questions:
        answer, seconds = timed(kg.ask, entry["q"])
        latencies.append(seconds * 1000)
        if not answer.confident:
            verdicts["right" if entry.get("unsure") else "unsure"] += 1
            continue
        width = len(entry["rows"][0]) if entry.get("rows") else 0  # an `unsure: true` entry has no rows
        got = {tuple(str(v) for v in row[:width]) for row in answer.rows}
        want = {tuple(str(v) for v in row) for row in entry.get("rows", [])}
        verdicts["right" if not entry.get("unsure") and answer.form == entry["form"] and got == want else "wrong"] += 1
    n = len(questions)
    print(f"\nask, {n} questions: right {verdicts['right']} ({verdicts['right'] / n:.1%}), unsure "
          f"{verdicts['unsure']} ({verdicts['unsure'] / n:.1%}), wrong {verdicts['wrong']} ({verdicts['wrong'] / n:.1%})")
    return latencies


def cold(command: list[str], env: dict[str, str]) -> str:
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    return f"median {statistics.median(runs):.2f} s of {[round(r, 2) for r in runs]}"


def main() -> None:
    import alignkg
    from alignkg.embeddings import encoder, search as search_module
    from alignkg.embeddings.evaluate import load_gold
    from alignkg.embeddings.numpy_bert import NumpyBert
    from alignkg.embeddings.search import SearchEngine

    full = "--full" in sys.argv[1:]
    cache = Path(os.environ.get("ALIGNKG_CACHE") or tempfile.mkdtemp(prefix="alignkg-bench-"))
    kg = alignkg.load()
    spec = encoder.resolve_model()
    engine, build = timed(SearchEngine, kg.graph, cache_dir=cache)
    print(f"graph: {len(kg.graph):,} triples, {len(engine.docs)} indexed entities; model {spec.name}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    if full:
        _, st_load = timed(encoder.load_model, spec)
        _, np_load = timed(NumpyBert, spec.location)
        from alignkg.embeddings.onnx_bert import OnnxBert, onnx_file

        _, ort_load = timed(OnnxBert, spec.location, onnx_file(spec, engine.root))
        texts = [d.text for d in engine.docs]
        _, encode_all = timed(encoder.encode_documents, spec, texts)
        print(f"model load: sentence-transformers {st_load:.2f} s (import included), numpy query encoder {np_load:.2f} s, "
              f"ONNX Runtime query encoder {ort_load:.2f} s (import included)")
        print(f"index build (or open, if $ALIGNKG_CACHE holds it): {build:.1f} s; document encoding: "
              f"{len(texts) / encode_all:.1f} texts/s, sentence-transformers, batch 32")
    _, reopen = timed(SearchEngine, kg.graph, cache_dir=cache)
    print(f"reopening the built index (manifest + checksum + BM25 + graph links): {reopen:.2f} s")

    quality(engine, search_module)
    engine_for_kg = search_module.engine_for(kg.graph, cache_dir=cache)
    ask_latencies = ask_quality(kg)

    gold = load_gold(TESTS / "search_gold.yaml")
    root = engine_for_kg.root
    query_encoder = encoder.query_encoder(spec, root)
    numpy_encoder = NumpyBert(spec.location)
    latencies, encode_ms, numpy_ms = [], [], []
    for g in gold:
        engine_for_kg.search(g.query, k=10)  # neighbourhoods are kept once found: warm means seen before
    for _ in range(2):
        for g in gold:
            _, seconds = timed(query_encoder.encode, g.query)
            encode_ms.append(seconds * 1000)
            engine_for_kg._queries.clear()  # the query is encoded again, as a new query would be
            _, seconds = timed(engine_for_kg.search, g.query, k=10)
            latencies.append(seconds * 1000)
    for _ in range(2):  # apart: its 42 MB of weights would push the other encoder's out of the CPU caches
        for g in gold:
            _, seconds = timed(numpy_encoder.encode, g.query)
            numpy_ms.append(seconds * 1000)
    print(f"\nwarm search (hybrid + graph, k=10, neighbours, query encoded each time): "
          f"p50 {np.median(latencies):.1f} ms, p95 {np.percentile(latencies, 95):.1f} ms (n={len(latencies)})")
    print(f"  of which query encoding ({query_encoder.name}): p50 {np.median(encode_ms):.1f} ms, "
          f"p95 {np.percentile(encode_ms, 95):.1f} ms; the numpy encoder: p50 {np.median(numpy_ms):.1f} ms, "
          f"p95 {np.percentile(numpy_ms, 95):.1f} ms")
    print(f"warm ask: p50 {np.median(ask_latencies):.1f} ms, p95 {np.percentile(ask_latencies, 95):.1f} ms "
          f"(n={len(ask_latencies)})")

    env = {**os.environ, "ALIGNKG_CACHE": str(cache)}
    exe = str(Path(sys.executable).parent / "alignkg")
    print(f"cold `alignkg search \"AI that pretends to be aligned\" -k 5`: "
          f"{cold([exe, 'search', 'AI that pretends to be aligned', '-k', '5'], env)}")
    print(f"cold `alignkg ask \"which techniques address deceptive alignment?\"`: "
          f"{cold([exe, 'ask', 'which techniques address deceptive alignment?'], env)}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print("\nreproduce: .venv/bin/python benchmarks/search_bench.py")


if __name__ == "__main__":
    main()
