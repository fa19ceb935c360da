"""Publish the graph to a SPARQL 1.1 store, one named graph per request.

Each graph (one per article, the shared entities, the ontology, the shapes) is sent whole in
one request that the store applies atomically: a Graph Store Protocol ``PUT``, or, where the
store offers no Graph Store Protocol, one SPARQL Update ``DROP SILENT GRAPH`` + ``INSERT DATA``.
Pushing again replaces each graph, so nothing is duplicated; a graph that fails is reported
and the others still go, so a later push completes what an interrupted one left out.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .remote import reason
from .store import load_store

__all__ = ["Endpoints", "GraphPush", "PushReport", "push"]

PROTOCOLS = ("auto", "gsp", "update")
NOT_OFFERED = {404, 405, 415, 501}  # the store has no Graph Store Protocol at that URL
# Where each store keeps its update and Graph Store endpoints, from the query endpoint's path.
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
         protocol: str = "auto", auth: tuple[str, str] | None = None, timeout: float = 120,
         on_graph: Callable[[GraphPush], None] | None = None) -> PushReport:
    """Push every named graph of ``data``, then one graph per folder of ``extra`` Turtle files.

    ``extra`` maps a name to a folder: {"ontology": Path("ontology")} becomes the graph
    ``{base}graph/ontology``. ``on_graph`` is told of each graph as soon as it is done.
    """
    if protocol not in PROTOCOLS:
        raise KgError(f"unknown protocol {protocol!r}; choose one of {', '.join(PROTOCOLS)}")
    client = _Client(endpoints, protocol, auth, timeout)
    results = []
    for payload in payloads(data, base, extra or {}):
        result = client.send(payload)
        results.append(result)
        if on_graph:
            on_graph(result)
    return PushReport(endpoints, tuple(results))


def payloads(data: Path, base: str, extra: dict[str, Path]) -> Iterator[Payload]:
    """Each named graph of the data file in IRI order, then the ``extra`` folders."""
    store = load_store(data)
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        quads = store.quads_for_pattern(None, None, None, graph)
        yield _payload(graph.value, (q.triple for q in quads))
    for name, folder in extra.items():
        files = sorted(Path(folder).glob("*.ttl"))
        if not files:
            raise KgError(f"no Turtle files (*.ttl) in {folder} for the {name} graph")
        triples = []
        for path in files:
            try:
                triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
            except (SyntaxError, ValueError, OSError) as exc:
                raise KgError(f"{path}: cannot parse as Turtle: {exc}") from None
        yield _payload(f"{base}graph/{name}", triples)


def _payload(graph: str, triples) -> Payload:
    lines = sorted(set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines()))
    return Payload(graph, b"\n".join(lines) + b"\n" if lines else b"", len(lines))


class _Client:
    """Sends graphs over HTTP; in "auto" mode it settles on GSP or Update at the first answer."""

    def __init__(self, endpoints: Endpoints, protocol: str, auth, timeout: float):
        self.endpoints = endpoints
        self.protocol = protocol
        self.timeout = timeout
        self.opener = _opener(endpoints, auth)

    def send(self, payload: Payload) -> GraphPush:
        protocol = "gsp" if self.protocol == "auto" else self.protocol
        try:
            try:
                self._send(protocol, payload)
            except urllib.error.HTTPError as exc:
                if self.protocol != "auto" or exc.code not in NOT_OFFERED:
                    raise
                protocol = "update"
                self._send(protocol, payload)
            if self.protocol == "auto":
                self.protocol = protocol
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read().decode("utf-8", "replace")) or exc.reason
            return GraphPush(payload.graph, payload.triples, protocol, f"HTTP {exc.code}: {detail}")
        except (urllib.error.URLError, OSError) as exc:
            return GraphPush(payload.graph, payload.triples, protocol, f"cannot reach the store"
                             f" ({reason(exc)})")
        return GraphPush(payload.graph, payload.triples, protocol)

    def _send(self, protocol: str, payload: Payload) -> None:
        if protocol == "gsp":
            url = _with_query(self.endpoints.store, graph=payload.graph)
            request = urllib.request.Request(url, payload.ntriples, method="PUT",
                                             headers={"Content-Type": "text/turtle"})
        else:
            body = urllib.parse.urlencode({"update": update_text(payload)}).encode("utf-8")
            request = urllib.request.Request(
                self.endpoints.update, body, method="POST",
                headers={"Content-Type": "application/x-www-form-urlencoded"})
        with self.opener.open(request, timeout=self.timeout) as response:
            response.read()


def update_text(payload: Payload) -> str:
    """One SPARQL Update request that replaces the graph: the store applies it as a whole."""
    graph = f"<{payload.graph}>"
    return (f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n"
            f"{payload.ntriples.decode('utf-8')}}} }}\n")


def _opener(endpoints: Endpoints, auth) -> urllib.request.OpenerDirector:
    if not auth:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in {endpoints.update, endpoints.store}:
        passwords.add_password(None, url, *auth)
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                       urllib.request.HTTPDigestAuthHandler(passwords))


def _with_query(url: str, **params: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = "&".join(filter(None, (parts.query, urllib.parse.urlencode(params))))
    return parts._replace(query=query).geturl()


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:300]
