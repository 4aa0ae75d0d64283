"""The compiled-graph cache and the Oxigraph engine behind ``kg.query`` (alignkg.graph.cache, .engine)."""

from __future__ import annotations

import doctest
import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

import alignkg
from alignkg.errors import QueryError
from alignkg.graph.cache import META, STORE, open_compiled
from alignkg.graph.sparql import named_queries
from alignkg.layers import LAYER, publish, remove, select

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = sorted(named_queries())
CONCAT = re.compile(r"GROUP_CONCAT\(.*?\)\s+AS\s+\?(\w+)", re.IGNORECASE | re.DOTALL)


def comparable(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in their order; only the items of GROUP_CONCAT lists are sorted (SPARQL leaves their order open)."""
    concat = set(CONCAT.findall(named_queries()[name].text))
    return [{k: ", ".join(sorted(v.split(", "))) if k in concat and v else v for k, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def rdflib_kg() -> alignkg.KnowledgeGraph:
    return alignkg.load(engine="rdflib")


@pytest.fixture(scope="module")
def fresh_kg(tmp_path_factory: pytest.TempPathFactory) -> alignkg.KnowledgeGraph:
    """The curated graph compiled into an empty cache folder (a cache miss)."""
    compiled = open_compiled(select(), root=tmp_path_factory.mktemp("fresh-cache"))
    assert compiled.built
    return alignkg.KnowledgeGraph(compiled=compiled)


def test_the_default_engine_is_oxigraph_over_the_cache(kg: alignkg.KnowledgeGraph, rdflib_kg) -> None:
    assert kg.engine == "oxigraph" and kg.compiled is not None and rdflib_kg.engine == "rdflib"
    assert len(kg) == len(rdflib_kg) == len(kg.graph)
    assert set(kg.graph) == set(rdflib_kg.graph)


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_answers_the_same_in_both_engines(kg, rdflib_kg, name: str) -> None:
    assert comparable(name, kg.query(name)) == comparable(name, rdflib_kg.query(name))


@pytest.mark.parametrize("name", NAMES)
def test_the_cached_graph_answers_like_a_fresh_compile(kg, fresh_kg, name: str) -> None:
    assert comparable(name, kg.query(name)) == comparable(name, fresh_kg.query(name))


def test_the_store_on_disk_and_its_copy_in_memory_answer_alike(kg) -> None:
    from alignkg.graph.engine import run
    from alignkg.graph.sparql import rows

    memory = kg.compiled.in_memory()
    for name in NAMES:
        text = named_queries()[name].text
        assert comparable(name, rows(run(kg.compiled.store, text))) == comparable(name, rows(run(memory, text))), name


def test_results_keep_rdflib_values_and_forms(kg, rdflib_kg) -> None:
    for engine in (kg, rdflib_kg):
        assert engine.query("ASK { id:rlhf a akg:Technique }") is True
        constructed = engine.query("CONSTRUCT WHERE { id:rlhf rdfs:label ?l }")
        assert isinstance(constructed, Graph) and Literal("RLHF", lang="en") in set(constructed.objects())
        result = engine.execute("SELECT ?l WHERE { id:rlhf rdfs:label ?l }")
        assert result.type == "SELECT" and [str(v) for v in result.vars] == ["l"]
        assert [row.l for row in result] == [Literal("RLHF", lang="en")]
    rlhf = URIRef("https://w3id.org/alignkg/id/rlhf")
    for engine in (kg, rdflib_kg):
        bound = engine.execute("SELECT ?t ?l WHERE { ?t rdfs:label ?l }", {"t": rlhf})
        assert [(row.t, str(row.l)) for row in bound] == [(rlhf, "RLHF")]


def test_a_syntax_error_names_line_and_column_in_both_engines(kg, rdflib_kg) -> None:
    messages = set()
    for engine in (kg, rdflib_kg):
        with pytest.raises(QueryError, match=r"line 2, column \d+") as error:
            engine.query("SELECT ?x WHERE {\n  ?x rdfs:label }")
        messages.add(str(error.value))
    assert len(messages) == 1


def test_graph_names_each_layer(kg) -> None:
    rows = kg.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert rows == [{"g": str(LAYER["curated"]), "n": len(kg)}]


@pytest.fixture()
def notes_layer() -> Any:
    """A small published layer (on by default) with one new risk, removed afterwards."""
    extra = Graph()
    node = URIRef("https://example.org/notes/risk")
    extra.add((node, RDFS.label, Literal("A risk from my notes", lang="en")))
    extra.add((node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
               URIRef("https://w3id.org/alignkg/ontology#Risk")))
    yield publish("notes", extra, title="Notes", source="tests", version="1")
    remove("notes")


def test_layers_are_named_graphs_and_switching_one_off_changes_no_answer(kg, notes_layer) -> None:
    both = alignkg.load()
    assert both.layers == ["curated", "notes"] and len(both) > len(kg)
    per_graph = {r["g"]: r["n"] for r in both.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    assert per_graph[str(LAYER["curated"])] == len(kg) and per_graph[str(LAYER["notes"])] >= 2
    assert both.query("ASK { GRAPH <https://w3id.org/alignkg/layer/notes> { ?r a akg:Risk } }") is True
    assert both.query("ASK { GRAPH <https://w3id.org/alignkg/layer/curated> { "
                      "<https://example.org/notes/risk> ?p ?o } }") is False
    assert both.query("ASK { <https://example.org/notes/risk> rdfs:label ?l }") is True  # in the union
    off = alignkg.load(layers="curated")
    assert off.compiled.path == kg.compiled.path  # the same cache entry as without the layer
    for name in NAMES:
        assert comparable(name, off.query(name)) == comparable(name, kg.query(name)), name


def _entry(kg: alignkg.KnowledgeGraph) -> Path:
    return kg.compiled.path


def test_a_corrupt_cache_entry_is_detected_and_rebuilt(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALIGNKG_CACHE", str(tmp_path))
    data = FIXTURES / "mini"
    expected = alignkg.load(data).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    for damage in ("meta", "truncate", "store"):
        entry = _entry(alignkg.load(data))
        if damage == "meta":
            (entry / META).write_text("{not json", encoding="utf-8")
        elif damage == "truncate":
            biggest = max((entry / STORE).glob("*.sst"), key=lambda p: p.stat().st_size)
            biggest.write_bytes(biggest.read_bytes()[:100])
        else:
            shutil.rmtree(entry / STORE)
        again = alignkg.load(data)
        assert again.compiled.built, damage
        assert again.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == expected, damage
        assert not alignkg.load(data).compiled.built, damage


def test_a_stale_cache_entry_is_not_used_and_is_replaced(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ALIGNKG_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    label = "SELECT ?l WHERE { ?r a akg:Risk ; rdfs:label ?l } ORDER BY ?l"
    before = alignkg.load(data)
    old_entry, old_labels = before.compiled.path, [r["l"] for r in before.query(label)]
    risks = data / "risks.yaml"
    first = old_labels[0]
    assert first in risks.read_text(encoding="utf-8")
    risks.write_text(risks.read_text(encoding="utf-8").replace(first, "Zz renamed risk", 1), encoding="utf-8")
    after = alignkg.load(data)
    assert after.compiled.built and after.compiled.path != old_entry
    assert [r["l"] for r in after.query(label)] == sorted([*old_labels[1:], "Zz renamed risk"])
    assert not old_entry.exists()  # the stale entry of the same data folder was pruned
    assert after.query(label) == alignkg.load(data, engine="rdflib").query(label)


def test_two_processes_building_the_same_entry_at_once_both_succeed(tmp_path: Path) -> None:
    code = ("import alignkg; kg = alignkg.load(%r); "
            "print(len(kg.query('SELECT ?r WHERE { ?r a akg:Risk }')))" % str(FIXTURES / "mini"))
    env = {**__import__("os").environ, "ALIGNKG_CACHE": str(tmp_path)}
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(3)]
    answers = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in answers]
    assert len({out for out, _ in answers}) == 1 and int(answers[0][0]) > 0
    entries = [p for p in tmp_path.iterdir()]
    assert len(entries) == 1 and json.loads((entries[0] / META).read_text())["triples"] > 0


def test_the_engine_is_chosen_by_argument_or_setting(monkeypatch) -> None:
    monkeypatch.setenv("ALIGNKG_ENGINE", "rdflib")
    assert alignkg.load(FIXTURES / "mini").engine == "rdflib"
    with pytest.raises(QueryError, match="unknown SPARQL engine 'jena'"):
        alignkg.load(FIXTURES / "mini", engine="jena")


def test_the_cli_answers_from_the_cache_in_a_new_process(kg) -> None:
    done = subprocess.run([sys.executable, "-m", "alignkg", "query", "--format", "json",
                           "SELECT ?g WHERE { GRAPH ?g { id:rlhf a ?t } }"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [b["g"]["value"] for b in json.loads(done.stdout)["results"]["bindings"]] == [str(LAYER["curated"])]


@pytest.mark.parametrize("module", ["alignkg.graph.cache", "alignkg.graph.engine", "alignkg.layers"])
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
