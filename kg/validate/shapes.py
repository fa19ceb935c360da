"""The shapes graph: one RDF file in any syntax of ``kg.formats``, or every ``*.ttl`` file of
a folder."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib import Dataset, Graph

from ..errors import DataError
from ..formats import for_path

__all__ = ["load_shapes"]


def load_shapes(shapes: Path) -> Graph:
    """A shapes file (its suffix gives the syntax), or every ``*.ttl`` file of a folder in name
    order, as one graph."""
    shapes = Path(shapes)
    files = sorted(shapes.glob("*.ttl")) if shapes.is_dir() else [shapes]
    if not shapes.exists():
        raise DataError(f"{shapes}: no such shapes file or folder")
    if not files:
        raise DataError(f"no SHACL shapes (*.ttl) in {shapes}")
    for path in files:
        for_path(path)  # an unknown syntax fails before any file is read
    graph = Graph()
    # Literals as written: SHACL reads "1"^^xsd:boolean as other than true, and rdflib
    # would make it true.
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        for path in files:
            try:
                _parse(graph, path)
            except Exception as exc:  # rdflib raises several unrelated types for bad input
                first = (str(exc).strip() or type(exc).__name__).splitlines()[0]
                raise DataError(f"cannot parse shapes file {path}: {first}") from None
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    return graph


def _parse(graph: Graph, path: Path) -> None:
    """Adds the triples of a file; those of every graph of a quads file (TriG, N-Quads)."""
    fmt = for_path(path)
    if not fmt.quads:
        graph.parse(path, format=fmt.rdflib)
        return
    ds = Dataset()
    ds.parse(path, format=fmt.rdflib)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
