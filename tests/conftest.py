"""Shared fixtures: the curated graph is compiled once per session."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

# The suite never reads or writes the user's own layers: a fresh, empty home for this run
# and compiled-graph cache (inherited by every CLI subprocess), and no layer or engine choice from
# the environment.
os.environ["ALIGNKG_HOME"] = tempfile.mkdtemp(prefix="alignkg-test-home-")
os.environ["ALIGNKG_CACHE"] = tempfile.mkdtemp(prefix="alignkg-test-cache-")  # compiled graphs
os.environ.pop("ALIGNKG_ENGINE", None)
os.environ.pop("ALIGNKG_LAYERS", None)

import alignkg  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
_CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def kg() -> alignkg.KnowledgeGraph:
    """The embedded curated graph."""
    return alignkg.load()


@pytest.fixture(scope="session")
def mini() -> alignkg.KnowledgeGraph:
    """A small fixture graph with every kind of link, for fast focused tests."""
    return alignkg.load(FIXTURES / "mini")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's chromium, installed by ``scripts/install-browser.sh`` when missing.

    Skips, saying why, only where the browser cannot be installed.
    """
    try:
        done = subprocess.run(["bash", str(ROOT / "scripts" / "install-browser.sh")],
                              capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        pytest.skip("installing chromium (scripts/install-browser.sh) took over 15 minutes")
    if done.returncode != 0:
        pytest.skip(f"no headless browser: scripts/install-browser.sh failed: {done.stderr.strip()[-300:]}")
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def chromium_flags() -> list[str]:
    """Command-line flags for headless chromium here: no background connections, no sandbox as root."""
    return list(_CHROMIUM_FLAGS)


@pytest.fixture(scope="module")
def browser(chromium: str, chromium_flags: list[str]):
    """One headless chromium (Playwright) per test module; each test opens its own pages in it.

    Not per session: a live Playwright connection (a thread and a driver process) must not be
    inherited by the query workers that later tests fork.
    """
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, headless=True, args=chromium_flags)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe():
    """``axe(page)``: run axe-core (vendored in tests/vendor/) in a page; its serious and critical violations."""
    script = ROOT / "tests" / "vendor" / "axe.min.js"

    def violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
        page.add_script_tag(path=str(script))
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
        return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in impacts]

    return violations
