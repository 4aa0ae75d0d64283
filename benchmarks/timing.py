"""Timing helpers shared by the benchmark scripts (run them as ``python benchmarks/NAME.py``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def line(name: str, samples: list[float], width: int = 46) -> str:
    """One report line: the median, with min, max and count."""
    return (f"{name:<{width}} median {statistics.median(samples):8.1f} ms   "
            f"(min {min(samples):.1f}, max {max(samples):.1f}, n={len(samples)})")
