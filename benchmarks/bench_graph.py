"""Benchmark the core graph: build, load, every named query, and CLI cold start.

Run:  .venv/bin/python benchmarks/bench_graph.py [--repeat 7]
Prints medians (and min/max) in milliseconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

import alignkg
from timing import line, timed
from alignkg.graph.compile import compile_data
from alignkg.graph.sparql import named_queries
from alignkg.ontology.validate import problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    r = args.repeat

    compiled = compile_data()
    print(f"graph: {len(compiled.graph):,} triples, {len(compiled.origins):,} entities\n")
    print(line("load (compile YAML -> rdflib)", timed(compile_data, r)))
    print(line("SHACL validation", timed(lambda: problems(compiled.graph, compiled.origins), max(3, r // 2))))
    print(line("build (compile + validate)", timed(lambda: problems(compile_data().graph), max(3, r // 2))))

    kg = alignkg.load()
    print("\nnamed queries, warm (after one untimed run):")
    for name in named_queries():
        kg.query(name)
        print(line(f"  {name}", timed(lambda: kg.query(name), r)))

    cmd = [sys.executable, "-m", "alignkg", "query", "techniques-for-deceptive-alignment"]
    cold = timed(lambda: subprocess.run(cmd, check=True, capture_output=True), max(3, r // 2))
    print("\n" + line("CLI cold start: alignkg query <named>", cold))
    help_cmd = [sys.executable, "-m", "alignkg", "--help"]
    print(line("CLI cold start: alignkg --help", timed(lambda: subprocess.run(help_cmd, check=True, capture_output=True), 3)))
    loaded = [m for m in ("torch", "sentence_transformers", "faiss") if m in sys.modules]
    print(f"\nheavy modules imported by load+query in this process: {loaded or 'none'}")


if __name__ == "__main__":
    main()
