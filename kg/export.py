"""Export a graph file in another RDF format; JSON-LD with a readable @context."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from .formats import by_name
from .store import load_dataset
from .vocab import PREFIXES


def union_graph(ds: Dataset) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def serialize(ds: Dataset, fmt_name: str) -> bytes:
    """Quad formats keep one graph per article; triple formats get the union."""
    fmt = by_name(fmt_name)
    if fmt.name == "json-ld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        return ds.serialize(format="json-ld", context=context, encoding="utf-8")
    target = ds if fmt.quads else union_graph(ds)
    return target.serialize(format=fmt.rdflib, encoding="utf-8")


def export(data: Path, fmt_name: str) -> bytes:
    by_name(fmt_name)
    return serialize(load_dataset(data), fmt_name)
