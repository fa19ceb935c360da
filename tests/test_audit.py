"""kg.audit: its inputs and its report; the made-up articles the other test_audit_* files share.

Every article here is invented: its text is the quotes of its facts, one sentence each, so
every figure has a real quote at real offsets, and the graph is what kg.graph writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg import facts as f
from kg.audit import RULES, AuditReport, Finding, Tolerances, audit
from kg.audit.context import as_store
from kg.errors import KgError
from kg.graph import article_quads, to_dataset
from kg.identity import Minter

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
M = Minter("https://data.example.org/vngov/")


def year(y: int) -> f.Period:
    return f.Period(f"{y}-01-01", f"{y}-12-31", f"năm {y}")


def half(y: int) -> f.Period:
    return f.Period(f"{y}-01-01", f"{y}-06-30", f"6 tháng đầu năm {y}")


def stock(day: str) -> f.Period:
    return f.Period(None, day, f"tính đến {day}")


@dataclass
class Article:
    """A made-up article built sentence by sentence; each fact quotes its own sentence."""

    name: str
    published: str | None = None
    text: str = ""
    facts: dict[str, list] = field(default_factory=dict)

    def say(self, sentence: str) -> f.Evidence:
        start = len(self.text) + (1 if self.text else 0)
        self.text = f"{self.text} {sentence}" if self.text else sentence
        return f.Evidence(start, start + len(sentence), sentence, "test")

    def add(self, kind: str, fact) -> Article:
        self.facts.setdefault(kind, []).append(fact)
        return self

    def observation(self, sentence: str, concept: str, value: str, unit: str,
                    period: f.Period, qualifier: str = "exact", **extra) -> Article:
        fact = f.Observation(sentence.split(" đạt ")[0], concept, Decimal(value), unit,
                             qualifier, period, self.say(sentence), **_decimals(extra))
        return self.add("observations", fact)

    def target(self, sentence: str, concept: str, value: str | None, unit: str,
               period: f.Period, qualifier: str = "exact", **extra) -> Article:
        fact = f.Target(sentence.split(" đạt ")[0], concept,
                        Decimal(value) if value else None, unit, qualifier, period,
                        self.say(sentence), **_decimals(extra))
        return self.add("targets", fact)

    def meeting(self, sentence: str, label: str, date: str | None,
                reviews: f.Period | None = None) -> Article:
        fact = f.Meeting("m1", "conference", label, self.say(sentence), date=date,
                         reviews=reviews)
        return self.add("meetings", fact)

    def person(self, sentence: str, name: str, title: str, org: str | None) -> Article:
        fact = f.Person(name, (f.Role(title, org),), self.say(sentence))
        return self.add("people", fact)

    def build(self) -> f.ArticleFacts:
        meta = f.ArticleMeta(self.name, published=self.published)
        groups = {kind: tuple(items) for kind, items in self.facts.items()}
        return f.ArticleFacts(meta, self.text, **groups)


def _decimals(extra: dict) -> dict:
    return {k: Decimal(v) if k.endswith("_pct") else v for k, v in extra.items()}


def dataset(*articles: Article) -> Dataset:
    return to_dataset([q for a in articles for q in article_quads(M, a.build())])


def run(*articles: Article, **options) -> AuditReport:
    return audit(dataset(*articles), queries=QUERIES, **options)


def findings(report: AuditReport, rule: str) -> list[Finding]:
    return [x for x in report.findings if x.rule == rule]


def revenue(name: str = "900_a.txt", published: str = "2037-01-20") -> Article:
    """A year-end review whose change agrees with the year before (in another article)."""
    return Article(name, published).observation(
        "Doanh thu toàn ngành năm 2036 đạt 441.230 tỷ đồng, tăng 10% so với năm 2035",
        "revenue", "441230", "tỷ đồng", year(2036), change_pct="10", compared=year(2035))


def base_year(value: str = "400000", name: str = "901_b.txt") -> Article:
    return Article(name, "2036-01-15").observation(
        f"Doanh thu toàn ngành năm 2035 đạt {value} tỷ đồng", "revenue", value, "tỷ đồng",
        year(2035))


# --- the API ----------------------------------------------------------------------------------

def test_audit_reads_a_store_a_dataset_and_a_file(tmp_path):
    ds = dataset(revenue(), base_year("300000"))
    path = tmp_path / "kg.nq"
    as_store(ds).dump(path, format=ox.RdfFormat.N_QUADS)
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    reports = [audit(data, queries=QUERIES) for data in (ds, path, str(path), store)]
    assert {len(r.findings) for r in reports} == {1}
    assert reports[0] == reports[1] == reports[2] == reports[3]


def test_audit_of_something_else_is_a_kg_error():
    with pytest.raises(KgError, match="cannot audit"):
        audit(42, queries=QUERIES)


def test_unknown_rule_names_the_known_ones():
    with pytest.raises(KgError, match="known: .*change-vs-figures"):
        run(revenue(), rules=("no-such-rule",))


def test_rules_can_be_chosen():
    report = run(revenue(), base_year("300000"), rules=("meeting-date",))
    assert report.findings == ()


def test_tolerances_are_options():
    loose = Tolerances(agree=Decimal("0.5"), contradiction=Decimal("0.9"))
    assert run(revenue(), base_year("300000")).findings
    assert run(revenue(), base_year("300000"), tolerances=loose).findings == ()


def test_empty_graph_gives_an_empty_report():
    report = audit(Dataset(), queries=QUERIES)
    assert report.findings == () and report.targets == ()
    assert report.summary().startswith("0 findings")
    assert not report.fails("warning")


def test_report_counts_groups_and_fails_on_the_chosen_severity():
    finding = Finding("change-vs-figures", "Warning", "m")
    report = AuditReport((finding, Finding("meeting-date", "Info", "n")), (),
                         tuple(r.name for r in RULES))
    assert report.count("Warning") == 1 and report.count("Info") == 1
    assert list(report.by_rule()) == ["meeting-date", "change-vs-figures"]
    assert not report.fails() and report.fails("warning")
    assert AuditReport((Finding("evidence-quote", "Violation", "v"),)).fails()


def test_the_library_prints_nothing(capsys):
    run(revenue(), base_year("300000"))
    assert capsys.readouterr() == ("", "")


def test_every_rule_has_a_unique_name_and_shape():
    assert len({r.name for r in RULES}) == len(RULES) == len({r.shape for r in RULES})
