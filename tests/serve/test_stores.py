"""The same competency queries give the same answers in every store."""

from __future__ import annotations

from pathlib import Path

import pytest
from alignkg.graph.sparql import named_queries
from alignkg.graph.store import StoreSpec, build_oxigraph, oxigraph_graph
from conftest import normalise

import alignkg
from alignkg.errors import StoreError

NAMES = sorted(named_queries())


@pytest.fixture(scope="session")
def oxigraph_kg(kg, tmp_path_factory: pytest.TempPathFactory) -> alignkg.KnowledgeGraph:
    """The ``kg`` fixture's triples in a pyoxigraph store on disk."""
    path = tmp_path_factory.mktemp("ox") / "store"
    build_oxigraph(path, kg.graph)
    return alignkg.load(store=f"oxigraph:{path}")


def test_a_missing_oxigraph_store_is_built_from_the_curated_data(tmp_path: Path, mini) -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "mini"
    built = alignkg.load(fixture, store=f"oxigraph:{tmp_path / 'store'}")
    assert len(built) == len(mini) and built.store == f"oxigraph:{tmp_path / 'store'}"


@pytest.fixture(scope="session")
def endpoint_kg(oxigraph_url: str) -> alignkg.KnowledgeGraph:
    """The curated graph behind an external Oxigraph server, queried over SPARQL 1.1."""
    return alignkg.load(store=f"endpoint:{oxigraph_url}")


def test_there_are_named_queries_to_compare() -> None:
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_pyoxigraph_answers_every_named_query_like_rdflib(kg, oxigraph_kg, name: str) -> None:
    assert normalise(oxigraph_kg.query(name)) == normalise(kg.query(name))


@pytest.mark.parametrize("name", NAMES)
def test_an_external_oxigraph_server_answers_every_named_query_like_rdflib(kg, endpoint_kg, name: str) -> None:
    assert normalise(endpoint_kg.query(name)) == normalise(kg.query(name))


@pytest.fixture(scope="session")
def virtuoso_kg(virtuoso_url: str) -> alignkg.KnowledgeGraph:
    """The curated graph in Debian's Virtuoso, queried over SPARQL 1.1."""
    return alignkg.load(store=f"endpoint:{virtuoso_url}")


@pytest.mark.parametrize("name", NAMES)
def test_virtuoso_answers_every_named_query_like_rdflib(kg, virtuoso_kg, name: str) -> None:
    assert normalise(virtuoso_kg.query(name)) == normalise(kg.query(name))


def test_virtuoso_holds_our_triples_and_answers_ask(kg, virtuoso_kg) -> None:
    assert len(virtuoso_kg) == len(kg)
    assert virtuoso_kg.query("ASK { id:rlhf a akg:Technique }") is True
    assert virtuoso_kg.query("ASK { id:rlhf a akg:Risk }") is False


def test_every_store_holds_the_same_number_of_triples(kg, oxigraph_kg, endpoint_kg) -> None:
    assert len(oxigraph_kg) == len(endpoint_kg) == len(kg)


def test_ask_and_construct_work_through_every_store(kg, oxigraph_kg, endpoint_kg) -> None:
    for store in (kg, oxigraph_kg, endpoint_kg):
        assert store.query("ASK { id:rlhf a akg:Technique }") is True
        described = store.query("CONSTRUCT WHERE { id:rlhf rdfs:label ?label }")
        assert {str(o) for o in described.objects()} == {str(o) for o in kg.query(
            "CONSTRUCT WHERE { id:rlhf rdfs:label ?label }").objects()}


def test_rebuilding_a_store_replaces_it_whole(tmp_path: Path, mini) -> None:
    path = tmp_path / "store"
    assert build_oxigraph(path, mini.graph) == len(mini.graph)
    assert build_oxigraph(path, mini.graph) == len(mini.graph)  # over an existing store
    assert len(oxigraph_graph(path)) == len(mini.graph)
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no temporary folders left behind


def test_a_folder_that_is_not_a_store_is_never_replaced(tmp_path: Path, mini) -> None:
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "precious.txt").write_text("mine")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        build_oxigraph(keep, mini.graph)
    assert (keep / "precious.txt").read_text() == "mine"


@pytest.mark.parametrize("spec, kind", [("memory", "memory"), ("rdflib", "memory"), ("oxigraph:/x", "oxigraph"),
                                        ("endpoint:http://h/q", "endpoint"), ("https://h/sparql", "endpoint")])
def test_store_specs_are_read(spec: str, kind: str) -> None:
    assert StoreSpec.parse(spec).kind == kind


@pytest.mark.parametrize("spec", ["oxigraph:", "postgres:db", "endpoint:ftp://h/q"])
def test_a_bad_store_spec_says_what_is_accepted(spec: str) -> None:
    with pytest.raises(StoreError, match="oxigraph:PATH|http"):
        StoreSpec.parse(spec)


def test_the_cli_builds_a_store_and_queries_through_it(tmp_path: Path, mini) -> None:
    from click.testing import CliRunner

    from alignkg.cli import cli

    runner = CliRunner()
    data = str(Path(__file__).parents[1] / "fixtures" / "mini")
    spec = f"oxigraph:{tmp_path / 'store'}"
    built = runner.invoke(cli, ["--data", data, "store", "build", spec], obj={})
    assert built.exit_code == 0, built.output
    assert f"{len(mini.graph):,} triples" in built.output
    answered = runner.invoke(cli, ["--store", spec, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                   "--format", "csv"], obj={})
    assert answered.exit_code == 0, answered.output
    assert answered.output.split() == ["n", str(len(mini.graph))]


def test_serve_and_store_are_documented_in_help() -> None:
    from click.testing import CliRunner

    from alignkg.cli import cli

    serve, build = (CliRunner().invoke(cli, [*command, "--help"], obj={}) for command in (["serve"], ["store", "build"]))
    assert (serve.exit_code, build.exit_code) == (0, 0)
    assert "--time-limit" in serve.output
    assert "oxigraph:PATH" in build.output


@pytest.mark.parametrize("text, types", [("models that deceive their overseers", None),
                                         ("learning from human preference comparisons", "Technique")])
def test_search_finds_the_same_entities_in_every_store(kg, oxigraph_kg, endpoint_kg, text: str, types) -> None:
    expected = [hit.to_dict() for hit in kg.search(text, k=5, types=types)]
    assert expected
    for store in (oxigraph_kg, endpoint_kg):
        assert [hit.to_dict() for hit in store.search(text, k=5, types=types)] == expected, store.store
