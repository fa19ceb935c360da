"""The SPARQL 1.1 Protocol at /sparql through an ASGI client: forms, formats, limits, refusals."""

from __future__ import annotations

import csv
import io
import time

import pyoxigraph as ox
import pytest
from conftest import BASE, QUERIES
from rdflib import Graph, URIRef
from test_web import RDF_TYPES, Client, make_client, varies

from kg.query import query_names

SELECT = """PREFIX schema: <https://schema.org/>
SELECT ?person ?name WHERE { GRAPH ?g { ?person a schema:Person ; schema:name ?name } }
ORDER BY ?person ?name"""
ASK = "ASK { GRAPH ?g { ?s a <https://schema.org/Person> } }"
CONSTRUCT = """CONSTRUCT { ?p <https://schema.org/name> ?n } WHERE {
  GRAPH ?g { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n } }"""
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
NUMBERS = " ".join(map(str, range(300)))
# 27 million rows to count: a few seconds of work, whatever the data.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {NUMBERS} }}" for v in "abc") + " }"


@pytest.fixture(scope="module")
def client(seeds_store) -> Client:
    return make_client(seeds_store)


def rows(answer) -> list[tuple[str, ...]]:
    names = answer.variables
    return [tuple(s[v].value for v in names if s[v] is not None) for s in answer]


def expected(store: ox.Store, sparql: str) -> list[tuple[str, ...]]:
    return rows(store.query(sparql, use_default_graph_as_union=True))


def parsed(body: bytes, fmt) -> list[tuple[str, ...]]:
    return rows(ox.parse_query_results(body, format=fmt))


@pytest.mark.parametrize("media", list(RESULTS))
def test_select_in_each_results_format(client, seeds_store, media):
    answer = client.get("/sparql", params={"query": SELECT}, headers={"accept": media})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
    assert varies(answer)
    assert parsed(answer.content, RESULTS[media]) == expected(seeds_store, SELECT)


def test_select_as_csv(client, seeds_store):
    answer = client.get("/sparql", params={"query": SELECT}, headers={"accept": "text/csv"})
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == ["person", "name"]
    assert [tuple(r) for r in rows[1:]] == expected(seeds_store, SELECT)


@pytest.mark.parametrize("media", list(RESULTS))
def test_ask_in_each_results_format(client, media):
    answer = client.get("/sparql", params={"query": ASK}, headers={"accept": media})
    assert answer.status_code == 200
    assert bool(ox.parse_query_results(answer.content, format=RESULTS[media])) is True


def test_post_form_and_direct_post(client, seeds_store):
    json_type = {"accept": "application/sparql-results+json"}
    form = client.post("/sparql", data={"query": SELECT}, headers=json_type)
    direct = client.post("/sparql", content=SELECT.encode(),
                         headers={**json_type, "content-type": "application/sparql-query"})
    for answer in (form, direct):
        assert answer.status_code == 200
        assert parsed(answer.content, ox.QueryResultsFormat.JSON) == expected(seeds_store, SELECT)


@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_construct_by_accept(client, seeds_store, media):
    answer = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": media})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
    g = Graph().parse(data=answer.content, format=RDF_TYPES[media])
    assert len(g) == len(set(seeds_store.query(CONSTRUCT, use_default_graph_as_union=True)))


def test_describe_as_turtle(client, seeds_store):
    person = next(iter(seeds_store.query(SELECT, use_default_graph_as_union=True)))["person"]
    answer = client.get("/sparql", params={"query": f"DESCRIBE {person}"},
                        headers={"accept": "text/turtle"})
    assert answer.status_code == 200 and len(Graph().parse(data=answer.content)) > 0


def test_format_parameter_overrides_accept(client):
    answer = client.get("/sparql", params={"query": SELECT, "format": "csv"},
                        headers={"accept": "application/sparql-results+json"})
    assert answer.headers["content-type"].startswith("text/csv")
    graph = client.get("/sparql", params={"query": CONSTRUCT, "format": "json"})
    assert graph.headers["content-type"].startswith("application/ld+json")


def test_no_accept_gives_json_and_turtle(client):
    assert client.get("/sparql", params={"query": SELECT}, headers={"accept": "*/*"}) \
        .headers["content-type"].startswith("application/sparql-results+json")
    assert client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "*/*"}) \
        .headers["content-type"].startswith("text/turtle")


def test_dataset_parameters(client, seeds_store):
    graph = BASE + "graph/entities"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answer = client.get("/sparql", params={"query": query, "default-graph-uri": graph},
                        headers={"accept": "application/sparql-results+json"})
    n = int(answer.json()["results"]["bindings"][0]["n"]["value"])
    assert n == len(list(seeds_store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def test_malformed_query_gives_400_with_the_parser_message(client):
    answer = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert answer.status_code == 400
    assert "error at 1:" in answer.text


@pytest.mark.parametrize("request_kind", ["form-update", "sparql-update", "insert-as-query",
                                          "get-update"])
def test_updates_are_refused(client, request_kind):
    update = "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"
    send = {
        "form-update": lambda: client.post("/sparql", data={"update": update}),
        "sparql-update": lambda: client.post(
            "/sparql", content=update, headers={"content-type": "application/sparql-update"}),
        "insert-as-query": lambda: client.post("/sparql", data={"query": update}),
        "get-update": lambda: client.get("/sparql", params={"update": update}),
    }
    answer = send[request_kind]()
    assert answer.status_code == 403 and "read-only" in answer.text
    assert client.get("/sparql", params={"query": "ASK { <http://e/s> ?p ?o }"},
                      headers={"accept": "application/json"}).json()["boolean"] is False


def test_other_methods_and_federation_are_refused(client):
    assert client.request("PUT", "/sparql", content=b"x").status_code == 405
    answer = client.get("/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert answer.status_code == 403 and "SERVICE" in answer.text
    odd = client.post("/sparql", content=b"x", headers={"content-type": "image/png"})
    assert odd.status_code == 415


def test_result_limit(seeds_store):
    limited = make_client(seeds_store, result_limit=3)
    answer = limited.get("/sparql", params={"query": SELECT})
    assert answer.status_code == 422 and "result_limit" in answer.text
    small = limited.get("/sparql", params={"query": SELECT + " LIMIT 3"},
                        headers={"accept": "application/json"})
    assert small.status_code == 200 and len(small.json()["results"]["bindings"]) == 3


def test_query_timeout(seeds_store):
    hurried = make_client(seeds_store, query_timeout=0.3)
    started = time.monotonic()
    answer = hurried.get("/sparql", params={"query": SLOW})
    assert answer.status_code == 503 and "query_timeout" in answer.text
    assert answer.headers["retry-after"]
    assert time.monotonic() - started < 2
    assert hurried.get("/sparql", params={"query": ASK},
                       headers={"accept": "application/json"}).status_code == 200


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json"])
def test_service_description(client, media):
    answer = client.get("/sparql", headers={"accept": media})
    assert answer.status_code == 200
    g = Graph().parse(data=answer.content, format=RDF_TYPES[media])
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, None, URIRef(sd + "Service")) in g
    assert (None, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in g


def test_query_page_has_editor_and_every_example(client):
    page = client.get("/sparql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "<textarea" in page.text
    for name in query_names(QUERIES):
        assert f"/sparql?example={name}" in page.text
    example = client.get("/sparql", params={"example": "cq-meetings"},
                         headers={"accept": "text/html"})
    assert "SELECT ?meeting ?label ?date" in example.text


def test_query_page_runs_a_query(client):
    page = client.post("/sparql", data={"query": SELECT, "format": "html"},
                       headers={"accept": "text/html"})
    assert page.status_code == 200 and "<th>?person</th>" in page.text
    bad = client.post("/sparql", data={"query": "SELEC", "format": "html"},
                      headers={"accept": "text/html"})
    assert bad.status_code == 400 and 'class="error"' in bad.text
