"""Named and ad-hoc SPARQL queries as tables, over any store of ``kg.sparql``."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError, QueryError
from .sparql import EndpointError, OxigraphStore, Results, Store, form_of
from .sparql_guard import check_query


def query_names(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.rq"))


def load_query(name_or_file: str, folder: Path) -> tuple[str, str]:
    """(label, SPARQL text) for a name in ``folder`` or a path to a .rq file."""
    path = Path(name_or_file)
    if not path.is_file():
        path = folder / f"{name_or_file}.rq"
    if not path.is_file():
        known = ", ".join(query_names(folder)) or "none"
        raise QueryError(f"unknown query {name_or_file!r}; known queries: {known}")
    try:
        return path.stem, path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte {exc.start}); not a SPARQL query") \
            from None
    except OSError as exc:
        raise QueryError(f"{path}: cannot read ({exc.strerror or exc})") from None


def run_select(store: Store | ox.Store, sparql: str, label: str = "query") -> Results:
    """Run a SELECT (or ASK) for a table on a store (a pyoxigraph store is queried in this
    process); its errors as one line naming the query, or the endpoint when it failed."""
    _check_table_query(sparql, label)
    if isinstance(store, ox.Store):
        store = OxigraphStore(store)
    try:
        return store.query(sparql)
    except KgError as exc:
        raise _one_line(exc, label) from None


def _check_table_query(sparql: str, label: str) -> None:
    check_query(sparql, label)
    if form_of(sparql) not in ("select", "ask"):
        raise QueryError(f"{label}: only SELECT and ASK queries give a table")


def _one_line(exc: KgError, label: str) -> KgError:
    line = getattr(exc, "line", None)  # a remote store's failure, naming the endpoint
    if line is None:
        return QueryError(f"{label}: {(str(exc).strip().splitlines() or [type(exc).__name__])[0]}")
    if type(exc) is QueryError:
        return QueryError(f"{label}: {line}")
    return EndpointError(line)


def run_file_select(path: Path, sparql: str, label: str = "query",
                    memory_mb: int | None = None) -> Results:
    """``run_select`` over a graph file, in a worker process (``kg.worker``): a crash, an
    engine panic or a memory blow-up on this query is a QueryError, not the end of the caller."""
    from .store import _require
    from .worker import MEMORY_MB, START_TIMEOUT, QueryPool

    _check_table_query(sparql, label)  # before any worker starts
    alone = threading.active_count() == 1  # forking is safe, and quicker, with one thread
    with QueryPool(_require(path), as_is=False, size=1, warm=0, max_long=0,
                   queue_wait=START_TIMEOUT, memory_mb=memory_mb or MEMORY_MB,
                   start="fork" if alone else "forkserver") as pool:
        return run_select(pool, sparql, label)


def stream_file_select(path: Path, sparql: str, label: str = "query",
                       memory_mb: int | None = None) -> Iterator[tuple[str, ...]]:
    """The columns, then the rows as plain strings, of a SELECT (or ASK) over a graph file or
    store, as a worker process streams them (``kg.worker.stream``); errors as one line."""
    from .store import _require
    from .worker import MEMORY_MB, stream

    _check_table_query(sparql, label)  # before any worker starts
    try:
        yield from stream(_require(path), sparql, memory_mb or MEMORY_MB)
    except KgError as exc:
        raise _one_line(exc, label) from None


def render(result: Results, fmt: str) -> str:
    """The result as csv, tsv, json or an aligned text table."""
    return "".join(render_rows(iter([result.columns, *result.text_rows()]), fmt))


def render_rows(rows: Iterator[tuple[str, ...]], fmt: str) -> Iterator[str]:
    """The columns (the first of ``rows``) and rows as csv, tsv, json or a text table, a
    piece at a time: csv, tsv and json are written as the rows come, the table once it has
    them all (its columns are as wide as their widest cell)."""
    columns = next(rows)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(row)
            if out.tell() > 65536:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()
    elif fmt == "json":  # as json.dumps(records, indent=2) writes the whole list
        first = True
        for row in rows:
            record = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False,
                                indent=2)
            yield ("[\n" if first else ",\n") + "\n".join("  " + line
                                                         for line in record.splitlines())
            first = False
        yield "[]\n" if first else "\n]\n"
    else:
        yield _table(columns, list(rows))


def _table(columns: tuple[str, ...], rows: list[tuple[str, ...]], width: int = 60) -> str:
    cells = [columns] + [tuple(c[:width] for c in r) for r in rows]
    sizes = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * s for s in sizes))
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"
