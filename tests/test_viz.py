"""The pictures show what the graph holds: counts equal SPARQL's, every risk appears,
colours follow the principle, and the HTML page loads nothing from outside."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

import alignkg
from alignkg.errors import AlignKGError, QueryError
from alignkg.graph.convert import to_networkx
from alignkg.viz import draw, page, views
from alignkg.viz.style import DIRECTION_SHAPES, PRINCIPLE_COLORS, SEVERITY_COLORS, VIS_SHAPES

FIXTURES = Path(__file__).parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"
RISKS = "SELECT DISTINCT ?r ?label ?severity WHERE { ?r a akg:Risk ; rdfs:label ?label . OPTIONAL { ?r akg:severity ?severity } }"
LINKS = "SELECT DISTINCT ?t ?r WHERE { ?t akg:addresses ?r . ?r a akg:Risk }"
TECHNIQUES = """SELECT DISTINCT ?t ?principle ?direction ?maturity WHERE {
  ?t akg:addresses ?r . ?r a akg:Risk .
  OPTIONAL { ?t akg:primaryPrinciple ?principle } OPTIONAL { ?t akg:direction ?direction }
  OPTIONAL { ?t akg:maturity ?maturity } }"""
NOT_DEPLOYED = """SELECT ?r WHERE { ?r a akg:Risk .
  FILTER NOT EXISTS { ?t akg:addresses ?r ; akg:maturity id:maturity-deployed } }"""


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.fixture(scope="session")
def expected(kg: alignkg.KnowledgeGraph) -> dict:
    """What the pictures must show, straight from SPARQL."""
    techniques = {slug(r["t"]): r for r in kg.query(TECHNIQUES)}
    return {
        "risks": {slug(r["r"]): r for r in kg.query(RISKS)},
        "techniques": techniques,
        "links": {(slug(r["t"]), slug(r["r"])) for r in kg.query(LINKS)},
        "gaps": sorted(slug(r["r"]) for r in kg.query(NOT_DEPLOYED)),
    }


@pytest.fixture(scope="session")
def risk_technique(kg: alignkg.KnowledgeGraph) -> alignkg.viz.Picture:
    return kg.draw("risk-technique")


@pytest.fixture(scope="session")
def rt_html(risk_technique) -> str:
    return risk_technique.html()


@pytest.fixture(scope="session")
def rt_svg(risk_technique) -> ET.Element:
    return ET.fromstring(risk_technique.to_bytes("svg"))


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="alignkg-data">(.*?)</script>', html, re.S)
    assert match, "the page keeps its data as inspectable JSON"
    return json.loads(match.group(1))


def svg_groups(root: ET.Element, prefix: str) -> dict[str, list[ET.Element]]:
    """Drawn shapes (path or use elements) of each SVG group whose id starts with ``prefix``."""
    def shapes(element: ET.Element):
        for child in element:
            if child.tag == f"{SVG}defs":  # marker templates, drawn through <use>
                continue
            if child.tag in (f"{SVG}use", f"{SVG}path"):
                yield child
            yield from shapes(child)

    return {g.get("id"): list(shapes(g)) for g in root.iter(f"{SVG}g") if g.get("id", "").startswith(prefix)}


def fill(element: ET.Element) -> str:
    return re.search(r"fill: (#[0-9a-f]{6})", element.get("style", "")).group(1)


# --- the networkx conversion -------------------------------------------------------------------

def test_to_networkx_keeps_every_addresses_link_and_technique_attributes(kg, expected):
    G = kg.to_networkx()
    links = {(G.nodes[s]["id"], G.nodes[o]["id"]) for s, o, k in G.edges(keys=True)
             if k == "addresses" and G.nodes[o]["type"] == "Risk"}
    assert links == expected["links"]
    for technique, row in expected["techniques"].items():
        node = G.nodes[f"https://w3id.org/alignkg/id/{technique}"]
        assert node.get("maturity") == (slug(row["maturity"]) if row["maturity"] else None)
        assert node.get("primaryPrinciple") == (slug(row["principle"]) if row["principle"] else None)


def test_to_networkx_carries_mitigation_details_onto_the_edge(mini):
    G = mini.to_networkx()
    edge = G.edges["https://w3id.org/alignkg/id/ai-control", "https://w3id.org/alignkg/id/deceptive-alignment", "addresses"]
    assert edge["strength"] == "moderate" and edge["articleWording"] == "control"
    debate = G.nodes["https://w3id.org/alignkg/id/debate"]
    assert (debate["type"], debate["altLabel"], debate["direction"]) == ("Technique", "AI Safety via Debate", "forward-alignment")


def test_graphml_export_still_reads_back(mini):
    import io

    import networkx as nx

    G = nx.read_graphml(io.BytesIO(mini.export("graphml")))
    assert G.number_of_nodes() == mini.to_networkx().number_of_nodes()


def test_construct_answer_takes_types_and_labels_from_the_graph(mini):
    answer = mini.query("CONSTRUCT { ?t akg:addresses ?r } WHERE { ?t akg:addresses ?r }")
    G = to_networkx(answer, context=mini.graph)
    assert G.number_of_edges() == len(answer) == 2
    assert {d["type"] for _, d in G.nodes(data=True)} == {"Risk", "Technique"}
    assert to_networkx(answer).number_of_nodes() == 0  # without context nothing is typed


# --- the risk–technique picture ----------------------------------------------------------------

def test_html_nodes_and_edges_equal_the_sparql_counts(rt_html, expected):
    data = page_data(rt_html)
    risks = [n for n in data["nodes"] if n["type"] == "Risk"]
    assert len(risks) == len(expected["risks"])
    assert len(data["nodes"]) == len(expected["risks"]) + len(expected["techniques"])
    assert {(e["from"][3:], e["to"][3:]) for e in data["edges"]} == expected["links"]
    assert len(data["edges"]) == len(expected["links"])


def test_html_shows_every_risk_with_its_severity(rt_html, expected):
    nodes = {n["id"][3:]: n for n in page_data(rt_html)["nodes"]}
    for risk, row in expected["risks"].items():
        assert nodes[risk]["label"] == row["label"]
        severity = slug(row["severity"]) if row["severity"] else None
        assert nodes[risk]["color"] == SEVERITY_COLORS.get(severity, "#D9B8B0")
        assert nodes[risk]["shape"] == "diamond"


def test_html_colours_follow_the_principle_and_shapes_the_direction(rt_html, expected):
    nodes = {n["id"][3:]: n for n in page_data(rt_html)["nodes"]}
    for technique, row in expected["techniques"].items():
        principle = slug(row["principle"]) if row["principle"] else None
        direction = slug(row["direction"]) if row["direction"] else None
        assert nodes[technique]["color"] == PRINCIPLE_COLORS.get(principle, "#8C8C8C"), technique
        assert nodes[technique]["shape"] == VIS_SHAPES[DIRECTION_SHAPES.get(direction, "triangle")], technique


def test_html_hover_details_name_maturity_and_source(rt_html, expected, kg):
    nodes = {n["id"][3:]: n for n in page_data(rt_html)["nodes"]}
    labels = {slug(r["x"]): r["l"] for r in kg.query("SELECT ?x ?l WHERE { ?x a akg:MaturityLevel ; rdfs:label ?l }")}
    for technique, row in expected["techniques"].items():
        details = dict(nodes[technique]["details"])
        if row["maturity"]:
            assert details["Maturity"] == labels[slug(row["maturity"])]
        assert details.get("Source"), f"{technique} shows where it comes from"


class _Loads(HTMLParser):
    """Collects every tag or attribute through which a page could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            self.csp = attrs["content"]
        for name in ("src", "href", "srcset", "action", "data", "poster"):
            if attrs.get(name):
                self.loads.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag in ("link", "iframe", "object", "embed", "base"):
            self.loads.append(f"<{tag}>")


@pytest.mark.parametrize("view", ["risk-technique", "around", "coverage"])
def test_html_contains_no_external_url(kg, view):
    html = draw(kg, view, node="Debate").html()
    parser = _Loads()
    parser.feed(html)
    assert parser.loads == []
    assert "default-src 'none'" in parser.csp  # the browser itself refuses any fetch
    vendored = page.vis_network_js()
    if view != "coverage":
        assert html.count(vendored) == 1, "vis-network is inlined unchanged"
    ours = html.replace(vendored, "")
    assert not re.search(r"https?://|//cdn|@import|url\(", ours), "no URL outside the vendored library"
    credits = set(re.findall(r"https?://[^\s\"')]+", vendored))  # licence and credit lines only
    assert credits <= {"https://visjs.github.io/vis-network/", "http://almende.com", "https://github.com/visjs",
                       "http://www.apache.org/licenses/LICENSE-2.0", "http://opensource.org/licenses/MIT",
                       "http://naver.github.io/egjs", "https://github.com/zloirock/core-js",
                       "https://github.com/zloirock/core-js/blob/v3.51.0/LICENSE"}


def test_svg_draws_one_shape_per_node_and_edge(rt_svg, expected):
    nodes = svg_groups(rt_svg, "nodes-")
    risk_shapes = sum(len(v) for k, v in nodes.items() if k.startswith("nodes-risk-"))
    technique_shapes = sum(len(v) for k, v in nodes.items() if k.startswith("nodes-technique-"))
    assert risk_shapes == len(expected["risks"])
    assert technique_shapes == len(expected["techniques"])
    assert len(svg_groups(rt_svg, "edges")["edges"]) == len(expected["links"])


def test_svg_fills_each_principle_group_with_its_colour(rt_svg, expected):
    by_principle: dict[str, int] = {}
    for row in expected["techniques"].values():
        key = slug(row["principle"]) if row["principle"] else "no-principle"
        by_principle[key] = by_principle.get(key, 0) + 1
    for gid, shapes in svg_groups(rt_svg, "nodes-technique-").items():
        principle = next(p for p in [*PRINCIPLE_COLORS, "no-principle"] if gid.startswith(f"nodes-technique-{p}-"))
        assert {fill(s) for s in shapes} == {PRINCIPLE_COLORS.get(principle, "#8c8c8c").lower()}
        by_principle[principle] -= len(shapes)
    assert set(by_principle.values()) <= {0}


def test_svg_labels_every_risk_as_text(rt_svg, expected):
    texts = {"".join(t.itertext()) for t in rt_svg.iter(f"{SVG}text")}
    assert {row["label"] for row in expected["risks"].values()} <= texts


def test_png_is_a_real_picture(risk_technique):
    png = risk_technique.to_bytes("png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 1000 and height > 800


def test_layered_layout_puts_risks_left_techniques_right_without_overlap(risk_technique):
    G = risk_technique.graph
    assert {d["x"] for _, d in G.nodes(data=True) if d["type"] == "Risk"} == {0.0}
    assert {d["x"] for _, d in G.nodes(data=True) if d["type"] != "Risk"} == {1.0}
    positions = [(d["x"], d["y"]) for _, d in G.nodes(data=True)]
    assert len(set(positions)) == len(positions)


# --- the coverage matrix -----------------------------------------------------------------------

def test_coverage_cells_and_gaps_equal_sparql(kg, expected):
    matrix = draw(kg, "coverage").coverage
    assert set(matrix.cells) == {(r, t) for t, r in expected["links"]}
    assert set(matrix.risk_ids) == set(expected["risks"])
    assert matrix.gaps == expected["gaps"]
    named = {row["risk"] for row in kg.query("coverage-gap")}
    labels = {r["id"]: r["label"] for r in matrix.risks}
    assert {labels[g] for g in matrix.gaps if g not in matrix.uncovered} == named


def test_coverage_svg_marks_each_cell_by_maturity_and_bands_the_gaps(kg, expected):
    root = ET.fromstring(draw(kg, "coverage").to_bytes("svg"))
    cells = svg_groups(root, "cells-")
    assert sum(len(v) for v in cells.values()) == len(expected["links"])
    maturities = {slug(r["maturity"]) for r in expected["techniques"].values() if r["maturity"]}
    assert {gid[len("cells-"):] for gid in cells} - {"unknown"} == maturities
    bands = {g.get("id")[len("gap-"):] for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("gap-")}
    assert sorted(bands) == expected["gaps"]


def test_coverage_html_table_has_a_cell_per_link_and_highlights_gap_rows(kg, expected):
    html = draw(kg, "coverage").html()
    assert html.count("<td data-maturity=") == len(expected["links"])
    assert sorted(re.findall(r'<tr class="gap" data-risk="([^"]+)"', html)) == expected["gaps"]


# --- neighbourhoods and CONSTRUCT pictures -----------------------------------------------------

def test_neighbourhood_follows_links_both_ways_to_the_given_depth(mini):
    one = draw(mini, "around", node="Debate", depth=1).graph
    assert {d["id"] for _, d in one.nodes(data=True)} == {"debate", "deceptive-alignment", "ada"}
    two = draw(mini, "around", node="id:debate", depth=2).graph
    assert {d["id"] for _, d in two.nodes(data=True)} == {
        "debate", "deceptive-alignment", "ada", "ai-control", "f-detection", "lab"}
    assert two.graph["centre"].endswith("/debate")


def test_neighbourhood_on_the_curated_graph_matches_sparql(kg):
    hidden = ", ".join(f"akg:{c}" for c in sorted(views.HIDDEN_TYPES))
    rows = kg.query(f"""SELECT DISTINCT ?n WHERE {{ {{ id:debate ?p ?n }} UNION {{ ?n ?p id:debate }}
                        ?n a ?c . FILTER(STRSTARTS(STR(?c), STR(akg:)) && ?c NOT IN ({hidden})) }}""")
    G = draw(kg, "around", node="Debate", depth=1).graph
    assert {d["id"] for _, d in G.nodes(data=True)} == {slug(r["n"]) for r in rows} | {"debate"}


def test_neighbourhood_finds_alt_labels_and_suggests_close_names(mini):
    assert draw(mini, "around", node="AI Safety via Debate", depth=0).graph.number_of_nodes() == 1
    with pytest.raises(QueryError, match="did you mean: Debate"):
        draw(mini, "around", node="Debat")


def test_construct_picture_has_the_answer_triples_as_edges(kg):
    query = str(FIXTURES / "viz" / "addresses.rq")
    answer = kg.query(query)
    G = draw(kg, "construct", query=query).graph
    assert G.number_of_edges() == len(answer)
    assert G.has_node("https://w3id.org/alignkg/id/deceptive-alignment")


def test_construct_picture_refuses_a_select(mini):
    with pytest.raises(QueryError, match="CONSTRUCT"):
        draw(mini, "construct", query="SELECT * WHERE { ?s ?p ?o }")


def test_unknown_format_names_the_file(mini, tmp_path):
    with pytest.raises(AlignKGError, match="out.jpg"):
        draw(mini, "risk-technique", output=tmp_path / "out.jpg")


# --- the command line --------------------------------------------------------------------------

def test_cli_viz_writes_each_format(tmp_path):
    alignkg_bin = Path(sys.executable).with_name("alignkg")
    for name in ("rt.html", "rt.png", "rt.svg"):
        done = subprocess.run([str(alignkg_bin), "--data", str(FIXTURES / "mini"), "viz", "risk-technique",
                               "-o", str(tmp_path / name)], capture_output=True, text=True, check=True)
        assert "3 nodes, 2 links" in done.stderr
    assert (tmp_path / "rt.png").read_bytes()[:4] == b"\x89PNG"
    assert page_data((tmp_path / "rt.html").read_text())["nodes"]


def test_cli_viz_around_unknown_node_fails_with_a_message(tmp_path):
    from click.testing import CliRunner

    from alignkg.cli import cli

    result = CliRunner().invoke(cli, ["--data", str(FIXTURES / "mini"), "viz", "around", "Nothing",
                                      "-o", str(tmp_path / "x.svg")], obj={})
    assert result.exit_code == QueryError.exit_code
    assert "no entity named 'Nothing'" in result.output


@pytest.mark.parametrize("module", ["alignkg.viz", "alignkg.viz.style", "alignkg.viz.layout", "alignkg.viz.page",
                                    "alignkg.viz.views", "alignkg.viz.coverage", "alignkg.viz.mpl",
                                    "alignkg.graph.convert"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{module} has no example to run"
    assert result.failed == 0


@pytest.mark.parametrize("args", [["risk-technique"], ["around", "Debate", "--depth", "2"]])
def test_same_data_gives_the_same_picture_bytes(tmp_path, args):
    import os

    alignkg_bin = Path(sys.executable).with_name("alignkg")
    pictures = []
    for seed in ("1", "2"):  # a different string-hash order in each process
        out = tmp_path / f"{seed}.svg"
        subprocess.run([str(alignkg_bin), "viz", *args, "-o", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pictures.append(out.read_bytes())
    assert pictures[0] == pictures[1]
