"""The browsable tables: sort by any column, filter by facets with counts, page, and download
the view as CSV or JSON with the same filters."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pyoxigraph as ox
import pytest
from conftest import BASE
from test_web import HTML, make_client

from kg.settings import Settings
from kg.sparql import OxigraphStore
from kg.web.lookups import fold
from kg.web.pages import loaded_table
from kg.web.site import Site
from kg.web.tables import TABLES, header


@pytest.fixture(scope="module")
def client(seeds_store):
    return make_client(seeds_store)


def rows(client, key: str, **params) -> list[dict]:
    answer = client.get(f"/{key}.json", params=params)
    assert answer.status_code == 200
    return answer.json()["rows"]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.key)
def test_every_table_sorts_by_every_column(client, table):
    everything = rows(client, table.key)
    assert everything, f"the seeds have no {table.key}"
    for column in table.columns:
        for order in (column.key, f"-{column.key}"):
            got = rows(client, table.key, sort=order)
            assert sorted(r["iri"] for r in got) == sorted(r["iri"] for r in everything)
            filled = [r[column.key][0] for r in got if r[column.key]]
            if column.numeric:
                filled = [Decimal(v) for v in filled]
            elif column.link:
                filled = [fold(r[f"{column.key}_label"][0]) for r in got if r[column.key]]
            else:
                filled = [fold(v) for v in filled]
            assert filled == sorted(filled, reverse=order.startswith("-")), order
            empty = [bool(r[column.key]) for r in got]
            assert empty == sorted(empty, reverse=True), "rows without a value come last"


def test_facets_count_the_rows_a_filter_keeps(client):
    page = client.get("/observation", headers=HTML).text
    everything = rows(client, "observation")
    years = {}
    for r in everything:
        for y in r["year"]:
            years[y] = years.get(y, 0) + 1
    assert len(years) >= 2
    for year, n in years.items():
        assert f"?year={year}" in page
        kept = rows(client, "observation", year=year)
        assert len(kept) == n and all(year in r["year"] for r in kept)


def test_filters_combine_and_the_page_counts_them(client):
    everything = rows(client, "observation")
    ministry = next(r["ministry"][0] for r in everything if r["ministry"])
    year = next(y for r in everything if ministry in r["ministry"] for y in r["year"])
    kept = rows(client, "observation", ministry=ministry, year=year)
    expected = [r for r in everything if ministry in r["ministry"] and year in r["year"]]
    assert sorted(r["iri"] for r in kept) == sorted(r["iri"] for r in expected)
    page = client.get("/observation", params={"ministry": ministry, "year": year},
                      headers=HTML).text
    assert f'data-total="{len(expected)}"' in page


def test_pages_cover_every_row_once(client):
    everything = [r["iri"] for r in rows(client, "observation", sort="value")]
    seen = []
    for number in range(1, len(everything) // 25 + 2):
        page = client.get("/observation", params={"sort": "value", "size": 25, "page": number},
                          headers=HTML).text
        seen += [line.split('"')[1] for line in page.split("<tr data-iri=")[1:]]
    assert seen == everything


def test_csv_and_json_downloads_hold_the_filtered_view(client):
    params = {"year": rows(client, "observation")[0]["year"][0], "sort": "-value"}
    view = rows(client, "observation", **params)
    answer = client.get("/observation.csv", params=params)
    assert answer.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["iri"] for r in table] == [r["iri"] for r in view]
    assert list(table[0]) == header(next(t for t in TABLES if t.key == "observation"))
    assert [r["value"] for r in table] == [" | ".join(r["value"]) for r in view]
    page = client.get("/observation", params=params, headers=HTML).text
    assert f'href="/observation.csv?year={params["year"]}&amp;sort=-value"' in page


def test_text_filter_and_unknown_parameters(client):
    everything = rows(client, "person")
    name = everything[0]["label"]
    found = rows(client, "person", q=fold(name.split()[-1]))
    assert name in [r["label"] for r in found]
    assert len(rows(client, "person", sort="no-such-column", page="x", size="7")) == len(
        everything)


def test_a_download_is_tagged_and_not_sent_again_to_who_has_it(client):
    for path in ("/observation.csv?sort=-value", "/observation.json?sort=-value"):
        first = client.get(path)
        tag = first.headers["etag"]
        assert first.status_code == 200 and first.content and "last-modified" in first.headers
        again = client.get(path, headers={"if-none-match": tag})
        assert again.status_code == 304 and again.content == b""
        assert client.get(path.replace("-value", "value")).headers["etag"] != tag


def test_a_table_is_kept_in_a_file_of_the_server_s_own_removed_when_it_stops(seeds_store):
    site = Site(OxigraphStore(seeds_store), Settings.from_env(base=BASE))
    loaded = loaded_table(site, "person")
    assert loaded.path.parent == site.scratch() and loaded.path.exists()
    assert loaded_table(site, "person") is loaded  # read from the store once
    site.close()
    assert not loaded.path.exists()
    again = loaded_table(site, "person")  # a site closed and used again reads it anew
    assert again.path.exists() and again.size == loaded.size
    site.close()


def test_an_answer_that_fails_while_streamed_is_dropped_on_its_own_thread(seeds_store):
    """pyoxigraph's answer may only be dropped on the thread that made it; a failure handed
    to another thread (a table loading for a request) once carried it along."""
    import sys
    import threading
    import time

    from kg.sparql import QueryTimeout

    store, failures, dropped = OxigraphStore(seeds_store), [], []

    def read() -> None:
        rows = store.solutions("SELECT * WHERE { ?s ?p ?o }", deadline=time.monotonic() - 1)
        try:
            next(rows)
        except QueryTimeout as exc:
            failures.append(exc)  # kept with its traceback, as a Future keeps it

    hook, sys.unraisablehook = sys.unraisablehook, dropped.append
    try:
        reader = threading.Thread(target=read)
        reader.start()
        reader.join()
        failures.clear()  # the last reference goes on this thread
    finally:
        sys.unraisablehook = hook
    assert not dropped, [d.exc_value for d in dropped]


def test_a_page_shows_five_values_of_a_cell_and_counts_the_rest():
    """An organization holds many posts (at scale, the source of a hundred thousand facts):
    its row on the page lists five and says how many more; the download lists them all."""
    org = "https://data.example.org/vngov/ontology#"
    ministry = ox.NamedNode(BASE + "organization/bo-thu")
    graph = ox.NamedNode(BASE + "graph/one")
    quads = [ox.Quad(ministry, ox.NamedNode(RDF_TYPE), ox.NamedNode(org + "Ministry"), graph),
             ox.Quad(ministry, ox.NamedNode(RDFS_LABEL), ox.Literal("Bộ Thử"), graph)]
    for n in range(7):
        post, person = (ox.NamedNode(f"{BASE}{kind}/{n}") for kind in ("membership", "person"))
        quads += [ox.Quad(post, ox.NamedNode(ORG + "organization"), ministry, graph),
                  ox.Quad(post, ox.NamedNode(ORG + "member"), person, graph),
                  ox.Quad(person, ox.NamedNode(RDFS_LABEL), ox.Literal(f"Người {n}"), graph)]
    store = ox.Store()
    store.extend(quads)
    client = make_client(store)
    page = client.get("/organization", headers=HTML).text
    row = page.split(f'<tr data-iri="{ministry.value}">')[1].split("</tr>")[0]
    assert row.count('href="/person/') == 5 and "… 2 nữa · more" in row
    (record,) = rows(client, "organization")
    assert len(record["holders"]) == 7 and "Người 6" in record["holders_label"]


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ORG = "http://www.w3.org/ns/org#"
