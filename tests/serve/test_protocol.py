"""The W3C SPARQL 1.1 Protocol query tests, adapted to this endpoint and its data.

Each case is one test of the W3C manifest (``sparql/sparql11/protocol/manifest.ttl`` in
the public repository ``w3c/rdf-tests``), named as there and rewritten in our own words:
the request (method, parameters, Content-Type, body) and what the answer must be. Our
adaptations: the path is ``/sparql``; the W3C queries against kasei.us data become queries
on our graph; relative IRIs (``<s>``) are refused, as the endpoint defines no base IRI; the dataset tests (``default-graph-uri``, ``named-graph-uri``, ``FROM``) are
refused by design — the endpoint serves one default graph and never fetches a URL — so
they assert a clear 400 instead of an answer; and so are all the update tests, since the
endpoint is read-only. The cases run in-process and once over a real socket.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from rdflib import Graph
from rdflib.query import Result

FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}
UPDATE = {"content-type": "application/sparql-update"}
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF = {"text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"}
RDF_FORMATS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt",
               "application/ld+json": "json-ld"}
TWO_TYPED = "ASK { id:rlhf a ?type . id:debate a ?type }"  # the W3C data1/data2 question on our graph


@dataclass(frozen=True)
class Case:
    """One W3C protocol test: a request, and the status class (2, 4) and checks its answer must pass."""

    name: str
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 2  # the first digit of the status code
    media: set[str] = field(default_factory=set)  # acceptable media types of a 2xx answer
    boolean: bool | None = None  # the expected ASK answer
    says: str = ""  # text a refusal must contain


QUERIES = [
    Case("query_post_form", "POST", "/sparql", b"query=ASK%20%7B%7D", FORM, media=BOOLEAN, boolean=True),
    Case("query_get", "GET", "/sparql?query=ASK%20%7B%7D", media=BOOLEAN, boolean=True),
    Case("query_post_direct", "POST", "/sparql", b"ASK {}", DIRECT, media=BOOLEAN, boolean=True),
    Case("query_content_type_select", "POST", "/sparql", b"SELECT (1 AS ?value) {}", DIRECT, media=TABULAR),
    Case("query_content_type_ask", "POST", "/sparql", b"ASK {}", DIRECT, media=BOOLEAN),
    Case("query_content_type_describe", "POST", "/sparql", b"DESCRIBE id:rlhf", DIRECT, media=RDF),
    Case("query_content_type_construct", "POST", "/sparql", b"CONSTRUCT { <urn:s> <urn:p> 1 } WHERE {}", DIRECT,
         media=RDF),
    Case("relative IRIs: no base IRI is defined", "POST", "/sparql", b"CONSTRUCT { <s> <p> 1 } WHERE {}", DIRECT,
         status=4, says="line 1, column"),
    Case("query_get with our data", "GET", "/sparql?query=" + TWO_TYPED.replace(" ", "%20").replace("{", "%7B")
         .replace("}", "%7D"), media=BOOLEAN, boolean=True),
]
DATASETS = [  # refused by design: one default graph, no URL is ever fetched
    Case("query_dataset_default_graphs_get", "GET",
         "/sparql?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata1.rdf"
         "&default-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata2.rdf",
         status=4, says="default-graph-uri and named-graph-uri are refused"),
    Case("query_dataset_default_graphs_post", "POST",
         "/sparql?default-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata1.rdf", TWO_TYPED.encode(), DIRECT,
         status=4, says="default-graph-uri and named-graph-uri are refused"),
    Case("query_dataset_named_graphs_post", "POST",
         "/sparql?named-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata1.rdf",
         b"ASK { GRAPH ?g1 { id:rlhf a ?type } }", DIRECT, status=4, says="named-graph-uri are refused"),
    Case("query_dataset_named_graphs_get", "GET",
         "/sparql?query=ASK%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D"
         "&named-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata1.rdf", status=4, says="named-graph-uri are refused"),
    Case("query_dataset_full", "POST",
         "/sparql?default-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata3.rdf"
         "&named-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata1.rdf", b"ASK { ?s ?p ?o }", DIRECT,
         status=4, says="refused"),
    Case("query_multiple_dataset", "POST", "/sparql?named-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fdata1.rdf",
         b"ASK FROM <http://127.0.0.1:9/data3.rdf> { ?s ?p ?o }", DIRECT, status=4, says="refused"),
    Case("FROM in the query alone", "POST", "/sparql", b"ASK FROM <http://127.0.0.1:9/data3.rdf> { ?s ?p ?o }",
         DIRECT, status=4, says="FROM and FROM NAMED are refused"),
]
BAD_QUERIES = [
    Case("bad_query_method", "PUT", "/sparql?query=ASK%20%7B%7D", headers=FORM, status=4),
    Case("bad_multiple_queries", "GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status=4,
         says="2 'query' parameters"),
    Case("bad_multiple_queries (form)", "POST", "/sparql?query=ASK%20%7B%7D", b"query=ASK%20%7B%7D", FORM,
         status=4, says="2 'query' parameters"),
    Case("bad_query_wrong_media_type", "POST", "/sparql", b"ASK {}", {"content-type": "text/plain"}, status=4,
         says="unsupported Content-Type 'text/plain'"),
    Case("bad_query_missing_form_type", "POST", "/sparql", b"query=ASK%20%7B%7D", status=4, says="no Content-Type"),
    Case("bad_query_missing_direct_type", "POST", "/sparql", b"ASK {}", status=4, says="no Content-Type"),
    Case("bad_query_non_utf8", "POST", "/sparql", "ASK {}".encode("utf-16"),
         {"content-type": "application/sparql-query; charset=UTF-16"}, status=4, says="charset 'utf-16'"),
    Case("bad_query_syntax", "GET", "/sparql?query=ASK%20%7B", status=4, says="syntax error at line 1"),
]
UPDATES = [  # the endpoint is read-only: every update operation is refused
    Case("update_post_form", "POST", "/sparql", b"update=CLEAR+ALL", FORM, status=4, says="read-only"),
    Case("update_post_direct", "POST", "/sparql", b"CLEAR ALL", UPDATE, status=4, says="read-only"),
    Case("update_dataset_default_graph", "POST", "/sparql?using-graph-uri=http%3A%2F%2F127.0.0.1%3A9%2Fd1",
         b"CLEAR ALL", UPDATE, status=4, says="read-only"),
    Case("bad_update_get", "GET", "/sparql?update=CLEAR%20ALL", status=4, says="read-only"),
    Case("bad_multiple_updates", "POST", "/sparql", b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM,
         status=4),
    Case("bad_update_wrong_media_type", "POST", "/sparql", b"CLEAR NAMED", {"content-type": "text/plain"},
         status=4),
    Case("bad_update_missing_form_type", "POST", "/sparql", b"update=CLEAR%20NAMED", status=4),
    Case("bad_update_non_utf8", "POST", "/sparql", "CLEAR NAMED".encode("utf-16"),
         {"content-type": "application/sparql-update; charset=UTF-16"}, status=4),
    Case("bad_update_syntax", "POST", "/sparql", b"update=CLEAR%20XYZ", FORM, status=4),
    Case("CLEAR sent as a query", "POST", "/sparql", b"CLEAR ALL", DIRECT, status=4,
         says="SPARQL Update (CLEAR) is refused"),
]
CASES = QUERIES + DATASETS + BAD_QUERIES + UPDATES


def check(client: Any, case: Case, base: str = "") -> None:
    """Send ``case`` with ``client`` (Starlette's TestClient or an httpx client) and check the answer."""
    response = client.request(case.method, base + case.path, content=case.body or None, headers=case.headers)
    assert response.status_code // 100 == case.status, (case.name, response.status_code, response.text)
    if case.status != 2:
        assert case.says in response.text, (case.name, response.text)
        if response.status_code != 405:  # Starlette's own answer to a method it does not route
            assert re.match(r"(Query\w*|UnsupportedMediaType): \S", response.text), "the error is named first"
        return
    media = response.headers["content-type"].split(";")[0]
    assert media in case.media, (case.name, media)
    if media in RDF:
        Graph().parse(data=response.content, format=RDF_FORMATS[media])  # well-formed RDF
        return
    result = Result.parse(io.BytesIO(response.content), content_type=media)
    if case.boolean is not None:
        assert result.askAnswer is case.boolean, case.name
    if result.type == "SELECT":
        assert [int(row[0]) for row in result] == [1]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_w3c_protocol_case_in_process(client: Any, case: Case) -> None:
    check(client, case)


def test_w3c_protocol_cases_over_a_socket(live_url: str) -> None:
    import httpx

    with httpx.Client(timeout=30) as client:
        for case in CASES:
            check(client, case, live_url)


def test_every_query_test_of_the_w3c_manifest_is_covered() -> None:
    """The manifest's query tests (the update tests are refused as a class), as listed in the W3C manifest."""
    w3c = {"query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
           "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
           "query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask",
           "query_content_type_describe", "query_content_type_construct", "query_post_direct", "bad_query_method",
           "bad_multiple_queries", "bad_query_wrong_media_type", "bad_query_missing_form_type",
           "bad_query_missing_direct_type", "bad_query_non_utf8", "bad_query_syntax"}
    assert w3c <= {case.name for case in CASES}
