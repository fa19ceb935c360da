"""HTTP content negotiation over lookup tables: media type -> what to send."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from ..formats import BY_SUFFIX, FORMATS, RdfFormat
from .serialize import RESULT_FORMATS, ResultFormat

T = TypeVar("T")

HTML = "text/html"
JSON = "application/json"

# What a resource, the ontology or the shapes can be sent as; HTML first, so "*/*" gets a page.
RDF_OFFERS: dict[str, RdfFormat | str] = {HTML: HTML}
RDF_OFFERS |= {f.media_type: f for f in FORMATS}
RDF_OFFERS |= {"application/x-turtle": FORMATS[0], "application/turtle": FORMATS[0],
               "application/x-json+ld": FORMATS[2], "text/plain": FORMATS[3]}

# SPARQL answers: result formats for SELECT and ASK, RDF formats for CONSTRUCT and DESCRIBE.
RESULT_OFFERS: dict[str, ResultFormat | str] = {f.media_type: f for f in RESULT_FORMATS}
RESULT_OFFERS |= {JSON: RESULT_FORMATS[0], "application/xml": RESULT_FORMATS[1],
                  "text/javascript": RESULT_FORMATS[0], "application/javascript": RESULT_FORMATS[0],
                  HTML: HTML}
GRAPH_OFFERS: dict[str, RdfFormat | str] = {
    m: f for m, f in RDF_OFFERS.items() if isinstance(f, RdfFormat) and f.name != "trig"
    and f.name != "nquads"
}
GRAPH_OFFERS |= {"application/xml": FORMATS[5], JSON: FORMATS[2], HTML: HTML}

# Short names for the `format` / `output` parameters that SPARQL clients send.
SHORT_NAMES = {
    "json": JSON, "xml": "application/xml", "csv": "text/csv", "tsv": "text/tab-separated-values",
    "html": HTML, "turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle",
    "json-ld": "application/ld+json", "jsonld": "application/ld+json",
    "nt": "application/n-triples", "ntriples": "application/n-triples",
    "rdf+xml": "application/rdf+xml", "rdf-xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}

SUFFIXES: dict[str, RdfFormat] = dict(BY_SUFFIX)


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges with their q-values, e.g. [("text/html", 1.0), ("*/*", 0.8)]."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``offer`` (0 when none does)."""
    kind = offer.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        level = 2 if media == offer else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
        if level > specificity:
            best, specificity = q, level
    return best if specificity >= 0 else 0.0


def negotiate(accept: str | None, offers: Mapping[str, T]) -> T | None:
    """The offer the client prefers; the first offer when it states no preference."""
    if not accept or not accept.strip():
        return next(iter(offers.values()))
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for media, value in offers.items():
        q = _quality(media, ranges)
        if q > best_q:
            best, best_q = value, q
    return best


def by_short_name(name: str | None, offers: Mapping[str, T]) -> T | None:
    """A `format=json` style parameter (or a full media type) looked up in ``offers``."""
    if not name:
        return None
    name = name.strip().lower()
    return offers.get(SHORT_NAMES.get(name, name))
