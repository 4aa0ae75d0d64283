"""``alignkg serve`` over a pyoxigraph store and over an external SPARQL endpoint
answers like the in-memory store, and keeps its limits there too."""

from __future__ import annotations

import io
from typing import Any, Iterator

import pytest
from conftest import normalise
from rdflib.query import Result
from starlette.testclient import TestClient

import alignkg
from alignkg.graph.sparql import named_queries, rows
from alignkg.graph.store import build_oxigraph
from alignkg.server.app import Settings, create_app

FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module", params=["oxigraph", "endpoint"])
def store_client(request, tmp_path_factory) -> Iterator[Any]:
    if request.param == "oxigraph":
        path = tmp_path_factory.mktemp("served-ox") / "store"
        build_oxigraph(path, request.getfixturevalue("kg").graph)
        spec = f"oxigraph:{path}"
    else:
        spec = f"endpoint:{request.getfixturevalue('oxigraph_url')}"
    kg = alignkg.load(store=spec)
    app = create_app(kg, Settings(time_limit=3.0, workers=2))
    with TestClient(app) as client:
        client.store = request.param
        yield client
    app.state.pool.close()


def test_every_named_query_is_answered_as_in_memory(store_client, kg) -> None:
    for name, query in named_queries().items():
        response = store_client.post("/sparql", data={"query": query.text})
        assert response.status_code == 200, (name, response.text)
        answer = Result.parse(io.BytesIO(response.content), content_type="application/sparql-results+json")
        assert normalise(rows(answer)) == normalise(kg.query(name)), name


def test_health_names_the_store(store_client) -> None:
    assert store_client.get("/health").json()["store"].startswith(store_client.store)


def test_service_is_refused_before_the_store_sees_it(store_client) -> None:
    response = store_client.get("/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 400 and "SERVICE is refused" in response.text


def test_a_runaway_query_is_stopped_at_our_time_limit_in_every_store(store_client) -> None:
    # pyoxigraph cannot be interrupted: its worker is killed; an endpoint's wait is cut
    # (the test's Oxigraph server stops the query itself after its own --timeout-s).
    response = store_client.get("/sparql", params={"query": FOREVER})
    assert response.status_code == 503 and "time limit" in response.text
    assert store_client.get("/sparql", params={"query": "ASK { id:rlhf ?p ?o }"}).json()["boolean"] is True
