"""The audit report in every format, and the `kg audit` command with its exit codes."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal
from test_audit import Article, base_year, dataset, revenue, run, year
from test_audit_targets import plans, results

from kg.audit import RENDERERS, render
from kg.audit.context import as_store
from kg.cli import main
from kg.errors import KgError
from kg.vocab import OA


def report():
    """A meeting date, a change and a restated figure that contradict, and six targets."""
    meeting = Article("980_m.txt").meeting("Ngày 15/3/2036 họp tổng kết năm 2036.",
                                           "Hội nghị tổng kết năm 2036", "2036-03-15",
                                           reviews=year(2036))
    return run(revenue(), base_year("300000"), meeting, plans(), results())


def test_every_format_has_a_renderer_and_the_cli_offers_them_all():
    command = main.commands["audit"]
    (fmt,) = [p for p in command.params if p.name == "fmt"]
    assert list(fmt.type.choices) == list(RENDERERS)


def test_table_has_each_finding_its_figures_quotes_targets_and_summary():
    text = render(report(), "table")
    assert "WARNING   change-vs-figures:" in text and "computed" in text
    assert "quote    “Doanh thu toàn ngành năm 2035 đạt 300000 tỷ đồng” — 901_b.txt" in text
    assert "TARGETS" in text and "missed" in text
    assert text.rstrip().endswith(report().summary())


def test_markdown_puts_figures_side_by_side_under_each_rule():
    text = render(report(), "markdown")
    assert "## Change % contradicts the figures it relates (`change-vs-figures`)" in text
    assert "| | reported (2036) | compared period (2035) |" in text
    assert "## Target progress" in text and "| missed |" in text


def test_json_has_every_field_of_every_finding():
    payload = json.loads(render(report(), "json"))
    assert payload["counts"] == {"violation": 0, "warning": 3, "info": 0}
    finding = payload["findings"][0]
    assert set(finding) >= {"rule", "severity", "message", "figures", "computation", "title"}
    assert finding["figures"][0]["quote"]["source"] == "980_m.txt"
    assert {t["status"] for t in payload["targets"]} == {"met", "missed", "unknown"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_grouped_by_rule_with_marked_quotes_and_source_links():
    text = render(report(), "html")
    page = Page()
    page.feed(text)
    sections = [a["id"] for t, a in page.tags if t == "section"]
    assert sections == ["meeting-date", "change-vs-figures", "restated-figure", "targets"]
    links = {a["href"] for t, a in page.tags if t == "a"}
    assert "https://data.example.org/vngov/article/901_b" in links
    assert "<mark>300000</mark>" in text and "<mark>15/3/2036</mark>" in text
    assert "&lt;" not in report().summary() and text.startswith("<!DOCTYPE html>")


def test_unknown_format_is_a_kg_error():
    with pytest.raises(KgError, match="choose one of table, markdown, html, json"):
        render(report(), "pdf")


# --- kg audit ---------------------------------------------------------------------------------

def graph_file(tmp_path, *articles):
    path = tmp_path / "kg.nq"
    as_store(dataset(*articles)).dump(path, format=ox.RdfFormat.N_QUADS)
    return path


def test_cli_exit_0_on_warnings_and_1_when_warnings_are_fatal(tmp_path):
    path = graph_file(tmp_path, revenue(), base_year("300000"))
    runner = CliRunner()
    result = runner.invoke(main, ["audit", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 findings (0 violation, 1 warning, 0 info)" in result.output
    failing = runner.invoke(main, ["audit", "--data", str(path), "--fail-on", "warning"])
    assert failing.exit_code == 1


def test_cli_exit_0_on_a_clean_graph_even_with_fail_on_warning(tmp_path):
    path = graph_file(tmp_path, revenue(), base_year("400000"))
    result = CliRunner().invoke(main, ["audit", "--data", str(path), "--fail-on", "warning"])
    assert result.exit_code == 0 and "0 findings" in result.output


def test_cli_exit_1_on_a_violation(tmp_path):
    ds = dataset(revenue())
    selector, _, _, graph = next(ds.quads((None, OA.exact, None, None)))
    ds.remove((selector, OA.exact, None, graph))
    ds.add((selector, OA.exact, Literal("not in the article"), graph))
    path = tmp_path / "kg.nq"
    as_store(ds).dump(path, format=ox.RdfFormat.N_QUADS)
    result = CliRunner().invoke(main, ["audit", "--data", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["counts"]["violation"] == 1


def test_cli_writes_the_report_to_a_file(tmp_path):
    path = graph_file(tmp_path, revenue(), base_year("300000"))
    out = tmp_path / "audit.html"
    result = CliRunner().invoke(main, ["audit", "--data", str(path), "--format", "html",
                                       "--out", str(out)])
    assert result.exit_code == 0 and f"wrote {out}" in result.output
    assert "<h1>Audit report</h1>" in out.read_text(encoding="utf-8")


def test_cli_missing_graph_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["audit", "--data", str(tmp_path / "none.trig")])
    assert result.exit_code == 1 and "no such graph file" in result.output


def test_cli_help_has_an_example():
    result = CliRunner().invoke(main, ["audit", "--help"])
    assert "kg audit --data build/kg.trig" in result.output
