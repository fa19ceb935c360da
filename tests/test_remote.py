"""The one store seam, embedded and remote: the named queries give the same answers from a
real Oxigraph server as from the embedded store and its worker pool (`kg query --endpoint`)."""

from __future__ import annotations

import threading

import pytest
from conftest import BASE, QUERIES
from oxigraph_server import OxigraphServer, free_port, needs_oxigraph

from kg.cli import main
from kg.errors import KgError, QueryError
from kg.push import Endpoints, push
from kg.query import load_query, query_names, render, run_select
from kg.sparql import EndpointError, OxigraphStore, RemoteStore
from kg.worker import QueryPool

pytestmark = [needs_oxigraph, pytest.mark.store]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, seeds_trig):
    server = OxigraphServer(tmp_path_factory.mktemp("remote") / "store").start()
    try:
        assert not push(seeds_trig, Endpoints.of(server.query), BASE).failed
        yield server.query
    finally:
        server.stop()


@pytest.fixture(scope="module")
def stores(endpoint, seeds_store, seeds_trig):
    """Each implementation of the seam over the seeds: in process, in workers, remote."""
    start = "fork" if threading.active_count() == 1 else "forkserver"  # as kg query does
    with QueryPool(seeds_trig, as_is=False, size=1, warm=0, start=start) as pool:
        yield {"embedded": OxigraphStore(seeds_store), "workers": pool,
               "remote": RemoteStore(endpoint)}


@pytest.mark.parametrize("name", query_names(QUERIES))
def test_each_named_query_answers_alike_through_every_store(name, stores):
    label, sparql = load_query(name, QUERIES)
    local = run_select(stores["embedded"], sparql, label)
    assert local.form == "select"
    for kind in ("workers", "remote"):
        other = run_select(stores[kind], sparql, label)
        assert other.variables == local.variables, kind
        assert sorted(other.text_rows()) == sorted(local.text_rows()), kind


COUNTS = """SELECT ?type (COUNT(*) AS ?n) (AVG(1.50) AS ?avg) ?missing
WHERE { GRAPH ?g { ?s a ?type } } GROUP BY ?type ?missing ORDER BY ?type"""


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_each_output_format_is_the_same_from_every_store(stores, fmt):
    shown = {kind: render(run_select(store, COUNTS), fmt) for kind, store in stores.items()}
    assert shown["remote"] == shown["embedded"] == shown["workers"]
    assert "1.5" in shown["remote"] and "1.50" not in shown["remote"]


def test_each_store_gives_the_rows_of_its_answer_one_by_one(stores):
    """What the server's tables read a column with: the rows the query gives, in its order."""
    for kind, store in stores.items():
        rows = store.solutions(COUNTS)
        assert iter(rows) is rows, kind
        assert list(rows) == list(store.query(COUNTS).rows), kind
    with pytest.raises(QueryError):
        list(stores["embedded"].solutions("ASK { ?s ?p ?o }"))
    with pytest.raises(QueryError):
        list(stores["embedded"].solutions("SELECT * WHERE { ?s ?p }"))


def test_construct_gives_the_same_triples(stores):
    sparql = "CONSTRUCT { ?s a ?o } WHERE { GRAPH ?g { ?s a ?o } }"
    local = stores["embedded"].query(sparql)
    remote = stores["remote"].query(sparql, limit=100_000)
    assert remote.form == local.form == "graph"
    assert set(remote.triples) == set(local.triples) and local.triples


def test_ask_gives_one_boolean(endpoint):
    result = run_select(RemoteStore(endpoint), "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert result.boolean is True
    assert result.columns == ("result",) and result.text_rows() == (("true",),)


def test_construct_is_refused_before_any_request():
    with pytest.raises(QueryError, match="only SELECT and ASK"):
        run_select(RemoteStore("http://127.0.0.1:9/query"), "CONSTRUCT WHERE { ?s ?p ?o }", "q")


def test_invalid_sparql_names_the_query(endpoint):
    with pytest.raises(QueryError) as info:
        run_select(RemoteStore(endpoint), "SELECT ?x WHERE { ?x ", "broken")
    assert str(info.value).startswith(f"broken: {endpoint} rejected the query: ")
    assert "\n" not in str(info.value)


def test_unreachable_endpoint_is_one_clear_line():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError) as info:
        run_select(RemoteStore(url), "SELECT * WHERE { ?s ?p ?o }")
    message = str(info.value)
    assert isinstance(info.value, KgError)
    assert message.startswith(url) and "cannot reach" in message and "\n" not in message


def test_cli_query_on_unreachable_endpoint(runner):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(main, ["query", "cq-meetings", "--endpoint", url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"Error: {url}: cannot reach the SPARQL endpoint" in result.output
