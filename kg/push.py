"""Publish the graph to a SPARQL 1.1 store, one named graph per request: a mirror of the file.

Each graph (one per article, the shared entities, the ontology, the shapes) is sent whole in
one request that the store applies atomically: a Graph Store Protocol ``PUT``, or, where the
store offers no Graph Store Protocol, one SPARQL Update ``DROP SILENT GRAPH`` + ``INSERT DATA``.
Pushing again replaces each graph, so nothing is duplicated; a graph that fails is reported
and the others still go, so a later push completes what an interrupted one left out.

The store keeps a record of the graphs ``kg push`` made (the graph ``{base}graph/pushed``,
``prov:hadMember`` each). The record is extended before any graph is sent, so a push cut short
still leaves every graph it may have made on it; after a complete push, the recorded graphs
that are no longer in the file are removed (``prune``). Graphs it did not make are never
touched. Every request is bounded (``Limits``), and after ``max_failures`` graphs in a row
fail the run stops: a broken store costs a few requests, not one per graph.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .identity import check_base
from .store import open_graph
from .transport import Limits, RequestFailed, Transport

__all__ = ["Endpoints", "GraphPush", "Limits", "PushReport", "push"]

PROTOCOLS = ("auto", "gsp", "update")
NOT_OFFERED = {404, 405, 415, 501}  # the store has no Graph Store Protocol at that URL
MAX_FAILURES = 3  # graphs in a row that may fail before a push stops
RECORD = "graph/pushed"  # under the base: the graphs kg push made
HAD_MEMBER = "http://www.w3.org/ns/prov#hadMember"
# Where each store keeps its update and Graph Store endpoints, from the query endpoint's path.
QUERY_PATHS = ("query", "sparql")  # where stores put the query endpoint under their root
LAYOUTS = (
    ("Virtuoso", re.compile(r"^/sparql/?$"), "/sparql", "/sparql-graph-crud"),
    ("Oxigraph", re.compile(r"^/query/?$"), "/update", "/store"),
    ("Fuseki", re.compile(r"^(/[^/]+)/(?:sparql|query)/?$"), r"\1/update", r"\1/data"),
)


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a store: SPARQL query, SPARQL Update and Graph Store Protocol."""

    query: str
    update: str
    store: str

    @classmethod
    def of(cls, query: str, update: str | None = None, store: str | None = None) -> Endpoints:
        """Fills in the update and GSP URLs by the store's usual layout (see ``LAYOUTS``)."""
        parts = urllib.parse.urlsplit(query)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise KgError(f"{query}: not an http(s) SPARQL endpoint URL")
        for _, pattern, update_path, store_path in LAYOUTS:
            if pattern.match(parts.path):
                at = parts._replace(query="", fragment="")
                update = update or at._replace(path=pattern.sub(update_path, parts.path)).geturl()
                store = store or at._replace(path=pattern.sub(store_path, parts.path)).geturl()
                break
        return cls(query, update or query, store or query)

    @classmethod
    def find(cls, url: str, update: str | None = None, store: str | None = None,
             limits: Limits | None = None, auth: tuple[str, str] | None = None) -> Endpoints:
        """The endpoints of a store given its query URL or its root URL: at a root, the query
        endpoint is found where Oxigraph, Fuseki and Virtuoso put it (``/query``,
        ``/sparql``); a URL where none answers is refused, naming what was tried."""
        path = urllib.parse.urlsplit(url).path
        known = any(pattern.match(path) for _, pattern, _, _ in LAYOUTS)
        if known or update or store:
            return cls.of(url, update, store)
        cls.of(url)  # not an http(s) URL: said before any request
        root = url.split("?", 1)[0].rstrip("/")
        tried = [f"{root}/{name}" for name in QUERY_PATHS] + [url]
        transport = Transport(limits or Limits(), auth, tuple(tried))
        for candidate in tried:
            if _answers_sparql(transport, candidate):
                return cls.of(candidate)
        raise KgError(f"{url}: no SPARQL query endpoint answers there (tried "
                      f"{', '.join(tried)}); give the store's query URL")


def _answers_sparql(transport: Transport, url: str) -> bool:
    """True when ``url`` answers ``ASK {}`` with SPARQL JSON results."""
    body = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    try:
        answer = transport.request(url, body, "POST", {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"})
        return isinstance(json.loads(answer).get("boolean"), bool)
    except (RequestFailed, ValueError, AttributeError):
        return False


@dataclass(frozen=True)
class GraphPush:
    """What happened to one named graph."""

    graph: str
    triples: int
    protocol: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class PushReport:
    endpoints: Endpoints
    results: tuple[GraphPush, ...]
    removed: tuple[GraphPush, ...] = ()  # graphs pruned (or that failed to be)
    stopped: str | None = None  # why the run stopped early
    untried: int = 0  # graphs not sent because the run stopped

    @property
    def pushed(self) -> tuple[GraphPush, ...]:
        return tuple(r for r in self.results if r.ok)

    @property
    def failed(self) -> tuple[GraphPush, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def triples(self) -> int:
        return sum(r.triples for r in self.pushed)


@dataclass(frozen=True)
class Payload:
    graph: str
    ntriples: bytes
    triples: int


def push(data: Path, endpoints: Endpoints, base: str, extra: dict[str, Path] | None = None,
         protocol: str = "auto", auth: tuple[str, str] | None = None,
         limits: Limits | None = None, prune: bool = True, max_failures: int = MAX_FAILURES,
         on_graph: Callable[[GraphPush], None] | None = None) -> PushReport:
    """Push every named graph of ``data``, then one graph per folder of ``extra`` Turtle files;
    with ``prune``, remove the graphs an earlier push made that ``data`` no longer has.

    ``extra`` maps a name to a folder: {"ontology": Path("ontology")} becomes the graph
    ``{base}graph/ontology``. ``on_graph`` is told of each graph as soon as it is done.
    A store that cannot take the record of pushed graphs raises ``KgError``: nothing is sent.
    """
    if protocol not in PROTOCOLS:
        raise KgError(f"unknown protocol {protocol!r}; choose one of {', '.join(PROTOCOLS)}")
    record = check_base(base) + RECORD
    names, graphs = payloads(data, base, extra or {})
    client = _Client(endpoints, protocol, Transport(limits or Limits(), auth, (
        endpoints.query, endpoints.update, endpoints.store)))
    try:
        client.record(record, names, replace=False)
    except RequestFailed as exc:
        raise KgError(f"{endpoints.store if client.protocol != 'update' else endpoints.update}: "
                      f"{exc}; nothing pushed") from None
    results, stopped = _send_all(client, graphs, max_failures, on_graph)
    removed = client.prune(record, names) if prune and stopped is None else ()
    return PushReport(endpoints, tuple(results), tuple(removed), stopped,
                      len(names) - len(results))


def _send_all(client: _Client, graphs: Iterable[Payload], max_failures: int,
              on_graph: Callable[[GraphPush], None] | None) -> tuple[list[GraphPush], str | None]:
    """Sends each graph until ``max_failures`` in a row fail; the results and why it stopped."""
    results: list[GraphPush] = []
    streak = 0
    for payload in graphs:
        result = client.send(payload)
        results.append(result)
        if on_graph:
            on_graph(result)
        streak = 0 if result.ok else streak + 1
        if streak >= max(1, max_failures):
            return results, f"{streak} graphs in a row failed ({result.error})"
    return results, None


def payloads(data: Path, base: str, extra: dict[str, Path]) -> tuple[list[str], Iterator[Payload]]:
    """The names of the graphs to push, and each graph: the data file's named graphs in IRI
    order, then the ``extra`` folders (read, and checked, before anything is sent)."""
    store = open_graph(data)
    graphs = sorted(store.named_graphs(), key=lambda g: g.value)
    folders = [(f"{base}graph/{name}", _turtle(name, Path(folder)))
               for name, folder in extra.items()]

    def each() -> Iterator[Payload]:
        for graph in graphs:
            yield _payload(graph.value, (q.triple for q in
                                         store.quads_for_pattern(None, None, None, graph)))
        for name, triples in folders:
            yield _payload(name, triples)

    return [g.value for g in graphs] + [name for name, _ in folders], each()


def _turtle(name: str, folder: Path) -> list:
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise KgError(f"no Turtle files (*.ttl) in {folder} for the {name} graph")
    triples = []
    for path in files:
        try:
            triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as exc:
            raise KgError(f"{path}: cannot parse as Turtle: {exc}") from None
    return triples


def _payload(graph: str, triples) -> Payload:
    lines = sorted(set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines()))
    return Payload(graph, b"\n".join(lines) + b"\n" if lines else b"", len(lines))


class _Client:
    """Sends graphs over HTTP; in "auto" mode it settles on GSP or Update at the first answer."""

    def __init__(self, endpoints: Endpoints, protocol: str, transport: Transport):
        self.endpoints = endpoints
        self.protocol = protocol
        self.http = transport

    def send(self, payload: Payload) -> GraphPush:
        """Replaces the graph of ``payload`` in the store."""
        try:
            used = self._call(self._put(payload), self._update(update_text(payload)))
        except RequestFailed as exc:
            return GraphPush(payload.graph, payload.triples, self._settled(), str(exc))
        return GraphPush(payload.graph, payload.triples, used)

    def record(self, record: str, names: Iterable[str], replace: bool) -> None:
        """Adds ``names`` to the record of pushed graphs (or makes them the whole record)."""
        payload = _payload(record, (ox.Triple(ox.NamedNode(record), ox.NamedNode(HAD_MEMBER),
                                              ox.NamedNode(name)) for name in names))
        if replace:
            self._call(self._put(payload), self._update(update_text(payload)))
            return
        url = _with_query(self.endpoints.store, graph=record)
        insert = f"INSERT DATA {{ GRAPH <{record}> {{\n{payload.ntriples.decode()}}} }}\n"
        self._call((url, payload.ntriples, "POST", {"Content-Type": "text/turtle"}),
                   self._update(insert))

    def prune(self, record: str, names: list[str]) -> list[GraphPush]:
        """Removes the recorded graphs that are not in ``names``; then records ``names`` (and
        whatever could not be removed) as the pushed graphs."""
        try:
            recorded = self._recorded(record)
        except RequestFailed as exc:
            return [GraphPush(record, 0, self._settled(), f"cannot read the record ({exc})")]
        removed = [self._drop(graph) for graph in sorted(recorded - set(names) - {record})]
        kept = set(names) | {r.graph for r in removed if not r.ok}
        try:
            self.record(record, sorted(kept), replace=True)
        except RequestFailed as exc:
            removed.append(GraphPush(record, 0, self._settled(), str(exc)))
        return removed

    def _recorded(self, record: str) -> set[str]:
        query = f"SELECT ?g WHERE {{ GRAPH <{record}> {{ <{record}> <{HAD_MEMBER}> ?g }} }}"
        body = urllib.parse.urlencode({"query": query}).encode()
        answer = self.http.request(self.endpoints.query, body, "POST", {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"})
        try:
            rows = json.loads(answer)["results"]["bindings"]
            return {row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"}
        except (ValueError, KeyError, TypeError, AttributeError):
            raise RequestFailed("the answer is not SPARQL JSON results") from None

    def _drop(self, graph: str) -> GraphPush:
        delete = (_with_query(self.endpoints.store, graph=graph), None, "DELETE", {})
        try:
            used = self._call(delete, self._update(f"DROP SILENT GRAPH <{graph}>"))
        except RequestFailed as exc:
            if exc.status != 404 or self._settled() != "gsp":
                return GraphPush(graph, 0, self._settled(), f"not removed ({exc})")
            used = "gsp"  # already gone
        return GraphPush(graph, 0, used)

    def _call(self, gsp: tuple, update: tuple) -> str:
        """Sends the request of the protocol in use; the protocol that answered."""
        protocol = self._settled()
        try:
            self.http.request(*(gsp if protocol == "gsp" else update))
        except RequestFailed as exc:
            if self.protocol != "auto" or exc.status not in NOT_OFFERED:
                raise
            protocol = "update"
            self.http.request(*update)
        self.protocol = protocol
        return protocol

    def _settled(self) -> str:
        return "gsp" if self.protocol == "auto" else self.protocol

    def _put(self, payload: Payload) -> tuple:
        url = _with_query(self.endpoints.store, graph=payload.graph)
        return url, payload.ntriples, "PUT", {"Content-Type": "text/turtle"}

    def _update(self, text: str) -> tuple:
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        return (self.endpoints.update, body, "POST",
                {"Content-Type": "application/x-www-form-urlencoded"})


def update_text(payload: Payload) -> str:
    """One SPARQL Update request that replaces the graph: the store applies it as a whole."""
    graph = f"<{payload.graph}>"
    return (f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n"
            f"{payload.ntriples.decode('utf-8')}}} }}\n")


def _with_query(url: str, **params: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = "&".join(filter(None, (parts.query, urllib.parse.urlencode(params))))
    return parts._replace(query=query).geturl()
