"""shapes/quality.ttl, the SHACL twin of every audit rule, and the docs of every rule."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF
from test_audit import ROOT, Article, base_year, dataset, revenue
from test_audit_rules import official, plan_article, review, sectors

from kg.audit import RULES
from kg.audit.context import as_store
from kg.validate import validate
from kg.vocab import OA, SH

QUALITY = ROOT / "shapes" / "quality.ttl"
README = ROOT / "shapes" / "README.md"
KGSH = "https://data.example.org/vngov/shapes#"


@pytest.fixture(scope="module")
def shapes_dir(tmp_path_factory) -> Path:
    """quality.ttl on its own: these tests are about it, not about the structure shapes."""
    folder = tmp_path_factory.mktemp("quality")
    shutil.copy(QUALITY, folder)
    return folder


def named(article: Article, name: str) -> Article:
    article.name = name
    return article


def triggering():
    named_year = Article("912_m.txt").meeting("Hội nghị năm 2036 họp ngày 5/4/2034.",
                                              "Hội nghị năm 2036", "2034-04-05")
    ds = dataset(
        revenue(), base_year("300000"), base_year("430000", "902_c.txt"), review("2036-03-15"),
        named_year, plan_article("300", "tỷ đồng", "40"),
        named(plan_article("450000000", "triệu lượt", "45", "triệu lượt"), "942_u.txt"),
        sectors("35,250"), official("960_a.txt", "Thứ trưởng", "2036-03-01"),
        official("961_b.txt", "Bộ trưởng", "2036-05-01"))
    selector, _, _, graph = next(ds.quads((None, OA.exact, None, None)))
    ds.remove((selector, OA.exact, None, graph))
    ds.add((selector, OA.exact, Literal("a misquote"), graph))
    return ds


def clean():
    return dataset(revenue(), base_year("400000"), review("2036-12-20"),
                   plan_article("300", "tỷ đồng", "30"), sectors("35,25"),
                   official("960_a.txt", "Bộ trưởng", "2036-03-01"),
                   official("961_b.txt", "Bộ trưởng Bộ Công Thương", "2036-05-01"))


def test_every_rule_has_its_shape_with_the_rule_name_and_severity():
    shapes = Graph().parse(QUALITY, format="turtle")
    for rule in RULES:
        node = shapes.resource(f"{KGSH}{rule.shape}")
        assert (node.identifier, RDF.type, SH.NodeShape) in shapes, rule.shape
        assert str(shapes.value(node.identifier, SH.name)) == rule.name
        assert shapes.value(node.identifier, SH.severity) == SH[rule.severity]


def test_each_shape_reports_the_graph_that_triggers_its_rule(shapes_dir):
    report = validate(triggering(), shapes_dir)
    fired = {str(r.shape).removeprefix(KGSH) for r in report.results}
    shape_of = {str(r.shape).removeprefix(KGSH): r for r in report.results}
    assert fired >= {rule.shape for rule in RULES}
    assert shape_of["EvidenceQuoteMatchesText"].severity == "Violation"
    assert all(r.message for r in report.results)
    changes = [r for r in report.results if str(r.shape).endswith("ChangeContradictsFigures")]
    assert len(changes) == 1 and "430000" in changes[0].message


def test_no_shape_reports_the_clean_graph(shapes_dir):
    report = validate(clean(), shapes_dir)
    assert report.results == (), [r.message for r in report.results]


def test_meeting_shape_reads_like_a_sentence(shapes_dir):
    (result,) = validate(dataset(review("2036-03-15")), shapes_dir).results
    assert result.message.startswith("This meeting is dated 2036-03-15, before the end")
    assert result.severity == "Warning"


def test_every_rule_is_documented_with_an_example():
    text = README.read_text(encoding="utf-8")
    for rule in RULES:
        section = text.split(f"### `{rule.name}`", 1)
        assert len(section) == 2, f"{rule.name} is not documented in shapes/README.md"
        body = section[1].split("\n### ", 1)[0]
        assert "Example" in body and f"kgsh:{rule.shape}" in body, rule.name
    assert "target-progress" in text


def test_comma_shape_reads_the_digits_from_the_quote(shapes_dir, tmp_path):
    """In a TriG file written by the store, 35,250 is 35.25 and 33 % of plan is 33.0."""
    path = tmp_path / "kg.trig"
    as_store(dataset(sectors("35,250"))).dump(path, format=ox.RdfFormat.TRIG)
    with warnings.catch_warnings():  # rdflib's TriG parser still builds a ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = Dataset().parse(data=path.read_text(encoding="utf-8"), format="trig")
    (result,) = validate(ds, shapes_dir).results
    assert result.message.startswith("“35,250” is ambiguous")


def _restated(report) -> list:
    return [r for r in report.results if str(r.shape).endswith("SameFigureDifferentValues")]


def test_restated_figure_flags_the_figure_fewer_articles_report(shapes_dir):
    majority = (base_year("400000"), base_year("400000", "903_d.txt"))
    (result,) = _restated(validate(dataset(*majority, base_year("430000", "902_c.txt")),
                                   shapes_dir))
    assert "(430000 tỷ đồng)" in result.message
    assert "400000 tỷ đồng that 901_b.txt and 1 other article(s) reports" in result.message


def test_restated_figure_flags_both_when_as_many_articles_report_each(shapes_dir):
    report = validate(dataset(base_year("400000"), base_year("430000", "902_c.txt")), shapes_dir)
    assert sorted("(430000" in r.message for r in _restated(report)) == [False, True]


def test_a_change_is_judged_once_against_a_figure_many_articles_restate(shapes_dir):
    wrong = [base_year("300000", f"90{n}_x.txt") for n in range(3, 6)]
    changes = [r for r in validate(dataset(revenue(), *wrong), shapes_dir).results
               if str(r.shape).endswith("ChangeContradictsFigures")]
    (result,) = changes
    assert "300000 tỷ đồng reported for the compared period in 903_x.txt and 2 other" \
           in result.message
