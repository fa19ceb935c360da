"""Loading and saving graph files; the embedded pyoxigraph store for queries."""

from __future__ import annotations

import glob
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from .database import is_database, open_database
from .errors import DataError, KgError, WriteError
from .formats import BY_SUFFIX, RdfFormat, for_path
from .processes import alive
from .vocab import PREFIXES

PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
OX_FORMATS = {suffix: fmt.oxigraph for suffix, fmt in BY_SUFFIX.items()}


def _require(path: Path) -> Path:
    if is_database(path):
        return path
    if not path.is_file():
        hint = " (run 'kg build' first)" if path.suffix in OX_FORMATS else ""
        raise DataError(f"{path}: no such graph file{hint}")
    return path


def open_graph(path: Path) -> ox.Store:
    """A store to read ``path`` with: a store folder opened read-only in place, or a graph
    file loaded in memory (``load_store``)."""
    return open_database(path) if is_database(path) else load_store(path)


def load_dataset(path: Path) -> Dataset:
    """An rdflib Dataset (for pyshacl and rdflib-based tools)."""
    ds = Dataset(default_union=True)
    if is_database(path):
        ds.parse(data=open_database(path).dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return ds
    fmt = for_path(_require(path))
    try:
        ds.parse(path, format=fmt.rdflib)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise DataError(f"{path}: cannot parse as {fmt.name}: {_first_line(exc)}") from None
    if next(iter(ds.quads((None, None, None, None))), None) is None:
        raise _empty(path)
    return ds


def _empty(path: Path) -> DataError:
    """An empty graph is refused: checking or serving it would say "all well" about nothing."""
    return DataError(f"{path}: no triples in it, so not a graph to use (build one with "
                     "'kg build')")


def load_store(path: Path) -> ox.Store:
    """An in-memory pyoxigraph store of ``path`` (a copy, for a store folder), to add to."""
    return _load_with(path, None)


def load_merged(path: Path) -> ox.Store:
    """A store whose default graph holds every triple of every graph of ``path``, once.

    For rules over the whole graph (validation, audit). A triple that several article graphs
    repeat (a period, a role, an organization's name) is stored once here, whereas pyoxigraph's
    union default graph returns it once per graph: joins on shared resources multiply, and
    counts and aggregates are wrong.
    """
    return _load_with(path, lambda q: (_triple(q),))


def load_query_store(path: Path) -> ox.Store:
    """A store for queries: the graphs of ``path`` as named graphs, and their merge (every
    triple once) as the default graph, which queries without GRAPH read.

    pyoxigraph's union default graph would return a triple once per graph that repeats it:
    counts come out wrong, and joins on shared resources multiply past any memory. A store
    folder is opened in place, its default graph being that union.
    """
    if is_database(path):
        return open_database(path)
    return _load_with(path, lambda q: (q, _triple(q)))


def _triple(quad: ox.Quad) -> ox.Quad:
    return ox.Quad(quad.subject, quad.predicate, quad.object)


def _load_with(path: Path, stored: Callable[[ox.Quad], Iterable[ox.Quad]] | None) -> ox.Store:
    """A store of ``stored(quad)`` for each quad of a quad file (a triple file, or any file
    when ``stored`` is None, as it is)."""
    store = ox.Store()
    if is_database(path):  # its default graph already is the merge of its graphs
        source = open_database(path)
        merge = source.quads_for_pattern(None, None, None, ox.DefaultGraph())
        store.bulk_extend(merge if stored else source)
        return store
    fmt = _ox_format(path)
    if stored is not None and fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        store.bulk_extend(chain.from_iterable(stored(q) for q in read_quads(path)))
    else:
        with _parsing(path):
            store.bulk_load(path=str(path), format=fmt, base_iri=_base(path))
    if next(iter(store), None) is None:
        raise _empty(path)
    return store


def read_quads(path: Path) -> Iterator[ox.Quad]:
    """The quads of a graph file, streamed as parsed (lexical forms as written), or of a
    store folder, graph by graph."""
    if is_database(path):
        store = open_database(path)
        for graph in sorted(store.named_graphs(), key=lambda g: g.value):
            yield from store.quads_for_pattern(None, None, None, graph)
        return
    fmt = _ox_format(path)
    with _parsing(path):
        yield from ox.parse(path=str(path), format=fmt, base_iri=_base(path))


def merge_of(store: ox.Store) -> Iterator[ox.Triple]:
    """The merge of a store's graphs, each triple once: its default graph, streamed."""
    return (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _base(path: Path) -> str:
    """The base IRI of relative IRIs in a file: its own file: IRI, as rdflib reads it."""
    return path.resolve().as_uri()


def _ox_format(path: Path) -> ox.RdfFormat | None:
    _require(path)
    fmt = OX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        for_path(path)  # an unknown suffix: the error names the formats known
    return fmt


@contextmanager
def _parsing(path: Path) -> Iterator[None]:
    """pyoxigraph's parse errors, as one line naming the file."""
    try:
        yield
    except (SyntaxError, ValueError, OSError) as exc:
        raise DataError(f"{path}: cannot parse as {path.suffix[1:]}: {_first_line(exc)}") from None


def has_default_graph(store: ox.Store) -> bool:
    """True when the default graph holds triples (then it, not the union, is what to query)."""
    return next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None


def merge_graphs(store: ox.Store) -> ox.Store:
    """A new store with every triple of ``store``'s graphs, once, in its default graph."""
    merged = ox.Store()
    merged.bulk_extend(_triple(q) for q in store)
    return merged


def write_graph(path: Path, fmt: RdfFormat, chunks: Iterable[bytes]) -> None:
    """Writes N-Quads ``chunks`` as ``fmt``, streaming, in the order given (same input, same bytes).

    N-Quads are copied, TriG is written by pyoxigraph and JSON-LD by ``kg.jsonld``, with
    prefixes, one chunk at a time. Only these keep a graph per article.
    """
    if fmt.name not in ("nquads", "trig", "json-ld"):
        raise KgError(f"{path}: cannot write a graph per article as {fmt.name}")
    with open_atomic(path) as out:
        if fmt.name == "nquads":
            for chunk in chunks:
                out.write(chunk)
        elif fmt.name == "trig":
            ox.serialize(_parsed(chunks), out, ox.RdfFormat.TRIG, prefixes=PREFIX_IRIS)
        else:
            from .jsonld import jsonld_chunks

            out.writelines(jsonld_chunks(_parsed(chunks), PREFIX_IRIS))


def _parsed(chunks: Iterable[bytes]) -> Iterator[ox.Quad]:
    return chain.from_iterable(ox.parse(chunk, format=ox.RdfFormat.N_QUADS) for chunk in chunks)


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write to a temporary file beside ``path`` and rename: never a half-written file."""
    with open_atomic(path, sync) as out:
        out.write(data)


@contextmanager
def open_atomic(path: Path, sync: bool = True) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` only once the ``with`` block completes.

    A symbolic link is written through (its target is replaced, the link kept); a folder, a
    device or any other non-regular file is refused. Failures become a ``WriteError``.
    """
    target = writable_target(path)
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target.parent, target.name)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target.name),
                                   suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            if sync:
                os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        if exc.filename is not None and not str(exc.filename).startswith(str(target.parent)):
            raise  # not about this file: a source that went missing while it was read
        raise WriteError(path, exc.strerror or str(exc)) from None
    finally:
        if tmp is not None and Path(tmp).exists():
            Path(tmp).unlink(missing_ok=True)


def writable_target(path: Path) -> Path:
    """The file that writing ``path`` replaces: the final target of a link, a regular file."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise WriteError(path, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise WriteError(path, "a folder", f"{path}: a folder, not a file; nothing written")
    if not stat.S_ISREG(mode):
        raise WriteError(path, "not a regular file", f"{path}: not a regular file (a device, "
                         "a pipe or a socket); not replaced")
    return target


# Temporary files are named ``.NAME.PID.RANDOM.tmp``: one whose writer is gone is stale.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")
LEGACY_TEMPORARY_AGE = 3600  # seconds; older files without a process id are stale too


def _temporary_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}."


def remove_stale_temporaries(folder: Path, name: str | None = None) -> None:
    """Removes the temporary files of writers that died (``kill -9``) before renaming them."""
    pattern = f".{glob.escape(name)}.*.tmp" if name else ".*.tmp"
    for tmp in folder.glob(pattern):
        match = _TEMPORARY.match(tmp.name)
        try:
            stale = (not alive(int(match["pid"])) if match else
                     time.time() - tmp.stat().st_mtime > LEGACY_TEMPORARY_AGE)
            if stale:
                tmp.unlink()
        except OSError:
            continue  # another process removed or renamed it meanwhile


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
