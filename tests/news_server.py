"""A news site on 127.0.0.1 for the fetch tests: fixed routes, and a log of every request.

``NewsSite(routes)`` serves ``{path: Route}`` on a free loopback port until ``stop()``. A
route answers with its body, honouring ``If-None-Match`` / ``If-Modified-Since`` (304), or
fails its first requests with a status, or redirects. Every request is logged with its path
and headers, so a test can prove what was never asked for.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

LAST_MODIFIED = "Sat, 08 Jun 2024 08:30:00 GMT"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to the loopback site go straight to it, whatever proxy the machine sets."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    fail_first: int = 0  # answer ``fail_status`` to this many requests, then the body
    fail_status: int = 500
    served: int = field(default=0, init=False)

    def answer(self, headers) -> tuple[int, dict[str, str], bytes]:
        self.served += 1
        if self.served <= self.fail_first:
            return self.fail_status, {"Content-Type": "text/plain"}, b"try again later"
        if self.location:
            return self.status, {"Location": self.location}, b""
        validators = {k: v for k, v in (("ETag", self.etag),
                                        ("Last-Modified", self.last_modified)) if v}
        if self.status == 200 and self._unchanged(headers):
            return 304, validators, b""
        return self.status, {"Content-Type": self.content_type, **validators}, self.body

    def _unchanged(self, headers) -> bool:
        if self.etag and headers.get("If-None-Match"):
            return headers["If-None-Match"] == self.etag
        return bool(self.last_modified) and headers.get("If-Modified-Since") == self.last_modified


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


class NewsSite:
    def __init__(self, routes: dict[str, Route]):
        self.routes = routes
        self.log: list[Request] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                site.log.append(Request(self.path, dict(self.headers.items())))
                route = site.routes.get(self.path)
                status, headers, body = (route.answer(self.headers) if route else
                                         (404, {"Content-Type": "text/plain"}, b"not found"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass  # the test reads ``site.log``; stderr stays quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.log]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
