"""The `kg` command as a user runs it: help, build, query, export, validate and errors."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from decimal import Decimal

import pytest
from click.testing import Result
from conftest import QUERIES, SEEDS
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, XSD

from kg.cli import main
from kg.vocab import KG

MEETING_COLUMNS = ["meeting", "label", "date", "location", "format", "connection_points",
                   "chair_name", "source"]


def kg(runner, *args, env: dict | None = None) -> Result:
    return runner.invoke(main, [str(a) for a in args], env=env)


def assert_clean_error(result: Result, *fragments: str) -> str:
    """Non-zero exit, no traceback, and exactly one error line naming ``fragments``."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"uncaught {result.exception!r}"
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one error line, got: {result.stderr!r}"
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    return lines[0]


# --- help -------------------------------------------------------------------------------------

def test_main_help_lists_every_command_and_an_example(runner):
    result = kg(runner, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    for name in main.commands:
        assert name in result.output


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_help_shows_an_example(runner, command):
    result = kg(runner, command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert re.search(rf"^\s+kg {re.escape(command)}\b", result.output, re.M), result.output


# --- build ------------------------------------------------------------------------------------

def test_build_writes_the_file_and_prints_counts(runner, tmp_path, seeds_build):
    out = tmp_path / "x.trig"
    result = kg(runner, "build", SEEDS, "--out", out)
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.stat().st_size > 0
    assert f"{len(seeds_build.articles)} articles" in result.stdout
    assert re.search(r"\b\d+ triples\b", result.stdout)
    for kind, n in seeds_build.counts.items():
        assert f"{n} {kind.replace('_', ' ')}" in result.stdout
    ds = Dataset()
    ds.parse(out, format="trig")
    statements = len(list(ds.quads()))
    assert f"{statements} triples" in result.stdout


# --- query ------------------------------------------------------------------------------------

def parse_output(fmt: str, text: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a query printed as csv, tsv, json or table."""
    if fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
        return rows[0], rows[1:]
    if fmt == "json":
        records = json.loads(text)
        keys = list(records[0]) if records else []
        return keys, [list(r.values()) for r in records]
    lines = text.rstrip("\n").splitlines()
    count = re.fullmatch(r"\((\d+) rows\)", lines[-1])
    assert count, f"table does not end with a row count: {lines[-1]!r}"
    assert set(lines[1].replace(" ", "")) == {"-"}
    return lines[0].split(), [[line] for line in lines[2:-1]]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_query_formats(runner, seeds_trig, fmt):
    expected = kg(runner, "query", "cq-meetings", "--data", seeds_trig, "--format", "csv")
    n_rows = len(parse_output("csv", expected.stdout)[1])
    result = kg(runner, "query", "cq-meetings", "--data", seeds_trig, "--format", fmt)
    assert result.exit_code == 0, result.output
    header, rows = parse_output(fmt, result.stdout)
    assert header == MEETING_COLUMNS
    assert len(rows) == n_rows > 0
    if fmt != "table":
        assert all(len(row) == len(MEETING_COLUMNS) for row in rows)


# --- errors -----------------------------------------------------------------------------------

def test_missing_source_path(runner, tmp_path):
    missing = tmp_path / "no-such-folder"
    result = kg(runner, "build", missing, "--out", tmp_path / "x.trig")
    assert_clean_error(result, str(missing))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file")
def test_unreadable_file(runner, tmp_path):
    article = tmp_path / "locked.txt"
    article.write_text("Ngày 1/2/2025, Bộ Tài chính tổ chức Hội nghị.", encoding="utf-8")
    article.chmod(0)
    try:
        result = kg(runner, "build", article, "--out", tmp_path / "x.trig")
    finally:
        article.chmod(0o644)
    assert_clean_error(result, "locked.txt")


def test_folder_named_like_an_article(runner, tmp_path):
    """A folder called x.txt holds no article: building it must not quietly succeed."""
    folder = tmp_path / "x.txt"
    folder.mkdir()
    result = kg(runner, "build", folder, "--out", tmp_path / "x.trig")
    assert_clean_error(result, "x.txt")


def test_binary_file(runner, tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = kg(runner, "build", binary, "--out", tmp_path / "x.trig")
    assert_clean_error(result, "scan.txt", "binary")


@pytest.mark.parametrize("command", [["query", "cq-meetings"], ["validate"], ["export"]],
                         ids=["query", "validate", "export"])
def test_missing_data_file(runner, tmp_path, command):
    missing = tmp_path / "nothing.trig"
    result = kg(runner, *command, "--data", missing)
    assert_clean_error(result, str(missing))


def test_invalid_sparql_query_file(runner, tmp_path, seeds_trig):
    bad = tmp_path / "broken.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p ", encoding="utf-8")
    result = kg(runner, "query", bad, "--data", seeds_trig)
    line = assert_clean_error(result, "broken", "SPARQL")
    assert "invalid" in line.lower()


def test_unknown_query_name_lists_the_known_names(runner, seeds_trig):
    result = kg(runner, "query", "cq-nonsense", "--data", seeds_trig)
    line = assert_clean_error(result, "cq-nonsense")
    for path in QUERIES.glob("*.rq"):
        assert path.stem in line


def test_unknown_export_format(runner, seeds_trig):
    result = kg(runner, "export", "--data", seeds_trig, "--format", "yaml")
    line = assert_clean_error(result, "yaml")
    for name in ("turtle", "json-ld", "nt", "trig", "nquads"):
        assert name in line


# --- export -----------------------------------------------------------------------------------

EXPORTS = {"turtle": ("turtle", False), "nt": ("nt", False), "json-ld": ("json-ld", True),
           "trig": ("trig", True), "nquads": ("nquads", True)}


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_export_parses_with_rdflib(runner, seeds_trig, seeds_dataset, fmt):
    result = kg(runner, "export", "--data", seeds_trig, "--format", fmt)
    assert result.exit_code == 0, result.output
    rdflib_name, quads = EXPORTS[fmt]
    parsed = Dataset() if quads else Graph()
    parsed.parse(data=result.stdout, format=rdflib_name)
    if quads:
        assert len(list(parsed.quads())) == len(list(seeds_dataset.quads()))
    else:
        assert len(parsed) == len(seeds_dataset)


def test_export_to_a_file(runner, tmp_path, seeds_trig):
    out = tmp_path / "kg.nt"
    result = kg(runner, "export", "--data", seeds_trig, "--format", "nt", "--out", out)
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(out, format="nt")) > 0


# --- validate ---------------------------------------------------------------------------------

def test_validate_passes_on_the_seeds(runner, seeds_trig):
    result = kg(runner, "validate", "--data", seeds_trig)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout and "does not conform" not in result.stdout


def first_observation(ds: Dataset):
    found = sorted(ds.quads((None, RDF.type, KG.Observation, None)))
    assert found, "the built seeds have no kg:Observation to break"
    obs, _, _, graph = found[0]
    return obs, graph


def drop_indicator(ds: Dataset):
    obs, graph = first_observation(ds)
    ds.remove((obs, KG.indicator, None, graph))
    return obs, KG.indicator


def add_second_value(ds: Dataset):
    obs, graph = first_observation(ds)
    values = [o.toPython() for _, _, o, _ in ds.quads((obs, KG.value, None, graph))]
    other = max(values, default=Decimal(0)) + 1
    ds.add((obs, KG.value, Literal(other, datatype=XSD.decimal), graph))
    return obs, KG.value


@pytest.mark.parametrize("breaker", [drop_indicator, add_second_value],
                         ids=["no-indicator", "second-value"])
def test_validate_fails_on_a_broken_observation(runner, tmp_path, seeds_trig, breaker):
    ds = Dataset()
    ds.parse(seeds_trig, format="trig")
    obs, path = breaker(ds)
    broken = tmp_path / "broken.trig"
    broken.write_bytes(ds.serialize(format="trig", encoding="utf-8"))
    result = kg(runner, "validate", "--data", broken)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "does not conform" in result.stdout
    flagged = [line for line in result.stdout.splitlines()
               if line.startswith("Violation") and str(obs) in line and str(path) in line]
    assert flagged, f"no violation names {obs} {path}:\n{result.stdout}"
