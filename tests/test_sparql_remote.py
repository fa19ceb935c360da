"""The remote store's failures: each a store error for the server, and one line naming the
endpoint for `kg query --endpoint`, whatever the endpoint did wrong."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fake_stores import FakeStore

from kg.query import run_select
from kg.sparql import EndpointError, QueryTimeout, RemoteStore

ASK = "ASK { ?s ?p ?o }"


@pytest.mark.parametrize("kind", ["not-http", "cut-short", "dead", "silent"])
def test_a_broken_endpoint_is_one_error(kind):
    with FakeStore(kind) as fake:
        store = RemoteStore(fake.query, timeout=1)
        with pytest.raises(QueryTimeout if kind == "silent" else EndpointError):
            store.query(ASK)
        with pytest.raises(EndpointError) as info:
            run_select(store, ASK, "q")
    message = str(info.value)
    assert message.startswith(f"{fake.query}: ") and "\n" not in message


class Garbled(BaseHTTPRequestHandler):
    """Answers every query with SPARQL JSON results cut off in the middle of a row."""

    def do_POST(self):  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": '
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_an_answer_that_is_not_sparql_results_is_said_so():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbled)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/query"
    try:
        with pytest.raises(EndpointError, match="unreadable answer"):
            RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")
        with pytest.raises(EndpointError, match="the answer is not SPARQL JSON results"):
            run_select(RemoteStore(url), "SELECT ?x WHERE { ?x ?p ?o }")
    finally:
        server.shutdown()
        server.server_close()
