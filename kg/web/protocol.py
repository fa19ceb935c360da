"""The SPARQL 1.1 Protocol at /sparql: read-only queries with a time limit and a result limit."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import KgError, QueryError
from ..formats import RdfFormat
from ..query import load_query, query_names
from .backends import (
    EndpointError,
    QueryRefused,
    QueryTimeout,
    ResultLimitExceeded,
    Results,
    Store,
)
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

STATUS = {QueryError: 400, QueryRefused: 403, ResultLimitExceeded: 422, QueryTimeout: 503,
          EndpointError: 502}
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_RUNNING = 4
MAX_ABANDONED = 8  # queries past their time that pyoxigraph is still finishing


class Busy(QueryTimeout):
    """Every query slot is taken (often by queries that ran past their time)."""


class QueryRunner:
    """Runs each query in its own thread; the request gives up at the time limit.

    pyoxigraph releases the GIL, so a long query does not stop the server from answering
    others. It cannot be interrupted either: a query past its time gives its slot back and
    finishes in the background, and at most MAX_ABANDONED may do so at once.
    """

    def __init__(self, store: Store, timeout: float, limit: int, slots: int = MAX_RUNNING):
        self.store, self.timeout, self.limit = store, timeout, limit
        self._slots = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._abandoned = 0

    async def run(self, sparql: str, default_graphs=(), named_graphs=()) -> Results:
        await self._take_slot()
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        deadline = time.monotonic() + self.timeout
        run = {"abandoned": False}
        args = (sparql, deadline, default_graphs, named_graphs, loop, future, run)
        threading.Thread(target=self._work, args=args, daemon=True, name="sparql").start()
        try:
            return await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            self._abandon(run)
            raise QueryTimeout(self._late()) from None

    async def _take_slot(self) -> None:
        """Wait a little for a slot: a burst of quick queries queues instead of failing."""
        waited = 0.0
        while not self._slots.acquire(blocking=False):
            if waited >= min(self.timeout, 5.0):
                raise Busy("every query slot is busy; try again in a few seconds")
            await asyncio.sleep(0.02)
            waited += 0.02
        with self._lock:
            if self._abandoned >= MAX_ABANDONED:
                self._slots.release()
                raise Busy("too many earlier queries are still running past their time limit; "
                           "try again later")

    def _abandon(self, run: dict) -> None:
        with self._lock:
            if not run.get("done"):
                run["abandoned"] = True
                self._abandoned += 1
                self._slots.release()

    def _finish(self, run: dict) -> None:
        with self._lock:
            run["done"] = True
            if run["abandoned"]:
                self._abandoned -= 1
            else:
                self._slots.release()

    def _late(self) -> str:
        return (f"the query ran past the {self.timeout:g} s time limit (query_timeout); "
                "add LIMIT or make it more selective")

    def _work(self, sparql, deadline, default_graphs, named_graphs, loop, future, run) -> None:
        try:
            result, error = self.store.query(
                sparql, limit=self.limit, deadline=deadline, default_graphs=default_graphs,
                named_graphs=named_graphs), None
        except QueryTimeout:
            result, error = None, QueryTimeout(self._late())
        except ResultLimitExceeded:
            result, error = None, ResultLimitExceeded(
                f"the answer has more than {self.limit} results (result_limit); "
                "add LIMIT and OFFSET to page through it")
        except Exception as exc:  # handed to the waiting request
            result, error = None, exc
        finally:
            self._finish(run)
        try:
            loop.call_soon_threadsafe(_settle, future, result, error)
        except RuntimeError:  # the event loop is gone: nobody is waiting
            pass


def _settle(future: asyncio.Future, result, error) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


@dataclass
class SparqlRequest:
    query: str = ""
    update: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str = ""
    example: str = ""


async def read_request(request: Request) -> SparqlRequest:
    """The query and dataset of a GET, a form POST or a direct application/sparql-query POST."""
    params = request.query_params
    got = SparqlRequest(params.get("query", ""), params.get("update", ""),
                        params.getlist("default-graph-uri"), params.getlist("named-graph-uri"),
                        params.get("format") or params.get("output", ""), params.get("example", ""))
    if request.method != "POST":
        return got
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-query":
        got.query = (await request.body()).decode("utf-8", "replace")
    elif kind == "application/sparql-update":
        got.update = (await request.body()).decode("utf-8", "replace") or " "
    elif kind in FORM_TYPES:
        form = await request.form()
        got.query = str(form.get("query", "")) or got.query
        got.update = str(form.get("update", "")) or got.update
        got.default_graphs += [str(g) for g in form.getlist("default-graph-uri")]
        got.named_graphs += [str(g) for g in form.getlist("named-graph-uri")]
        got.format = str(form.get("format", "")) or got.format
    else:
        raise KgError(f"unsupported content type {kind or '(none)'}: send "
                      "application/sparql-query or an HTML form")
    return got


async def sparql(request: Request) -> Response:
    site: Site = request.app.state.site
    try:
        req = await read_request(request)
    except KgError as exc:
        return PlainTextResponse(str(exc) + "\n", status_code=415)
    accept = request.headers.get("accept", "")
    wants_html = negotiate(accept, RESULT_OFFERS) == HTML or req.format == "html"
    if req.update:
        return _error(site, request, req, wants_html,
                      QueryRefused("this endpoint is read-only: SPARQL Update is not accepted"))
    if not req.query.strip():
        return service_description(site, request, req)
    try:
        results = await site.runner.run(req.query, req.default_graphs, req.named_graphs)
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
    message = _message(exc, status)
    headers = {"Retry-After": "5"} if status == 503 else {}
    if html:
        return editor(site, request, req, status=status, error=message, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _message(exc: KgError, status: int) -> str:
    prefix = {400: "Malformed query", 403: "Forbidden", 422: "Result too large",
              502: "Endpoint error", 503: "Query timeout"}.get(status, "Error")
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
