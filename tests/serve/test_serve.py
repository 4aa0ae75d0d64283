"""The SPARQL 1.1 Protocol endpoint, in-process: encodings, content negotiation, limits, refusals."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from conftest import normalise
from rdflib.query import Result

from alignkg.graph.sparql import named_queries, rows

FORM = "application/x-www-form-urlencoded"
QUERY = "SELECT ?t ?label WHERE { ?t a akg:Technique ; rdfs:label ?label } ORDER BY ?label"
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def all_idle(pool, seconds: float = 30) -> set[int]:
    """The pids of the pool's workers once all of them are idle (a replacement may still be starting)."""
    deadline = time.monotonic() + seconds
    while len(pool.pids()) < pool.size and time.monotonic() < deadline:
        time.sleep(0.05)
    return pool.pids()


def parsed(response) -> Result:
    """The response read by rdflib's own result parsers (a client we did not write)."""
    return Result.parse(io.BytesIO(response.content), content_type=response.headers["content-type"].split(";")[0])


def test_get_and_both_post_encodings_give_the_same_answer(client, kg) -> None:
    expected = normalise(kg.query(QUERY))
    got = [
        client.get("/sparql", params={"query": QUERY}),
        client.post("/sparql", data={"query": QUERY}),
        client.post("/sparql", content=QUERY, headers={"content-type": "application/sparql-query"}),
    ]
    for response in got:
        assert response.status_code == 200, response.text
        assert normalise(rows(parsed(response))) == expected


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.2, text/tab-separated-values;q=0.8", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_answers_are_negotiated(client, kg, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": QUERY}, headers={"accept": accept})
    assert response.headers["content-type"].split(";")[0] == media
    answer = rows(parsed(response))
    if media == "text/csv":  # CSV carries no term types: compare the text of each cell
        assert [{k: str(v) for k, v in r.items()} for r in answer] == [
            {k: str(v) for k, v in r.items()} for r in kg.query(QUERY)]
    else:
        assert answer == kg.query(QUERY)


@pytest.mark.parametrize("accept, media, rdf_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_and_describe_answers_are_graphs(client, kg, accept: str, media: str, rdf_format: str) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    for query in ("CONSTRUCT WHERE { id:rlhf ?p ?o }", "DESCRIBE id:rlhf"):
        response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
        graph = Graph().parse(data=response.content, format=rdf_format)
        assert isomorphic(graph, kg.query(query))


def test_a_format_parameter_overrides_accept(client) -> None:
    response = client.get("/sparql", params={"query": QUERY, "format": "csv"}, headers={"accept": "application/json"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "t,label"


def test_ask_answers_true_and_false(client) -> None:
    assert client.get("/sparql", params={"query": "ASK { id:rlhf a akg:Technique }"}).json()["boolean"] is True
    assert client.get("/sparql", params={"query": "ASK { id:rlhf a akg:Risk }"}).json()["boolean"] is False


def test_every_named_query_answers_over_http_as_in_process(client, kg) -> None:
    for name, query in named_queries().items():
        response = client.post("/sparql", data={"query": query.text})
        assert response.status_code == 200, (name, response.text)
        assert normalise(rows(parsed(response))) == normalise(kg.query(name)), name


@pytest.mark.parametrize("query, says", [
    ("INSERT DATA { id:x rdfs:label 'x' }", "SPARQL Update (INSERT DATA) is refused"),
    ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update (DELETE WHERE) is refused"),
    ("CLEAR DEFAULT", "SPARQL Update (CLEAR) is refused"),
    ("LOAD <http://127.0.0.1:9/evil.ttl>", "LOAD is refused"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/q> { ?s ?q ?r } } }", "SERVICE is refused"),
    ("SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are refused"),
])
def test_updates_load_service_and_from_are_refused_with_400(client, query: str, says: str) -> None:
    for response in (client.get("/sparql", params={"query": query}), client.post("/sparql", data={"query": query})):
        assert response.status_code == 400
        assert says in response.text
    assert client.get("/health").status_code == 200


def test_the_update_operation_of_the_protocol_is_refused(client) -> None:
    form = client.post("/sparql", data={"update": "INSERT DATA { id:x rdfs:label 'x' }"})
    direct = client.post("/sparql", content="CLEAR ALL", headers={"content-type": "application/sparql-update"})
    assert (form.status_code, direct.status_code) == (400, 400)
    assert "read-only" in form.text and "read-only" in direct.text


def test_a_syntax_error_is_a_400_naming_the_position(client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert "line 1, column" in response.text


def test_an_over_long_body_is_413_and_an_over_long_url_414(client) -> None:
    body = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000
    too_big = client.post("/sparql", content=body, headers={"content-type": "application/sparql-query"})
    too_long = client.get("/sparql", params={"query": body})
    assert (too_big.status_code, too_long.status_code) == (413, 414)
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_query_that_would_run_forever_is_stopped_and_the_server_goes_on(client, app) -> None:
    replaced = app.state.pool.replaced
    response = client.get("/sparql", params={"query": FOREVER})
    assert response.status_code == 503
    assert "time limit" in response.text
    assert app.state.pool.replaced == replaced + 1
    assert client.get("/sparql", params={"query": "ASK { id:rlhf ?p ?o }"}).json()["boolean"] is True


def test_a_query_nested_thousands_deep_is_a_400_naming_the_limit_and_the_workers_stay(client, app) -> None:
    from alignkg.server.guard import MAX_NESTING

    workers = all_idle(app.state.pool)
    replaced = app.state.pool.replaced
    for depth in (5_000, MAX_NESTING + 1):
        for query in ("SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth,
                      "ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"):
            response = client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
            assert response.status_code == 400, response.text
            levels = depth if query.startswith("SELECT") else depth + 2  # ASK { FILTER( adds two
            assert f"query nested {levels} levels deep" in response.text
            assert f"the limit is {MAX_NESTING}" in response.text
    deepest = "ASK { FILTER(" + "(" * (MAX_NESTING - 2) + "1" + ")" * (MAX_NESTING - 2) + ") }"
    assert client.get("/sparql", params={"query": deepest}).json()["boolean"] is True  # the limit itself runs
    assert client.get("/sparql", params={"query": "ASK { id:rlhf ?p ?o }"}).json()["boolean"] is True
    assert app.state.pool.replaced == replaced
    assert all_idle(app.state.pool) == workers


@pytest.mark.parametrize("body, ctype", [
    ("ASK { id:rlhf ?p ?o }".encode("utf-16"), "application/sparql-query; charset=utf-16"),
    ("ASK { id:rlhf rdfs:label 'Débat' }".encode("latin-1"), "application/sparql-query; charset=ISO-8859-1"),
    (b"query=ASK+%7B%7D", "application/x-www-form-urlencoded; charset=windows-1252"),
])
def test_a_charset_other_than_utf8_is_refused_with_415(client, body: bytes, ctype: str) -> None:
    response = client.post("/sparql", content=body, headers={"content-type": ctype})
    assert response.status_code == 415
    assert f"charset '{ctype.rsplit('=', 1)[1].lower()}' is not supported" in response.text


def test_utf8_bodies_are_read_as_utf8_and_bad_bytes_are_a_400(client) -> None:
    query = "ASK { ?s rdfs:label ?l FILTER(?l != 'Débat — ☃') }"
    for ctype in ("application/sparql-query", "application/sparql-query; charset=UTF-8",
                  'application/sparql-query; charset="utf-8"'):
        response = client.post("/sparql", content=query.encode("utf-8"), headers={"content-type": ctype})
        assert response.json()["boolean"] is True, ctype
    bad = client.post("/sparql", content=b"ASK { ?s ?p '\xe9' }", headers={"content-type": "application/sparql-query"})
    assert bad.status_code == 400 and "not valid UTF-8 (byte 14)" in bad.text
    form = client.post("/sparql", content=b"query=ASK+%7B%7D%23%E9", headers={"content-type": FORM})
    assert form.status_code == 400 and "not UTF-8" in form.text


def test_two_query_parameters_are_a_400_not_one_silently_dropped(client) -> None:
    both = client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%20id%3Arlhf%20a%20akg%3ARisk%20%7D")
    assert both.status_code == 400 and "2 'query' parameters in one request" in both.text
    mixed = client.post("/sparql?query=ASK%20%7B%7D", data={"query": "ASK {}"})
    assert mixed.status_code == 400


def test_a_query_past_the_memory_limit_is_a_503_and_the_server_goes_on(kg) -> None:
    from starlette.testclient import TestClient

    from alignkg.server.app import Settings, create_app

    small = create_app(kg, Settings(workers=1, memory_limit=64, time_limit=60))
    try:
        client = TestClient(small)
        cross = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # sorts 10^8 rows
        response = client.get("/sparql", params={"query": cross})
        assert response.status_code == 503, response.text
        assert "memory limit of 64 MiB" in response.text and response.headers["Retry-After"] == "1"
        assert small.state.pool.replaced == 1
        assert client.get("/sparql", params={"query": "ASK { id:rlhf ?p ?o }"}).json()["boolean"] is True
        assert client.get("/sparql", params={"query": QUERY}).status_code == 200
    finally:
        small.state.pool.close()


def test_an_answer_longer_than_a_pipe_holds_comes_whole_under_uvloop(kg) -> None:
    """uvicorn runs on uvloop, whose add_reader makes the worker's pipe non-blocking."""
    import uvloop

    from alignkg.server.pool import Job, QueryPool

    async def three() -> list[Any]:
        return [await pool.answer(Job("CONSTRUCT WHERE { ?s ?p ?o }", fmt="nt", row_limit=10**6)) for _ in range(3)]

    with QueryPool(kg, workers=1, time_limit=30) as pool:
        for answer in uvloop.run(three()):
            assert len(answer.body) > 1_000_000 and answer.count == len(kg)
        assert uvloop.run(pool.answer(Job("ASK { id:rlhf ?p ?o }"))).body == b'{"head": {}, "boolean": true}'


def test_a_graph_too_big_for_memory_is_opened_again_by_each_forked_worker(kg, monkeypatch) -> None:
    import alignkg.kg
    from alignkg.server.pool import Job, QueryPool

    monkeypatch.setattr(alignkg.kg, "MEMORY_TRIPLES", 0)  # every graph counts as too big: queries stay on disk
    with QueryPool(kg, workers=1, time_limit=30) as pool:
        for _ in range(3):
            assert pool.run(Job("ASK { id:rlhf a akg:Technique }")).body == b'{"head": {}, "boolean": true}'
        assert pool.replaced == 0


def test_answers_stop_at_the_row_limit_and_say_so(kg) -> None:
    from starlette.testclient import TestClient

    from alignkg.server.app import Settings, create_app

    small = create_app(kg, Settings(row_limit=5, workers=1))
    try:
        response = TestClient(small).get("/sparql", params={"query": QUERY})
        assert response.headers["AlignKG-Truncated"] == "true"
        assert len(response.json()["results"]["bindings"]) == 5
        graph = TestClient(small).get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?c }", "format": "nt"})
        assert graph.headers["AlignKG-Truncated"] == "true"
        assert len(graph.text.strip().splitlines()) == 5
    finally:
        small.state.pool.close()


def test_health_names_the_store_and_limits(client) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["store"] == "memory" and health["time_limit"] == 3.0


def test_the_page_and_the_named_query_list_are_served(client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'id="yasgui"' in page.text
    listed = {q["name"] for q in client.get("/queries").json()}
    assert listed == set(named_queries())



def test_search_returns_what_the_api_returns(client, kg) -> None:
    response = client.get("/search", params={"q": "models that deceive their overseers", "k": 5})
    assert response.status_code == 200, response.text
    assert response.json()["hits"] == json.loads(json.dumps(
        [hit.to_dict() for hit in kg.search("models that deceive their overseers", k=5)]))


def test_search_checks_its_parameters(client) -> None:
    assert client.get("/search").status_code == 400
    assert client.get("/search", params={"q": "x", "k": "many"}).status_code == 400
    assert client.get("/search", params={"q": "x", "k": 100_000}).status_code == 400


def test_cors_is_off_by_default_and_on_when_asked(client, kg) -> None:
    from starlette.testclient import TestClient

    from alignkg.server.app import Settings, create_app

    origin = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in client.get("/health", headers=origin).headers
    shared = create_app(kg, Settings(workers=1, cors=True))
    try:
        answer = TestClient(shared).get("/sparql", params={"query": "ASK {}"}, headers=origin)
        assert answer.headers["access-control-allow-origin"] == "*"
    finally:
        shared.state.pool.close()


@pytest.mark.parametrize("module", ["alignkg.server.guard", "alignkg.server.results", "alignkg.server.app",
                                    "alignkg.server.pool"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0, f"{module} has no example to run"
    assert result.failed == 0


def test_every_serve_option_is_documented() -> None:
    from pathlib import Path

    from alignkg.server.cli import serve

    docs = (Path(__file__).resolve().parents[2] / "docs" / "serve.md").read_text(encoding="utf-8")
    missing = [opt for param in serve.params for opt in param.opts if opt.startswith("--") and f"`{opt}" not in docs]
    assert not missing, f"options missing from docs/serve.md: {missing}"
