"""Retrieval quality on a gold set: hit@1, hit@5 and MRR@10.

A gold set is a YAML list of ``{query, expect: [ids]}``; a query is answered
at rank r if any expected entity is the r-th result. Each query belongs to one
half, ``tune`` or ``heldout``, decided by a hash of its text (so no one picks
which queries are held out): rankings are tuned on the ``tune`` half and judged
on the ``heldout`` half only.

Example
-------
>>> ranks = [1, 3, None]
>>> round(metrics(ranks)["mrr@10"], 3)
0.444
>>> GoldQuery("AI that pretends to be aligned", ("deceptive-alignment",)).split
'tune'
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from alignkg.graph.schema import ID


@dataclass(frozen=True)
class GoldQuery:
    """A question and the ids of the entities that answer it."""

    query: str
    expect: tuple[str, ...]

    @property
    def split(self) -> str:
        """``tune`` or ``heldout``: the parity of the SHA-256 of the query text."""
        return "heldout" if int(hashlib.sha256(self.query.encode()).hexdigest(), 16) % 2 else "tune"


def load_gold(path: Path | str, split: str | None = None) -> list[GoldQuery]:
    """Read a gold-set YAML file; ``split`` (``tune`` or ``heldout``) keeps one half."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    gold = [GoldQuery(e["query"], tuple(e["expect"])) for e in entries]
    return [g for g in gold if split is None or g.split == split]


def rank_of(result_iris: list[str], expect: tuple[str, ...]) -> int | None:
    """1-based rank of the first expected entity in the results, or ``None``."""
    wanted = {str(ID[slug]) for slug in expect}
    return next((i for i, iri in enumerate(result_iris, start=1) if iri in wanted), None)


def metrics(ranks: list[int | None]) -> dict[str, float]:
    """hit@1, hit@5 and MRR@10 of a list of ranks."""
    n = max(len(ranks), 1)
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr@10": sum(1 / r for r in ranks if r is not None and r <= 10) / n,
    }


def evaluate(gold: list[GoldQuery], search: Callable[[str], list[str]]) -> tuple[dict[str, float], list[int | None]]:
    """Run ``search`` (text → ranked IRIs, at least 10) on every gold query."""
    ranks = [rank_of(search(g.query), g.expect) for g in gold]
    return metrics(ranks), ranks
