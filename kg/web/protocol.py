"""The SPARQL 1.1 Protocol at /sparql: read-only queries with a time limit and a result limit."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import KgError, QueryError, QueryRefused
from ..formats import RdfFormat
from ..query import load_query, query_names
from ..sparql import (
    Busy,
    EndpointError,
    EngineFailure,
    OxigraphStore,
    QueryTimeout,
    ResultLimitExceeded,
    Results,
    Store,
)
from ..worker import QueryPool
from .dataset import graph_names, service_graph
from .describe import labels
from .negotiation import (
    GRAPH_OFFERS,
    HTML,
    RDF_OFFERS,
    RESULT_OFFERS,
    by_short_name,
    negotiate,
)
from .serialize import ResultFormat, graph_bytes, rdf_bytes
from .site import Site

STATUS = {QueryError: 400, QueryRefused: 403, ResultLimitExceeded: 422, EngineFailure: 500,
          EndpointError: 502, QueryTimeout: 503, Busy: 503}
PREFIXES = {400: "Malformed query", 403: "Forbidden", 422: "Result too large",
            500: "Query failed", 502: "Endpoint error"}
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_REMOTE = 4  # queries sent to a remote endpoint at once
RETRY_AFTER = "5"


class QueryRunner:
    """Runs users' queries with a time limit and limits on rows and bytes.

    Over the embedded store each query runs in a worker process (``kg.worker``): a crash,
    a panic, a memory blow-up or a query past its time ends there and becomes an error
    answer. A remote store gets the same checks, and at most MAX_REMOTE queries at once.
    """

    def __init__(self, store: Store, timeout: float, limit: int, max_bytes: int | None = None,
                 memory_mb: int = 4096):
        self.store, self.timeout, self.limit, self.max_bytes = store, timeout, limit, max_bytes
        self.memory_mb = memory_mb
        self._engine: Store | None = None
        self._lock = threading.Lock()
        self._remote = threading.BoundedSemaphore(MAX_REMOTE)
        self._threads = ThreadPoolExecutor(32, thread_name_prefix="sparql")

    def engine(self) -> Store:
        """The worker pool (started on first use) or the remote store."""
        with self._lock:
            if self._engine is None:
                self._engine = self._start()
            return self._engine

    def _start(self) -> Store:
        if not isinstance(self.store, OxigraphStore):
            return self.store
        if self.store.path is not None:  # workers load the file as the store was loaded
            return QueryPool(self.store.path, as_is=False, memory_mb=self.memory_mb)
        folder = Path(tempfile.mkdtemp(prefix="kg-query-"))
        dump = folder / "store.nq"
        self.store.store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        pool = QueryPool(dump, memory_mb=self.memory_mb)
        weakref.finalize(self, _clean, pool, folder)
        return pool

    def close(self) -> None:
        with self._lock:
            engine, self._engine = self._engine, None
        if engine is not None and engine is not self.store:
            engine.close()

    async def run(self, sparql: str, default_graphs=(), named_graphs=(),
                  base_iri: str | None = None) -> Results:
        loop = asyncio.get_running_loop()
        work = partial(self._run, sparql, tuple(default_graphs), tuple(named_graphs), base_iri)
        return await loop.run_in_executor(self._threads, work)

    def _run(self, sparql, default_graphs, named_graphs, base_iri) -> Results:
        deadline = time.monotonic() + self.timeout
        engine = self.engine()
        remote = engine is self.store
        if remote and not self._remote.acquire(timeout=min(self.timeout, 5.0)):
            raise Busy("every query slot is busy; try again in a few seconds")
        try:
            return engine.query(sparql, limit=self.limit, deadline=deadline,
                                max_bytes=self.max_bytes, default_graphs=default_graphs,
                                named_graphs=named_graphs, base_iri=base_iri)
        except QueryTimeout:
            raise QueryTimeout(f"the query ran past the {self.timeout:g} s time limit "
                               "(query_timeout); add LIMIT or make it more selective") from None
        except ResultLimitExceeded as exc:
            what = "results (result_limit)" if "results" in str(exc) else "bytes (result_bytes)"
            size = self.limit if "results" in str(exc) else self.max_bytes
            raise ResultLimitExceeded(f"the answer has more than {size} {what}; add LIMIT and "
                                      "OFFSET to page through it, or select fewer or shorter "
                                      "values") from None
        finally:
            if remote:
                self._remote.release()


def _clean(pool, folder: Path) -> None:
    pool.close()
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class SparqlRequest:
    query: str = ""
    update: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str = ""
    example: str = ""


class UnsupportedMedia(KgError):
    """A POST body of a media type or charset the protocol does not accept (415)."""


async def read_request(request: Request) -> SparqlRequest:
    """The query and dataset of a GET, a form POST or a direct application/sparql-query POST.

    QueryError (400) for two queries in one request or a body that is not UTF-8;
    UnsupportedMedia (415) for another media type or charset.
    """
    params = request.query_params
    got = SparqlRequest(_one(params.getlist("query")), _one(params.getlist("update")),
                        params.getlist("default-graph-uri"), params.getlist("named-graph-uri"),
                        params.get("format") or params.get("output", ""), params.get("example", ""))
    if request.method != "POST":
        return got
    kind, _, options = request.headers.get("content-type", "").partition(";")
    kind = kind.strip().lower()
    if kind in ("application/sparql-query", "application/sparql-update"):
        text = _utf8(await request.body(), options)
        if kind == "application/sparql-query":
            got.query = _one([got.query, text] if got.query else [text])
        else:
            got.update = text or " "
    elif kind in FORM_TYPES:
        form = await request.form()
        got.query = _one([got.query] * bool(got.query) + [str(q) for q in form.getlist("query")])
        got.update = str(form.get("update", "")) or got.update
        got.default_graphs += [str(g) for g in form.getlist("default-graph-uri")]
        got.named_graphs += [str(g) for g in form.getlist("named-graph-uri")]
        got.format = str(form.get("format", "")) or got.format
    else:
        raise UnsupportedMedia(f"unsupported content type {kind or '(none)'}: send "
                               "application/sparql-query or an HTML form")
    return got


def _one(values: list[str]) -> str:
    if len(values) > 1:
        raise QueryError("more than one query in the request; send one")
    return values[0] if values else ""


def _utf8(body: bytes, options: str) -> str:
    """A direct POST body: UTF-8 only, as the protocol requires."""
    for option in options.split(";"):
        name, _, value = option.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise UnsupportedMedia(f"the query must be sent as UTF-8, not {value.strip()}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the query is not valid UTF-8 (byte {exc.start})") from None


async def sparql(request: Request) -> Response:
    site: Site = request.app.state.site
    try:
        req = await read_request(request)
    except KgError as exc:
        status = 415 if isinstance(exc, UnsupportedMedia) else 400
        return PlainTextResponse(f"{_message(exc)}\n", status_code=status)
    accept = request.headers.get("accept", "")
    wants_html = negotiate(accept, RESULT_OFFERS) == HTML or req.format == "html"
    if req.update:
        return _error(site, request, req, wants_html,
                      QueryRefused("this endpoint is read-only: SPARQL Update is not accepted"))
    if not req.query.strip():
        return service_description(site, request, req)
    try:
        results = await site.runner.run(req.query, req.default_graphs, req.named_graphs,
                                        base_iri=site.base + "sparql")
    except KgError as exc:
        return _error(site, request, req, wants_html, exc)
    if wants_html:
        return results_page(site, request, req, results)
    return answer(results, accept, req.format)


def answer(results: Results, accept: str, fmt_param: str) -> Response:
    offers = RESULT_OFFERS if results.form in ("select", "ask") else GRAPH_OFFERS
    chosen = by_short_name(fmt_param, offers) or negotiate(accept, offers)
    if not isinstance(chosen, ResultFormat | RdfFormat):
        chosen = next(f for f in offers.values() if not isinstance(f, str))
    if isinstance(chosen, RdfFormat):
        body = rdf_bytes(results.triples, chosen)
    else:
        body = chosen.write(results)
    return Response(body, media_type=_media(chosen), headers={"Vary": "Accept"})


def _media(fmt) -> str:
    charset = "; charset=utf-8" if fmt.media_type.startswith("text/") else ""
    return fmt.media_type + charset


def _error(site: Site, request: Request, req: SparqlRequest, html: bool, exc: KgError):
    status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
    message = _message(exc)
    headers = {"Retry-After": RETRY_AFTER} if status == 503 else {}
    if html:
        return editor(site, request, req, status=status, error=message, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _message(exc: KgError) -> str:
    if isinstance(exc, Busy):
        prefix = "Busy, retry later"
    elif isinstance(exc, QueryTimeout):
        prefix = "Query timeout"
    else:
        prefix = next((PREFIXES[code] for kind, code in STATUS.items()
                       if isinstance(exc, kind) and code in PREFIXES), "Error")
    return f"{prefix}: {exc}"


def service_description(site: Site, request: Request, req: SparqlRequest) -> Response:
    accept = request.headers.get("accept", "")
    chosen = by_short_name(req.format, RDF_OFFERS) or negotiate(accept, RDF_OFFERS)
    if chosen is None or chosen == HTML:
        return editor(site, request, req)
    names = site.cached("graphs", lambda: graph_names(site.store))
    g = service_graph(site.base, names, site.store.union_default_graph,
                      site.settings.query_timeout, site.settings.result_limit)
    return Response(graph_bytes(g, chosen), media_type=_media(chosen), headers={"Vary": "Accept"})


def examples(site: Site) -> list[tuple[str, str, str]]:
    """(name, first comment line, text) of each query in the queries folder."""
    out = []
    for name in query_names(site.settings.queries):
        _, text = load_query(name, site.settings.queries)
        first = next((line.lstrip("# ").strip() for line in text.splitlines()
                      if line.startswith("#")), "")
        out.append((name, first, text))
    return out


def editor(site: Site, request: Request, req: SparqlRequest, status: int = 200,
           error: str = "", headers: dict | None = None, **context) -> Response:
    found = dict((n, t) for n, _, t in examples(site))
    text = req.query or found.get(req.example, "") or DEFAULT_QUERY
    return site.render(request, "sparql.html", status=status, headers={"Vary": "Accept",
                       **(headers or {})}, query=text, error=error, examples=examples(site),
                       example=req.example, **context)


def results_page(site: Site, request: Request, req: SparqlRequest, results: Results):
    terms = [t for row in results.rows for t in row.values()]
    terms += [part for t in results.triples for part in (t.subject, t.object)]
    iris = {t.value for t in terms if isinstance(t, ox.NamedNode) and t.value.startswith(site.base)}
    render = site.renderer(labels(site.store, sorted(iris)[:2000]))
    return editor(site, request, req, results=results, render=render)


DEFAULT_QUERY = """PREFIX kg: <https://data.example.org/vngov/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>

SELECT ?meeting ?label ?date WHERE {
  GRAPH ?g { ?meeting a kg:Conference ; rdfs:label ?label .
             OPTIONAL { ?meeting schema:startDate ?date } }
}
ORDER BY ?date
LIMIT 20"""
