"""`alignkg site -o DIR`: a static site that works from file:// with the network cut.

Built once from the small fixture graph (tests/fixtures/mini) so the tests stay fast; the full graph's
build is measured by benchmarks/site_build.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, URIRef

import alignkg
from alignkg.server.entity import ID, entity_iris

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def site(mini: alignkg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from alignkg.site import build_site

    out = tmp_path_factory.mktemp("site") / "public"
    build_site(mini, out)
    return out


def test_every_entity_has_a_page_and_its_rdf(site: Path, mini) -> None:
    iris = set(entity_iris(mini))
    pages = {p.stem for p in (site / "id").glob("*.html")}
    assert pages == {i.removeprefix(ID) for i in iris}
    debate = Graph().parse(site / "id" / "debate.ttl", format="turtle")
    assert set(mini.graph.predicate_objects(URIRef(ID + "debate"))) <= set(debate.predicate_objects(URIRef(ID + "debate")))
    assert len(Graph().parse(site / "id" / "debate.jsonld", format="json-ld")) == len(debate)


def test_the_dumps_hold_the_whole_graph(site: Path, mini) -> None:
    for name, fmt in (("alignkg.ttl", "turtle"), ("alignkg.nt", "nt"), ("alignkg.jsonld", "json-ld")):
        assert len(Graph().parse(site / name, format=fmt)) == len(mini.graph), name


def test_every_local_link_leads_to_a_file(site: Path) -> None:
    broken = []
    for page in site.rglob("*.html"):
        for target in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if urlsplit(target).scheme:
                continue
            if not (page.parent / unquote(target)).exists():
                broken.append(f"{page.relative_to(site)} → {target}")
    assert broken == []


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', text), page


def test_the_search_documents_cover_every_entity(site: Path, mini) -> None:
    text = (site / "search-docs.js").read_text(encoding="utf-8")
    docs = json.loads(text.removeprefix("window.ALIGNKG_DOCS = ").rstrip().rstrip(";"))
    assert {d["id"] for d in docs} == {i.removeprefix(ID) for i in entity_iris(mini)}


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path, mini) -> None:
    from alignkg.errors import AlignKGError
    from alignkg.site import build_site

    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(AlignKGError, match="not an alignkg site"):
        build_site(mini, tmp_path, similar=False, pictures=False)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_site_cli_reports_and_rebuilds_in_place(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from alignkg.cli import cli

    data = str(Path(__file__).parent / "fixtures" / "mini")
    for _ in range(2):  # the second run replaces the first site
        done = CliRunner().invoke(cli, ["--data", data, "site", "-o", str(tmp_path / "out"), "--no-similar"])
        assert done.exit_code == 0, done.output
    assert "entity pages" in done.output
    assert not [p for p in tmp_path.iterdir() if p.name != "out"], "no temporary folder left behind"


def test_the_static_site_works_from_file_urls_with_the_network_cut(site: Path, browser, axe) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    elsewhere: list[str] = []
    page.route("http*://**", lambda route: (elsewhere.append(route.request.url), route.abort()))
    try:
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector('body[data-ready="true"]')
        assert axe(page) == []
        page.fill("#q", "deceptive")
        page.press("#q", "Enter")
        page.wait_for_selector("#hits li a")
        first = page.locator("#hits li a").first
        label = first.inner_text()
        with page.expect_navigation():
            first.click()
        assert page.inner_text("main h1") == label
        page.wait_for_selector('#alignkg-status[data-state="drawn"]')
        assert axe(page) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "site-entity-page.png"), full_page=True)
        neighbour = page.locator(".group a").first
        neighbour_label = neighbour.inner_text()
        with page.expect_navigation():
            neighbour.click()
        assert page.inner_text("main h1") == neighbour_label
        page.go_back()
        assert page.inner_text("main h1") == label
    finally:
        context.close()
    assert elsewhere == []


def test_the_risk_technique_picture_opens_with_legible_labels(kg, browser) -> None:
    """Labels of 16 canvas units drawn at >= 12 px, and the two columns spread over the window's width."""
    ARTIFACTS.mkdir(exist_ok=True)
    picture = ARTIFACTS / "risk-technique-legible.html"
    kg.draw("risk-technique", output=picture)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.route("http*://**", lambda route: route.abort())
    try:
        page.goto(picture.as_uri())
        page.wait_for_selector('#alignkg-status[data-state="drawn"]')
        scale = page.evaluate("window.alignkgNetwork.getScale()")
        spread = page.evaluate("""() => { const n = window.alignkgNetwork, ids = n.body.nodeIndices;
            const xs = ids.map(id => n.canvasToDOM(n.getPosition(id)).x); return Math.max(...xs) - Math.min(...xs); }""")
        page.screenshot(path=str(ARTIFACTS / "risk-technique-legible.png"))
    finally:
        context.close()
    assert 16 * scale >= 12
    assert spread >= 0.45 * 1400


def test_docs_ontology_writes_the_pylode_page(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from alignkg.cli import cli

    out = tmp_path / "ontology.html"
    done = CliRunner().invoke(cli, ["docs", "ontology", "-o", str(out)])
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert 'id="Technique"' in page and 'id="addresses"' in page and "pyLODE" in page
