"""The web application: every route in one table, and the guards in front of it."""

from __future__ import annotations

import asyncio
import hashlib
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import KgError
from ..settings import Settings
from ..sparql import Store
from . import documents, pages, protocol
from .site import RDF_LINKS, Site

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 256 * 1024  # a SPARQL query, even a long one, is far smaller
# The pages use no scripts: none may run, whatever a query or the data puts in a page.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'none'; object-src 'none'; "
     b"style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
     b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
]


def routes() -> list:
    """Every URL the server answers, in the order they are matched."""
    lists = [Route(f"/{key}{ext}", pages.collection, name=f"list-{key}{ext}")
             for key in pages.collection_paths() for ext in ("", ".json", ".csv")]
    return [
        Route("/", pages.landing, name="landing"),
        Route("/search", pages.find, name="search"),
        Route("/search.json", pages.find, name="search-json"),
        Route("/sparql", protocol.sparql, methods=["GET", "POST"], name="sparql"),
        Route("/sparql/", protocol.sparql, methods=["GET", "POST"]),
        Route("/sparql.{suffix}", pages.sparql_download, methods=["GET", "POST"],
              name="sparql-download"),
        *with_suffixes("/dataset", documents.dataset),
        Route("/.well-known/void", documents.well_known_void, name="void"),
        Route("/dumps/{name}", documents.dumps, name="dumps"),
        *with_suffixes("/ontology", documents.ontology),
        *with_suffixes("/ontology/indicator", documents.ontology),  # ontology/indicators.ttl
        *with_suffixes("/shapes", documents.shapes),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        *lists,
        Route("/{path:path}", pages.resource, name="resource"),
    ]


def with_suffixes(path: str, view) -> list[Route]:
    """A document and its RDF twins: /dataset, /dataset.ttl, /dataset.jsonld, ..."""
    return [Route(path, view, name=path.strip("/"))] + [
        Route(f"{path}{suffix}", view) for _, suffix, _ in RDF_LINKS]


def create_app(store: Store, settings: Settings | None = None,
               modified: datetime | None = None) -> Starlette:
    """The ASGI app publishing ``store`` under ``settings.base``; ``modified`` is when its data
    last changed (the graph file's time), which Last-Modified and VoID report."""
    settings = settings or Settings.from_env()
    site = Site(store, settings, modified)
    site.runner = protocol.QueryRunner(store, settings.query_timeout, settings.result_limit,
                                       settings.result_bytes, settings.query_memory)
    middleware = [
        Middleware(Guard, max_body=MAX_BODY_BYTES),
        Middleware(Conditional, modified=site.modified),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                   allow_headers=["Accept", "Content-Type"]),
    ]
    app = Starlette(routes=routes(), middleware=middleware,
                    exception_handlers={KgError: pages.failure}, lifespan=_workers(site))
    app.state.site = site
    return app


def _workers(site: Site):
    """Query workers started with the server (so the first query is quick), stopped with it."""
    @asynccontextmanager
    async def lifespan(app):
        await asyncio.to_thread(site.runner.engine)
        try:
            yield
        finally:
            site.runner.close()
            site.close()

    return lifespan


class Guard:
    """Refuses path traversal and request bodies over the size limit before any view runs;
    adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app = app
        self.max_body = max_body
        # A refused body is read on (and dropped) up to this size before the 413 is sent: a
        # server that answers and closes with the body unread resets the connection, and the
        # client may lose the answer with it.
        self.drained = 4 * max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        send = _with_headers(send)
        if _traverses(scope):
            return await _plain(send, 400, "Bad request: the path may not leave the site.")
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit():
            return await _plain(send, 400, "Bad request: unreadable Content-Length.")
        if int(declared) > self.max_body:
            if int(declared) <= self.drained:
                await _drain(receive, self.drained)
            return await _too_large(send, self.max_body)
        body, more, size = [], True, 0
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                if message.get("more_body", False):
                    await _drain(receive, self.drained - size)
                return await _too_large(send, self.max_body)
            body.append(chunk)
            more = message.get("more_body", False)
        await self.app(scope, _replay(b"".join(body), receive), send)


def _with_headers(send: Send) -> Send:
    async def sending(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
        await send(message)

    return sending


def data_time(path: Path | None) -> datetime | None:
    """When a graph file last changed (None for a remote endpoint or a missing file)."""
    if path is None or not path.exists():
        return None
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


class Conditional:
    """ETag (a digest of the body), Last-Modified (when the data changed) and Cache-Control on
    every successful GET; 304 Not Modified when a conditional request already has it."""

    def __init__(self, app: ASGIApp, modified: datetime, max_age: int = 300):
        self.app = app
        self.modified = format_datetime(modified, usegmt=True)
        self.since = modified
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        start, body = {}, []
        mode = "hold"  # "pass": a response that tags itself streams; "drop": 304 was sent

        async def keep(message: Message) -> None:
            nonlocal mode
            if message["type"] == "http.response.start" and _tagged(message):
                # A file or a download tags itself and streams: it is not held here.
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                headers.setdefault("Last-Modified", self.modified)
                headers.setdefault("Cache-Control", f"public, max-age={self.max_age}")
                mode = "pass"
                if message.get("status") == 200 and self._fresh(Headers(scope=scope),
                                                                 headers["etag"]):
                    mode = "drop"
                    return await _not_modified(send, headers)
                message = {**message, "headers": headers.raw}
            if mode == "pass":
                await send(message)
            elif mode == "hold" and message["type"] == "http.response.start":
                start.update(message)
            elif mode == "hold":
                body.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        if mode != "hold":
            return
        content = b"".join(body)
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        if start.get("status") == 200:
            headers["ETag"] = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            headers["Last-Modified"] = self.modified
            headers.setdefault("Cache-Control", f"public, max-age={self.max_age}")
            if self._fresh(Headers(scope=scope), headers["ETag"]):
                return await _not_modified(send, headers)
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": content})

    def _fresh(self, request: Headers, etag: str) -> bool:
        """RFC 9110: If-None-Match decides when sent, else If-Modified-Since."""
        if "if-none-match" in request:
            tags = [t.strip().removeprefix("W/") for t in request["if-none-match"].split(",")]
            return etag in tags or "*" in tags
        try:
            since = parsedate_to_datetime(request.get("if-modified-since", ""))
        except (TypeError, ValueError):
            return False
        return since is not None and since.tzinfo is not None and self.since <= since


def _tagged(start: Message) -> bool:
    return any(name.lower() == b"etag" for name, _ in start.get("headers", []))


async def _not_modified(send: Send, headers: MutableHeaders) -> None:
    keep = ("etag", "last-modified", "cache-control", "vary", "content-location", "link")
    raw = [(k, v) for k, v in headers.raw if k.decode("latin-1").lower() in keep]
    await send({"type": "http.response.start", "status": 304, "headers": raw})
    await send({"type": "http.response.body", "body": b""})


def _traverses(scope: Scope) -> bool:
    raw = scope.get("raw_path") or scope["path"].encode()
    path = unquote(unquote(raw.decode("latin-1")))
    parts = path.replace("\\", "/").split("/")
    return ".." in parts or "\x00" in path


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _drain(receive: Receive, most: int) -> None:
    """Reads the rest of a request body, up to ``most`` bytes, and drops it."""
    while most > 0:
        message = await receive()
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return
        most -= len(message.get("body", b""))


async def _too_large(send: Send, limit: int) -> None:
    await _plain(send, 413, f"Request body too large: the limit is {limit} bytes.")


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
