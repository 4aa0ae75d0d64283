"""Ingest the seed article twice and score it against the curated graph (the gold standard).

(a) against an empty graph (curated layer off): everything found is a proposal —
    recall of curated entities, numeric finding values, publications and the
    "Risks Addressed" technique→risk links among the proposals;
(b) against the curated graph: mention recall over the same entities, and mention
    precision on the hand-judged sample ``benchmarks/ingest_mention_sample.yaml``
    (passage position, character offset, entity and judgment; no article text).

Run: ``.venv/bin/python benchmarks/ingest_seed.py [--no-embed] [--draw-sample N]``
(``--draw-sample`` writes a fresh random sample of N mentions to judge, keeping the
judgments already made for the same mentions).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_06e20f66644c098b.txt"
SAMPLE = ROOT / "benchmarks" / "ingest_mention_sample.yaml"


def run(embed: bool) -> dict:
    """Both runs; returns the scores and what the precision sample needs."""
    os.environ["ALIGNKG_HOME"] = tempfile.mkdtemp(prefix="alignkg-seed-a-")
    import alignkg
    from alignkg.ingest import gold
    from alignkg.ingest.pipeline import ingest
    from alignkg.ingest.review import queue
    from alignkg.ingest.workspace import load_documents

    text = SEED.read_text(encoding="utf-8")
    curated = alignkg.load(layers=["curated"]).graph
    empty = alignkg.load(layers=[]).graph
    started = time.perf_counter()
    ingest([SEED], knowledge=empty, embed=False)
    seconds_a = time.perf_counter() - started
    proposals = queue()
    entities = gold.gold_entities(curated, text)
    scores = [gold.entity_recall(proposals, entities)]
    findings, qualitative = gold.finding_recall(proposals, curated)
    scores += [findings, gold.publication_recall(proposals, curated), gold.link_recall(proposals, curated, gold.table_risks(text))]

    os.environ["ALIGNKG_HOME"] = tempfile.mkdtemp(prefix="alignkg-seed-b-")
    started = time.perf_counter()
    ingest([SEED], knowledge=curated, embed=embed)
    seconds_b = time.perf_counter() - started
    record = next(iter(load_documents().values()))
    mentions = [(p["position"], m["start"], m["entity"].rsplit("/", 1)[1], len(m["surface"]))
                for p in record["passages"] for m in p["mentions"]]
    scores.append(gold.mention_recall({m["entity"] for p in record["passages"] for m in p["mentions"]}, entities))
    return {"scores": scores, "qualitative": qualitative, "proposals": len(proposals), "mentions": mentions,
            "record": record, "seconds": (seconds_a, seconds_b)}


def precision(mentions: list[tuple[int, int, str, int]]) -> tuple[float, int, int, list[dict]]:
    """Precision over the judged sample; also how many sampled mentions the current run no longer makes."""
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))["sample"]
    present = {(p, s, e) for p, s, e, _ in mentions}
    judged = [item for item in sample if (item["passage"], item["start"], item["entity"]) in present]
    correct = sum(1 for item in judged if item["correct"])
    wrong = [item for item in judged if not item["correct"]]
    return (correct / len(judged) if judged else 0.0), len(judged), len(sample) - len(judged), wrong


def draw(mentions: list[tuple[int, int, str, int]], n: int, record: dict) -> None:
    """Write a fresh random sample (seeded) for judging; prints each mention in context (not saved)."""
    old = {}
    if SAMPLE.is_file():
        old = {(i["passage"], i["start"], i["entity"]): i for i in yaml.safe_load(SAMPLE.read_text())["sample"]}
    chosen = sorted(random.Random(10).sample(mentions, n))
    items = []
    texts = {p["position"]: p["text"] for p in record["passages"]}
    for position, start, entity, length in chosen:
        kept = old.get((position, start, entity), {})
        items.append({"passage": position, "start": start, "length": length, "entity": entity,
                      "correct": kept.get("correct")})
        text = texts[position]
        print(f"{position}:{start} {entity:<40} [{text[max(0, start - 50):start]}<<{text[start:start + length]}>>"
              f"{text[start + length:start + length + 40]}]")
    SAMPLE.write_text(yaml.safe_dump({"about": "Hand-judged random sample of mentions made by `alignkg ingest` on the "
                                                "seed article (positions and entities only).", "sample": items},
                                     sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-embed", action="store_true", help="no embeddings: ambiguous names are left out")
    parser.add_argument("--draw-sample", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if not SEED.is_file():
        sys.exit(f"seed article not found: {SEED}")
    result = run(embed=not args.no_embed)
    print(f"seed: {SEED.name}; (a) {result['seconds'][0]:.1f} s, {result['proposals']} proposals; "
          f"(b) {result['seconds'][1]:.1f} s, {len(result['mentions'])} mentions")
    for score in result["scores"]:
        print(score.line())
    print(f"{'':<34} (curated findings without a number, not scored: {result['qualitative']})")
    if args.draw_sample:
        draw(result["mentions"], args.draw_sample, result["record"])
        return
    value, judged, gone, wrong = precision(result["mentions"])
    print(f"{'mention precision (hand-judged)':<34} {value:6.3f}  ({judged} judged mentions; {gone} sampled ones no longer made)")
    for score in result["scores"]:
        if score.misses:
            print(f"\nmisses, {score.name}: " + "; ".join(score.misses))
    if wrong:
        print("\nwrong mentions in the sample: " + "; ".join(f"{w['passage']}:{w['start']} {w['entity']}" for w in wrong))
    print(f"\ncommand: .venv/bin/python benchmarks/ingest_seed.py{' --no-embed' if args.no_embed else ''}")


if __name__ == "__main__":
    main()
