"""How long drawing the curated graph takes, per view and format.

Each timing starts from a loaded graph with the networkx conversion NOT cached, so it
includes RDF → networkx, the view, the layout and the rendering (what ``alignkg viz``
does after loading). The end-to-end CLI time (Python start-up, loading the data and
drawing) is measured too.

Run:  .venv/bin/python benchmarks/viz_render.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import timed

import alignkg

CASES = [
    ("risk-technique", {}),
    ("coverage", {}),
    ("around", {"node": "Debate", "depth": 2}),
    ("graph", {}),  # every entity and link: the whole curated graph
]


def draw_timed(kg: alignkg.KnowledgeGraph, view: str, fmt: str, options: dict) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (CPU time is less disturbed by other jobs on a shared machine)."""
    kg.__dict__.pop("_viz_entity_graph", None)  # count the RDF → networkx conversion every time
    started, cpu = time.perf_counter(), time.process_time()
    picture = kg.draw(view, **options)
    data = picture.to_bytes(fmt)
    return time.perf_counter() - started, time.process_time() - cpu, f"{len(data) / 1024:,.0f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    kg = alignkg.load()
    print(f"load: {time.perf_counter() - started:.2f} s ({len(kg):,} triples)")
    kg.draw("around", node="Debate", depth=1).to_bytes("png")  # warm imports (matplotlib, scipy, SPARQL parser)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{'view':16} {'format':6} {'median s':>9} {'max s':>7} {'cpu s':>6} {'size':>10} nodes/links")
    for view, options in CASES:
        picture = kg.draw(view, **options)
        shape = (f"{len(picture.coverage.risks)}x{len(picture.coverage.techniques)} matrix" if picture.coverage
                 else f"{picture.graph.number_of_nodes()}/{picture.graph.number_of_edges()}")
        for fmt in ("html", "png", "svg"):
            runs = [draw_timed(kg, view, fmt, options) for _ in range(args.repeat)]
            times, cpus = [r[0] for r in runs], [r[1] for r in runs]
            print(f"{view:16} {fmt:6} {statistics.median(times):9.2f} {max(times):7.2f} "
                  f"{statistics.median(cpus):6.2f} {runs[0][2]:>10} {shape}")

    alignkg_bin = Path(sys.executable).with_name("alignkg")
    with tempfile.TemporaryDirectory() as folder:
        for view, fmt in (("risk-technique", "html"), ("risk-technique", "png"), ("graph", "html"), ("graph", "png")):
            command = [str(alignkg_bin), "viz", view, "-o", f"{folder}/out.{fmt}"]
            times = timed(functools.partial(subprocess.run, command, check=True, capture_output=True), 3)
            print(f"CLI end to end: alignkg viz {view} -o out.{fmt}: median {statistics.median(times) / 1000:.2f} s")
    print("reproduce: .venv/bin/python benchmarks/viz_render.py --repeat", args.repeat)


if __name__ == "__main__":
    main()
