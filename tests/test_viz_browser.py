"""The interactive pages really draw in a browser: Debian's headless chromium opens
them offline and reports how many nodes the network drew; screenshots go to
tests/artifacts/ for a person to look at.

The browser is installed by ``scripts/install-browser.sh`` (apt-get install chromium
when it is missing); the test skips, saying why, only where that cannot be done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import alignkg

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGE_FLAGS = [
    "--headless", "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: the page must need no network
    "--virtual-time-budget=15000",
]


@pytest.fixture(scope="module")
def run_chromium(chromium: str, chromium_flags: list[str]) -> Callable[..., str]:
    """Run headless chromium once on a page with a fresh profile; return what it printed."""

    def run(*args: str) -> str:
        profile = tempfile.mkdtemp(prefix="alignkg-chromium-")
        try:
            done = subprocess.run([chromium, *chromium_flags, *PAGE_FLAGS, f"--user-data-dir={profile}", *args],
                                  capture_output=True, text=True, timeout=180)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return run


def drawn(dom: str) -> dict[str, str]:
    match = re.search(r'<div id="alignkg-status"([^>]*)>', dom)
    assert match, "the page has its status element"
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', match.group(1)))


@pytest.mark.parametrize("view, options", [("risk-technique", {}), ("around", {"node": "Debate", "depth": 2})])
def test_browser_draws_every_node_and_edge(run_chromium, kg: alignkg.KnowledgeGraph, view, options):
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / f"{view}.html"
    picture = kg.draw(view, output=page, **options)
    status = drawn(run_chromium("--dump-dom", page.as_uri()))
    assert status.get("state") == "drawn", status
    assert int(status["drawn-nodes"]) == picture.graph.number_of_nodes()
    assert int(status["drawn-edges"]) == picture.graph.number_of_edges()

    shot = ARTIFACTS / f"{view}-screenshot.png"
    shot.unlink(missing_ok=True)
    run_chromium("--window-size=1400,1000", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000, "a blank page would be far smaller"


def test_risk_technique_page_draws_the_sparql_counts(run_chromium, kg: alignkg.KnowledgeGraph):
    risks = kg.query("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a akg:Risk }")[0]["n"]
    techniques, links = (kg.query("""SELECT (COUNT(DISTINCT ?t) AS ?n) (COUNT(DISTINCT CONCAT(STR(?t), STR(?r))) AS ?e)
                                     WHERE { ?t akg:addresses ?r . ?r a akg:Risk }""")[0][k] for k in ("n", "e"))
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "risk-technique-counts.html"
    kg.draw("risk-technique", output=page)
    status = drawn(run_chromium("--dump-dom", page.as_uri()))
    assert (int(status["drawn-nodes"]), int(status["drawn-edges"])) == (risks + techniques, links)


def test_hovering_a_technique_shows_description_maturity_and_source(browser, kg: alignkg.KnowledgeGraph):
    row = kg.query("""SELECT ?description ?maturity WHERE { id:debate dcterms:description ?description ;
                      akg:maturity/rdfs:label ?maturity }""")[0]
    ARTIFACTS.mkdir(exist_ok=True)
    page_file = ARTIFACTS / "risk-technique-hover.html"
    kg.draw("risk-technique", output=page_file)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # the session's shared browser
    try:
        page = context.new_page()
        page.route("http*://**", lambda route: route.abort())  # nothing may leave the machine
        page.goto(page_file.as_uri())
        page.wait_for_selector('#alignkg-status[data-state="drawn"]')
        where = page.evaluate("""() => { const n = window.alignkgNetwork;
            n.focus('id:debate', {scale: n.getScale(), animation: false});  // a reader scrolls to it
            const c = n.canvasToDOM(n.getPosition('id:debate'));
            const r = document.getElementById('network').getBoundingClientRect();
            return {x: c.x + r.left, y: c.y + r.top}; }""")
        page.mouse.move(where["x"], where["y"])
        page.wait_for_selector(".vis-tooltip", state="visible", timeout=10_000)
        tip = page.inner_text(".vis-tooltip")
        page.screenshot(path=str(ARTIFACTS / "risk-technique-hover.png"))
    finally:
        context.close()
    assert tip.startswith("Debate")
    assert f"Maturity:\n{row['maturity']}" in tip or f"Maturity: {row['maturity']}" in tip
    assert "Source:" in tip
    assert " ".join(row["description"].split())[:60] in " ".join(tip.split())
