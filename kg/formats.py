"""One table of RDF formats: name, media type, rdflib and pyoxigraph names, file suffix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError


@dataclass(frozen=True)
class RdfFormat:
    name: str
    media_type: str
    rdflib: str
    suffix: str
    quads: bool
    oxigraph: ox.RdfFormat


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", "turtle", ".ttl", False, ox.RdfFormat.TURTLE),
    RdfFormat("trig", "application/trig", "trig", ".trig", True, ox.RdfFormat.TRIG),
    RdfFormat("json-ld", "application/ld+json", "json-ld", ".jsonld", True, ox.RdfFormat.JSON_LD),
    RdfFormat("nt", "application/n-triples", "nt", ".nt", False, ox.RdfFormat.N_TRIPLES),
    RdfFormat("nquads", "application/n-quads", "nquads", ".nq", True, ox.RdfFormat.N_QUADS),
    RdfFormat("rdf-xml", "application/rdf+xml", "xml", ".rdf", False, ox.RdfFormat.RDF_XML),
)
BY_NAME = {f.name: f for f in FORMATS} | {"ttl": FORMATS[0], "jsonld": FORMATS[2],
                                          "ntriples": FORMATS[3], "nq": FORMATS[4]}
BY_SUFFIX = {f.suffix: f for f in FORMATS} | {".json": FORMATS[2], ".nquads": FORMATS[4]}


def by_name(name: str) -> RdfFormat:
    try:
        return BY_NAME[name.lower()]
    except KeyError:
        choices = ", ".join(f.name for f in FORMATS)
        raise KgError(f"unknown format {name!r}; choose one of {choices}") from None


def for_path(path: Path) -> RdfFormat:
    try:
        return BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(BY_SUFFIX))
        raise KgError(f"{path}: unknown graph file type; use one of {known}") from None
