"""Entity pages and content negotiation at /id/<slug>, /resource and /ontology (in-process, Starlette's TestClient).

What the pages say is checked against SPARQL over the same graph, not against fixed strings.
"""

from __future__ import annotations

import html
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

import alignkg

ID = "https://w3id.org/alignkg/id/"
AKG = "https://w3id.org/alignkg/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF_ACCEPT = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
              "application/rdf+xml": "xml"}


def own_triples(kg: alignkg.KnowledgeGraph, iri: str) -> Graph:
    out = Graph()
    for p, o in kg.graph.predicate_objects(URIRef(iri)):
        out.add((URIRef(iri), p, o))
    return out


@pytest.mark.parametrize("accept, rdflib_format", RDF_ACCEPT.items())
def test_an_rdf_client_gets_the_entitys_triples(client, kg, accept, rdflib_format) -> None:
    response = client.get("/id/debate", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert response.headers["vary"] == "Accept"
    assert "format=" in response.headers["content-location"]
    parsed = Graph().parse(data=response.content, format=rdflib_format)
    expected = own_triples(kg, ID + "debate")
    assert len(expected) > 20
    missing = [t for t in expected if t not in parsed]
    assert not missing, missing[:3]
    incoming = list(kg.graph.subject_predicates(URIRef(ID + "debate")))
    assert all((s, p, URIRef(ID + "debate")) in parsed for s, p in incoming)


def test_format_parameter_overrides_accept_and_all_formats_agree(client) -> None:
    graphs = {}
    for fmt, rdflib_format in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")):
        response = client.get("/id/deceptive-alignment", params={"format": fmt}, headers={"Accept": BROWSER})
        assert response.status_code == 200, fmt
        graphs[fmt] = Graph().parse(data=response.content, format=rdflib_format)
    assert all(isomorphic(graphs["turtle"], g) for g in graphs.values())
    assert client.get("/id/debate", params={"format": "html"}, headers={"Accept": "text/turtle"}).text.startswith("<!DOCTYPE html>")
    assert client.get("/id/debate", params={"format": "yaml"}).status_code == 400


def test_a_browser_gets_the_page_with_facts_links_and_sources(client, kg) -> None:
    response = client.get("/id/debate", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    row = kg.query("""SELECT ?maturity ?principle ?direction WHERE { id:debate akg:maturity/rdfs:label ?maturity ;
                      akg:primaryPrinciple/rdfs:label ?principle ; akg:direction/rdfs:label ?direction }""")[0]
    for value in row.values():
        assert f">{value}</a>" in page
    # every risk it addresses is linked, in the out-going "addresses" group
    risks = kg.query("SELECT ?r WHERE { id:debate akg:addresses ?r }")
    group = re.search(r'data-relation="addresses" data-direction="out">(.*?)</div>', page, re.S).group(1)
    assert {f'href="{r["r"].removeprefix(ID)}"' for r in risks} <= set(re.findall(r'href="[^"]*"', group))
    # people who work on it: an incoming group
    people = kg.query("SELECT ?p WHERE { ?p akg:worksOn id:debate }")
    group = re.search(r'data-relation="worksOn" data-direction="in">(.*?)</div>', page, re.S).group(1)
    assert len(re.findall(r"<li>", group)) == len(people)
    # sources with their credibility stars
    for source in kg.query("SELECT ?label ?c WHERE { id:debate dcterms:source ?s . ?s rdfs:label ?label ; akg:credibility ?c }"):
        stars = "★" * int(source["c"]) + "☆" * (5 - int(source["c"]))
        assert re.search(re.escape(html.escape(source["label"])) + r"</a> <span class=\"stars\"[^>]*>" + stars, page)
    assert "DESCRIBE &lt;https://w3id.org/alignkg/id/debate&gt;" in page
    assert 'href="../?query=DESCRIBE%20%3Chttps%3A%2F%2Fw3id.org%2Falignkg%2Fid%2Fdebate%3E"' in page


def test_findings_show_value_and_baseline_and_mappings_their_confidence(client, kg) -> None:
    finding = kg.query("""SELECT ?label ?value ?baseline WHERE { ?f akg:about id:debate ; rdfs:label ?label ;
                          akg:value ?value ; akg:baseline ?baseline } ORDER BY ?label LIMIT 1""")[0]
    page = client.get("/id/debate").text
    cell = lambda text: re.escape(html.escape(text))  # noqa: E731
    assert re.search(cell(finding["label"]) + r"</a></td><td>[^<]*</td><td>" + cell(finding["value"]) +
                     r"</td><td>" + cell(finding["baseline"]) + "</td>", page)
    for m in kg.query("""SELECT ?label ?c WHERE { ?m owl:annotatedSource id:debate ; owl:annotatedTarget ?t ;
                         akg:mappingConfidence ?c . ?t rdfs:label ?label }"""):
        assert re.search(cell(m["label"]) + rf"</a></td><td>{float(m['c']):.2f}</td>", page)


def test_a_risk_page_gives_its_severity_in_words(client, kg) -> None:
    severity = kg.query("SELECT ?s WHERE { id:deceptive-alignment akg:severity/rdfs:label ?s }")[0]["s"]
    page = client.get("/id/deceptive-alignment").text
    assert re.search(r"<th scope=row>Severity</th><td><a [^>]*>" + re.escape(html.escape(severity)) + "</a>", page)


@pytest.mark.parametrize("accept", [BROWSER, *RDF_ACCEPT, "*/*"])
def test_an_unknown_slug_is_404_in_every_format(client, accept) -> None:
    response = client.get("/id/debat", headers={"Accept": accept})
    assert response.status_code == 404
    if accept in (BROWSER, "*/*"):
        nearest = re.search(r'<ul class=similar id=nearest>(.*?)</ul>', response.text).group(1)
        assert 'href="debate"' in nearest.split("</li>")[0]  # the near miss first


def test_ontology_page_has_an_anchor_for_every_class_and_property(client, kg) -> None:
    page = client.get("/ontology", headers={"Accept": BROWSER})
    assert page.status_code == 200 and "pyLODE" in page.text
    anchors = set(re.findall(r'id="([^"]+)"', page.text))
    terms = {str(s) for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in Graph().parse(data=client.get("/ontology", headers={"Accept": "text/turtle"}).content,
                                    format="turtle").subjects(RDF.type, t) if str(s).startswith(AKG)}
    assert len(terms) > 50
    assert {t.removeprefix(AKG) for t in terms} <= anchors


def test_vocabulary_links_on_entity_pages_point_at_ontology_anchors(client) -> None:
    page = client.get("/id/debate").text
    assert 'href="../ontology#Technique">Technique</a>' in page


def test_resource_page_serves_iris_outside_the_id_namespace(client, kg) -> None:
    iri = AKG + "Technique"
    html = client.get("/resource", params={"iri": iri})
    assert html.status_code == 200 and "<h1>Technique</h1>" in html.text
    turtle = client.get("/resource", params={"iri": iri, "format": "turtle"})
    assert (URIRef(iri), RDFS.label, Literal("Technique", lang="en")) in Graph().parse(data=turtle.content, format="turtle")
    assert client.get("/resource", params={"iri": "https://example.org/nothing"}).status_code == 404
    assert client.get("/resource").status_code == 400


def test_similar_entities_come_from_the_index_and_are_of_the_same_kind(client) -> None:
    page = client.get("/id/deceptive-alignment").text
    similar = re.search(r'<ul class="similar">(.*?)</ul>', page, re.S).group(1)
    kinds = re.findall(r"<span class=type>(\w+)</span>", similar)
    assert len(kinds) == 6 and kinds.count("Risk") >= 4
    assert 'href="deceptive-alignment"' not in similar


def test_static_files_are_served(client) -> None:
    for path in ("/static/yasgui.min.js", "/static/vis-network.min.js", "/static/site.css", "/static/workbench.js"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("module", ["alignkg.server.entity", "alignkg.server.pages", "alignkg.server.web",
                                    "alignkg.docs", "alignkg.site"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{module} has no example to run"
    assert result.failed == 0
