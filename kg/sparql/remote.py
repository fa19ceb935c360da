"""The remote store: any SPARQL 1.1 Protocol endpoint, through one SPARQLWrapper client.

Works with Oxigraph, Fuseki, Virtuoso, GraphDB... Like the embedded store, the store should
answer queries without ``GRAPH`` over the union of all named graphs (Oxigraph:
``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``; Virtuoso does so by
default).
"""

from __future__ import annotations

import http.client
import time
import warnings
from collections.abc import Iterator, Sequence
from urllib.error import HTTPError

import pyoxigraph as ox
from SPARQLWrapper import BASIC, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ..errors import KgError, QueryError, QueryRefused
from .base import query_form
from .errors import EndpointError, QueryTimeout, ResultLimitExceeded
from .results import Results, Term, collect, from_oxigraph

ACCEPT = {"graph": "application/n-triples", "select": "application/sparql-results+json",
          "ask": "application/sparql-results+json"}
_HTTP_ERRORS = {403: QueryRefused, 408: QueryTimeout, 422: ResultLimitExceeded,
                503: QueryTimeout}


class RemoteStore:
    """A remote SPARQL 1.1 endpoint; ``auth`` is a user and password for HTTP basic auth.

    Its errors carry ``line``: the failure in one line naming the endpoint.
    """

    union_default_graph = False

    def __init__(self, endpoint: str, timeout: float = 10.0,
                 auth: tuple[str, str] | None = None):
        self.endpoint, self.timeout, self.auth = endpoint, timeout, auth

    def query(self, sparql: str, *, limit: int | None = None, deadline: float | None = None,
              max_bytes: int | None = None, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Results:
        form = query_form(sparql)  # the same checks protect the remote store
        body = self._fetch(sparql, form, deadline, default_graphs, named_graphs)
        if max_bytes is not None and len(body) > 2 * max_bytes:  # its syntax is wordier
            raise ResultLimitExceeded(f"the answer is larger than {max_bytes} bytes")
        try:
            if form == "graph":
                triples = (q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
                return Results("graph", triples=tuple(collect(triples, limit, deadline,
                                                              max_bytes)))
            answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            return from_oxigraph(answer, limit, deadline, max_bytes)  # it parses as it reads
        except SyntaxError as exc:
            raise self._unreadable(exc) from None

    def solutions(self, sparql: str, *, deadline: float | None = None
                  ) -> Iterator[dict[str, Term]]:
        """The rows of the whole answer, which arrives at once from the endpoint."""
        return iter(self.query(sparql, deadline=deadline).rows)

    def _client(self, sparql: str, form: str, deadline: float | None) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint, agent="vngov-kg")
        with warnings.catch_warnings():  # it warns on query forms it cannot guess
            warnings.simplefilter("ignore", RuntimeWarning)
            client.setQuery(sparql)
        client.setOnlyConneg(True)
        client.setMethod(POST)
        client.addCustomHttpHeader("Accept", ACCEPT[form])
        if self.auth:
            client.setHTTPAuth(BASIC)
            client.setCredentials(*self.auth)
        left = self.timeout if deadline is None else max(0.1, deadline - time.monotonic())
        client.setTimeout(max(1, round(left)))
        return client

    def _fetch(self, sparql: str, form: str, deadline: float | None,
               default_graphs: Sequence[str], named_graphs: Sequence[str]) -> bytes:
        client = self._client(sparql, form, deadline)
        for graph in default_graphs:
            client.addDefaultGraph(graph)
        for graph in named_graphs:
            client.addNamedGraph(graph)
        try:
            return client.query().response.read()
        except (SPARQLWrapperException, OSError, http.client.HTTPException) as exc:
            raise failure(exc, self.endpoint) from None

    def _unreadable(self, exc: SyntaxError) -> EndpointError:
        error = EndpointError(f"{self.endpoint}: unreadable answer: {exc}")
        return _naming(error, f"{self.endpoint}: the answer is not SPARQL JSON results")


def failure(exc: Exception, endpoint: str) -> KgError:
    """The store error for a request that failed: a bad query (QueryError), a refusal, a
    timeout or an endpoint that failed or cannot be reached."""
    if isinstance(exc, QueryBadFormed):
        return _naming(QueryError(_remote_message(exc)),
                       f"{endpoint} rejected the query: {_first_line(exc)}")
    if isinstance(exc, SPARQLWrapperException):
        return _naming(EndpointError(f"{endpoint}: {_remote_message(exc)}"),
                       f"{endpoint}: {_first_line(exc)}")
    if isinstance(exc, HTTPError):
        message = exc.read().decode("utf-8", "replace").strip() or str(exc)
        error = _HTTP_ERRORS.get(exc.code, EndpointError)(message)
    elif isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
        error = QueryTimeout(f"{endpoint} did not answer in time")
    else:
        error = EndpointError(f"{endpoint}: {exc}")
    return _naming(error, f"{endpoint}: cannot reach the SPARQL endpoint ({reason(exc)})")


def _naming(error: KgError, line: str) -> KgError:
    error.line = line  # type: ignore[attr-defined]
    return error


def reason(exc: BaseException) -> str:
    """The short cause of a network error: "Connection refused", "timed out"..."""
    cause = getattr(exc, "reason", None) or exc
    if isinstance(cause, BaseException):
        return getattr(cause, "strerror", None) or _first_line(cause)
    return str(cause)


def _remote_message(exc: Exception) -> str:
    text = str(exc).split("Response:", 1)[-1].strip()
    text = text.removeprefix("b'").removesuffix("'").replace("\\n", " ").strip() or str(exc)
    return text.removeprefix("Malformed query: ")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
