"""The page at / in headless Chromium (Debian's, driven by Playwright): a person types a
query and sees rows and a graph; picks a named query; searches.

The browser comes from ``scripts/install-browser.sh`` (apt-get install chromium when
missing); the test skips, saying why, only where that cannot be done.
"""

from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def page(live_url: str, chromium: str, chromium_flags: list[str]):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             headless=True, args=chromium_flags)
        tab = browser.new_page()
        tab.goto(live_url + "/")
        yield tab
        browser.close()


def test_typing_a_query_shows_its_rows_and_a_graph(page, kg) -> None:
    query = "SELECT ?t ?label WHERE { ?t a akg:Technique ; rdfs:label ?label } ORDER BY ?label LIMIT 7"
    page.fill("#query", query)
    page.click("#run")
    page.wait_for_function("document.querySelectorAll('#results tr').length > 1")
    cells = page.locator("#results tr td:nth-child(2)").all_inner_texts()
    assert cells == [row["label"] for row in kg.query(query)]
    assert page.locator("#graph circle").count() == 14  # 7 techniques and their 7 labels
    assert "7 rows" in page.inner_text("#status")


def test_a_refused_query_shows_the_servers_message(page) -> None:
    page.fill("#query", "LOAD <http://127.0.0.1:9/x.ttl>")
    page.click("#run")
    page.wait_for_function("document.getElementById('status').className === 'error'")
    assert "LOAD is refused" in page.inner_text("#status")


def test_choosing_a_named_query_fills_and_runs_it(page, kg) -> None:
    name = "techniques-for-deceptive-alignment"
    page.select_option("#named", name)
    assert "akg:addresses" in page.input_value("#query")
    page.click("#run")
    page.wait_for_function("document.getElementById('status').textContent.includes('row')")
    assert page.locator("#results tr").count() == len(kg.query(name)) + 1


def test_a_search_shows_its_hits(page) -> None:
    page.fill("#q", "models that deceive their overseers")
    page.fill("#k", "5")
    page.click("#search")
    page.wait_for_function("document.getElementById('status').textContent.includes('hit')")
    assert page.locator("#results tr").count() == 6
