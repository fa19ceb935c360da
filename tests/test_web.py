"""The web app through an ASGI client: pages, dereferenceable IRIs, content negotiation, data."""

from __future__ import annotations

import asyncio
import json
import re
import xml.etree.ElementTree as ET

import httpx
import pyoxigraph as ox
import pytest
from conftest import BASE
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from kg.settings import Settings
from kg.sparql import OxigraphStore
from kg.web import create_app

RDF_TYPES = {
    "text/turtle": "turtle", "application/ld+json": "json-ld",
    "application/n-triples": "nt", "application/rdf+xml": "xml",
}
SUFFIXES = {".ttl": "text/turtle", ".jsonld": "application/ld+json",
            ".nt": "application/n-triples", ".rdf": "application/rdf+xml"}
HTML = {"accept": "text/html"}


class Client:
    """A synchronous face on httpx's ASGI transport: each call runs the app in-process."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, **options) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://kg.test") as c:
                return await c.request(method, url, **options)

        return asyncio.run(send())

    def get(self, url: str, **options) -> httpx.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options) -> httpx.Response:
        return self.request("POST", url, **options)


def make_client(store: ox.Store, **settings) -> Client:
    return Client(create_app(OxigraphStore(store), Settings.from_env(base=BASE, **settings)))


def varies(answer: httpx.Response) -> bool:
    return "Accept" in [v.strip() for v in answer.headers.get("vary", "").split(",")]


@pytest.fixture(scope="module")
def client(seeds_store) -> Client:
    return make_client(seeds_store)


def first(store: ox.Store, sparql: str) -> str:
    rows = list(store.query(sparql, use_default_graph_as_union=True))
    assert rows, f"the seeds have nothing for: {sparql}"
    return rows[0][0].value


@pytest.fixture(scope="module")
def sample(seeds_store) -> dict[str, str]:
    """One IRI of each kind the pages treat specially, picked from the built seeds."""
    kg = "PREFIX kg: <https://data.example.org/vngov/ontology#> "
    return {
        "meeting": first(seeds_store, kg + """SELECT ?m (COUNT(?f) AS ?n) WHERE {
            ?m kg:chair ?p . OPTIONAL { ?f kg:reportedAt|kg:setAt ?m } }
            GROUP BY ?m ORDER BY DESC(?n) ?m"""),
        "person": first(seeds_store, kg + "SELECT ?p WHERE { ?m kg:chair ?p } ORDER BY ?p"),
        "indicator": first(seeds_store, kg + """SELECT ?c (COUNT(?o) AS ?n) WHERE {
            ?o a kg:Observation ; kg:indicator ?c ; kg:value ?v ; kg:period ?p }
            GROUP BY ?c ORDER BY DESC(?n) ?c"""),
        "article": first(seeds_store, "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> }"
                                      " ORDER BY ?a"),
        "evidence": first(seeds_store, kg + "SELECT ?e WHERE { ?f kg:evidence ?e } ORDER BY ?e"),
        "organization": first(seeds_store, "SELECT ?o WHERE { ?m <http://www.w3.org/ns/org#"
                                           "organization> ?o } ORDER BY ?o"),
    }


def path(iri: str) -> str:
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE):]


def test_landing_page_counts_and_links(client):
    page = client.get("/", headers=HTML)
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    for link in ("/meeting", "/person", "/indicator", "/sparql", "/dataset", "/dumps/kg.trig"):
        assert f'href="{link}"' in page.text
    assert 'name="q"' in page.text  # the search box


def test_totals_counted_on_the_merge_are_those_counted_across_the_graphs(seeds_store):
    """The merge in the default graph gives the distinct triples without holding them all."""
    from kg.web.lookups import counts

    store = OxigraphStore(seeds_store)
    assert store.merged

    class AcrossTheGraphs:  # the same store, not known to hold the merge
        union_default_graph = True

        def query(self, *args, **options):
            return store.query(*args, **options)
    assert counts(store) == counts(AcrossTheGraphs())


def test_the_landing_page_answers_while_the_totals_are_still_counted(seeds_store,
                                                                     monkeypatch):
    """A large graph's totals take minutes: the page is drawn without them meanwhile, and with
    them once they are counted."""
    import threading

    import kg.web.pages
    from kg.web.lookups import counts

    counted = threading.Event()

    def slow_counts(store, *classes):
        counted.wait(timeout=30)
        return counts(store, *classes)
    monkeypatch.setattr(kg.web.pages, "counts", slow_counts)
    monkeypatch.setattr(kg.web.pages, "SOON_S", 0.05)
    client = make_client(seeds_store)
    waiting = client.get("/", headers=HTML)
    assert waiting.status_code == 200
    assert "Counting the graph" in waiting.text
    counted.set()
    for _ in range(100):
        page = client.get("/", headers=HTML)
        if "Counting the graph" not in page.text:
            break
    assert "Counting the graph" not in page.text
    assert re.search(r"<b>\d[\d.]*</b><span>bộ ba RDF", page.text)


@pytest.mark.parametrize("key", ["meeting", "person", "organization", "observation", "target",
                                 "legal", "strategy", "article"])
def test_collections_as_html_and_json(client, key):
    page = client.get(f"/{key}", headers=HTML)
    assert page.status_code == 200 and varies(page)
    listed = client.get(f"/{key}.json").json()["rows"]
    assert client.get(f"/{key}", headers={"accept": "application/json"}).json()["rows"] == listed
    for entry in listed[:5]:
        assert entry["iri"].startswith(BASE) and path(entry["iri"]) in page.text


def test_every_minted_iri_resolves(client, seeds_store):
    rows = seeds_store.query("""SELECT DISTINCT ?x WHERE { { GRAPH ?g { ?x ?p ?o } } UNION
        { GRAPH ?g { ?s ?p ?x } } UNION { GRAPH ?x { ?s ?p ?o } } FILTER(isIRI(?x)) }""")
    iris = sorted({r[0].value for r in rows if r[0].value.startswith(BASE)})
    assert len(iris) > 100
    for iri in iris:
        answer = client.get(path(iri), headers={"accept": "application/n-triples"})
        assert answer.status_code == 200, iri


@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_resource_description_by_accept(client, sample, media):
    iri = sample["meeting"]
    answer = client.get(path(iri), headers={"accept": media})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media)
    assert varies(answer)
    assert 'rel="alternate"' in answer.headers["link"]
    g = Graph().parse(data=answer.content, format=RDF_TYPES[media])
    node = URIRef(iri)
    assert (node, None, None) in g
    chairs = list(g.objects(node, URIRef("https://data.example.org/vngov/ontology#chair")))
    assert chairs and any(g.objects(chairs[0], None)), "labels of what it points to"


@pytest.mark.parametrize("suffix", list(SUFFIXES))
def test_resource_description_by_suffix(client, sample, suffix):
    answer = client.get(path(sample["person"]) + suffix, headers=HTML)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(SUFFIXES[suffix])
    g = Graph().parse(data=answer.content, format=RDF_TYPES[SUFFIXES[suffix]])
    assert (URIRef(sample["person"]), None, None) in g


def test_suffix_and_accept_give_the_same_graph(client, sample):
    by_suffix = client.get(path(sample["indicator"]) + ".ttl").content
    by_accept = client.get(path(sample["indicator"]), headers={"accept": "text/turtle"}).content
    assert isomorphic(Graph().parse(data=by_suffix, format="turtle"),
                      Graph().parse(data=by_accept, format="turtle"))


def test_browsers_get_html_and_unknown_types_get_406(client, sample):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert "text/html" in client.get(path(sample["person"]),
                                     headers={"accept": browser}).headers["content-type"]
    assert client.get(path(sample["person"]), headers={"accept": "image/png"}).status_code == 406


def test_unknown_iri_gives_a_helpful_404(client):
    page = client.get("/person/no-such-person", headers=HTML)
    assert page.status_code == 404
    assert BASE + "person/no-such-person" in page.text
    assert 'href="/search"' in page.text
    machine = client.get("/person/no-such-person", headers={"accept": "text/turtle"})
    assert machine.status_code == 404 and "not in this dataset" in machine.text


def test_meeting_page(client, sample, seeds_store):
    page = client.get(path(sample["meeting"]), headers=HTML)
    assert page.status_code == 200
    chair = first(seeds_store, f"""SELECT ?n WHERE {{ <{sample['meeting']}>
        <https://data.example.org/vngov/ontology#chair>/<https://schema.org/name> ?n }}""")
    assert chair in page.text
    for heading in ("targets set", "figures reported", "chaired by", "attendees", "evidence"):
        assert heading in page.text
    assert '<blockquote class="quote"' in page.text
    assert "/article/" in page.text  # a link to the source article


def test_person_page(client, sample):
    page = client.get(path(sample["person"]), headers=HTML)
    assert page.status_code == 200
    assert "posts" in page.text and "meetings" in page.text
    assert "pill chair" in page.text
    assert '<blockquote class="quote"' in page.text


def test_indicator_page_has_a_server_side_chart(client, sample):
    page = client.get(path(sample["indicator"]), headers=HTML)
    assert page.status_code == 200
    start = page.text.index("<svg")
    svg = page.text[start:page.text.index("</svg>", start) + 6]
    root = ET.fromstring(svg)  # well-formed SVG
    assert root.findall(".//{http://www.w3.org/2000/svg}circle")
    assert "<script" not in page.text and "http://" not in svg.replace(
        "http://www.w3.org/2000/svg", "")
    assert "observations from every article" in page.text and "targets" in page.text
    assert '<blockquote class="quote"' in page.text


def test_an_indicator_page_lists_its_latest_figures_and_links_to_all(client, sample,
                                                                   monkeypatch):
    """An indicator that every report restates has thousands of figures: the page counts
    them all, lists the latest with their quotes and links to the table of all of them."""
    from urllib.parse import quote

    from kg.web import entities

    whole = client.get(path(sample["indicator"]), headers=HTML).text
    total = whole.count('<blockquote class="quote"')
    assert total >= 2 and "the latest" not in whole
    monkeypatch.setattr(entities, "LISTED", 1)
    page = client.get(path(sample["indicator"]), headers=HTML).text
    assert "the latest 1 of " in page
    assert f'href="/observation?indicator={quote(sample["indicator"], safe="/")}"' in page
    assert page.count('<blockquote class="quote"') < total
    assert page[page.index("<svg"):page.index("</svg>")] == whole[
        whole.index("<svg"):whole.index("</svg>")]  # the chart still plots every figure


def test_the_chart_draws_a_restated_figure_once():
    from decimal import Decimal

    from kg.web.entities import distinct_figures
    from kg.web.lookups import Figure

    def stated(iri: str, value: str, scope: str = "") -> Figure:
        return Figure(iri, "observation", "http://e/c", "thu ngân sách", Decimal(value), None,
                      "tỷ đồng", "", "2024-01-01", "2024-12-31", None, None, "", iri + "/a",
                      scope=scope)
    figures = [stated("http://e/1", "10"), stated("http://e/2", "10"),
               stated("http://e/3", "10", "Hà Nội"), stated("http://e/4", "11")]
    assert [f.iri for f in distinct_figures(figures)] == ["http://e/1", "http://e/3",
                                                          "http://e/4"]


def test_indicator_scheme_lists_every_indicator(client, sample):
    page = client.get("/indicator", headers=HTML)
    assert page.status_code == 200 and path(sample["indicator"]) in page.text


def test_article_page_highlights_evidence(client, sample):
    page = client.get(path(sample["article"]), headers=HTML)
    assert page.status_code == 200 and "<mark" in page.text
    focus = client.get(path(sample["evidence"]), headers=HTML)
    assert focus.status_code == 200 and 'class="focus" id="focus"' in focus.text


def test_labels_show_english_from_the_ontology(client, sample):
    page = client.get(path(sample["organization"]), headers=HTML)
    assert page.status_code == 200
    assert '<span class="en"> · ' in page.text


def test_search_ignores_diacritics(client, seeds_store):
    name = first(seeds_store, "SELECT ?n WHERE { ?p a <https://schema.org/Person> ; "
                              "<https://schema.org/name> ?n } ORDER BY ?n")
    from kg.web.lookups import fold

    plain = fold(name)
    page = client.get("/search", params={"q": plain}, headers=HTML)
    assert page.status_code == 200 and name in page.text
    found = client.get("/search.json", params={"q": plain}).json()
    assert any(hit["label"] == name for hit in found["results"])
    assert client.get("/search", params={"q": ""}, headers=HTML).status_code == 200


def test_dataset_void_and_dcat(client, seeds_store):
    for name in DUMP_NAMES:  # VoID gives the size of each dump written so far
        client.get(f"/dumps/{name}")
    answer = client.get("/dataset", headers={"accept": "text/turtle"})
    assert answer.status_code == 200 and varies(answer)
    g = Graph().parse(data=answer.content, format="turtle")
    void, dcat = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#"
    ds = URIRef(BASE + "dataset")
    union = {q.triple for q in seeds_store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert int(g.value(ds, URIRef(void + "triples"))) == len(union)  # triples, not quads
    a = ox.NamedNode(str(RDF.type))
    typed = {q.subject for q in seeds_store.quads_for_pattern(None, a, None)
             if isinstance(q.subject, ox.NamedNode)}
    assert int(g.value(ds, URIRef(void + "entities"))) == len(typed)
    # The endpoint and the dumps are named where this server is reached.
    assert g.value(ds, URIRef(void + "sparqlEndpoint")) == URIRef("http://kg.test/sparql")
    distributions = list(g.objects(ds, URIRef(dcat + "distribution")))
    assert len(distributions) == 5
    for dist in distributions:
        url = str(g.value(dist, URIRef(dcat + "downloadURL")))
        size = int(g.value(dist, URIRef(dcat + "byteSize")))
        assert size == len(client.get(url.removeprefix("http://kg.test")).content)
        assert g.value(dist, DCTERMS.license) is not None
    for term in (DCTERMS.license, DCTERMS.publisher, DCTERMS.issued, DCTERMS.modified):
        assert g.value(ds, term) is not None, term
    subsets = {str(s) for s in g.objects(ds, URIRef(void + "subset"))}
    graphs = {q.graph_name.value for q in seeds_store
              if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert subsets == graphs
    for name in subsets:
        size = sum(1 for _ in seeds_store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        assert int(g.value(URIRef(name), URIRef(void + "triples"))) == size
    assert client.get("/dataset.jsonld").headers["content-type"] == "application/ld+json"
    assert "class partitions" in client.get("/dataset", headers=HTML).text
    moved = client.get("/.well-known/void", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/dataset"


def article_quads(store: ox.Store) -> int:
    """The quads of the article graphs (the default graph of the store only merges them)."""
    return sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))


DUMP_NAMES = ("kg.trig", "kg.nq", "kg.jsonld", "kg.ttl", "kg.nt")


@pytest.mark.parametrize("name,fmt", [("kg.trig", "trig"), ("kg.nq", "nquads"),
                                      ("kg.jsonld", "json-ld"), ("kg.ttl", "turtle"),
                                      ("kg.nt", "nt")])
def test_dumps_hold_the_whole_graph(client, seeds_store, name, fmt):
    answer = client.get(f"/dumps/{name}")
    assert answer.status_code == 200
    if fmt in ("trig", "nquads", "json-ld"):
        ds = Dataset()
        ds.parse(data=answer.content, format=fmt)
        assert len(list(ds.quads((None, None, None, None)))) == article_quads(seeds_store)
    else:
        triples = {(q.subject, q.predicate, q.object) for q in seeds_store}
        assert len(Graph().parse(data=answer.content, format=fmt)) == len(triples)


def test_a_dump_is_written_once_when_asked_for_and_only_then_sized(seeds_store):
    """A dump is streamed from the store to a file of the server's own, then sent from it:
    never written unasked (a large graph's five dumps take minutes), sized once written."""
    fresh = make_client(seeds_store)
    byte_size = URIRef("http://www.w3.org/ns/dcat#byteSize")
    void = Graph().parse(data=fresh.get("/dataset.ttl").content, format="turtle")
    assert not list(void.objects(None, byte_size))
    first = fresh.get("/dumps/kg.nq")
    again = fresh.get("/dumps/kg.nq")
    assert first.content == again.content and first.headers["etag"] == again.headers["etag"]
    assert int(first.headers["content-length"]) == len(first.content)
    void = Graph().parse(data=fresh.get("/dataset.ttl").content, format="turtle")
    assert [int(n) for n in void.objects(None, byte_size)] == [len(first.content)]


def test_unknown_dump_is_404(client):
    assert client.get("/dumps/kg.xyz").status_code == 404


@pytest.mark.parametrize("doc", ["/ontology", "/shapes"])
@pytest.mark.parametrize("media", ["text/html", *RDF_TYPES])
def test_ontology_and_shapes_by_accept(client, doc, media):
    answer = client.get(doc, headers={"accept": media})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
    if media != "text/html":
        assert len(Graph().parse(data=answer.content, format=RDF_TYPES[media])) > 50


def test_ontology_suffix(client):
    assert client.get("/ontology.ttl").headers["content-type"].startswith("text/turtle")
    assert "Conference" in client.get("/ontology", headers=HTML).text


def test_static_files_and_path_traversal(client):
    assert client.get("/static/style.css").status_code == 200
    for probe in ("/static/%2e%2e/app.py", "/static/..%2f..%2fsettings.py",
                  "/%2e%2e/%2e%2e/etc/passwd", "/static/%252e%252e/app.py"):
        answer = client.get(probe)
        assert answer.status_code in (400, 404), probe
        assert "import" not in answer.text


def test_oversized_bodies_are_refused(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 300_000
    answer = client.post("/sparql", content=big,
                         headers={"content-type": "application/sparql-query"})
    assert answer.status_code == 413 and "limit" in answer.text


def test_json_twin_of_search_is_valid_json(client):
    answer = client.get("/search", params={"q": "bo"}, headers={"accept": "application/json"})
    assert json.loads(answer.text)["q"] == "bo"


def test_search_finds_a_document_by_its_number_and_tells_hits_apart(client, seeds_store):
    """Regression: slugs and numbers such as "129-2024-qh15" found nothing; hits had no kind."""
    doc = first(seeds_store, """SELECT ?d WHERE { ?d <http://data.europa.eu/eli/ontology#id_local>
        ?n ; <http://data.europa.eu/eli/ontology#passed_by> ?o } ORDER BY ?d""")
    slug = doc.rsplit("/", 1)[-1]
    found = client.get("/search.json", params={"q": slug}).json()["results"]
    assert found[0]["iri"] == doc and found[0]["type"] and found[0]["organization"]
    page = client.get("/search", params={"q": slug}, headers=HTML).text
    assert "Ngày · date" in page and "Cơ quan · organization" in page


def quotes_on(page: str) -> list[str]:
    return re.findall(r'<blockquote class="quote" cite="([^"]+)"', page)


def test_person_page_shows_each_quote_once(client, seeds_store):
    """Regression: a person's own quotes were shown again under their posts."""
    for (person,) in seeds_store.query("SELECT DISTINCT ?p WHERE { ?p a <https://schema.org/"
                                       "Person> }", use_default_graph_as_union=True):
        cited = quotes_on(client.get(path(person.value), headers=HTML).text)
        assert len(cited) == len(set(cited)), person.value


def test_organization_page_names_who_holds_each_post(client, seeds_store):
    """Regression: an organization's page listed roles without their holders."""
    rows = list(seeds_store.query("""SELECT ?o ?title ?person WHERE {
        ?m <http://www.w3.org/ns/org#organization> ?o ; <http://www.w3.org/ns/org#member> ?person ;
           <https://data.example.org/vngov/ontology#title> ?title } ORDER BY ?o""",
                                  use_default_graph_as_union=True))
    assert rows
    for org, title, person in rows:
        page = client.get(path(org.value), headers=HTML).text
        post = page[page.index("posts and their holders"):]
        assert title.value in post and f'href="{path(person.value)}"' in post


def test_an_organization_page_lists_some_posts_and_links_to_all(client, seeds_store,
                                                                monkeypatch):
    """A ministry holds thousands of posts at 100,000 articles: the page names and quotes
    the ones it lists, and counts and links to all of them."""
    from urllib.parse import quote

    from kg.web import entities

    (org, n), *_ = seeds_store.query("""SELECT ?o (COUNT(DISTINCT ?m) AS ?n) WHERE {
        ?m <http://www.w3.org/ns/org#organization> ?o ; <http://www.w3.org/ns/org#member> ?p }
        GROUP BY ?o ORDER BY DESC(?n) ?o""", use_default_graph_as_union=True)
    assert int(n.value) >= 2
    monkeypatch.setattr(entities, "POSTS_LISTED", 1)
    page = client.get(path(org.value), headers=HTML).text
    posts = page[page.index("posts and their holders"):page.index("</section>",
                                                                  page.index("posts and"))]
    assert posts.count("<tr><td><a ") == 1
    assert f"all {n.value} posts →" in posts
    assert f'href="/person?ministry={quote(org.value, safe="/")}"' in posts


def test_a_resource_many_articles_cite_lists_its_latest_quotes_and_first_values(
        client, seeds_store, monkeypatch):
    """A law that thousands of articles cite: its page lists the quotes of the latest
    articles and the first values of each property, counts the rest, and links to a query
    that gives every quote."""
    import html

    from kg.web import describe

    kg, oa = "https://data.example.org/vngov/ontology#", "http://www.w3.org/ns/oa#"
    (law, n), *_ = seeds_store.query(f"""SELECT ?x (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
        ?x <{kg}evidence> ?ev FILTER(CONTAINS(STR(?x), "/legal/")) }}
        GROUP BY ?x ORDER BY DESC(?n) ?x""", use_default_graph_as_union=True)
    assert int(n.value) >= 2
    cited = {(r["day"].value if r["day"] else "", r["a"].value) for r in seeds_store.query(
        f"""SELECT ?a ?day WHERE {{ <{law.value}> <{kg}evidence>/<{oa}hasSource> ?a
        OPTIONAL {{ ?a <https://schema.org/datePublished> ?day }} }}""",
        use_default_graph_as_union=True)}
    newest = max(cited)[1]
    monkeypatch.setattr(describe, "QUOTES_LISTED", 1)
    monkeypatch.setattr(describe, "VALUES_LISTED", 1)
    page = client.get(path(law.value), headers=HTML).text
    statements = page[page.index("· statements"):page.index("· evidence")]
    evidence = page[page.index("· evidence"):]
    assert evidence.count("<blockquote") == 1
    assert f'href="{path(newest)}/evidence/' in evidence
    assert f"the latest 1 of {n.value}" in evidence
    assert re.search(r"… \d+ nữa · more", statements)
    link = html.unescape(re.search(r'href="(/sparql\?query=[^"]+)"', evidence).group(1))
    answer = client.get(link, headers={"accept": "application/sparql-results+json"}).json()
    assert {b["article"]["value"] for b in answer["results"]["bindings"]} == {
        a for _, a in cited}
    assert len(answer["results"]["bindings"]) == int(n.value)
    # Its RDF holds every triple of its own, and the quotes its page lists.
    described = Dataset()
    described.parse(data=client.get(path(law.value) + ".nq").content, format="nquads")

    def stated(s, p):
        return {q[:3] for q in described.quads((s, URIRef(p), None, None))}

    assert len(stated(URIRef(law.value), kg + "evidence")) == int(n.value)
    assert len(stated(None, oa + "exact")) == 1


def test_reader_facing_text_names_sources_and_hides_rule_ids(client, sample, seeds_store):
    """Regression: untitled articles showed as "000_b240…"; rule ids like "figure:figure"."""
    rules = {r[0].value for r in seeds_store.query(
        "SELECT DISTINCT ?r WHERE { ?f <https://data.example.org/vngov/ontology#extractedBy> ?r }",
        use_default_graph_as_union=True)}
    for kind in ("meeting", "person", "indicator", "organization"):
        page = client.get(path(sample[kind]), headers=HTML).text
        footers = re.findall(r'<a href="[^"]+#focus">([^<]+)</a>', page)
        assert footers and not [f for f in footers if re.fullmatch(r"\d+_[0-9a-f]+", f)]
        visible = re.sub(r"<[^>]+>", " ", page)
        assert not [r for r in rules if f" {r} " in f" {' '.join(visible.split())} "], kind


def test_observation_statements_read_in_a_readers_order(client, seeds_store):
    """Regression: an observation's statements were listed alphabetically by property IRI."""
    obs = first(seeds_store, """SELECT ?o WHERE { ?o a
        <https://data.example.org/vngov/ontology#Observation> ;
        <https://data.example.org/vngov/ontology#value> ?v } ORDER BY ?o""")
    page = client.get(path(obs), headers=HTML).text
    order = re.findall(r'<th scope="row" title="([^"]+)"', page)
    assert order.index("kg:indicatorLabel") < order.index("kg:value") < order.index(
        "kg:unit") < order.index("prov:wasDerivedFrom")


def test_the_dataset_page_lists_some_graphs_and_points_to_the_rest(seeds_store, monkeypatch):
    from kg.web import documents

    monkeypatch.setattr(documents, "GRAPHS_SHOWN", 2)
    page = make_client(seeds_store).get("/dataset", headers=HTML).text
    listed = page.split("void:subset)</span></h2>")[1]
    assert listed.count("<tr><td>") == 2
    more = sum(1 for _ in seeds_store.named_graphs()) - 2
    assert f"… {more} đồ thị nữa · more graphs" in listed and 'href="/dataset.ttl"' in listed
