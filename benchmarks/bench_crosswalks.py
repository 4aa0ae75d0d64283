"""Benchmark the crosswalks: SSSOM export and read-back, atlas import, and what the crosswalk shapes cost SHACL.

Run:  .venv/bin/python benchmarks/bench_crosswalks.py [--repeat 5]
Prints medians (and min/max) in milliseconds. The atlas lines need ../shared/reference (skipped otherwise).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from rdflib import Graph

import alignkg
from timing import line, timed
from alignkg.graph.atlas import read_atlas
from alignkg.graph.sssom import read_sssom, write_sssom
from alignkg.ontology import SHAPES_TTL, ontology, shapes

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    r = parser.parse_args().repeat
    from pyshacl import validate

    kg = alignkg.load()
    print(f"{len(kg.mappings())} mappings, {len(kg):,} triples")
    text = write_sssom(kg.graph)
    print(line("SSSOM export (write_sssom)", timed(lambda: write_sssom(kg.graph), r)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "alignkg.sssom.tsv"
        path.write_text(text, encoding="utf-8")
        print(line("SSSOM read + check every row (read_sssom)", timed(lambda: read_sssom(path, kg.graph), r)))
    for name in ("mit_ai_risk_repository_data.yaml", "mit_ai_risk_mitigation_data.yaml", "nist_ai_rmf_data.yaml"):
        if (REFERENCE / name).is_file():
            print(line(f"atlas read {name}", timed(lambda n=name: read_atlas(REFERENCE / n), r)))
    without = Graph().parse(data=SHAPES_TTL.read_text(encoding="utf-8").split("# Crosswalks (docs/crosswalks.md)")[0],
                            format="turtle")
    run = lambda sh: validate(kg.graph, shacl_graph=sh, ont_graph=ontology(), inference="none", allow_warnings=True)  # noqa: E731
    base = timed(lambda: run(without), r)
    full = timed(lambda: run(shapes()), r)
    print(line("SHACL without the crosswalk shapes", base))
    print(line("SHACL with the crosswalk shapes", full))
    print(f"ratio {statistics.median(full) / statistics.median(base):.2f}")


if __name__ == "__main__":
    main()
