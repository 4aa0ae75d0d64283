"""The whole curated graph is valid: every node is labelled, described and sourced."""

from __future__ import annotations

import pytest

import alignkg
from alignkg.graph.sparql import named_queries
from alignkg.ontology.validate import problems


def test_curated_graph_passes_shacl(kg: alignkg.KnowledgeGraph) -> None:
    assert problems(kg.graph, kg.origins) == []


def test_every_entity_has_one_english_label_a_description_and_a_source(kg: alignkg.KnowledgeGraph) -> None:
    rows = kg.query("""
        SELECT ?node (COUNT(DISTINCT ?label) AS ?labels) (COUNT(DISTINCT ?d) AS ?descriptions)
               (COUNT(DISTINCT ?s) AS ?sources) WHERE {
          ?node a ?class FILTER(STRSTARTS(STR(?class), STR(akg:)))
          OPTIONAL { ?node rdfs:label ?label FILTER(LANG(?label) = "en") }
          OPTIONAL { ?node dcterms:description ?d }
          OPTIONAL { ?node dcterms:source ?s }
        } GROUP BY ?node""")
    assert len(rows) > 500
    bad = [r["node"] for r in rows if (r["labels"], r["descriptions"] > 0, r["sources"] > 0) != (1, True, True)]
    assert bad == []


def test_every_finding_is_about_something_and_sourced(kg: alignkg.KnowledgeGraph) -> None:
    orphans = kg.query("""SELECT ?f WHERE { ?f a akg:Finding
        FILTER NOT EXISTS { ?f akg:about ?x ; dcterms:source ?s } }""")
    assert orphans == []
    count = kg.query("SELECT (COUNT(?f) AS ?n) WHERE { ?f a akg:Finding }")[0]["n"]
    assert count >= 100


def test_descriptions_are_not_copies_of_labels(kg: alignkg.KnowledgeGraph) -> None:
    rows = kg.query("""SELECT ?n WHERE { ?n rdfs:label ?l ; dcterms:description ?d
        FILTER(LCASE(STR(?l)) = LCASE(STR(?d))) }""")
    assert rows == []


@pytest.mark.parametrize("name", sorted(n for n in named_queries() if not n.startswith("ingested-")))
def test_named_query_answers(kg: alignkg.KnowledgeGraph, name: str) -> None:
    """Every curated named query answers (the ``ingested-*`` ones are answered in tests/test_ingest.py)."""
    query = named_queries()[name]
    assert query.description, f"{name}.rq needs a leading comment saying what it answers"
    if query.layers:  # needs a layer the curated graph lacks: no rows, no error (tests/test_atlas_layer.py runs it on)
        assert kg.query(name) == []
    else:
        assert kg.query(name), f"named query {name} returned no rows"


@pytest.mark.parametrize("module", ["alignkg", "alignkg.atomic", "alignkg.graph.compile", "alignkg.graph.sparql",
                                    "alignkg.graph.export", "alignkg.graph.store", "alignkg.ontology.validate",
                                    "alignkg.textguard"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
