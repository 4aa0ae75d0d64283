"""Ingest throughput: a folder of generated wiki-sized MDX articles, cold caches, then unchanged again.

Generates ``--articles`` articles of about ``--words`` words each (front matter, an
import line, headed sections, EntityLink components, tables, bullet lists, footnotes;
sentences from templates filled with curated entity names and random numbers, seeded),
then measures, in a fresh ``ALIGNKG_HOME`` and a fresh embedding cache:

1. ``ingest`` of the folder, embeddings included;
2. ``ingest`` again with nothing changed;
3. in a new process: loading the graph with the ingested layer, then the first (cold)
   answer of the named queries ``ingested-documents`` and ``ingested-passages-mentioning-both``
   (two bound entities).

Run: ``.venv/bin/python benchmarks/ingest_throughput.py [--articles 100] [--words 5000] [--no-embed]``
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = [
    "{T} was tried against {R} in a {n}-week trial, and the team saw {p}% fewer failures than the baseline.",
    "Several groups, {O} among them, argue that {T} only helps while the overseer can still check the work.",
    "A follow-up run reported that {T} lowered the rate of {R} from {p}% to {q}% on held-out prompts.",
    "Critics point out that {R} can return whenever the training data shifts, whatever method is used.",
    "The cost of {T} grew roughly {x}x when the model size doubled, which worried the reviewers.",
    "{O} published a short note describing how {T} and {T2} could be combined in one pipeline.",
    "Nobody has yet shown that {T} scales past models with {b}B parameters without losing accuracy.",
    "In interviews, {n} researchers said {R} was the failure they feared most for the next decade.",
    "The evaluation used {n} tasks, and {T} beat the simpler baseline on {p}% of them.",
    "Some of the gains vanished once the prompts were paraphrased, which suggests the method learned surface cues.",
    "A red team spent {n} days looking for ways around {T} and found {m} distinct attacks.",
    "Funding for work on {T} reached ${d}M in the last year, most of it from {O}.",
    "The authors caution that their sample was small and that the effect on {R} may not replicate.",
    "When the judge model was weaker than the policy by {e} Elo, agreement fell to {p}%.",
    "Taken together, these results make {T} a promising but unproven answer to {R}.",
]
HEADINGS = ["Background", "Method", "Results", "Limitations", "Open Questions", "Related Work", "Costs",
            "Deployment", "Evaluation", "Outlook", "Case Study", "Comparison"]


def names() -> dict[str, list[tuple[str, str]]]:
    """Curated labels (and slugs) by kind, to fill the templates."""
    import alignkg

    kg = alignkg.load(layers="curated")
    found: dict[str, list[tuple[str, str]]] = {}
    for kind in ("Technique", "Risk", "Organization"):
        rows = kg.query(f"SELECT ?e ?l WHERE {{ ?e a akg:{kind} ; rdfs:label ?l }} ORDER BY ?e")
        found[kind] = [(r["l"], r["e"].rsplit("/", 1)[1]) for r in rows]
    return found


def sentence(rng: random.Random, pool: dict[str, list[tuple[str, str]]], link: bool) -> str:
    technique, slug = rng.choice(pool["Technique"])
    shown = f'<EntityLink id="{slug}">{technique}</EntityLink>' if link else technique
    p = rng.randint(5, 95)
    return rng.choice(TEMPLATES).format(
        T=shown, T2=rng.choice(pool["Technique"])[0], R=rng.choice(pool["Risk"])[0], O=rng.choice(pool["Organization"])[0],
        n=rng.randint(2, 40), m=rng.randint(2, 12), p=p, q=max(1, p - rng.randint(1, p)), x=rng.randint(2, 9),
        b=rng.randint(1, 70), d=rng.randint(1, 90), e=rng.randint(100, 600))


def article(rng: random.Random, pool: dict, number: int, words: int) -> str:
    title = f"Field Notes {number}: {rng.choice(pool['Technique'])[0]}"
    out = [f"---\ntitle: \"{title}\"\ndescription: Generated article {number} for the ingest throughput benchmark.\n"
           f"lastEdited: \"2026-01-{1 + number % 28:02d}\"\n---",
           "import {EntityLink, R} from '@components/wiki';", ""]
    count, notes = 0, 0
    while count < words:
        out.append(f"## {rng.choice(HEADINGS)} {rng.randint(1, 99)}\n")
        for _ in range(rng.randint(2, 4)):
            paragraph = " ".join(sentence(rng, pool, rng.random() < 0.1) for _ in range(rng.randint(3, 6)))
            if rng.random() < 0.3:
                notes += 1
                paragraph += f"[^{notes}]"
            out.append(paragraph + "\n")
            count += len(paragraph.split())
        if rng.random() < 0.4:
            out.append("| Risk | Relevance | Key Techniques |\n|---|---|---|")
            for _ in range(rng.randint(3, 6)):
                out.append(f"| {rng.choice(pool['Risk'])[0]} | {rng.choice(['High', 'Medium', 'Low'])} | "
                           f"{rng.choice(pool['Technique'])[0]}, {rng.choice(pool['Technique'])[0]} |")
            out.append("")
            count += 40
        if rng.random() < 0.3:
            out += [f"- {sentence(rng, pool, False)}" for _ in range(3)] + [""]
            count += 60
    for n in range(1, notes + 1):
        out.append(f"[^{n}]: Author{n}, A. & Writer, B. ({rng.randint(2015, 2025)}). Notes on topic {n} of article "
                   f"{number}. https://example.org/{number}/{n}")
    return "\n".join(out) + "\n"


COLD_QUERY = """
import time
t = time.perf_counter()
import alignkg
kg = alignkg.load()
loaded = time.perf_counter() - t
t = time.perf_counter(); rows = kg.query("ingested-documents"); documents = time.perf_counter() - t
from alignkg.graph.compile import iri
t = time.perf_counter()
both = list(kg.execute("ingested-passages-mentioning-both", {"a": iri("debate"), "b": iri("deceptive-alignment")}))
pair = time.perf_counter() - t
print(f"{loaded:.2f} {documents:.2f} {pair:.2f} {len(rows)} {len(both)} {len(kg)}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--no-embed", action="store_true", help="leave embeddings out (to time the rest alone)")
    args = parser.parse_args()
    embed = not args.no_embed
    work = Path(tempfile.mkdtemp(prefix="alignkg-throughput-"))
    os.environ["ALIGNKG_HOME"] = str(work / "home")
    os.environ["ALIGNKG_CACHE"] = str(work / "cache")
    rng = random.Random(2026)
    pool = names()
    folder = work / "articles"
    folder.mkdir()
    total = 0
    for number in range(args.articles):
        text = article(rng, pool, number, args.words)
        total += len(text.split())
        (folder / f"article-{number:03d}.mdx").write_text(text, encoding="utf-8")
    print(f"{args.articles} articles, {total / args.articles:,.0f} words each on average, in {folder}")

    import alignkg
    from alignkg.ingest.pipeline import ingest, layers_key
    from alignkg.layers import select

    started, cpu = time.perf_counter(), time.process_time()
    first = ingest([folder], knowledge=lambda: alignkg.load(layers="curated").graph,
                   key=layers_key(select("curated")), embed=embed)
    first_seconds, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    what = "embeddings included" if embed else "without embeddings"
    print(f"first ingest (cold caches, {what}): {first_seconds:.1f} s wall, {first_cpu:.1f} s CPU "
          f"(all threads; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores) — {first.summary()}")
    print(f"  {first.passages / first_seconds:.1f} passages/s wall, {first.passages / first_cpu:.1f} passages per CPU-second")

    started = time.perf_counter()  # as `alignkg ingest` does it: the graph is only loaded if a file needs work
    again = ingest([folder], knowledge=lambda: alignkg.load(layers="curated").graph,
                   key=layers_key(select("curated")), embed=embed)
    print(f"re-ingest unchanged: {time.perf_counter() - started:.2f} s — {again.summary()}")

    done = subprocess.run([sys.executable, "-c", COLD_QUERY], capture_output=True, text=True, check=True)
    loaded, documents, pair, rows, both, triples = done.stdout.split()
    print(f"new process: load {float(loaded):.2f} s ({int(triples):,} triples); first answer of ingested-documents "
          f"{float(documents):.2f} s ({rows} rows); of ingested-passages-mentioning-both (bound) {float(pair):.2f} s "
          f"({both} rows)")
    flag = "" if embed else " --no-embed"
    print(f"command: .venv/bin/python benchmarks/ingest_throughput.py --articles {args.articles} --words {args.words}{flag}")


if __name__ == "__main__":
    main()
