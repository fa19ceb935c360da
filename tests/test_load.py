"""`kg serve` under load and abuse, on loopback, in a subprocess so a crash cannot hide.

A bounded load test (20 clients x 25 requests, a hard time cap) reports latency percentiles;
pathological queries are cut by the time and result limits; traversal, oversized requests
and SPARQL Update are refused and leave the server up and the graph unchanged.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CLIENTS, REQUESTS_EACH, LOAD_CAP_S = 20, 25, 90
QUERY_TIMEOUT_S, RESULT_LIMIT = 2, 500
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SMALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20"
ARTICLE = "/article/000_b240ef3e8c42c86b"
PAGES = ["/", ARTICLE, f"{ARTICLE}.json", "/search?q=doanh+thu", "/dataset",
         "/.well-known/void", "/dumps/kg.trig"]
QUERIES = [f"/sparql?query={SMALL}", f"/sparql?query={COUNT}"]

@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def alive(self) -> bool:
        try:
            return self.process.poll() is None and httpx.get(self.url + "/", timeout=10) \
                .status_code == 200
        except httpx.HTTPError:
            return False

    def sparql(self, query: str, **kwargs) -> httpx.Response:
        return httpx.get(self.url + "/sparql", params={"query": query}, timeout=30,
                         headers={"Accept": "application/sparql-results+json"}, **kwargs)

    def triples(self) -> int:
        answer = self.sparql(COUNT)
        assert answer.status_code == 200, answer.text
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(graph: Path) -> Iterator[Server]:
    port = free_port()
    env = {**os.environ, "KG_QUERY_TIMEOUT": str(QUERY_TIMEOUT_S),
           "KG_RESULT_LIMIT": str(RESULT_LIMIT)}
    command = [sys.executable, "-m", "kg.cli", "serve", "--data", str(graph),
               "--host", "127.0.0.1", "--port", str(port)]  # `kg serve`, as a user runs it
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + 30
        while not server.alive():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
        yield server
    finally:
        process.kill()  # also ends any query thread still running past its time limit
        process.wait(10)
        process.stderr.close()


@pytest.fixture(scope="module")
def server(seeds_trig) -> Iterator[Server]:
    yield from start_server(seeds_trig)


@pytest.fixture
def fresh_server(seeds_trig) -> Iterator[Server]:
    """A server of its own, for tests that may leave runaway queries behind or crash it."""
    yield from start_server(seeds_trig)


def raw_request(server: Server, head: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send bytes as written (no client-side path normalisation); (status, body)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode("latin-1") + b"\r\n" + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


# --- load -------------------------------------------------------------------------------------

def client_run(url: str, paths: list[str], n: int, offset: int) -> list[tuple[int, float]]:
    results = []
    with httpx.Client(base_url=url, timeout=20, follow_redirects=True) as client:
        for i in range(n):
            started = time.perf_counter()
            try:
                status = client.get(paths[(offset + i) % len(paths)],
                                    headers={"Accept": "text/html, */*"}).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            results.append((status, time.perf_counter() - started))
    return results


def run_load(server: Server, paths: list[str]) -> list[int | str]:
    """CLIENTS clients send REQUESTS_EACH requests each; prints latency percentiles."""
    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(client_run, server.url, paths, REQUESTS_EACH, c)
                   for c in range(CLIENTS)]
        done, pending = wait(futures, timeout=LOAD_CAP_S)
    elapsed = time.monotonic() - started
    assert not pending, f"load test passed its {LOAD_CAP_S} s cap"
    results = [r for f in done for r in f.result()]
    assert len(results) == CLIENTS * REQUESTS_EACH
    ms = [seconds * 1000 for _, seconds in results]
    p50, p95, p99 = (statistics.quantiles(ms, n=100, method="inclusive")[p - 1]
                     for p in (50, 95, 99))
    errors = [status for status, _ in results if status != 200]
    print(f"\n{len(results)} requests from {CLIENTS} clients in {elapsed:.1f} s "
          f"({len(results) / elapsed:.0f}/s): p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
          f"p99 {p99:.0f} ms, max {max(ms):.0f} ms; {len(errors)} errors")
    assert server.alive()
    return errors


def test_pages_under_concurrent_clients_have_no_errors(server):
    assert run_load(server, PAGES) == []


def test_sparql_under_concurrent_clients_has_no_errors(server):
    assert run_load(server, QUERIES) == []


# --- refused requests -------------------------------------------------------------------------

TRAVERSALS = [
    "/../../etc/passwd", "/static/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc/passwd",
    "/static/%252e%252e/%252e%252e/etc/passwd", "/static/..\\..\\..\\etc\\passwd",
    "/static/..%5c..%5c..%5cetc/passwd", "/dumps/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/static/....//....//etc/passwd",
    "/static/%00../../etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_refused(server, path):
    status, body = raw_request(server, f"GET {path} HTTP/1.1\nHost: localhost\n"
                                       "Connection: close\n")
    assert status in (400, 404), (status, body[:200])
    assert b"root:" not in body


def test_oversized_bodies_are_refused(server):
    huge = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 1_000_000
    answer = httpx.post(server.url + "/sparql", content=huge.encode(), timeout=30,
                        headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 413

    def chunks():  # no Content-Length: the limit must hold while streaming
        for _ in range(100):
            yield b"#" * 10_000

    answer = httpx.post(server.url + "/sparql", content=chunks(), timeout=30,
                        headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 413
    status, _ = raw_request(server, "POST /sparql HTTP/1.1\nHost: localhost\n"
                                    "Content-Type: application/sparql-query\n"
                                    "Content-Length: 999999999999\nConnection: close\n", b"ASK{}")
    assert status == 413
    assert server.alive()


@pytest.mark.parametrize("what", ["query string", "header"])
def test_oversized_request_heads_are_refused(server, what):
    if what == "query string":
        head = f"GET /sparql?query={'x' * 200_000} HTTP/1.1\nHost: localhost\n"
    else:
        head = f"GET / HTTP/1.1\nHost: localhost\nCookie: {'x' * 200_000}\n"
    try:
        status, _ = raw_request(server, head + "Connection: close\n")
    except ConnectionError:
        status = 0  # uvicorn's HTTP parser hangs up on a head this size
    assert status in (0, 400, 413, 414, 431)
    assert server.alive()


UPDATES = [
    ("POST", "application/sparql-update", "INSERT DATA { <urn:x> <urn:y> <urn:z> }"),
    ("POST", "application/x-www-form-urlencoded", "update=DROP+ALL"),
    ("POST", "application/x-www-form-urlencoded", "query=CLEAR+ALL"),
    ("POST", "application/sparql-query", "PREFIX x: <urn:x#>\ninsert data { x:a x:b x:c }"),
    ("POST", "application/sparql-query", "# just a comment\nDELETE WHERE { ?s ?p ?o }"),
    ("GET", "", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"),
    ("GET", "", "LOAD <http://example.org/evil.ttl>"),
    ("GET", "", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
]


@pytest.mark.parametrize("method,kind,text", UPDATES, ids=[u[2][:20] for u in UPDATES])
def test_sparql_update_is_refused_and_the_graph_unchanged(server, method, kind, text):
    before = server.triples()
    if method == "GET":
        answer = server.sparql(text)
    else:
        answer = httpx.post(server.url + "/sparql", content=text.encode(), timeout=30,
                            headers={"Content-Type": kind})
    assert answer.status_code == 403, answer.text
    assert server.triples() == before


# --- pathological queries ---------------------------------------------------------------------

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_huge_answer_is_cut_by_the_result_limit(server):
    started = time.monotonic()
    answer = server.sparql(CROSS)
    assert answer.status_code == 422 and "result_limit" in answer.text
    assert time.monotonic() - started < QUERY_TIMEOUT_S + 5
    assert server.sparql(SMALL).status_code == 200


def test_endless_query_is_cut_by_the_timeout(fresh_server):
    started = time.monotonic()
    answer = fresh_server.sparql(ENDLESS)
    assert answer.status_code == 503 and "query_timeout" in answer.text
    assert time.monotonic() - started < QUERY_TIMEOUT_S + 5
    assert fresh_server.alive()
    assert fresh_server.sparql(SMALL).status_code == 200


def test_endless_queries_do_not_lock_out_later_queries(fresh_server):
    with ThreadPoolExecutor(5) as pool:
        statuses = list(pool.map(lambda _: fresh_server.sparql(ENDLESS).status_code, range(5)))
    assert statuses == [503] * 5
    assert fresh_server.alive()
    answer = fresh_server.sparql(SMALL)
    assert answer.status_code == 200, answer.text


NESTED = {
    "groups": "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "brackets": "ASK { ?s ?p ?o FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_deeply_nested_query_does_not_kill_the_server(fresh_server, kind):
    try:
        status = httpx.post(fresh_server.url + "/sparql", content=NESTED[kind].encode(),
                            headers={"Content-Type": "application/sparql-query"},
                            timeout=30).status_code
    except httpx.HTTPError:
        status = None
    assert fresh_server.alive(), f"the server died (exit code {fresh_server.process.poll()})"
    assert status in (200, 400)
