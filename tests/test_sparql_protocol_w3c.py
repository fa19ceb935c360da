"""The W3C SPARQL 1.1 Protocol test suite, run as written against /sparql/.

The manifest and its data live in ``shared/conformance/sparql-protocol/`` beside the
repository. The server holds data1.nt–data3.nt under the graph IRIs the manifest names. Every
query and bad-query test must pass; the endpoint is read-only, so the update tests must get
its refusal (403) instead of the 2xx a writable store gives.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BASE
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from test_web import RDF_TYPES, Client

from kg.settings import Settings
from kg.sparql import OxigraphStore
from kg.web import create_app

SUITE = Path(__file__).resolve().parent.parent.parent / "shared/conformance/sparql-protocol"
MANIFEST = SUITE / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values")


@dataclass(frozen=True)
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # the first digit of each status class accepted
    format: str | None
    boolean: bool | None


def manifest() -> Graph:
    if not MANIFEST.is_file():
        pytest.fail(f"the W3C protocol suite is missing: {MANIFEST}")
    return Graph().parse(MANIFEST, format="turtle", publicID="http://www.w3.org/2009/sparql/"
                         "docs/tests/data-sparql11/protocol/manifest.ttl")


def entries(g: Graph) -> list[URIRef]:
    head = g.value(next(g.subjects(RDF.type, MF.Manifest)), MF.entries)
    return list(Collection(g, head))


def steps(g: Graph, test: URIRef) -> list[Step]:
    action = g.value(test, MF.action)
    return [_step(g, request) for request in Collection(g, g.value(action, HT.requests))]


def _step(g: Graph, request) -> Step:
    headers = {}
    if (head := g.value(request, HT.headers)) is not None:
        for header in Collection(g, head):
            headers[str(g.value(header, HT.fieldName))] = str(g.value(header, HT.fieldValue))
    body = None
    if (content := g.value(request, HT.body)) is not None:
        encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(content, CNT.chars)).encode(encoding.lower())
    response = g.value(request, HT.resp)
    statuses = frozenset(int(str(s).rsplit("StatusCode", 1)[1][0])
                         for s in g.objects(response, MF.expectedStatus))
    boolean = g.value(response, MF.expectedBoolean)
    fmt = g.value(response, MF.expectedFormat)
    return Step(str(g.value(request, HT.methodName)), str(g.value(request, HT.absolutePath)),
                headers, body, statuses, None if fmt is None else str(fmt),
                None if boolean is None else boolean.toPython())


def suite_store(g: Graph) -> ox.Store:
    """data1.nt–data3.nt in the named graphs the manifest names, their merge as default."""
    store = ox.Store()
    for data in set(g.objects(None, UT.graphData)):
        name = ox.NamedNode(str(g.value(data, RDFS_LABEL)))
        path = SUITE / Path(str(g.value(data, UT.graph))).name
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            store.add(ox.Quad(quad.subject, quad.predicate, quad.object, name))
            store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    return store


GRAPH = manifest() if MANIFEST.is_file() else Graph()
TESTS = {str(t).rsplit("#", 1)[1]: t for t in entries(GRAPH)} if len(GRAPH) else {}


@pytest.fixture(scope="module")
def client() -> Client:
    store = OxigraphStore(suite_store(manifest()))
    return Client(create_app(store, Settings.from_env(base=BASE)))


def test_the_suite_is_there():
    assert len(manifest()) and len(TESTS) == 34


@pytest.mark.parametrize("name", sorted(TESTS) or ["(missing)"])
def test_protocol(client, name):
    for step in steps(GRAPH, TESTS[name]):
        answer = client.request(step.method, step.path, headers=step.headers,
                                content=step.body)
        if name.startswith("update_"):  # read-only: the refusal instead of the update
            if is_update(step):
                assert answer.status_code == 403 and "read-only" in answer.text, answer.text
            continue  # the queries after it check an update that did not happen
        assert answer.status_code // 100 in step.statuses, (answer.status_code, answer.text)
        check_format(answer, step)


def is_update(step: Step) -> bool:
    return ("update=" in step.path or (step.body or b"").startswith(b"update=")
            or "sparql-update" in step.headers.get("content-type", ""))


def check_format(answer, step: Step) -> None:
    kind = answer.headers.get("content-type", "").split(";")[0].strip()
    if step.format in ("boolean", "tabular"):
        assert kind in RESULT_TYPES, kind
    if step.format == "RDF":
        assert kind in RDF_TYPES, kind
        Graph().parse(data=answer.content, format=RDF_TYPES[kind])  # DESCRIBE may be empty
    if step.boolean is not None:
        assert boolean(answer.content, kind) is step.boolean


def boolean(body: bytes, kind: str) -> bool:
    if kind == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    root = ET.fromstring(body)
    return next(e.text for e in root.iter() if e.tag.endswith("boolean")) == "true"
