"""One answer type for every store: rows of terms, a boolean or triples, and their table."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from ..errors import QueryError
from ..text.numbers import format_decimal
from .errors import QueryTimeout, ResultLimitExceeded

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#decimal", "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#float",
}


@dataclass(frozen=True)
class Results:
    """The answer to one query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT."""

    form: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Term], ...] = ()  # unbound variables left out
    boolean: bool = False
    triples: tuple[ox.Triple, ...] = ()

    def __len__(self) -> int:
        return len(self.rows) if self.form == "select" else len(self.triples)

    @classmethod
    def of_text(cls, variables: Iterable[str], rows: Iterable[Iterable[str]]) -> Results:
        """A table of plain strings as SELECT results ('' for unbound)."""
        names = tuple(variables)
        return cls("select", names, tuple(
            {n: ox.Literal(cell) for n, cell in zip(names, row, strict=True) if cell}
            for row in rows))

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's head: the variables, or "result" for ASK."""
        return ("result",) if self.form == "ask" else self.variables

    def text_rows(self) -> tuple[tuple[str, ...], ...]:
        """The table's rows as plain strings (``plain``); ASK as one row, "true" or "false"."""
        if self.form == "ask":
            return ((str(self.boolean).lower(),),)
        return tuple(tuple(plain(row.get(v)) for v in self.variables) for row in self.rows)

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.text_rows()]


def plain(term: Term | None) -> str:
    """A term as a plain string: numbers as plain decimals, IRIs as their text, '' unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        try:
            return format_decimal(Decimal(term.value))
        except ArithmeticError:
            return term.value
    return term.value


def from_oxigraph(answer, limit: int | None = None, deadline: float | None = None,
                  max_bytes: int | None = None) -> Results:
    """pyoxigraph's answer as Results, within the limits."""
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Results("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows = collect(answer, limit, deadline, max_bytes)
            return Results("select", names, tuple(row_of(s, names) for s in rows))
        return Results("graph", triples=tuple(collect(answer, limit, deadline, max_bytes)))
    except OSError as exc:  # evaluation errors surface while iterating
        raise QueryError(str(exc).strip()) from None


def row_of(solution: ox.QuerySolution, names: tuple[str, ...]) -> dict[str, Term]:
    return {n: solution[n] for n in names if solution[n] is not None}


def check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past the time limit")


def collect(items: Iterable, limit: int | None, deadline: float | None,
            max_bytes: int | None = None) -> list:
    """Materialize an answer, stopping at the deadline, one item past the limit, or once
    its terms' text passes ``max_bytes``."""
    out, size = [], 0
    for item in items:
        out.append(item)
        if limit is not None and len(out) > limit:
            raise ResultLimitExceeded(f"the answer has more than {limit} results")
        if max_bytes is not None:
            size += _size(item)
            if size > max_bytes:
                raise ResultLimitExceeded(f"the answer is larger than {max_bytes} bytes")
        if len(out) % 256 == 0:
            check_deadline(deadline)
    check_deadline(deadline)
    return out


def _size(item) -> int:
    """About the bytes a solution or triple takes once written (its terms' text)."""
    if isinstance(item, ox.QuerySolution):
        return sum(len(str(term)) + 8 for term in item if term is not None)
    return len(str(item)) + 8
