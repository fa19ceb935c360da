"""The structural SHACL shapes accept a well-formed article graph and name each broken fact."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg import facts as f
from kg.errors import DataError
from kg.facts import Period
from kg.graph import article_quads, to_dataset
from kg.identity import Minter
from kg.validate import Report, validate, validate_dataset
from kg.vocab import (
    ELI,
    FORMATS,
    KG,
    LEGAL_CLASSES,
    MEETING_CLASSES,
    OA,
    ORG,
    ORG_CLASSES,
    QB,
    QUALIFIERS,
    SCHEMA,
    STATUSES,
    STRATEGY_CLASSES,
    TIME,
)

SHAPES = Path(__file__).resolve().parent.parent / "shapes"
M = Minter("https://data.example.org/vngov/")
TEXT = (
    "Ngày 30/6/2024, Bộ Tài chính tổ chức hội nghị trực tuyến với 63 điểm cầu. "
    "Bộ trưởng Nguyễn Văn An chủ trì. Thu ngân sách 6 tháng ước đạt 1.000 nghìn tỷ đồng, "
    "tăng 15,5%, bằng 58% dự toán. Luật Đất đai số 31/2024/QH15 có hiệu lực. "
    "Chiến lược phát triển đến năm 2030, tầm nhìn đến năm 2045."
)
OBS_QUOTE = "Thu ngân sách 6 tháng ước đạt 1.000 nghìn tỷ đồng"


def vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def quote(g: Graph, article: str, node: URIRef, words: str) -> None:
    """The provenance the builder writes for a fact stated by ``words``."""
    start = TEXT.index(words)
    end = start + len(words)
    evidence, selector = M.evidence(article, start, end), M.selector(article, start, end)
    g.add((node, PROV.wasDerivedFrom, M.article(article)))
    g.add((node, KG.evidence, evidence))
    g.add((node, KG.extractedBy, Literal("test-rule")))
    g.add((evidence, RDF.type, OA.SpecificResource))
    g.add((evidence, OA.hasSource, M.article(article)))
    g.add((evidence, OA.hasSelector, selector))
    g.add((selector, RDF.type, OA.TextQuoteSelector))
    g.add((selector, RDF.type, OA.TextPositionSelector))
    g.add((selector, OA.exact, Literal(words)))
    g.add((selector, OA.start, Literal(start)))
    g.add((selector, OA.end, Literal(end)))


def period(g: Graph, start: str | None, end: str | None) -> URIRef:
    node = M.period(Period(start, end))
    g.add((node, RDF.type, TIME.ProperInterval))
    for prop, day in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
        if day:
            kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(day)]
            g.add((node, prop, M.instant(day)))
            g.add((M.instant(day), RDF.type, TIME.Instant))
            g.add((M.instant(day), TIME.inXSDDate, Literal(day, datatype=kind)))
    return node


def add_article(g: Graph, name: str) -> None:
    article = M.article(name)
    g.add((article, RDF.type, SCHEMA.NewsArticle))
    g.add((article, KG.fileName, Literal(name)))
    g.add((article, KG.sha256, Literal(hashlib.sha256(TEXT.encode("utf-8")).hexdigest())))
    g.add((article, SCHEMA.text, Literal(TEXT)))
    g.add((article, SCHEMA.datePublished, Literal("2024-06-30", datatype=XSD.date)))


def add_meeting(g: Graph, name: str) -> URIRef:
    meeting = M.meeting(name, "m1", "2024-06-30", "Bộ Tài chính", "hội nghị trực tuyến")
    g.add((meeting, RDF.type, MEETING_CLASSES["conference"]))
    g.add((meeting, RDFS.label, vi("hội nghị trực tuyến")))
    g.add((meeting, SCHEMA.startDate, Literal("2024-06-30", datatype=XSD.date)))
    g.add((meeting, SCHEMA.eventAttendanceMode, FORMATS["online"]))
    g.add((meeting, KG.connectionPoints, Literal(63)))
    g.add((meeting, SCHEMA.organizer, M.organization("Bộ Tài chính")))
    g.add((meeting, KG.chair, M.person("Nguyễn Văn An")))
    g.add((meeting, KG.reviewsPeriod, period(g, "2024-01-01", "2024-06-30")))
    quote(g, name, meeting, "hội nghị trực tuyến với 63 điểm cầu")
    return meeting


def add_people(g: Graph, name: str) -> None:
    org, person = M.organization("Bộ Tài chính"), M.person("Nguyễn Văn An")
    g.add((org, RDF.type, ORG_CLASSES["ministry"]))
    g.add((org, RDFS.label, vi("Bộ Tài chính")))
    quote(g, name, org, "Bộ Tài chính")
    g.add((person, RDF.type, SCHEMA.Person))
    g.add((person, SCHEMA.name, vi("Nguyễn Văn An")))
    g.add((person, RDFS.label, vi("Nguyễn Văn An")))
    quote(g, name, person, "Bộ trưởng Nguyễn Văn An")
    membership = M.membership("Nguyễn Văn An", "Bộ Tài chính", "Bộ trưởng")
    role = M.role("Bộ trưởng")
    g.add((membership, RDF.type, ORG.Membership))
    g.add((membership, ORG.member, person))
    g.add((membership, ORG.organization, org))
    g.add((membership, ORG.role, role))
    g.add((membership, KG.title, vi("Bộ trưởng")))
    g.add((role, RDF.type, ORG.Role))
    g.add((role, SKOS.prefLabel, vi("Bộ trưởng")))
    quote(g, name, membership, "Bộ trưởng Nguyễn Văn An")


def add_observation(g: Graph, name: str, meeting: URIRef) -> URIRef:
    obs, concept = M.observation(name, 1), M.indicator("budget-revenue")
    g.add((obs, RDF.type, KG.Observation))
    g.add((obs, RDF.type, QB.Observation))
    g.add((obs, QB.dataSet, M.dataset()))
    g.add((obs, KG.indicator, concept))
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.inScheme, M.indicator_scheme()))
    g.add((obs, KG.indicatorLabel, vi("Thu ngân sách")))
    g.add((obs, KG.value, Literal("1000", datatype=XSD.decimal)))
    g.add((obs, KG.valueInBaseUnit, Literal("1000000000000000", datatype=XSD.decimal)))
    g.add((obs, KG.unit, vi("nghìn tỷ đồng")))
    g.add((obs, KG.qualifier, QUALIFIERS["estimate"]))
    g.add((obs, KG.period, period(g, "2024-01-01", "2024-06-30")))
    g.add((obs, KG.changePct, Literal("15.5", datatype=XSD.decimal)))
    g.add((obs, KG.comparedPeriod, period(g, "2023-01-01", "2023-06-30")))
    g.add((obs, KG.planPct, Literal("58", datatype=XSD.decimal)))
    g.add((obs, KG.planPeriod, period(g, "2024", "2024")))
    g.add((obs, KG.reportedAt, meeting))
    g.add((obs, KG.scope, vi("cả nước")))
    quote(g, name, obs, OBS_QUOTE)
    return obs


def add_documents(g: Graph, name: str) -> None:
    law = M.legal_document("31/2024/QH15", "Luật Đất đai")
    g.add((law, RDF.type, LEGAL_CLASSES["law"]))
    g.add((law, ELI.title, vi("Luật Đất đai")))
    g.add((law, RDFS.label, vi("Luật Đất đai")))
    g.add((law, ELI.id_local, Literal("31/2024/QH15")))
    g.add((law, KG.status, STATUSES["in-force"]))
    quote(g, name, law, "Luật Đất đai số 31/2024/QH15")
    strategy = M.strategy("chien-luoc-phat-trien")
    g.add((strategy, RDF.type, STRATEGY_CLASSES["strategy"]))
    g.add((strategy, RDFS.label, vi("Chiến lược phát triển")))
    g.add((strategy, KG.horizonYear, Literal(2030)))
    g.add((strategy, KG.visionYear, Literal(2045)))
    quote(g, name, strategy, "Chiến lược phát triển đến năm 2030")


def article_graph(name: str = "001_test.txt") -> Graph:
    """One article's graph, written the way kg/graph.py writes it."""
    g = Graph()
    add_article(g, name)
    meeting = add_meeting(g, name)
    add_people(g, name)
    add_observation(g, name, meeting)
    add_documents(g, name)
    return g


OBS = M.observation("001_test.txt", 1)
SELECTOR = M.selector("001_test.txt", TEXT.index(OBS_QUOTE), TEXT.index(OBS_QUOTE) + len(OBS_QUOTE))


def without_indicator(g: Graph) -> None:
    g.remove((OBS, KG.indicator, None))


def unknown_qualifier(g: Graph) -> None:
    g.set((OBS, KG.qualifier, KG.Roughly))


def two_values(g: Graph) -> None:
    g.add((OBS, KG.value, Literal("999", datatype=XSD.decimal)))


def start_after_end(g: Graph) -> None:
    g.set((SELECTOR, OA.start, Literal(500)))


def period_backwards(g: Graph) -> None:
    g.set((OBS, KG.period, period(g, "2024-06-30", "2024-01-01")))


def bad_person_iri(g: Graph) -> None:
    g.add((URIRef("https://data.example.org/vngov/person/Nguyen_Van_An"), RDF.type, SCHEMA.Person))


def bad_meeting_date(g: Graph) -> None:
    meeting = next(g.subjects(RDF.type, KG.Conference))
    g.set((meeting, SCHEMA.startDate, Literal("30/6/2024")))


def bad_status(g: Graph) -> None:
    g.set((M.legal_document("31/2024/QH15", ""), KG.status, KG.Repealed))


def vision_before_horizon(g: Graph) -> None:
    g.set((M.strategy("chien-luoc-phat-trien"), KG.visionYear, Literal(2025)))


def membership_without_title(g: Graph) -> None:
    g.remove((None, KG.title, None))


def fact_without_evidence(g: Graph) -> None:
    g.remove((OBS, KG.evidence, None))


BREAKS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "observation without indicator": (without_indicator, "exactly one indicator"),
    "qualifier outside the list": (unknown_qualifier, "qualifier must be one of"),
    "two values": (two_values, "only one value"),
    "selector start after end": (start_after_end, "comes before its end"),
    "period ends before it starts": (period_backwards, "(2024-06-30) after it ends (2024-01-01)"),
    "person IRI not a slug": (bad_person_iri, "/person/"),
    "meeting date not ISO": (bad_meeting_date, "only one date"),
    "unknown document status": (bad_status, "status must be one of"),
    "vision before horizon": (vision_before_horizon, "not later than its vision year"),
    "membership without title": (membership_without_title, "exactly one job title"),
    "fact without evidence": (fact_without_evidence, "no evidence"),
}


def messages(report: Report) -> str:
    return "\n".join(r.message for r in report.violations)


def test_well_formed_article_conforms():
    report = validate(article_graph(), SHAPES)
    assert report.conforms, messages(report)
    assert report.results == ()


@pytest.mark.parametrize("case", BREAKS, ids=list(BREAKS))
def test_each_broken_fact_is_named(case):
    breaks, expected = BREAKS[case]
    g = article_graph()
    breaks(g)
    report = validate(g, SHAPES)
    assert not report.conforms
    assert report.violations
    assert expected in messages(report)


ORDERED = [("2024-03-01", "2024"), ("2024", "2024-03"), ("2023", "2024")]


@pytest.mark.parametrize(("start", "end"), ORDERED)
def test_period_order_compares_at_the_shared_precision(start, end):
    g = article_graph()
    g.set((OBS, KG.period, period(g, start, end)))
    report = validate(g, SHAPES)
    assert report.conforms, messages(report)


def test_results_are_typed_records():
    g = article_graph()
    two_values(g)
    (result,) = validate(g, SHAPES).results
    assert (result.severity, result.focus, result.path) == ("Violation", OBS, KG.value)
    assert result.graph is None and result.shape is not None


def two_articles() -> Dataset:
    ds = Dataset()
    for name in ("001_test.txt", "002_test.txt"):
        graph = ds.graph(M.graph(name))
        for triple in article_graph(name):
            graph.add(triple)
    return ds


def test_union_of_articles_sharing_people_and_meetings_conforms():
    report = validate_dataset(two_articles(), SHAPES)
    assert report.conforms, messages(report)


def test_each_article_graph_conforms_by_itself():
    report = validate_dataset(two_articles(), SHAPES, per_graph=True)
    assert report.conforms, messages(report)


def test_per_graph_results_name_their_graph():
    ds = two_articles()
    two_values(ds.graph(M.graph("001_test.txt")))
    report = validate_dataset(ds, SHAPES, per_graph=True)
    assert not report.conforms
    assert {r.graph for r in report.results} == {M.graph("001_test.txt")}


def facts(name: str) -> f.ArticleFacts:
    """Every fact type but strategies (their IRI key is not slugified yet by canonical_key)."""
    def ev(words: str) -> f.Evidence:
        return f.Evidence(TEXT.index(words), TEXT.index(words) + len(words), words, "test-rule")

    half = Period("2024-01-01", "2024-06-30", "6 tháng đầu năm")
    return f.ArticleFacts(
        meta=f.ArticleMeta(name, "Tiêu đề", "baochinhphu.vn", "2024-07-01"), text=TEXT,
        meetings=(f.Meeting("m1", "conference", "Hội nghị", ev("hội nghị"), date="2024-06-30",
                            format="online", connection_points=63, organizer="Bộ Tài chính",
                            chairs=("Nguyễn Văn An",), reviews=half),
                  f.Meeting("m2", "other", "Phiên họp", ev("chủ trì"), date="2024-06")),
        people=(f.Person("Nguyễn Văn An", (f.Role("Bộ trưởng", "Bộ Tài chính"),
                                           f.Role("Ủy viên", None)), ev("Nguyễn Văn An")),),
        organizations=(f.Organization("Bộ Tài chính", "ministry", ("BTC",), ev("Bộ Tài chính")),),
        observations=(f.Observation(
            "Thu ngân sách", "budget-revenue", Decimal("1000"), "nghìn tỷ đồng", "estimate", half,
            ev(OBS_QUOTE), change_pct=Decimal("15.5"), compared=Period("2023-01-01", "2023-06-30"),
            plan_pct=Decimal("58"), plan_period=Period("2024", "2024"), meeting="m1"),),
        targets=(f.Target("GDP", "gdp-growth", Decimal("6.5"), "%", "at-least",
                          Period("2024", "2024"), ev("Chiến lược"), meeting="m1"),),
        legal_documents=(f.LegalDocument("Luật Đất đai", "law", ev("Luật Đất đai"),
                                         number="31/2024/QH15", status="in-force"),),
    )


def test_what_the_builder_writes_conforms():
    quads = [q for name in ("001_a.txt", "002_b.txt") for q in article_quads(M, facts(name))]
    ds = to_dataset(quads)
    for per_graph in (False, True):
        report = validate_dataset(ds, SHAPES, per_graph=per_graph)
        assert report.conforms, messages(report)


def test_missing_shapes_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no SHACL shapes"):
        validate(Graph(), tmp_path)
