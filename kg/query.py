"""Named and ad-hoc SPARQL queries over a graph file or a remote endpoint."""

from __future__ import annotations

import csv
import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError, QueryError
from .sparql_guard import check_query
from .text.numbers import format_decimal

NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#decimal", "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#float",
}
OUTPUTS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class QueryResult:
    """Variables and rows of plain strings ('' where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


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


def plain(term) -> str:
    """A term as a plain string: numbers as plain decimals, IRIs as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        try:
            from decimal import Decimal

            return format_decimal(Decimal(term.value))
        except ArithmeticError:
            return term.value
    return term.value


def run_select(store: ox.Store, sparql: str, label: str = "query") -> QueryResult:
    """Run a SELECT (or ASK) against the default graph (``load_query_store``: the merge of
    all graphs), or against the union of the named graphs when the default graph is empty."""
    from .store import has_default_graph

    check_query(sparql, label)
    try:
        solutions = store.query(sparql, use_default_graph_as_union=not has_default_graph(store))
    except SyntaxError as exc:
        raise QueryError(f"{label}: invalid SPARQL: {str(exc).splitlines()[0]}") from None
    if isinstance(solutions, ox.QueryBoolean):
        return QueryResult(("result",), ((str(bool(solutions)).lower(),),))
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{label}: only SELECT and ASK queries give a table")
    variables = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(plain(s[v]) for v in variables) for s in solutions)
    return QueryResult(variables, rows)


def run_file_select(path: Path, sparql: str, label: str = "query",
                    memory_mb: int | None = None) -> QueryResult:
    """``run_select`` over a graph file, in a worker process (``kg.worker``): a crash, an
    engine panic or a memory blow-up on this query is a QueryError, not the end of the caller."""
    from .store import _require
    from .worker import MEMORY_MB, START_TIMEOUT, QueryPool

    check_query(sparql, label)
    alone = threading.active_count() == 1  # forking is safe, and quicker, with one thread
    with QueryPool(_require(path), as_is=False, size=1, warm=0, max_long=0,
                   queue_wait=START_TIMEOUT, memory_mb=memory_mb or MEMORY_MB,
                   start="fork" if alone else "forkserver") as pool:
        try:
            results = pool.query(sparql)
        except KgError as exc:
            raise QueryError(f"{label}: {str(exc).splitlines()[0]}") from None
    if results.form == "ask":
        return QueryResult(("result",), ((str(results.boolean).lower(),),))
    if results.form != "select":
        raise QueryError(f"{label}: only SELECT and ASK queries give a table")
    return QueryResult(results.variables, tuple(tuple(plain(row.get(v)) for v in results.variables)
                                                for row in results.rows))


def render(result: QueryResult, fmt: str) -> str:
    """The result as csv, tsv, json or an aligned text table."""
    if fmt == "csv" or fmt == "tsv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(result.rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=2) + "\n"
    return _table(result)


def _table(result: QueryResult, width: int = 60) -> str:
    cells = [result.variables] + [tuple(c[:width] for c in r) for r in result.rows]
    sizes = [max(len(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = ["  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * s for s in sizes))
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines) + "\n"
