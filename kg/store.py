"""Loading and saving graph files; the embedded pyoxigraph store for queries."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from .errors import DataError
from .formats import for_path

OX_FORMATS = {
    ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
}


def _require(path: Path) -> Path:
    if not path.is_file():
        hint = " (run 'kg build' first)" if path.suffix in OX_FORMATS else ""
        raise DataError(f"{path}: no such graph file{hint}")
    return path


def load_dataset(path: Path) -> Dataset:
    """An rdflib Dataset (for pyshacl and rdflib-based tools)."""
    fmt = for_path(_require(path))
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt.rdflib)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise DataError(f"{path}: cannot parse as {fmt.name}: {_first_line(exc)}") from None
    return ds


def load_store(path: Path) -> ox.Store:
    """An in-memory pyoxigraph store: parses and queries an order of magnitude faster."""
    _require(path)
    fmt = OX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        for_path(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise DataError(f"{path}: cannot parse as {path.suffix[1:]}: {_first_line(exc)}") from None
    return store


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
