"""JSON-LD written straight from quads: one object per named graph, a prefix @context.

Streams graph by graph, so memory follows the largest article rather than the whole graph,
and keeps every literal's lexical form ("7.0" stays "7.0"). Predicates, classes and datatypes
are compact IRIs of the context; node identifiers stay full IRIs, which every JSON-LD
processor reads alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import groupby

import pyoxigraph as ox

__all__ = ["jsonld_chunks"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def jsonld_chunks(quads: Iterable[ox.Quad], prefixes: dict[str, str]) -> Iterator[bytes]:
    """The JSON-LD document of ``quads`` in pieces; the same quads give the same bytes."""
    compact = _compactor(prefixes)
    context = json.dumps({"@context": prefixes}, ensure_ascii=False, indent=2)
    yield (context[:-2] + ',\n  "@graph": [').encode("utf-8")
    first = True
    for graph, group in groupby(quads, key=lambda q: q.graph_name):
        nodes = _nodes(group, compact)
        item = nodes if isinstance(graph, ox.DefaultGraph) else [
            {"@id": _id(graph), "@graph": nodes}]
        for obj in item:
            text = json.dumps(obj, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            yield (("\n    " if first else ",\n    ") + text).encode("utf-8")
            first = False
    yield b"\n  ]\n}\n"


def _nodes(quads: Iterable[ox.Quad], compact) -> list[dict]:
    """Node objects, one per subject, in the order subjects first appear."""
    nodes: dict[str, dict] = {}
    for q in quads:
        node = nodes.setdefault(_id(q.subject), {"@id": _id(q.subject)})
        if q.predicate.value == RDF_TYPE and not isinstance(q.object, ox.Literal):
            node.setdefault("@type", []).append(compact(q.object.value))
        else:
            node.setdefault(compact(q.predicate.value), []).append(_value(q.object, compact))
    return list(nodes.values())


def _id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _value(term, compact) -> dict:
    if not isinstance(term, ox.Literal):
        return {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def _compactor(prefixes: dict[str, str]):
    """IRI -> prefix:local where a prefix of the context covers it and the rest is a name."""
    by_length = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    cache: dict[str, str] = {}

    def compact(iri: str) -> str:
        if iri not in cache:
            cache[iri] = iri
            for prefix, ns in by_length:
                local = iri[len(ns):]
                if iri.startswith(ns) and LOCAL.fullmatch(local):
                    cache[iri] = f"{prefix}:{local}"
                    break
        return cache[iri]

    return compact
