"""`kg query --endpoint`: the named queries give the same answers from a real Oxigraph server."""

from __future__ import annotations

import pytest
from conftest import BASE, QUERIES
from oxigraph_server import OxigraphServer, free_port, needs_oxigraph

from kg.cli import main
from kg.errors import KgError, QueryError
from kg.push import Endpoints, push
from kg.query import load_query, query_names, run_select
from kg.remote import RemoteError, run_remote_select

pytestmark = [needs_oxigraph, pytest.mark.store]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, seeds_trig):
    server = OxigraphServer(tmp_path_factory.mktemp("remote") / "store").start()
    try:
        assert not push(seeds_trig, Endpoints.of(server.query), BASE).failed
        yield server.query
    finally:
        server.stop()


@pytest.mark.parametrize("name", query_names(QUERIES))
def test_each_named_query_answers_as_the_embedded_store(name, endpoint, seeds_store):
    label, sparql = load_query(name, QUERIES)
    local = run_select(seeds_store, sparql, label)
    remote = run_remote_select(endpoint, sparql, label)
    assert remote.variables == local.variables
    assert sorted(remote.rows) == sorted(local.rows)


def test_ask_gives_one_boolean(endpoint):
    result = run_remote_select(endpoint, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert result.rows == (("true",),)


def test_construct_is_refused_before_any_request():
    with pytest.raises(QueryError, match="only SELECT and ASK"):
        run_remote_select("http://127.0.0.1:9/query", "CONSTRUCT WHERE { ?s ?p ?o }", "q")


def test_invalid_sparql_names_the_query(endpoint):
    with pytest.raises(QueryError) as info:
        run_remote_select(endpoint, "SELECT ?x WHERE { ?x ", "broken")
    assert str(info.value).startswith("broken: ")
    assert "\n" not in str(info.value)


def test_unreachable_endpoint_is_one_clear_line():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(RemoteError) as info:
        run_remote_select(url, "SELECT * WHERE { ?s ?p ?o }")
    message = str(info.value)
    assert isinstance(info.value, KgError)
    assert message.startswith(url) and "cannot reach" in message and "\n" not in message


def test_cli_query_on_unreachable_endpoint(runner):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(main, ["query", "cq-meetings", "--endpoint", url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"Error: {url}: cannot reach the SPARQL endpoint" in result.output
