"""Score ``kg.ask`` on the fresh question set written blind to it (benchmarks/ask_fresh.yaml).

A question is *right* when ask is confident and its rows equal the expected ones, *wrong* when it is
confident with other rows, *unsure* when it is not confident. Rows are compared on the columns that
matter: an answer row matches an expected row when every expected value is among the answer row's
values (IRIs read as their labels, case ignored), and the answer is right when every answer row matches
an expected row and every expected row is matched. For an ``expect: unsure`` question, unsure is right
and any confident answer is wrong.

    .venv/bin/python benchmarks/ask_fresh.py [--all] [FILE.yaml]   # --all also prints the right ones

FILE defaults to benchmarks/ask_fresh.yaml; benchmarks/ask_fresh2.yaml is a second blind set, written
after the first had been used to widen ``ask``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import yaml

import alignkg

QUESTIONS = Path(__file__).with_name("ask_fresh.yaml")


def normalise(value: Any, labels: dict[str, str]) -> str:
    """A cell as comparable text: an IRI becomes its label, whitespace and case are ignored."""
    text = str(value).strip()
    return " ".join(labels.get(text, text).split()).casefold()


def verdict(answer: Any, expect: Any, labels: dict[str, str]) -> str:
    """``right``, ``wrong`` or ``unsure`` for one answer against its expected rows (or ``"unsure"``)."""
    if not answer.confident:
        return "right" if expect == "unsure" else "unsure"
    if expect == "unsure":
        return "wrong"
    given = [{normalise(v, labels) for v in row} for row in answer.rows]
    wanted = [{normalise(v, labels) for v in row} for row in expect]
    every_given = all(any(w <= g for w in wanted) for g in given)
    every_wanted = all(any(w <= g for g in given) for w in wanted)
    return "right" if given and every_given and every_wanted else "wrong"


def main(questions: Path = QUESTIONS, show_all: bool = False) -> int:
    kg = alignkg.load()
    labels = {str(r["x"]): str(r["l"]) for r in kg.query("SELECT ?x ?l WHERE { ?x rdfs:label ?l }")}
    cases = yaml.safe_load(questions.read_text())
    counts = {"right": 0, "unsure": 0, "wrong": 0}
    seconds = []
    for case in cases:
        start = time.perf_counter()
        answer = kg.ask(case["q"], search=False)
        seconds.append(time.perf_counter() - start)
        outcome = verdict(answer, case["expect"], labels)
        counts[outcome] += 1
        if outcome != "right" or show_all:
            print(f"[{outcome.upper()}] {case['q']!r}")
            print(f"    form={answer.form} confident={answer.confident} reason={answer.reason!r}")
            print(f"    given   : {answer.columns} {answer.rows}")
            print(f"    expected: {case['expect']}")
    total = len(cases)
    unanswerable = sum(1 for c in cases if c["expect"] == "unsure")
    seconds.sort()
    print(f"\n{total} questions ({total - unanswerable} answerable, {unanswerable} expected unsure)")
    print(f"right {counts['right']}  unsure {counts['unsure']}  wrong {counts['wrong']}"
          f"  ({counts['right'] / total:.0%} right, {counts['wrong'] / total:.0%} wrong)")
    print(f"ask latency (warm after the first, search=False): p50 {seconds[len(seconds) // 2] * 1000:.1f} ms,"
          f" max {seconds[-1] * 1000:.1f} ms")
    print(f"command: .venv/bin/python benchmarks/ask_fresh.py {questions.name}")
    return 0


if __name__ == "__main__":
    files = [Path(a) for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(files[0] if files else QUESTIONS, "--all" in sys.argv[1:]))
