"""Linked data that is whole: a resource's RDF holds what its page shows, graph IRIs give their
graph, every dump and answer writes a value one way, and HTTP caching works."""

from __future__ import annotations

import json
import re
import threading
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from conftest import BASE
from test_web import HTML, first, make_client, path

from kg.export import export
from kg.web.display import vi_number

KG = "PREFIX kg: <https://data.example.org/vngov/ontology#> "
DUMP_FORMATS = {"kg.trig": ox.RdfFormat.TRIG, "kg.nq": ox.RdfFormat.N_QUADS,
                "kg.jsonld": ox.RdfFormat.JSON_LD, "kg.ttl": ox.RdfFormat.TURTLE,
                "kg.nt": ox.RdfFormat.N_TRIPLES}
OA_EXACT = "http://www.w3.org/ns/oa#exact"


@pytest.fixture(scope="module")
def client(seeds_store):
    return make_client(seeds_store)


@pytest.fixture(scope="module")
def kinds(seeds_store) -> dict[str, str]:
    """One IRI of every kind of resource the site publishes, picked from the built seeds."""
    def one(where: str) -> str:
        return first(seeds_store, KG + f"SELECT ?x WHERE {{ {where} }} ORDER BY ?x")

    return {
        "meeting": one("?x kg:chair ?p"),
        "person": one("?m <http://www.w3.org/ns/org#member> ?x"),
        "organization": one("?m <http://www.w3.org/ns/org#organization> ?x"),
        "indicator": one("?o kg:indicator ?x"),
        "observation": one("?x a kg:Observation ; kg:reportedAt ?m"),
        "target": one("?x a kg:Target"),
        "legal": one("?x <http://data.europa.eu/eli/ontology#title> ?t"),
        "strategy": one("?x kg:horizonYear ?y"),
        "article": one("?x a <https://schema.org/NewsArticle>"),
        "evidence": one("?f kg:evidence ?x"),
        "membership": one("?x <http://www.w3.org/ns/org#member> ?p"),
        "period": one("?o kg:period ?x"),
        "article graph": one("?x <http://www.w3.org/ns/prov#wasDerivedFrom> ?a "
                             "FILTER(CONTAINS(STR(?x), '/graph/'))"),
        "entities graph": BASE + "graph/entities",
    }


class PageFacts(HTMLParser):
    """What a page shows inside <main>: the resources it links to (with the link text) and the
    quotes it cites."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: dict[str, str] = {}
        self.quotes: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._in_quote = False
        self._ui = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
        elif self.depth and tag == "a":  # a "ui" link's text is the site's, not the data's
            self._href, self._text = attrs.get("href"), []
            self._ui = attrs.get("class") == "ui"
        elif self.depth and tag == "blockquote":
            self._in_quote, self._text = True, []

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag == "a" and self._href is not None:
            text = "" if self._ui else " ".join("".join(self._text).split())
            if not self._in_quote:
                self.links.setdefault(self._href, text)
            self._href = None
        elif tag == "p" and self._in_quote:
            self.quotes.append("".join(self._text).strip().strip("“”"))
            self._in_quote = False

    def handle_data(self, data):
        self._text.append(data)


def resource_links(links: dict[str, str]) -> dict[str, str]:
    """Links to resources of the dataset: not to RDF twins, lists, ontology terms or tools."""
    out = {}
    for href, text in links.items():
        local = href.split("#")[0]
        if (not local.startswith("/") or re.search(r"\.(ttl|jsonld|nt|rdf|trig|nq)$", local)
                or local.count("/") < 2 or local.startswith(("/ontology", "/sparql", "/dumps",
                                                            "/static", "/search"))):
            continue
        out[BASE + local[1:]] = text
    return out


def description(client, iri: str, fmt=ox.RdfFormat.TURTLE, suffix=".ttl") -> list:
    answer = client.get(path(iri) + suffix)
    assert answer.status_code == 200, iri
    return list(ox.parse(answer.content, format=fmt))


@pytest.mark.parametrize("kind", ["meeting", "person", "organization", "indicator",
                                  "observation", "target", "legal", "strategy", "article",
                                  "evidence", "membership", "period", "article graph",
                                  "entities graph"])
def test_turtle_holds_every_fact_the_page_shows(client, kinds, kind):
    iri = kinds[kind]
    page = client.get(path(iri), headers=HTML)
    assert page.status_code == 200
    shown = PageFacts()
    shown.feed(page.text)
    triples = description(client, iri)
    nodes = {t.subject.value for t in triples} | {
        t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    literals = {t.object.value for t in triples if isinstance(t.object, ox.Literal)}
    links = resource_links(shown.links)
    assert links, f"the {kind} page links to nothing"
    missing = [i for i in links if i not in nodes]
    assert not missing, f"{kind}: linked from the page, absent from its Turtle: {missing[:5]}"
    unnamed = [text for i, text in links.items() if text and text not in literals
               and text != i.rstrip("/").rsplit("/", 1)[-1] and not _derived(text, triples, i)]
    assert not unnamed, f"{kind}: link text the Turtle does not state: {unnamed[:5]}"
    quotes = {q.value for t in triples for q in [t.object] if t.predicate.value == OA_EXACT}
    assert all(q in quotes for q in shown.quotes), f"{kind}: a quote is missing"


def _derived(text: str, triples: list, iri: str) -> bool:
    """Link text computed from facts stated of the link's resource or of what it points to:
    a number, an untitled article named by outlet and date or by its first words."""
    near = {iri} | {t.object.value for t in triples if t.subject.value == iri}
    facts = [t.object.value for t in triples if t.subject.value in near]
    said = " ".join(" ".join(facts).split())
    return (any(vi_number(v) in text for v in facts if re.fullmatch(r"-?[\d.]+", v))
            or all(part in facts or part.rstrip("…") in said for part in text.split(", ")))


@pytest.mark.parametrize("kind", ["meeting", "person", "article graph"])
def test_quad_formats_keep_graphs_and_prefixes(client, kinds, kind):
    iri = kinds[kind]
    trig = client.get(path(iri) + ".trig")
    assert trig.status_code == 200 and b"ns1:" not in trig.content
    assert b"@prefix kg: <https://data.example.org/vngov/ontology#>" in trig.content
    quads = list(ox.parse(client.get(path(iri) + ".nq").content, format=ox.RdfFormat.N_QUADS))
    assert quads and all(isinstance(q.graph_name, ox.NamedNode) for q in quads)
    assert {q.triple for q in quads} == {q.triple for q in ox.parse(
        trig.content, format=ox.RdfFormat.TRIG)}


def test_graph_iris_dereference_to_their_graph(client, kinds, seeds_store):
    for kind in ("article graph", "entities graph"):
        name = ox.NamedNode(kinds[kind])
        graph = {q.triple for q in seeds_store.quads_for_pattern(None, None, None, name)}
        quads = ox.parse(client.get(path(name.value) + ".nq").content,
                         format=ox.RdfFormat.N_QUADS)
        held = {q.triple for q in quads if q.graph_name == name}
        assert len(graph) > 100 and held == graph


def test_person_rdf_links_to_the_meetings_on_the_page(client, seeds_store):
    person = first(seeds_store, KG + "SELECT ?p WHERE { ?m kg:chair ?p } ORDER BY ?p")
    meetings = {r[0].value for r in seeds_store.query(
        KG + f"SELECT ?m WHERE {{ ?m kg:chair <{person}> }}", use_default_graph_as_union=True)}
    triples = description(client, person)
    chaired = {t.subject.value for t in triples if t.object == ox.NamedNode(person)
               and t.predicate.value.endswith("#chair")}
    assert meetings and chaired == meetings


def test_the_five_dumps_and_the_exports_are_one_graph_with_one_lexical_form(
        client, seeds_trig, seeds_store):
    """A strict diff of any two dumps finds nothing: same triples, literals written alike."""
    union = {q.triple for q in seeds_store if not isinstance(q.graph_name, ox.DefaultGraph)}
    for name, fmt in DUMP_FORMATS.items():
        body = client.get(f"/dumps/{name}").content
        assert {q.triple for q in ox.parse(body, format=fmt)} == union, name
        exported = export(seeds_trig, {"kg.trig": "trig", "kg.nq": "nquads",
                                       "kg.jsonld": "json-ld", "kg.ttl": "turtle",
                                       "kg.nt": "nt"}[name])
        assert {q.triple for q in ox.parse(exported, format=fmt)} == union, f"export {name}"
    built = {q.triple for q in ox.parse(path=str(seeds_trig), format=ox.RdfFormat.TRIG)}
    assert built == union  # the store did not rewrite a lexical form of the build


def test_sparql_answers_write_decimals_as_the_dumps_do(client):
    query = KG + "SELECT ?v WHERE { ?o kg:value ?v } ORDER BY ?v"
    answer = client.get("/sparql", params={"query": query},
                        headers={"accept": "application/sparql-results+json"}).json()
    values = {b["v"]["value"] for b in answer["results"]["bindings"]}
    nt = client.get("/dumps/kg.nt").text
    assert values and all(f'"{v}"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
                          for v in values)
    assert not any(v.endswith(".0") for v in values)


def test_conditional_requests_get_304(client, kinds):
    url = path(kinds["person"])
    answer = client.get(url, headers=HTML)
    etag, modified = answer.headers["etag"], answer.headers["last-modified"]
    assert "max-age" in answer.headers["cache-control"]
    again = client.get(url, headers={**HTML, "if-none-match": etag})
    assert again.status_code == 304 and not again.content and again.headers["etag"] == etag
    assert client.get(url, headers={**HTML, "if-modified-since": modified}).status_code == 304
    changed = client.get(url, headers={**HTML, "if-none-match": '"other"'})
    assert changed.status_code == 200
    turtle = client.get(url, headers={"accept": "text/turtle"})
    assert turtle.headers["etag"] != etag  # one tag per representation


def test_landing_page_describes_the_dataset_for_search_engines(client):
    page = client.get("/", headers=HTML).text
    block = re.search(r'<script type="application/ld\+json">(.+?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Dataset" and data["license"] and data["publisher"]["name"]
    assert {d["encodingFormat"] for d in data["distribution"]} >= {"application/trig",
                                                                  "text/turtle"}
    assert all(d["contentUrl"].startswith("http://kg.test/dumps/")
               for d in data["distribution"])


def test_pages_name_the_endpoint_they_are_served_from(seeds_store):
    local = make_client(seeds_store).get("/sparql", headers=HTML).text
    assert "<code>http://kg.test/sparql</code>" in local
    public = make_client(seeds_store, public_url="https://kg.example.net/data")
    assert "<code>https://kg.example.net/data/sparql</code>" in public.get(
        "/sparql", headers=HTML).text
    void = public.get("/dataset.nt").text
    assert "<https://kg.example.net/data/sparql>" in void


def test_void_after_a_dump_was_served_gives_its_size(seeds_store):
    """Regression: measuring a dump already kept waited on the lock its own lookup held."""
    fresh = make_client(seeds_store)
    size = len(fresh.get("/dumps/kg.nt").content)
    answers = []
    worker = threading.Thread(target=lambda: answers.append(fresh.get("/dataset.nt")),
                              daemon=True)
    worker.start()
    worker.join(60)
    assert answers, "the VoID request did not finish"
    assert f'"{size}"^^<http://www.w3.org/2001/XMLSchema#integer>' in answers[0].text


def test_serve_takes_the_public_url(runner, seeds_trig):
    from kg.cli import main

    result = runner.invoke(main, ["serve", "--data", str(seeds_trig), "--get", "/sparql",
                                  "--public-url", "https://kg.example.net/data"])
    assert result.exit_code == 0, result.output
    assert "<code>https://kg.example.net/data/sparql</code>" in result.output
