"""Search quality on a fresh, blind query set (benchmarks/search_fresh.yaml or search_fresh2.yaml).

Each set's 60 queries were written by a new hand who had not seen the search code, the gold sets or any
search output. All of them are used (no tune/held-out split). ``search_fresh.yaml`` became development
data once its misses were read (they led to the noun-phrase rules of the type prior);
``search_fresh2.yaml``, written the same way, was scored only in totals, before and after those rules.
Prints hit@1, hit@5 and MRR@10 of BM25 alone (``mode="lexical"``), dense alone (``mode="dense"``)
and the default ranking, then every query the default does not answer at rank 1, with the rank of
its first expected entity (``-`` when not in the top 10) and the top 3 results.

Reproduce::

    .venv/bin/python benchmarks/search_fresh.py [benchmarks/search_fresh2.yaml] [--quiet]   # --quiet: totals only
"""

from __future__ import annotations

import sys
from pathlib import Path

import alignkg
from alignkg.embeddings.evaluate import evaluate, load_gold

GOLD = Path(__file__).resolve().parent / "search_fresh.yaml"
RANKINGS = (("BM25 alone", {"mode": "lexical"}), ("dense alone", {"mode": "dense"}), ("default", {}))


def main(path: Path = GOLD, quiet: bool = False) -> None:
    """Score the three rankings, then (unless ``quiet``) list the default ranking's misses."""
    kg = alignkg.load()
    gold = load_gold(path)
    print(f"{len(gold)} queries from {path.name}; kg.search(q, k=10, neighbors=False, **options)\n")
    print(f"{'ranking':<14} {'options':<18} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}")
    ranks: dict[str, list[int | None]] = {}
    for name, options in RANKINGS:
        scores, ranks[name] = evaluate(gold, lambda q: [r.iri for r in kg.search(q, k=10, neighbors=False, **options)])
        print(f"{name:<14} {str(options):<18} {scores['hit@1']:>6.3f} {scores['hit@5']:>6.3f} {scores['mrr@10']:>7.3f}")
    misses = [i for i, r in enumerate(ranks["default"]) if r != 1]
    if quiet:
        return
    print(f"\ndefault ranking: {len(misses)} queries not at rank 1; [rank: BM25 | dense | default], top 3")
    for i in misses:
        g = gold[i]
        cell = " | ".join(str(ranks[name][i] or "-") for name, _ in RANKINGS)
        top = kg.search(g.query, k=3, neighbors=False)
        print(f"\n[{cell}] {g.query!r}  expect {', '.join(g.expect)}")
        for i, r in enumerate(top, start=1):
            print(f"     {i}. {r.label} ({r.type}) {r.score:.3f}")


if __name__ == "__main__":
    files = [Path(a) for a in sys.argv[1:] if not a.startswith("--")]
    main(files[0] if files else GOLD, "--quiet" in sys.argv[1:])
