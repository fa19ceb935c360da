"""`kg push` against a real Oxigraph server: whole graphs, re-push, fallback and a crash."""

from __future__ import annotations

import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BASE, ROOT, SEEDS
from oxigraph_server import OxigraphServer, needs_oxigraph

from kg.build import build
from kg.cli import main
from kg.push import Endpoints, GraphPush, push
from kg.query import run_select
from kg.sparql import RemoteStore
from kg.store import load_store

pytestmark = [needs_oxigraph, pytest.mark.store]
EXTRA = {"ontology": ROOT / "ontology", "shapes": ROOT / "shapes"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RECORD = f"{BASE}graph/pushed"


@pytest.fixture
def server(tmp_path):
    running = OxigraphServer(tmp_path / "store").start()
    yield running
    running.stop()


def local_graphs(data: Path) -> dict[str, set[bytes]]:
    """Each named graph of a graph file as a set of N-Triples lines."""
    store = load_store(data)
    return {g.value: _lines(q.triple for q in store.quads_for_pattern(None, None, None, g))
            for g in store.named_graphs()}


def remote_graph(server: OxigraphServer, graph: str) -> set[bytes]:
    url = f"{server.url}/store?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return _lines(ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES))
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return set()
        raise


def _lines(triples) -> set[bytes]:
    return set(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).splitlines())


def remote_count(server: OxigraphServer) -> int:
    return int(run_select(RemoteStore(server.query), COUNT).text_rows()[0][0])


def assert_published(server: OxigraphServer, data: Path, extra=EXTRA) -> None:
    """Every article and entity graph on the server equals the local one, the record of
    pushed graphs lists them, and there is nothing else."""
    graphs = local_graphs(data)
    for graph, triples in graphs.items():
        assert remote_graph(server, graph) == triples, graph
    names = {f"{BASE}graph/{name}" for name in extra}
    assert recorded(server) == set(graphs) | names
    others = sum(len(remote_graph(server, name)) for name in names | {RECORD})
    assert remote_count(server) == sum(map(len, graphs.values())) + others


def recorded(server: OxigraphServer) -> set[str]:
    query = f"SELECT ?g WHERE {{ GRAPH <{RECORD}> {{ ?r ?p ?g }} }}"
    return {row[0] for row in run_select(RemoteStore(server.query), query).text_rows()}


def remote_graphs(server: OxigraphServer) -> set[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    return {row[0] for row in run_select(RemoteStore(server.query), query).text_rows()}


def test_push_publishes_every_graph_whole(server, seeds_trig):
    report = push(seeds_trig, Endpoints.of(server.query), BASE, EXTRA)
    assert not report.failed
    assert {r.protocol for r in report.results} == {"gsp"}
    names = {r.graph for r in report.results}
    assert names == set(local_graphs(seeds_trig)) | {f"{BASE}graph/{n}" for n in EXTRA}
    assert_published(server, seeds_trig)
    assert remote_graph(server, f"{BASE}graph/shapes"), "the shapes graph is published"


def test_push_again_duplicates_nothing(server, seeds_trig):
    first = push(seeds_trig, Endpoints.of(server.query), BASE, EXTRA)
    count = remote_count(server)
    second = push(seeds_trig, Endpoints.of(server.query), BASE, EXTRA)
    assert not first.failed and not second.failed
    assert remote_count(server) == count
    assert_published(server, seeds_trig)


def test_push_again_replaces_a_changed_article_whole(server, tmp_path):
    sources = tmp_path / "articles"
    shutil.copytree(SEEDS, sources)
    before = build([sources], tmp_path / "before" / "kg.trig", BASE).out
    assert not push(before, Endpoints.of(server.query), BASE).failed
    changed = sorted(sources.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8")[:600], encoding="utf-8")
    after = build([sources], tmp_path / "after" / "kg.trig", BASE).out
    assert not push(after, Endpoints.of(server.query), BASE).failed
    graph = f"{BASE}graph/{changed.stem}"
    assert local_graphs(before)[graph] != local_graphs(after)[graph]
    assert_published(server, after, extra={})


def test_update_protocol_gives_the_same_store(server, seeds_trig):
    report = push(seeds_trig, Endpoints.of(server.query), BASE, EXTRA, protocol="update")
    assert not report.failed
    assert {r.protocol for r in report.results} == {"update"}
    assert_published(server, seeds_trig)


def test_auto_falls_back_to_update_where_there_is_no_graph_store(server, seeds_trig):
    endpoints = Endpoints.of(server.query, store=f"{server.url}/no-graph-store-here")
    report = push(seeds_trig, endpoints, BASE)
    assert not report.failed
    assert {r.protocol for r in report.results} == {"update"}
    assert_published(server, seeds_trig, extra={})


def test_a_crash_mid_push_loses_nothing_once_pushed_again(tmp_path, seeds_trig):
    server = OxigraphServer(tmp_path / "store").start()
    seen: list[GraphPush] = []

    def crash_after_three(result: GraphPush) -> None:
        seen.append(result)
        if len(seen) == 3:
            server.kill()

    try:
        report = push(seeds_trig, Endpoints.of(server.query), BASE, EXTRA,
                      on_graph=crash_after_three)
        assert len(report.pushed) == 3 and len(report.failed) == 3 and report.stopped
        assert report.untried == len(local_graphs(seeds_trig)) + len(EXTRA) - 6
        assert all("cannot reach the store" in r.error for r in report.failed)
        server.start()  # same folder: what was committed before the crash is still there
        for graph, triples in local_graphs(seeds_trig).items():
            assert remote_graph(server, graph) in (triples, set()), f"{graph} half-published"
        again = push(seeds_trig, Endpoints.of(server.query), BASE, EXTRA)
        assert not again.failed
        assert_published(server, seeds_trig)
    finally:
        server.stop()


def test_cli_push_and_remote_query(server, seeds_trig, runner):
    result = runner.invoke(main, ["push", "--data", str(seeds_trig), "--endpoint", server.query])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pushed ") and " by gsp" in result.output
    local = runner.invoke(main, ["query", "cq-meetings", "--data", str(seeds_trig),
                                 "--format", "csv"])
    remote = runner.invoke(main, ["query", "cq-meetings", "--endpoint", server.query,
                                  "--format", "csv"])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output


def test_cli_push_to_a_dead_store_says_so_once(seeds_trig, runner):
    from oxigraph_server import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = runner.invoke(main, ["push", "--data", str(seeds_trig), "--endpoint", url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "cannot reach the store" in line and "nothing pushed" in line


NEW_ARTICLES = {  # written for this test
    "moi-1.txt": "Ngày 5/3/2036, Bộ Công Thương tổ chức Hội nghị tổng kết năm 2035.\n",
    "moi-2.txt": "Năm 2035, doanh thu của ngành đạt 120 tỷ đồng, tăng 5% so với năm 2034.\n",
}


@pytest.fixture
def bigger_and_smaller(tmp_path) -> tuple[Path, Path]:
    """The seeds and two more articles, then the seeds alone: two builds of one dataset."""
    sources = tmp_path / "articles"
    shutil.copytree(SEEDS, sources)
    for name, text in NEW_ARTICLES.items():
        (sources / name).write_text(text, encoding="utf-8")
    bigger = build([sources], tmp_path / "bigger" / "kg.trig", BASE).out
    for name in NEW_ARTICLES:
        (sources / name).unlink()
    return bigger, build([sources], tmp_path / "smaller" / "kg.trig", BASE).out


def put_graph(server: OxigraphServer, graph: str, ntriples: bytes) -> None:
    url = f"{server.url}/store?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, ntriples, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=30).close()


def test_push_removes_the_graphs_gone_from_the_file_and_no_others(server, bigger_and_smaller,
                                                                   runner):
    bigger, smaller = bigger_and_smaller
    foreign = "http://example.org/someone-elses-graph"
    put_graph(server, foreign, b"<http://example.org/a> <http://example.org/b> \"c\" .\n")
    assert not push(bigger, Endpoints.of(server.query), BASE, EXTRA).failed
    gone = set(local_graphs(bigger)) - set(local_graphs(smaller))
    assert {g.rsplit("/", 1)[1] for g in gone} == {"moi-1", "moi-2"}
    result = runner.invoke(main, ["push", "--data", str(smaller), "--endpoint", server.query])
    assert result.exit_code == 0, result.output
    assert "removed 2 gone graph(s)" in result.stdout
    assert remote_graphs(server) == (set(local_graphs(smaller)) | {foreign, RECORD} |
                                     {f"{BASE}graph/{name}" for name in EXTRA})
    assert remote_graph(server, foreign), "a graph kg push did not make is left alone"
    local = runner.invoke(main, ["query", "cq-meetings", "--data", str(smaller), "--format", "csv"])
    remote = runner.invoke(main, ["query", "cq-meetings", "--endpoint", server.query,
                                  "--format", "csv"])
    assert remote.output == local.output


def test_no_prune_keeps_gone_graphs_and_the_next_push_removes_them(server, bigger_and_smaller):
    bigger, smaller = bigger_and_smaller
    endpoints = Endpoints.of(server.query)
    assert not push(bigger, endpoints, BASE, protocol="update").failed
    kept = push(smaller, endpoints, BASE, protocol="update", prune=False)
    assert not kept.failed and not kept.removed
    assert set(local_graphs(bigger)) <= remote_graphs(server)
    pruned = push(smaller, endpoints, BASE, protocol="update")
    assert sorted(r.graph.rsplit("/", 1)[1] for r in pruned.removed if r.ok) == ["moi-1", "moi-2"]
    assert_published(server, smaller, extra={})


@pytest.mark.parametrize(("query", "update", "store"), [
    ("http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store"),
    ("http://localhost:3030/kg/sparql", "http://localhost:3030/kg/update",
     "http://localhost:3030/kg/data"),
    ("http://localhost:8890/sparql", "http://localhost:8890/sparql",
     "http://localhost:8890/sparql-graph-crud"),
    ("http://example.org/other/endpoint", "http://example.org/other/endpoint",
     "http://example.org/other/endpoint"),
])
def test_endpoints_follow_each_store_layout(query, update, store):
    assert Endpoints.of(query) == Endpoints(query, update, store)


@pytest.mark.parametrize("suffix", ["", "/"])
def test_push_to_the_store_root_finds_its_endpoints(server, seeds_trig, runner, suffix):
    result = runner.invoke(main, ["push", "--data", str(seeds_trig),
                                  "--endpoint", server.url + suffix])
    assert result.exit_code == 0, result.output
    assert " by gsp" in result.output
    assert_published(server, seeds_trig)


def test_push_where_no_endpoint_answers_says_what_it_tried(server, seeds_trig, runner):
    url = f"{server.url}/nothing/here"
    result = runner.invoke(main, ["push", "--data", str(seeds_trig), "--endpoint", url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = result.output.strip().splitlines()
    assert "no SPARQL query endpoint answers there" in line
    assert f"{url}/query" in line and f"{url}/sparql" in line
    assert remote_graphs(server) == set()


def test_the_remote_and_the_embedded_store_give_the_same_answers(server, tmp_path):
    """Every competency query, on the build's store and on a real Oxigraph server it was
    pushed to."""
    from kg.query import query_names, run_file_select

    store = tmp_path / "kg.oxigraph"
    build([SEEDS], store, BASE, jobs=1)
    push(store, Endpoints.of(server.query), BASE, EXTRA)
    queries = ROOT / "queries"
    for name in query_names(queries):
        sparql = (queries / f"{name}.rq").read_text(encoding="utf-8")
        local = run_file_select(store, sparql, name)
        remote = run_select(RemoteStore(server.query), sparql, name)
        assert local.variables == remote.variables, name
        assert sorted(local.text_rows()) == sorted(remote.text_rows()), name
