"""Views for people and programs: the landing page, lists, search and every resource IRI."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pyoxigraph as ox
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

from ..export import quad_bytes
from ..formats import RdfFormat
from .dataset import schema_org
from .describe import Description, describe, labels, with_context
from .documents import class_totals, dataset_facts
from .entities import inbound, page_context, statements
from .lookups import BY_KEY, counts, hit_details, label_index, search
from .negotiation import HTML, JSON, RDF_OFFERS, SUFFIXES, by_short_name, negotiate
from .protocol import sparql
from .site import RDF_LINKS, SOON_S, Site, split_suffix
from .table_rows import answer, count, csv_chunks, json_chunks, load, records
from .tables import PAGE_SIZES, TABLES_BY_KEY, View

LIST_OFFERS = {HTML: HTML, JSON: JSON}


def site_of(request: Request) -> Site:
    return request.app.state.site


def landing(request: Request) -> Response:
    site = site_of(request)
    numbers = site.soon("counts", lambda: site.aside(counts, class_totals(site)), SOON_S)
    recent = site.soon("recent meetings", lambda: _recent_meetings(site), SOON_S)
    facts = dataset_facts(request, wait=SOON_S)
    described = json.dumps(schema_org(facts), ensure_ascii=False, indent=1)
    return site.render(request, "landing.html", counts=numbers, recent=recent,
                       dataset_jsonld=Markup(described.replace("</", "<\\/")))


def _recent_meetings(site: Site) -> list[tuple]:
    """The six latest meetings: sorted once, not at every request (the graph does not change
    while it is served)."""
    meetings = loaded_table(site, "meeting")
    latest = answer(meetings, View({}, sort="date", descending=True, size=6)).page_rows
    return [(row.iri, row.title, row.first("date")) for row in latest]


def _wants_json(request: Request, path: str) -> bool:
    if path.endswith(".json") or request.query_params.get("format") == "json":
        return True
    return negotiate(request.headers.get("accept"), LIST_OFFERS) == JSON


def collection(request: Request) -> Response:
    """A table of one kind of fact, and its ``.json`` and ``.csv`` twins with the same query."""
    site = site_of(request)
    path = request.url.path.strip("/")
    key, _, suffix = path.partition(".")
    table = TABLES_BY_KEY[key]
    loaded = loaded_table(site, key)
    view = View.from_params(table, request.query_params)
    if suffix == "csv":
        return StreamingResponse(
            csv_chunks(loaded, view), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{key}.csv"',
                     "ETag": site.tag(request, "csv")})
    if suffix == "json" or _wants_json(request, request.url.path):
        head = {"table": key, "total": count(loaded, view), "filters": view.filters,
                "q": view.q, "sort": request.query_params.get("sort", "")}
        return StreamingResponse(json_chunks(head, records(loaded, view)),
                                 media_type="application/json",
                                 headers={"Vary": "Accept", "ETag": site.tag(request, "json")})
    result = answer(loaded, view)
    return site.render(request, "table.html", headers={"Vary": "Accept"},
                       collection=table.collection, table=table, result=result,
                       heads=_column_heads(result.columns), sizes=PAGE_SIZES,
                       link=lambda **change: view_link(request, **change))


def _column_heads(columns) -> list[tuple[str, str, str, bool]]:
    """(sort key, Vietnamese, English, numeric) of each column; the row's name first."""
    return [("label", "Tên", "name", False)] + [(c.key, c.vi, c.en, c.numeric) for c in columns]


def loaded_table(site: Site, key: str):
    """A table's rows, read once while the server runs into a file of its own."""
    table = TABLES_BY_KEY[key]
    return site.cached(f"table:{key}", lambda: site.aside(
        load, table, site.scratch() / f"table-{key}.sqlite", site.vocab.label))


def view_link(request: Request, path: str | None = None, **change) -> str:
    """The current URL with some query parameters changed (None removes one); a filter given
    as ``add=(key, value)`` or ``drop=(key, value)`` adds or removes one value."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    add, drop = change.pop("add", None), change.pop("drop", None)
    if drop:
        items = [kv for kv in items if kv != drop]
    if add and add not in items:
        items.append(add)
    for key, value in change.items():
        items = [kv for kv in items if kv[0] != key]
        if value is not None:
            items.append((key, str(value)))
    query = urlencode(items)
    return (path or request.url.path) + (f"?{query}" if query else "")


# The SPARQL editor's downloads: a suffix names the answer's format whatever the browser accepts.
DOWNLOADS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle"}


async def sparql_download(request: Request) -> Response:
    """``/sparql.csv`` and its siblings: the query of the editor, answered as a file."""
    suffix = request.path_params["suffix"]
    if suffix not in DOWNLOADS:
        return PlainTextResponse(f"No format {suffix!r}: use {', '.join(DOWNLOADS)}.\n", 404)
    scope = dict(request.scope)
    scope["headers"] = [(k, v) for k, v in request.scope["headers"] if k != b"accept"]
    scope["headers"].append((b"accept", DOWNLOADS[suffix].encode()))
    response = await sparql(Request(scope, request.receive))
    if response.status_code == 200:  # named by what came back: a SELECT has no Turtle form
        media = response.headers.get("content-type", "").split(";")[0]
        sent = next((s for s, m in DOWNLOADS.items() if m == media), suffix)
        response.headers["Content-Disposition"] = f'attachment; filename="results.{sent}"'
    return response


def find(request: Request) -> Response:
    site = site_of(request)
    query = request.query_params.get("q", "").strip()[:200]
    index = site.cached("labels", lambda: label_index(site.store))
    hits = search(index, query) if query else []
    details = hit_details(site.store, [h.iri for h in hits])
    orgs = labels(site.store, {o for _, _, o in details.values() if o})
    if _wants_json(request, request.url.path):
        results = [{"iri": h.iri, "label": h.label, "type": details.get(h.iri, ("",))[0] or None,
                    "date": details.get(h.iri, ("", ""))[1] or None,
                    "organization": details.get(h.iri, ("", "", ""))[2] or None}
                   for h in hits]
        return JSONResponse({"q": query, "results": results}, headers={"Vary": "Accept"})
    return site.render(request, "search.html", headers={"Vary": "Accept"}, q=query, hits=hits,
                       kind=kind_of, details=details, orgs=orgs)


def kind_of(site: Site, iri: str) -> str:
    key = iri[len(site.base):].split("/", 1)[0] if iri.startswith(site.base) else ""
    found = BY_KEY.get(key)
    return found.vi if found else key


def resource(request: Request) -> Response:
    """Any IRI under the base: a page for people, its description for programs."""
    site = site_of(request)
    path = request.path_params.get("path", "")
    d, fmt = _lookup(site, path)
    if d is None or not d.exists:
        return not_found(request, site.iri(path))
    negotiated = fmt is None
    if negotiated:
        accept = request.headers.get("accept")
        fmt = by_short_name(request.query_params.get("format"), RDF_OFFERS) or \
            negotiate(accept, RDF_OFFERS)
    headers = _headers(site, d.iri, negotiated)
    if fmt is None:
        offered = ", ".join(RDF_OFFERS)
        return PlainTextResponse(f"Not acceptable. Offered: {offered}\n", 406, headers=headers)
    if fmt == HTML:
        return page(request, site, d, headers)
    return description_response(site, d, fmt, headers)


def _lookup(site: Site, path: str) -> tuple[Description | None, RdfFormat | None]:
    """The resource of a path, trying "x.ttl" as a document about "x" when "x.ttl" is unknown."""
    try:
        d = describe(site.store, site.iri(path))
        if d.exists:
            return d, None
        stem, suffix = split_suffix(path)
        if suffix:
            return describe(site.store, site.iri(stem)), SUFFIXES[suffix]
    except ValueError:  # not a usable IRI
        pass
    return None, None


def _headers(site: Site, iri: str, negotiated: bool) -> dict[str, str]:
    local = site.href(iri)
    links = [f'<{local}{suffix}>; rel="alternate"; type="{media}"'
             for _, suffix, media in RDF_LINKS]
    headers = {"Link": ", ".join(links)}
    if negotiated:
        headers["Vary"] = "Accept"
    return headers


def description_response(site: Site, d: Description, fmt: RdfFormat, headers: dict) -> Response:
    media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    # Graphs where the format keeps them; JSON-LD as one node object, which a JSON client
    # reads without handling graphs.
    graphs = fmt.quads and fmt.name != "json-ld"
    quads = with_context(site.store, d, graphs).quads()
    if not graphs:
        quads = list(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object) for q in quads))
    body = quad_bytes(quads, fmt)
    return Response(body, media_type=media, headers=headers)


def page(request: Request, site: Site, d: Description, headers: dict) -> Response:
    context = page_context(site, d)
    template = context.pop("template")
    render = site.renderer(d.labels | context.pop("labels", {}))
    return site.render(request, template, headers=headers, d=d, render=render,
                       rows=statements(d), inbound=inbound(d), **context)


def not_found(request: Request, iri: str) -> Response:
    site = site_of(request)
    words = iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    index = site.cached("labels", lambda: label_index(site.store))
    hint = search(index, words, limit=8) if words else []
    if negotiate(request.headers.get("accept"), RDF_OFFERS) not in (HTML, None):
        return PlainTextResponse(f"Not found: {iri} is not in this dataset.\n", 404)
    return site.render(request, "not_found.html", status=404, iri=iri, hint=hint)


def failure(request: Request, exc: Exception) -> Response:
    """A library error while drawing a page: the store timed out or could not be reached."""
    from ..sparql import EndpointError, QueryTimeout

    status = 502 if isinstance(exc, EndpointError) else 503 if isinstance(exc, QueryTimeout) \
        else 500
    if negotiate(request.headers.get("accept"), LIST_OFFERS) != HTML:
        return PlainTextResponse(f"{exc}\n", status)
    return site_of(request).render(request, "error.html", status=status, message=str(exc),
                                   status_code=status)


def collection_paths() -> list[str]:
    return list(TABLES_BY_KEY)
