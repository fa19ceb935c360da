"""A real server on a loopback port: SPARQLWrapper as a client, raw HTTP, the remote backend."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
import pytest
from conftest import BASE
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from test_web_sparql import ASK, CONSTRUCT, SELECT, SLOW, expected, parsed

from kg.cli import main
from kg.settings import Settings
from kg.sparql import OxigraphStore, RemoteStore
from kg.web import create_app, running


@pytest.fixture(scope="module")
def server(seeds_store):
    app = create_app(OxigraphStore(seeds_store),
                     Settings.from_env(base=BASE, query_timeout=0.5))
    with running(app) as url:
        yield url


def client(url: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_json(server, seeds_store, method):
    sparql = client(server, SELECT, JSON)
    sparql.setMethod(method)
    bindings = sparql.queryAndConvert()["results"]["bindings"]
    got = [(b["person"]["value"], b["name"]["value"]) for b in bindings]
    assert got == expected(seeds_store, SELECT)


def test_select_as_xml(server, seeds_store):
    document = client(server, SELECT, XML).queryAndConvert()  # a minidom Document
    assert parsed(document.toxml().encode(), ox.QueryResultsFormat.XML) == \
        expected(seeds_store, SELECT)


@pytest.mark.parametrize("fmt,delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv(server, seeds_store, fmt, delimiter):
    body = client(server, SELECT, fmt).queryAndConvert()
    text = body.decode() if isinstance(body, bytes) else body
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(rows) == 1 + len(expected(seeds_store, SELECT))
    if fmt == TSV:
        assert rows[0] == ["?person", "?name"]
        assert parsed(text.encode(), ox.QueryResultsFormat.TSV) == expected(seeds_store, SELECT)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(server, fmt):
    answer = client(server, ASK, fmt).queryAndConvert()
    if fmt == JSON:
        assert answer["boolean"] is True
    else:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, RDFXML])
def test_construct(server, seeds_store, fmt):
    answer = client(server, CONSTRUCT, fmt).queryAndConvert()
    g = answer if isinstance(answer, Graph) else Graph().parse(
        data=answer, format={TURTLE: "turtle", JSONLD: "json-ld"}[fmt])
    assert len(g) == len(set(seeds_store.query(CONSTRUCT, use_default_graph_as_union=True)))


def test_describe(server):
    sparql = client(server, f"DESCRIBE <{BASE}indicator>", TURTLE)
    g = Graph().parse(data=sparql.queryAndConvert(), format="turtle")
    assert len(g) > 0


def test_errors_reach_sparqlwrapper(server):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed, match="error at"):
        client(server, "SELECT ?x WHERE { ?x }", JSON).query()


def test_a_slow_query_does_not_stop_other_requests(server):
    answers = {}

    def slow():
        answers["slow"] = httpx.get(server + "/sparql", params={"query": SLOW}, timeout=30)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.1)
    started = time.monotonic()
    quick = httpx.get(server + "/sparql", params={"query": ASK},
                      headers={"accept": "application/sparql-results+json"}, timeout=30)
    assert quick.status_code == 200 and time.monotonic() - started < 1.0
    thread.join(30)
    assert answers["slow"].status_code == 503
    assert httpx.get(server + "/", timeout=30).status_code == 200


def raw(url: str, request: bytes) -> bytes:
    host, port = urlsplit(url).hostname, urlsplit(url).port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("target", ["/static/../app.py", "/static/../../kg/settings.py",
                                    "/static/%2e%2e/app.py", "/..%5c..%5cetc/passwd"])
def test_raw_path_traversal_is_refused(server, target):
    answer = raw(server, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                 .encode())
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404) and b"import" not in answer


def test_chunked_oversized_body_is_refused(server):
    chunk = b"#" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(6)) + b"0\r\n\r\n"
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    answer = raw(server, head + body)
    assert answer.startswith(b"HTTP/1.1 413")


def test_remote_endpoint_backend(server, seeds_store):
    """The same pages over SPARQL: `kg serve --endpoint` publishes another server's data."""
    remote = create_app(RemoteStore(server + "/sparql"), Settings.from_env(base=BASE))
    with running(remote) as url:
        person = expected(seeds_store, SELECT)[0][0]
        path = person[len(BASE) - 1:]
        local = httpx.get(server + path, headers={"accept": "text/turtle"}, timeout=30)
        there = httpx.get(url + path, headers={"accept": "text/turtle"}, timeout=30)
        assert isomorphic(Graph().parse(data=local.content), Graph().parse(data=there.content))
        page = httpx.get(url + path, headers={"accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "posts" in page.text
        bad = httpx.get(url + "/sparql", params={"query": "SELEC"}, timeout=30)
        assert bad.status_code == 400 and "error at" in bad.text
        landing = httpx.get(url + "/", timeout=30)
        assert landing.status_code == 200


def test_serve_command_answers_one_request(runner, seeds_trig):
    result = runner.invoke(main, ["--base", BASE, "serve", "--data", str(seeds_trig), "--get",
                                  "/sparql?query=ASK%7B%7D", "--accept",
                                  "application/sparql-results+json"])
    assert result.exit_code == 0, result.output
    assert '"boolean": true' in result.output
    missing = runner.invoke(main, ["serve", "--data", "no/such.trig"])
    assert missing.exit_code != 0 and "no such graph file" in missing.output
