"""The Store protocol, and the checks every store makes before it runs a query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from ..errors import QueryRefused
from ..sparql_guard import check_query, first_keyword
from .results import Results, Term

_FORMS = {"select": "select", "ask": "ask", "construct": "graph", "describe": "graph"}
_UPDATES = ("insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add",
            "with")


class Store(Protocol):
    """What the CLI, eval and the server need from a store: run one read-only query.

    ``limit`` and ``max_bytes`` bound the answer (ResultLimitExceeded), ``deadline`` (a
    ``time.monotonic()`` value) its time (QueryTimeout); the graphs are the protocol's
    ``default-graph-uri`` and ``named-graph-uri``.
    """

    union_default_graph: bool  # queries without GRAPH read the union of the graphs

    def query(self, sparql: str, *, limit: int | None = None, deadline: float | None = None,
              max_bytes: int | None = None, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Results:
        ...

    def solutions(self, sparql: str, *, deadline: float | None = None
                  ) -> Iterator[dict[str, Term]]:
        """The rows of a SELECT one by one: as the engine yields them where it runs in this
        process (a million rows are not held), else as the answer arrives."""
        ...


def form_of(sparql: str) -> str:
    """"select", "ask", "graph" (CONSTRUCT, DESCRIBE) or "update", by the first keyword."""
    word = first_keyword(sparql)
    return "update" if word in _UPDATES else _FORMS.get(word, "select")


def query_form(sparql: str) -> str:
    """"select", "ask" or "graph"; QueryRefused for updates, QueryError for a query
    ``kg.sparql_guard`` refuses (too deep, too long a chain, SERVICE)."""
    check_query(sparql)
    form = form_of(sparql)
    if form == "update":
        raise QueryRefused("this endpoint is read-only: SPARQL Update is not accepted")
    return form
