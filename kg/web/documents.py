"""Views of the dataset as a whole: VoID and DCAT, dumps, the ontology and the shapes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..formats import RdfFormat
from .dataset import (
    DUMP_FORMATS,
    DatasetFacts,
    class_counts,
    dump,
    dump_path,
    graph_sizes,
    void_graph,
)
from .lookups import counts
from .negotiation import HTML, RDF_OFFERS, SUFFIXES, by_short_name, negotiate
from .serialize import graph_bytes
from .site import RDF_LINKS, Site, split_suffix
from .terms import document, read_folder


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


def dataset_facts(request: Request, sizes: bool = True,
                  wait: float | None = None) -> DatasetFacts:
    """Counts, graphs, dump sizes and dates of the served dataset (kept once computed);
    without ``sizes``, only the sizes of dumps already written; with ``wait``, the totals
    that are not ready within that many seconds are left empty."""
    site = _site(request)

    def kept(key: str, make, empty):
        if wait is None:
            return site.cached(key, make)
        found = site.soon(key, make, wait)
        return empty if found is None else found

    sizes_ = {f.name: site.cached(f"size:{f.name}", lambda f=f: len(_dump_once(site, f)))
              for f in DUMP_FORMATS if sizes or site.peek(f"size:{f.name}") is not None}
    s = site.settings
    return DatasetFacts(
        site.base, site.public(request), kept("counts", lambda: counts(site.store), {}),
        kept("classes", lambda: class_counts(site.store), []),
        kept("graph sizes", lambda: graph_sizes(site.store), []), sizes_, site.modified,
        s.license, s.publisher)


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
                           links=RDF_LINKS)
    return _rdf(graph_bytes(void_graph(facts), fmt), fmt, negotiated)


def dump_bytes(site: Site, fmt: RdfFormat) -> bytes:
    return site.cached(f"dump:{fmt.name}", lambda: dump(site.store, fmt))


def _dump_once(site: Site, fmt: RdfFormat) -> bytes:
    """A dump to measure: the kept one if it was served, else written and let go (five dumps
    of a large graph are too much to keep for their sizes alone)."""
    kept = site.peek(f"dump:{fmt.name}")
    return kept if kept is not None else dump(site.store, fmt)


def well_known_void(request: Request) -> Response:
    return RedirectResponse("/dataset", status_code=303)


def dumps(request: Request) -> Response:
    site = _site(request)
    name = request.path_params["name"]
    fmt = next((f for f in DUMP_FORMATS if dump_path(f) == f"dumps/{name}"), None)
    if fmt is None:
        known = ", ".join(dump_path(f) for f in DUMP_FORMATS)
        return PlainTextResponse(f"No dump {name!r}. Dumps: {known}\n", 404)
    body = dump_bytes(site, fmt)
    media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    disposition = f'inline; filename="kg{fmt.suffix}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


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
