"""Clients we did not write — SPARQLWrapper and rdflib's SPARQLStore — talk to a real
``alignkg serve`` process on 127.0.0.1 and get the in-process answers."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import normalise
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from alignkg.graph.sparql import named_queries, python_value, rows

NAMES = sorted(named_queries())
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def wrapper_rows(answer: dict) -> list[dict]:
    """SPARQLWrapper's decoded JSON as rows of plain values, as ``kg.query`` gives them."""
    def value(cell: dict):
        if cell["type"] == "uri":
            return cell["value"]
        if cell["type"] == "bnode":
            return cell["value"]
        datatype = cell.get("datatype")
        return python_value(Literal(cell["value"], lang=cell.get("xml:lang"),
                                    datatype=URIRef(datatype) if datatype else None))
    names = answer["head"]["vars"]
    return [{n: value(b[n]) if n in b else None for n in names} for b in answer["results"]["bindings"]]


@pytest.mark.parametrize("name", NAMES)
def test_sparqlwrapper_gets_the_in_process_answer_to_every_named_query(live_url: str, kg, name: str) -> None:
    client = SPARQLWrapper(f"{live_url}/sparql")
    client.setQuery(named_queries()[name].text)
    client.setReturnFormat(JSON)
    assert normalise(wrapper_rows(client.query().convert())) == normalise(kg.query(name))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_reads_xml_and_csv_and_turtle(live_url: str, kg, method: str) -> None:
    query = "SELECT ?t ?label WHERE { ?t a akg:Technique ; rdfs:label ?label }"
    client = SPARQLWrapper(f"{live_url}/sparql")
    client.setMethod(method)
    client.setQuery(query)
    client.setReturnFormat(XML)
    labels = {n.firstChild.data for n in client.query().convert().getElementsByTagName("literal")}
    assert labels == {r["label"] for r in kg.query(query)}
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[0] == "t,label"
    client.setQuery("CONSTRUCT WHERE { id:rlhf ?p ?o }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert isomorphic(graph, kg.query("CONSTRUCT WHERE { id:rlhf ?p ?o }"))


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_sparqlstore_gets_the_in_process_answer_to_every_named_query(live_url: str, kg, name: str) -> None:
    remote = Graph(store=SPARQLStore(f"{live_url}/sparql", returnFormat="xml"))
    assert normalise(rows(remote.query(named_queries()[name].text))) == normalise(kg.query(name))


def test_a_slow_query_neither_stalls_the_others_nor_the_server(live_url: str) -> None:
    outcome: dict[str, int] = {}

    def slow() -> None:
        try:
            urllib.request.urlopen(f"{live_url}/sparql?" + urllib.parse.urlencode({"query": FOREVER}), timeout=60)
        except urllib.error.HTTPError as exc:
            outcome["slow"] = exc.code

    thread = threading.Thread(target=slow)
    thread.start()
    quick = []
    while thread.is_alive() and len(quick) < 5:  # answered while the slow one still runs
        with urllib.request.urlopen(f"{live_url}/sparql?query=ASK%7Bid:rlhf%20?p%20?o%7D", timeout=60) as r:
            quick.append(r.status)
    thread.join()
    assert quick and set(quick) == {200}
    assert outcome["slow"] == 503
    with urllib.request.urlopen(f"{live_url}/health", timeout=10) as health:
        assert health.status == 200


@pytest.mark.parametrize("query", ["LOAD <http://127.0.0.1:9/x.ttl>",
                                   "SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }"])
def test_a_real_client_gets_a_400_for_load_and_service(live_url: str, query: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{live_url}/sparql?" + urllib.parse.urlencode({"query": query}), timeout=30)
    assert refused.value.code == 400
    assert "refused" in refused.value.read().decode()


def test_over_long_requests_on_a_real_socket_are_413_and_414_and_the_server_goes_on(live_url: str) -> None:
    padding = "#" + "x" * 70_000 + "\n"
    body = urllib.request.Request(f"{live_url}/sparql", data=(padding + "ASK {}").encode(),
                                  headers={"Content-Type": "application/sparql-query"})
    url = f"{live_url}/sparql?" + urllib.parse.urlencode({"query": padding + "ASK {}"})
    codes = []
    for request in (body, url):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        codes.append(refused.value.code)
    assert codes == [413, 414]
    with urllib.request.urlopen(f"{live_url}/sparql?query=ASK%7B%7D", timeout=30) as answer:
        assert answer.status == 200
