"""A bounded load test on loopback: 1, 8 and 32 concurrent clients, zero errors.

It runs ``benchmarks/load_test.py`` (the script whose figures docs/serve.md records) in a
short mode against the live server; it asserts counts and errors, never times.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_test.py"


def test_a_named_query_and_search_under_1_8_and_32_clients_have_no_errors(live_url: str) -> None:
    args = [sys.executable, str(SCRIPT), "--url", live_url, "--levels", "1,8,32", "--requests", "64",
            "--seconds", "60", "--json"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert [r["clients"] for r in results if r["target"].startswith("query")] == [1, 8, 32]
    for level in results:
        assert level["errors"] == 0, level
        assert level["requests"] == 64, level  # every request was made and answered
    assert done.returncode == 0, done.stderr
