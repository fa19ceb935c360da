"""Remote SPARQL 1.1 stores: SELECT and ASK through SPARQLWrapper, as a ``QueryResult``.

Works with any store that speaks the SPARQL 1.1 Protocol (Oxigraph, Fuseki, Virtuoso,
GraphDB...). Like the embedded store, the store should answer queries without ``GRAPH`` over
the union of all named graphs (Oxigraph: ``--union-default-graph``; Fuseki:
``tdb2:unionDefaultGraph true``; Virtuoso does so by default).
"""

from __future__ import annotations

import urllib.error
from decimal import Decimal, InvalidOperation

from SPARQLWrapper import BASIC, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from .errors import KgError, QueryError
from .query import NUMERIC, QueryResult
from .sparql_guard import check_query
from .text.numbers import format_decimal

__all__ = ["RemoteError", "run_remote_select"]

TABLE_QUERIES = ("SELECT", "ASK")


class RemoteError(KgError):
    """A remote store cannot be reached or refused a request."""


def run_remote_select(endpoint: str, sparql: str, label: str = "query", timeout: float = 60,
                      auth: tuple[str, str] | None = None) -> QueryResult:
    """Run a SELECT (or ASK) on a remote SPARQL endpoint; rows as plain strings. The query
    passes ``kg.sparql_guard`` first: a query that could crash a store is not sent."""
    check_query(sparql, label)
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    if auth:
        client.setHTTPAuth(BASIC)
        client.setCredentials(*auth)
    client.setQuery(sparql)
    if client.queryType not in TABLE_QUERIES:
        raise QueryError(f"{label}: only SELECT and ASK queries give a table")
    try:
        answer = client.queryAndConvert()
    except QueryBadFormed as exc:
        raise QueryError(f"{label}: {endpoint} rejected the query: {_first_line(exc)}") from None
    except SPARQLWrapperException as exc:
        raise RemoteError(f"{endpoint}: {_first_line(exc)}") from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        raise RemoteError(f"{endpoint}: cannot reach the SPARQL endpoint ({reason(exc)})") from None
    return _result(answer, endpoint)


def _result(answer, endpoint: str) -> QueryResult:
    if not isinstance(answer, dict):
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results")
    if "boolean" in answer:
        return QueryResult(("result",), ((str(bool(answer["boolean"])).lower(),),))
    variables = tuple(answer.get("head", {}).get("vars", ()))
    rows = tuple(tuple(_plain(binding.get(v)) for v in variables)
                 for binding in answer.get("results", {}).get("bindings", ()))
    return QueryResult(variables, rows)


def _plain(term: dict | None) -> str:
    """As ``kg.query.plain``: numbers as plain decimals, IRIs and literals as their text."""
    if term is None:
        return ""
    value = term.get("value", "")
    if term.get("datatype") in NUMERIC:
        try:
            return format_decimal(Decimal(value))
        except (InvalidOperation, ArithmeticError):
            return value
    return value


def reason(exc: BaseException) -> str:
    """The short cause of a network error: "Connection refused", "timed out"..."""
    cause = getattr(exc, "reason", None) or exc
    if isinstance(cause, BaseException):
        return getattr(cause, "strerror", None) or _first_line(cause)
    return str(cause)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
