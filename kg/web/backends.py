"""The one seam under the web layer: a Store answers SPARQL; embedded and remote ones fit it."""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.error import HTTPError

import pyoxigraph as ox

from ..errors import KgError, QueryError, QueryRefused
from ..sparql_guard import check_query, first_keyword

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class QueryTimeout(KgError):
    """A query ran past the time limit."""


class ResultLimitExceeded(KgError):
    """A query's answer is longer than the result limit."""


class EndpointError(KgError):
    """The remote SPARQL endpoint failed or could not be reached."""


class Busy(KgError):
    """Every query worker is taken, or enough long queries already run: retry later."""


class EngineFailure(KgError):
    """The query engine crashed, panicked or ran out of memory on a query."""


@dataclass(frozen=True)
class Results:
    """The answer to one query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT."""

    form: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Term], ...] = ()
    boolean: bool = False
    triples: tuple[ox.Triple, ...] = ()

    def __len__(self) -> int:
        return len(self.rows) if self.form == "select" else len(self.triples)


class Store(Protocol):
    """What the web layer needs from a store: run one read-only query."""

    def query(self, sparql: str, *, limit: int | None = None, deadline: float | None = None,
              max_bytes: int | None = None, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Results:
        ...


_FORMS = {"select": "select", "ask": "ask", "construct": "graph", "describe": "graph"}
_UPDATES = ("insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add",
            "with")


def query_form(sparql: str) -> str:
    """"select", "ask" or "graph" by the first keyword; QueryRefused for updates, QueryError
    for a query ``kg.sparql_guard`` refuses (too deep, too long a chain, SERVICE)."""
    check_query(sparql)
    word = first_keyword(sparql)
    if word in _UPDATES:
        raise QueryRefused("this endpoint is read-only: SPARQL Update is not accepted")
    return _FORMS.get(word, "select")


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past the time limit")


def _collect(items: Iterable, limit: int | None, deadline: float | None,
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
            _check_deadline(deadline)
    _check_deadline(deadline)
    return out


def _size(item) -> int:
    """About the bytes a solution or triple takes once written (its terms' text)."""
    if isinstance(item, ox.QuerySolution):
        return sum(len(str(term)) + 8 for term in item if term is not None)
    return len(str(item)) + 8


class OxigraphStore:
    """An embedded pyoxigraph store; the default graph is the union of all graphs.

    From a file, the default graph holds their merge (``kg.store.load_query_store``), each
    triple once; a store with named graphs only is queried through pyoxigraph's union.
    """

    union_default_graph = True

    def __init__(self, store: ox.Store, path: Path | None = None):
        from ..store import has_default_graph

        self.store, self.path = store, path  # the graph file it was loaded from, if any
        self.merged = has_default_graph(store) and next(store.named_graphs(), None) is not None

    @classmethod
    def from_file(cls, path: Path) -> OxigraphStore:
        from ..store import load_query_store

        return cls(load_query_store(path), path)

    def query(self, sparql: str, *, limit: int | None = None, deadline: float | None = None,
              max_bytes: int | None = None, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Results:
        """Run in this process: only for queries already checked or written by the code
        (``kg.worker`` runs users' queries)."""
        query_form(sparql)
        options = _dataset_options(default_graphs, named_graphs, union=not self.merged)
        try:
            answer = self.store.query(sparql, base_iri=base_iri, **options)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {str(exc).strip()}") from None
        except OSError as exc:
            raise QueryError(str(exc).strip()) from None
        return _from_oxigraph(answer, limit, deadline, max_bytes)

    def quads(self) -> Iterator[ox.Quad]:
        if self.merged:  # the default graph only repeats the named graphs
            return (q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph))
        return iter(self.store)


def _dataset_options(default_graphs: Sequence[str], named_graphs: Sequence[str],
                     union: bool = True) -> dict:
    options: dict = {"use_default_graph_as_union": union and not default_graphs}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return options


def _from_oxigraph(answer, limit: int | None, deadline: float | None,
                   max_bytes: int | None = None) -> Results:
    try:
        if isinstance(answer, ox.QueryBoolean):
            return Results("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows = _collect(answer, limit, deadline, max_bytes)
            return Results("select", names, tuple(_row(s, names) for s in rows))
        return Results("graph", triples=tuple(_collect(answer, limit, deadline, max_bytes)))
    except OSError as exc:  # evaluation errors surface while iterating
        raise QueryError(str(exc).strip()) from None


def _row(solution: ox.QuerySolution, names: tuple[str, ...]) -> dict[str, Term]:
    return {n: solution[n] for n in names if solution[n] is not None}


class RemoteStore:
    """A remote SPARQL 1.1 endpoint, queried with SPARQLWrapper."""

    union_default_graph = False

    def __init__(self, endpoint: str, timeout: float = 10.0):
        self.endpoint = endpoint
        self.timeout = timeout

    def query(self, sparql: str, *, limit: int | None = None, deadline: float | None = None,
              max_bytes: int | None = None, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Results:
        form = query_form(sparql)  # the same checks protect the remote store
        body = self._fetch(sparql, form, deadline, default_graphs, named_graphs)
        if max_bytes is not None and len(body) > 2 * max_bytes:  # its syntax is wordier
            raise ResultLimitExceeded(f"the answer is larger than {max_bytes} bytes")
        if form == "graph":
            triples = (q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            return Results("graph", triples=tuple(_collect(triples, limit, deadline, max_bytes)))
        try:
            answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise EndpointError(f"{self.endpoint}: unreadable answer: {exc}") from None
        return _from_oxigraph(answer, limit, deadline, max_bytes)

    def _fetch(self, sparql: str, form: str, deadline: float | None,
               default_graphs: Sequence[str], named_graphs: Sequence[str]) -> bytes:
        from SPARQLWrapper import SPARQLWrapper

        client = SPARQLWrapper(self.endpoint, agent="vngov-kg")
        with warnings.catch_warnings():  # it warns on query forms it cannot guess
            warnings.simplefilter("ignore", RuntimeWarning)
            client.setQuery(sparql)
        client.setOnlyConneg(True)
        client.setMethod("POST")
        accept = "application/n-triples" if form == "graph" else "application/sparql-results+json"
        client.addCustomHttpHeader("Accept", accept)
        for graph in default_graphs:
            client.addDefaultGraph(graph)
        for graph in named_graphs:
            client.addNamedGraph(graph)
        left = self.timeout if deadline is None else max(0.1, deadline - time.monotonic())
        client.setTimeout(max(1, round(left)))
        return _read(client, self.endpoint)


_HTTP_ERRORS = {403: QueryRefused, 408: QueryTimeout, 422: ResultLimitExceeded,
                503: QueryTimeout}


def _read(client, endpoint: str) -> bytes:
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    try:
        return client.query().response.read()
    except QueryBadFormed as exc:
        raise QueryError(_remote_message(exc)) from None
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{endpoint}: {_remote_message(exc)}") from None
    except HTTPError as exc:
        message = exc.read().decode("utf-8", "replace").strip() or str(exc)
        raise _HTTP_ERRORS.get(exc.code, EndpointError)(message) from None
    except OSError as exc:
        if isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
            raise QueryTimeout(f"{endpoint} did not answer in time") from None
        raise EndpointError(f"{endpoint}: {exc}") from None


def _remote_message(exc: Exception) -> str:
    text = str(exc).split("Response:", 1)[-1].strip()
    text = text.removeprefix("b'").removesuffix("'").replace("\\n", " ").strip() or str(exc)
    return text.removeprefix("Malformed query: ")


def open_store(data: Path | None, endpoint: str | None, timeout: float = 10.0) -> Store:
    """The embedded store of a graph file, or a remote endpoint."""
    if data is not None and endpoint:
        raise KgError("give either a graph file or an endpoint, not both")
    if endpoint:
        return RemoteStore(endpoint, timeout)
    if data is None:
        raise KgError("no graph file given")
    return OxigraphStore.from_file(data)
