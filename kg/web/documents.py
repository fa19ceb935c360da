"""Views of the dataset as a whole: VoID and DCAT, dumps, the ontology and the shapes."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from ..export import quad_bytes
from ..formats import RdfFormat
from ..store import open_atomic
from .dataset import (
    DUMP_FORMATS,
    DatasetFacts,
    dump_path,
    graph_sizes,
    void_quads,
    write_dump,
)
from .lookups import class_counts, counts
from .negotiation import HTML, RDF_OFFERS, SUFFIXES, by_short_name, negotiate
from .serialize import graph_bytes
from .site import RDF_LINKS, Site, split_suffix
from .terms import document, read_folder

GRAPHS_SHOWN = 200  # graphs the dataset page lists; VoID names them all


def _site(request: Request) -> Site:
    return request.app.state.site


def _format(request: Request) -> tuple[RdfFormat | str | None, bool]:
    """The format a suffix names, else the negotiated one; and whether it was negotiated."""
    _, suffix = split_suffix(request.url.path)
    if suffix:
        return SUFFIXES[suffix], False
    chosen = by_short_name(request.query_params.get("format"), RDF_OFFERS)
    return chosen or negotiate(request.headers.get("accept"), RDF_OFFERS), True


def _rdf(body: bytes, fmt: RdfFormat, negotiated: bool) -> Response:
    media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    return Response(body, media_type=media, headers={"Vary": "Accept"} if negotiated else {})


def _not_acceptable() -> Response:
    return PlainTextResponse("Not acceptable. Offered: " + ", ".join(RDF_OFFERS) + "\n", 406)


def dataset_facts(request: Request, wait: float | None = None) -> DatasetFacts:
    """Counts, graphs, dump sizes and dates of the served dataset (kept once computed): the
    sizes of the dumps written so far (a dump is written when first asked for); with
    ``wait``, the totals that are not ready within that many seconds are left empty."""
    site = _site(request)

    def kept(key: str, make, empty):
        if wait is None:
            return site.cached(key, make)
        found = site.soon(key, make, wait)
        return empty if found is None else found

    sizes_ = {f.name: path.stat().st_size for f in DUMP_FORMATS
              if (path := site.peek(f"dump:{f.name}")) is not None}
    s = site.settings
    return DatasetFacts(
        site.base, site.public(request),
        kept("counts", lambda: site.aside(counts, class_totals(site)), {}),
        kept("classes", lambda: site.aside(class_counts), []),
        kept("graph sizes", lambda: site.aside(graph_sizes), []), sizes_, site.modified,
        s.license, s.publisher)


def class_totals(site: Site) -> list[tuple[str, int]]:
    """The class counts VoID gives, kept: the landing page's totals are made from them."""
    return site.cached("classes", lambda: site.aside(class_counts))


def dataset(request: Request) -> Response:
    """``{base}dataset``: VoID and DCAT, as a page or as RDF."""
    site = _site(request)
    fmt, negotiated = _format(request)
    if fmt is None:
        return _not_acceptable()
    facts = dataset_facts(request)
    if fmt == HTML:
        dumps = [(f, dump_path(f), facts.sizes.get(f.name)) for f in DUMP_FORMATS]
        return site.render(request, "dataset.html", headers={"Vary": "Accept"}, facts=facts,
                           counts=facts.counts, classes=facts.classes, dumps=dumps,
                           links=RDF_LINKS, graphs_shown=GRAPHS_SHOWN)
    return _rdf(quad_bytes(void_quads(facts), fmt), fmt, negotiated)


def dump_file(site: Site, fmt: RdfFormat) -> Path:
    """A dump, written once to a file of the server's own, streamed from the store: a large
    graph's dump is neither held in memory nor written again."""
    return site.cached(f"dump:{fmt.name}", lambda: _write(site, fmt))


def _write(site: Site, fmt: RdfFormat) -> Path:
    path = site.scratch() / f"kg{fmt.suffix}"
    with open_atomic(path, sync=False) as out:
        write_dump(site.store, fmt, out)
    return path


def well_known_void(request: Request) -> Response:
    return RedirectResponse("/dataset", status_code=303)


def dumps(request: Request) -> Response:
    site = _site(request)
    name = request.path_params["name"]
    fmt = next((f for f in DUMP_FORMATS if dump_path(f) == f"dumps/{name}"), None)
    if fmt is None:
        known = ", ".join(dump_path(f) for f in DUMP_FORMATS)
        return PlainTextResponse(f"No dump {name!r}. Dumps: {known}\n", 404)
    media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    return FileResponse(dump_file(site, fmt), media_type=media, filename=f"kg{fmt.suffix}",
                        content_disposition_type="inline")


def _vocabulary(request: Request, key: str, title: tuple[str, str]) -> Response:
    site = _site(request)
    folder = getattr(site.settings, key)
    g, problems = site.cached(f"file:{key}", lambda: read_folder(folder))
    fmt, negotiated = _format(request)
    if fmt is None:
        return _not_acceptable()
    if fmt == HTML:
        terms = site.cached(f"terms:{key}", lambda: document(g))
        return site.render(request, "vocabulary.html", headers={"Vary": "Accept"}, title=title,
                           terms=terms, problems=problems, path="/" + key, links=RDF_LINKS,
                           triples=len(g))
    return _rdf(graph_bytes(g, fmt), fmt, negotiated)


def ontology(request: Request) -> Response:
    return _vocabulary(request, "ontology", ("Bản thể học", "Ontology"))


def shapes(request: Request) -> Response:
    return _vocabulary(request, "shapes", ("Ràng buộc SHACL", "SHACL shapes"))
