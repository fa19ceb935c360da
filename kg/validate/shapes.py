"""The shapes graph: one Turtle file, or every ``*.ttl`` file of a folder."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib import Graph

from ..errors import DataError

__all__ = ["load_shapes"]


def load_shapes(shapes: Path) -> Graph:
    """A shapes file, or every ``*.ttl`` file of a folder in name order, as one graph."""
    shapes = Path(shapes)
    files = sorted(shapes.glob("*.ttl")) if shapes.is_dir() else [shapes]
    if not shapes.exists():
        raise DataError(f"{shapes}: no such shapes file or folder")
    if not files:
        raise DataError(f"no SHACL shapes (*.ttl) in {shapes}")
    graph = Graph()
    # Literals as written: SHACL reads "1"^^xsd:boolean as other than true, and rdflib
    # would make it true.
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        for path in files:
            try:
                graph.parse(path, format="turtle")
            except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
                raise DataError(f"cannot parse shapes file {path}: {exc}") from exc
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    return graph
