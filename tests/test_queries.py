"""The contract queries answer with exactly the agreed columns and well-formed values."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import BASE, QUERIES, SEED_NAMES

from kg.query import load_query, query_names, run_select
from kg.sparql import Results

CONTRACT = {
    "cq-meetings": ["meeting", "label", "date", "location", "format", "connection_points",
                    "chair_name", "source"],
    "cq-people": ["person", "name", "title", "organization", "source"],
    "cq-organizations": ["organization", "name", "type", "source"],
    "cq-observations": ["observation", "indicator", "value", "unit", "qualifier", "period_start",
                        "period_end", "change_pct", "compared_start", "compared_end", "plan_pct",
                        "meeting", "source", "indicator_concept"],
    "cq-targets": ["target", "meeting", "meeting_label", "meeting_date", "indicator", "value",
                   "unit", "qualifier", "period_start", "period_end", "change_pct", "source",
                   "indicator_concept"],
    "cq-legal": ["document", "name", "type", "number", "issuer", "date", "status", "source"],
    "cq-strategies": ["strategy", "name", "type", "horizon", "vision", "source"],
}
OTHER_QUERIES = sorted(set(query_names(QUERIES)) - set(CONTRACT))

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
NUMBERS = {"value", "change_pct", "plan_pct", "connection_points", "horizon", "vision"}
# Days bound periods; a meeting or a document may be dated to the month or year only.
DAYS = {"period_start", "period_end", "compared_start", "compared_end"}
DATES = {"date", "meeting_date"}
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CODES = {
    "format": {"in-person", "online", "hybrid"},
    "qualifier": {"exact", "estimate", "at-least", "at-most"},
    "status": {"draft", "submitted", "passed", "in-force"},
}


@pytest.fixture(scope="module")
def answers(seeds_store) -> dict[str, Results]:
    out = {}
    for name in CONTRACT:
        label, sparql = load_query(name, QUERIES)
        out[name] = run_select(seeds_store, sparql, label)
    return out


def cells(result: Results, columns: set[str]):
    """(row number, column, value) of every bound cell in ``columns``."""
    for n, record in enumerate(result.records()):
        for column in columns & set(record):
            if record[column]:
                yield n, column, record[column]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns_in_order(answers, name):
    assert list(answers[name].variables) == CONTRACT[name]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_query_answers_on_the_seeds(answers, name):
    """Every kind of fact occurs in the seeds, so every contract query has rows."""
    assert answers[name].rows, f"{name} returned no rows on the seeds"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_source_is_an_article_file_name(answers, name):
    sources = {record["source"] for record in answers[name].records()}
    assert sources <= SEED_NAMES, sources - SEED_NAMES


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_numbers_are_plain_decimals(answers, name):
    bad = [(n, c, v) for n, c, v in cells(answers[name], NUMBERS) if not NUMBER.match(v)]
    assert not bad


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_dates_are_iso(answers, name):
    bad = []
    for n, column, value in cells(answers[name], DAYS | DATES):
        if column in DAYS or len(value) == 10:
            try:
                ok = date.fromisoformat(value).isoformat() == value
            except ValueError:
                ok = False
        else:
            ok = bool(PARTIAL_DATE.match(value))
        if not ok:
            bad.append((n, column, value))
    assert not bad


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_resources_are_minted_under_the_base(answers, name):
    """The first column names the resource; ``meeting`` and ``indicator_concept`` link to one."""
    iris = {CONTRACT[name][0], "meeting", "indicator_concept"}
    bad = [(n, c, v) for n, c, v in cells(answers[name], iris) if not v.startswith(BASE)]
    assert not bad


@pytest.mark.parametrize("name", ["cq-observations", "cq-targets"])
def test_every_figure_names_its_indicator_concept(answers, name):
    records = answers[name].records()
    assert records and all(r["indicator_concept"] for r in records)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_coded_columns_use_the_contract_codes(answers, name):
    bad = [(n, c, v) for c, codes in CODES.items()
           for n, _, v in cells(answers[name], {c}) if v not in codes]
    assert not bad


@pytest.mark.parametrize("name", OTHER_QUERIES)
def test_other_named_queries_run(seeds_store, name):
    label, sparql = load_query(name, QUERIES)
    result = run_select(seeds_store, sparql, label)
    assert result.variables
    assert all(len(row) == len(result.variables) for row in result.text_rows())
    if "source" in result.variables:
        assert {r["source"] for r in result.records()} <= SEED_NAMES


COUNT_CONCEPTS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?c) AS ?distinct) WHERE { ?c a skos:Concept }"""
GRAPHS_STATING = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?c a skos:Concept } }"""


def test_a_triple_several_articles_state_is_counted_once(seeds_store):
    ((n, distinct),) = run_select(seeds_store, COUNT_CONCEPTS).text_rows()
    assert n == distinct
    ((graphs,),) = run_select(seeds_store, GRAPHS_STATING).text_rows()
    assert int(graphs) >= len(SEED_NAMES) - 1  # the article graphs are still there for GRAPH
