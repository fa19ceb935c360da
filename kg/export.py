"""Export a graph file in another RDF format; JSON-LD with a readable @context.

Turtle, N-Triples, N-Quads and TriG stream through pyoxigraph's parser and writers (no store,
which would rewrite the lexical form of decimals): an order of magnitude faster than rdflib,
in a fraction of the memory; JSON-LD is written graph by graph (``kg.jsonld``). RDF/XML, and
any format read from JSON-LD, go through rdflib.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from .errors import DataError
from .formats import by_name
from .jsonld import jsonld_chunks
from .store import OX_FORMATS, PREFIX_IRIS, load_dataset
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


OX_WRITERS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "json-ld": None}


def export(data: Path, fmt_name: str) -> bytes:
    """The graph file ``data`` as ``fmt_name``: quad formats keep one graph per article;
    triple formats get their merge, each triple once."""
    fmt = by_name(fmt_name)
    reader, writer = OX_FORMATS.get(data.suffix.lower()), OX_WRITERS.get(fmt.name, False)
    if reader is None or writer is False or reader == ox.RdfFormat.JSON_LD:
        return serialize(load_dataset(data), fmt_name)
    if not data.is_file():
        load_dataset(data)  # raises the missing-file error, worded as everywhere else
    try:
        quads = ox.parse(path=str(data), format=reader)
        statements = quads if fmt.quads else _triples(quads)
        if writer is None:
            return b"".join(jsonld_chunks(quads, PREFIX_IRIS))
        prefixes = PREFIX_IRIS if fmt.name in ("turtle", "trig") else None
        return ox.serialize(statements, format=writer, prefixes=prefixes)
    except (SyntaxError, ValueError, OSError) as exc:
        raise DataError(f"{data}: cannot parse as {data.suffix[1:]}: "
                        f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def _triples(quads) -> Iterator[ox.Triple]:
    """Each triple once, in the order of its first graph."""
    seen = set()
    for q in quads:
        triple = q.triple
        if triple not in seen:
            seen.add(triple)
            yield triple
