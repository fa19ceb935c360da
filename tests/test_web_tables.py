"""The browsable tables: sort by any column, filter by facets with counts, page, and download
the view as CSV or JSON with the same filters."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from test_web import HTML, make_client

from kg.web.lookups import fold
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
