"""The pages of `alignkg serve` in headless Chromium (Debian's, driven by Playwright), with every request to
another host aborted: search and follow links through entity pages, run a named query in the YASGUI
workbench and open an IRI from its results, draw a CONSTRUCT answer, ask in plain words, and pass axe-core.

The browser comes from ``scripts/install-browser.sh`` (apt-get install chromium when missing); the tests
skip, saying why, only where that cannot be done. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture()
def tab(browser, live_url: str):
    """A fresh page of the shared browser; requests to any other host than the server are aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.elsewhere = []
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))

    def route(request_route) -> None:
        if request_route.request.url.startswith(live_url):
            request_route.continue_()
        else:
            page.elsewhere.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    yield page
    assert page.elsewhere == [], f"the page tried to reach other hosts: {page.elsewhere[:3]}"
    assert page.errors == [], page.errors[:3]
    context.close()


def open_workbench(tab, live_url: str, query: str = "") -> None:
    tab.goto(f"{live_url}/{query}")
    tab.wait_for_selector('body[data-ready="true"]', timeout=30_000)


def test_search_open_a_result_follow_a_neighbour_and_go_back(tab, live_url, kg) -> None:
    open_workbench(tab, live_url)
    tab.fill("#q", "models that pretend to be aligned")
    tab.press("#q", "Enter")
    tab.wait_for_selector("#hits li a")
    first = tab.locator("#hits li a").first
    label = first.inner_text()
    with tab.expect_navigation():
        first.click()
    assert tab.inner_text("main h1") == label
    assert tab.url.startswith(f"{live_url}/id/")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "entity-page.png"))
    neighbour = tab.locator(".group a").first
    neighbour_label = neighbour.inner_text()
    neighbour.click()
    tab.wait_for_function(f"document.querySelector('main h1').textContent === {json.dumps(neighbour_label)}")
    tab.go_back()
    tab.wait_for_function(f"document.querySelector('main h1').textContent === {json.dumps(label)}")


def test_a_named_query_runs_and_its_iris_open_entity_pages(tab, live_url, kg, axe) -> None:
    open_workbench(tab, live_url)
    name = "risk-technique-links"
    tab.click(f'#named button[data-name="{name}"]')
    tab.wait_for_selector('#yasgui[data-state="answered"]')
    tab.wait_for_selector(".yasr tbody tr")
    assert f"{len(kg.query(name))} results" in tab.inner_text(".yasr")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "workbench.png"), full_page=True,
                   clip={"x": 0, "y": 0, "width": 1280, "height": 1500})
    assert axe(tab) == []  # the results table too
    link = tab.locator('.yasr tbody a[href^="id/"]').first
    href = link.get_attribute("href")
    with tab.expect_navigation():
        link.click()
    iri = "https://w3id.org/alignkg/id/" + href.removeprefix("id/")
    assert tab.inner_text("main h1") == kg.query(f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }}")[0]["l"]


def test_a_shared_url_opens_a_construct_answer_drawn_as_a_graph(tab, live_url, kg) -> None:
    query = "CONSTRUCT { ?t akg:addresses id:deceptive-alignment } WHERE { ?t akg:addresses id:deceptive-alignment }"
    open_workbench(tab, live_url, "?query=" + quote(query))
    tab.wait_for_selector(".graph-plugin[data-nodes]")
    drawn = tab.locator(".graph-plugin")
    techniques = kg.query("SELECT ?t WHERE { ?t akg:addresses id:deceptive-alignment }")
    assert int(drawn.get_attribute("data-nodes")) == len(techniques) + 1
    assert int(drawn.get_attribute("data-edges")) == len(techniques)


def test_asking_in_plain_words_answers_or_falls_back_to_search(tab, live_url) -> None:
    try:
        urllib.request.urlopen(f"{live_url}/ask?q=test", timeout=30)
        has_ask = True
    except urllib.error.HTTPError as error:
        has_ask = error.code != 404
    open_workbench(tab, live_url)
    tab.fill("#ask-q", "which techniques address deceptive alignment?")
    tab.press("#ask-q", "Enter")
    tab.wait_for_function("!['', 'thinking…'].includes(document.getElementById('ask-status').textContent)")
    if has_ask:
        assert tab.locator("#ask-table tbody tr, #ask-result li").count() > 0
        tab.fill("#ask-q", "does RLHF stop scheming?")  # read, but the graph records no link: unsure, query shown
        tab.press("#ask-q", "Enter")
        tab.wait_for_function("document.getElementById('ask-status').textContent.includes('records nothing')")
        shown = tab.inner_text("#ask-result")
        assert "No rows: the graph records no link between RLHF and Scheming" in shown and "akg:Mitigation" in shown
        assert tab.locator("#ask-result li").count() > 0, "search results follow"
    else:
        assert "does not answer questions in plain words" in tab.inner_text("#ask-status")
        assert tab.locator("#hits li").count() > 0


@pytest.mark.parametrize("path", ["/", "/id/debate", "/id/deceptive-alignment", "/id/debat"])
def test_pages_pass_axe_core(tab, live_url, axe, path) -> None:
    if path == "/":
        open_workbench(tab, live_url)
    else:
        tab.goto(live_url + path)
    if path in ("/id/debate", "/id/deceptive-alignment"):
        tab.wait_for_selector('#alignkg-status[data-state="drawn"]')
    if path == "/id/debate":  # the README's picture of an entity page (docs/img/entity-page.png)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "entity-debate.png"), full_page=True,
                       clip={"x": 0, "y": 0, "width": 1280, "height": 1500})
    assert axe(tab) == []


def test_an_entity_page_reads_on_a_phone_and_by_keyboard(browser, live_url) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_url) else r.abort())
    try:
        page.goto(f"{live_url}/id/debate")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, "no sideways scrolling on a phone"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")
        for _ in range(6):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "A"
        assert page.evaluate("document.activeElement.closest('main') !== null")
    finally:
        context.close()
