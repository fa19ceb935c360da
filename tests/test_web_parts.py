"""The web layer's pure parts: negotiation, query forms, result formats, chart, text display."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import QueryRefused
from kg.formats import BY_NAME
from kg.sparql import Results, query_form
from kg.web.chart import (
    Chart,
    charts,
    nice_ticks,
    qualifier_sign,
    span_name,
    with_progress,
    year_fraction,
)
from kg.web.display import vi_date, vi_number
from kg.web.lookups import Figure, fold, search, split_text, words_of
from kg.web.negotiation import GRAPH_OFFERS, HTML, RDF_OFFERS, RESULT_OFFERS, negotiate
from kg.web.serialize import RESULT_FORMATS, rdf_bytes


@pytest.mark.parametrize("accept,offers,expected", [
    ("", RDF_OFFERS, HTML),
    ("*/*", RDF_OFFERS, HTML),
    ("text/turtle", RDF_OFFERS, BY_NAME["turtle"]),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", RDF_OFFERS, BY_NAME["json-ld"]),
    ("text/*;q=0.3, application/n-triples", RDF_OFFERS, BY_NAME["nt"]),
    ("text/html;q=0, */*;q=0.1", RDF_OFFERS, BY_NAME["turtle"]),
    ("image/png", RDF_OFFERS, None),
    ("application/sparql-results+xml", RESULT_OFFERS, RESULT_FORMATS[1]),
    ("application/json", RESULT_OFFERS, RESULT_FORMATS[0]),
    ("*/*", RESULT_OFFERS, RESULT_FORMATS[0]),
    ("*/*", GRAPH_OFFERS, BY_NAME["turtle"]),
    ("application/turtle,text/turtle", GRAPH_OFFERS, BY_NAME["turtle"]),
])
def test_negotiate(accept, offers, expected):
    assert negotiate(accept, offers) == expected


@pytest.mark.parametrize("query,form", [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ex: <http://e/> # a comment\nASK { ex:a ?p ?o }", "ask"),
    ("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", "graph"),
    ("describe <http://e/a>", "graph"),
    ('SELECT ?service WHERE { ?s ?p "SERVICE" }', "select"),
])
def test_query_form(query, form):
    assert query_form(query) == form


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "PREFIX ex: <http://e/>\nDELETE WHERE { ?s ?p ?o }",
    "LOAD <http://e/x>", "DROP ALL", "CLEAR DEFAULT",
    "SELECT * WHERE { SERVICE <http://e/sparql> { ?s ?p ?o } }",
])
def test_updates_and_federation_are_refused(query):
    with pytest.raises(QueryRefused):
        query_form(query)


TRICKY = {
    "i": ox.NamedNode("http://e/a?b=1&c=đ"),
    "l": ox.Literal('tab\there "quoted", comma\nnewline'),
    "v": ox.Literal("Hội nghị", language="vi"),
    "n": ox.Literal("2.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    "b": ox.BlankNode("b0"),
}


@pytest.mark.parametrize("fmt", [f for f in RESULT_FORMATS if f.name != "csv"],
                         ids=lambda f: f.name)
def test_result_formats_round_trip(fmt):
    results = Results("select", tuple(TRICKY), ({**TRICKY}, {"i": TRICKY["i"]}))
    kind = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
            "tsv": ox.QueryResultsFormat.TSV}[fmt.name]
    back = list(ox.parse_query_results(fmt.write(results), format=kind))
    assert back[0]["l"] == TRICKY["l"] and back[0]["v"] == TRICKY["v"]
    assert back[0]["i"] == TRICKY["i"] and back[0]["n"] == TRICKY["n"]
    assert back[1]["l"] is None


def test_csv_quotes_what_needs_quoting():
    body = RESULT_FORMATS[2].write(Results("select", ("l",), ({"l": TRICKY["l"]},)))
    assert body == b'l\r\n"tab\there ""quoted"", comma\nnewline"\r\n'


def test_rdf_bytes_keeps_languages_and_datatypes():
    triple = ox.Triple(TRICKY["i"], ox.NamedNode("http://e/p"), TRICKY["v"])
    body = rdf_bytes([triple], BY_NAME["nt"])
    assert [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)] == [triple]


def figure(kind: str, value: str, start: str, end: str, unit: str = "tỷ đồng",
           base: str | None = None) -> Figure:
    return Figure(f"http://e/{kind}/{end}", kind, "http://e/c", "doanh thu", Decimal(value),
                  Decimal(base) if base else None, unit, "", start, end, None, None, "", "")


def test_chart_groups_units_and_period_lengths():
    found = [figure("observation", "1.6", "2023-01-01", "2023-06-30", "triệu tỷ đồng",
                    "1600000000000000"),
             figure("observation", "2067389", "2024-01-01", "2024-06-30", base="2067389" + "0" * 9),
             figure("observation", "3744214", "2023-01-01", "2023-12-31", base="3744214" + "0" * 9),
             figure("target", "4000000", "2024-01-01", "2024-12-31", base="4" + "0" * 15),
             figure("observation", "5", "", "2024-06-30", unit="%")]
    drawn = charts(found)
    assert [c.unit for c in drawn] == ["tỷ đồng", "%"]
    series = {s.name: [p.y for p in s.points] for s in drawn[0].series}
    assert series["thực hiện (6 tháng)"] == [1_600_000, 2_067_389]
    assert series["mục tiêu (cả năm)"] == [4_000_000]
    svg = ET.fromstring(drawn[0].svg(lambda iri: iri))
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}circle")) == 3


def test_chart_draws_one_line_per_period_kind_and_scope():
    """Regression: figures of different scopes were joined by one line."""
    national = figure("observation", "10", "2023-01-01", "2023-12-31")
    industry = replace(figure("observation", "3", "2024-01-01", "2024-12-31"), scope="ICT")
    again = figure("observation", "12", "2024-01-01", "2024-12-31")
    (chart,) = charts([national, industry, again])
    lines = {s.name: [p.y for p in s.points] for s in chart.series}
    assert lines == {"thực hiện (cả năm)": [10, 12], "thực hiện (cả năm) · ICT": [3]}
    svg = ET.fromstring(chart.svg(str))
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}path")) == 1  # one joined series


def test_a_full_year_figure_sits_over_its_year():
    """Regression: a 2024 full-year figure was drawn at the 2025 tick."""
    (chart,) = charts([figure("observation", "5", "2024-01-01", "2024-12-31"),
                       figure("observation", "6", "2021-01-01", "2021-12-31")])
    (series,) = chart.series
    assert [round(p.x, 2) for p in series.points] == [2021.5, 2024.5]
    assert (series.points[1].x0, round(series.points[1].x1, 2)) == (2024.0, 2025.0)
    svg = chart.svg(str)
    tick = re.search(r'text-anchor="middle">2024</text>', svg)
    assert tick and 'class="span"' in svg


def test_qualifiers_show_and_targets_get_their_progress():
    estimate = replace(figure("observation", "1.5", "2024-01-01", "2024-06-30", "triệu"),
                       qualifier="https://data.example.org/vngov/ontology#AtLeast")
    target = figure("target", "3", "2024-01-01", "2024-12-31", "triệu")
    found = with_progress([estimate, target])
    assert found[1].progress == Decimal("50.0")
    svg = charts(found)[0].svg(str)
    assert "≥1,5" in svg and "đạt 50 %" in svg
    assert qualifier_sign("https://data.example.org/vngov/ontology#Estimate") == "≈"


def brute_progress(figures: list[Figure]) -> list[Decimal | None]:
    """The progress of each target by its definition: the latest observation of its unit,
    by the target's end, over the target's value."""
    out = []
    for t in figures:
        before = [o for o in figures if o.kind == "observation" and o.unit == t.unit
                  and (o.end or o.start) <= (t.end or "9999")]
        latest = max(before, key=lambda o: (o.end or o.start, o.iri)) if before else None
        out.append((latest.value / t.value * 100).quantize(Decimal("0.1"))
                   if t.kind == "target" and latest is not None else None)
    return out


DAYS = st.sampled_from(["", "2023-06-30", "2023-12-31", "2024-06-30", "2024-12-31"])


@given(st.lists(st.tuples(st.sampled_from(["observation", "target"]),
                          st.integers(1, 999), DAYS,
                          st.sampled_from(["tỷ đồng", "triệu lượt"])), max_size=30))
def test_each_target_gets_the_latest_figure_of_its_unit_by_its_end(rows):
    """Targets find their latest figure by bisection (thousands of each at 100,000
    articles), with the answer of comparing every target with every figure."""
    found = [replace(figure(kind, str(value), "", end, unit), iri=f"http://e/{i:03d}")
             for i, (kind, value, end, unit) in enumerate(rows)]
    expected = brute_progress(found)
    assert [f.progress for f in with_progress(found)] == expected


def test_chart_of_one_point_is_still_an_svg():
    (chart,) = charts([figure("observation", "0", "", "2024")])
    assert isinstance(chart, Chart)
    ET.fromstring(chart.svg(str))


@pytest.mark.parametrize("low,high", [(0, 1), (0, 2_067_389), (-8.66, 27), (3, 3)])
def test_nice_ticks_cover_the_range(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high and len(ticks) <= 12


def test_periods_and_numbers_read_the_vietnamese_way():
    assert span_name("2024-01-01", "2024-06-30") == "6 tháng"
    assert span_name("", "2024-06-30") == "thời điểm"
    assert year_fraction("2024") == pytest.approx(2024.997, abs=0.01)
    assert year_fraction("not a date") is None
    assert vi_number(Decimal("2067389")) == "2.067.389"
    assert vi_number(Decimal("1.60")) == "1,6"
    assert vi_date("2024-06-30") == "30/06/2024" and vi_date("2024-06") == "06/2024"


def test_search_folds_diacritics():
    index = [(f"http://e/{i}", label, fold(label)) for i, label in
             enumerate(["Ủy ban Quốc gia về chuyển đổi số", "Bộ Tài chính", "Đà Nẵng"])]
    assert [h.label for h in search(index, "chuyen doi so")] == [index[0][1]]
    assert [h.label for h in search(index, "da nang")] == ["Đà Nẵng"]
    assert search(index, "   ") == []


def test_search_ranks_exact_then_prefix_and_reads_numbers_and_slugs():
    """Regression: an exact name came after longer ones; "129-2024-qh15" found nothing."""
    names = ["Phó Thủ tướng Bộ Tài chính", "Bộ Tài chính Việt Nam", "Bộ Tài chính",
             "Kế hoạch của Bộ Tài chính", "Nghị quyết số 129/2024/QH15"]
    index = [(f"http://e/{i}", name, words_of(name)) for i, name in enumerate(names)]
    index.append(("http://e/legal/129-2024-qh15", names[-1], words_of("129-2024-qh15")))
    assert [h.label for h in search(index, "bo tai chinh")] == [
        "Bộ Tài chính", "Bộ Tài chính Việt Nam", "Kế hoạch của Bộ Tài chính",
        "Phó Thủ tướng Bộ Tài chính"]
    assert [h.iri for h in search(index, "129-2024-qh15")] == [  # the slug is exact
        "http://e/legal/129-2024-qh15", "http://e/4"]
    assert [h.label for h in search(index, "129/2024")] == [names[-1]] * 2


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)),
                                      max_size=6))
def test_split_text_keeps_the_text_and_marks_each_span(body, pairs):
    spans = [(f"ev{i}", min(a, b), max(a, b)) for i, (a, b) in enumerate(pairs)]
    pieces = split_text(body, spans, focus="ev0")
    assert "".join(p.text for p in pieces) == body
    for ev, start, end in spans:
        covered = "".join(p.text for p in pieces if ev in p.marks)
        if start < end <= len(body):
            assert covered == body[start:end]
