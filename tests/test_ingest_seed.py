"""The seed benchmark's thresholds, asserted: ingest the source article against an empty graph and
against the curated graph, and score it with :mod:`alignkg.ingest.gold` (the curated graph is the gold standard).

The seed is read at run time from ``ROOT.parent / "shared" / "seed"``; no article text is
kept in the repository. Runs without embeddings (ambiguous names are then left out), so it
needs no model; ``benchmarks/ingest_seed.py`` prints the same figures with embeddings.
Mention precision is measured on the hand-judged sample ``benchmarks/ingest_mention_sample.yaml``
(judged once, on the run with embeddings). Rules changed since then only drop judged mentions
(QuALITY is not "quality"; a "Key Papers" cell names the paper) or add new ones (people and
organisations inside a publication's name), which are not in the sample and were judged apart
(docs/ingest.md); no judgment was changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import alignkg
from alignkg.ingest import gold
from alignkg.ingest.pipeline import ingest
from alignkg.ingest.review import queue
from alignkg.ingest.workspace import load_documents

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_06e20f66644c098b.txt"
SAMPLE = ROOT / "benchmarks" / "ingest_mention_sample.yaml"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"the seed article is not at {SEED}")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    import os

    saved = os.environ["ALIGNKG_HOME"]
    text = SEED.read_text(encoding="utf-8")
    curated = alignkg.load(layers="curated").graph
    try:
        os.environ["ALIGNKG_HOME"] = str(tmp_path_factory.mktemp("seed-empty"))
        ingest([SEED], knowledge=alignkg.load(layers=[]).graph, embed=False)
        proposals = queue()
        os.environ["ALIGNKG_HOME"] = str(tmp_path_factory.mktemp("seed-curated"))
        ingest([SEED], knowledge=curated, embed=False)
        record = next(iter(load_documents().values()))
    finally:
        os.environ["ALIGNKG_HOME"] = saved
    return {"text": text, "curated": curated, "proposals": proposals, "record": record,
            "entities": gold.gold_entities(curated, text)}


def test_finding_values_recall(runs) -> None:
    score, _ = gold.finding_recall(runs["proposals"], runs["curated"])
    assert score.total >= 100 and score.value >= 0.8, score.misses


def test_risks_addressed_links_recall(runs) -> None:
    score = gold.link_recall(runs["proposals"], runs["curated"], gold.table_risks(runs["text"]))
    assert score.total >= 25 and score.value >= 0.95, score.misses


def test_mention_recall(runs) -> None:
    mentioned = {m["entity"] for p in runs["record"]["passages"] for m in p["mentions"]}
    score = gold.mention_recall(mentioned, runs["entities"])
    assert score.total >= 250 and score.value >= 0.9, score.misses


def test_mention_precision_on_the_judged_sample(runs) -> None:
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))["sample"]
    made = {(p["position"], m["start"], m["entity"].rsplit("/", 1)[1])
            for p in runs["record"]["passages"] for m in p["mentions"]}
    judged = [item for item in sample if (item["passage"], item["start"], item["entity"]) in made]
    assert len(judged) >= 100
    assert sum(item["correct"] for item in judged) / len(judged) >= 0.9


def test_entity_recall_reaches_the_target(runs) -> None:
    """The issue's 0.9; the level reached is 0.95 (280/294), guarded with a small margin."""
    score = gold.entity_recall(runs["proposals"], runs["entities"])
    assert score.total >= 250 and score.value >= 0.93, score.misses


def test_publication_recall_reaches_the_target(runs) -> None:
    """The issue's 0.9, and the level reached guarded (0.96: 53 of the 55 publications the article cites)."""
    score = gold.publication_recall(runs["proposals"], runs["curated"])
    assert score.total >= 55 and score.value >= 0.95, score.misses
