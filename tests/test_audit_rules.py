"""Each audit rule on a small made-up graph that triggers it and on one that does not."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
from rdflib import Literal
from test_audit import (
    QUERIES,
    Article,
    base_year,
    dataset,
    findings,
    half,
    revenue,
    run,
    stock,
    year,
)

from kg.audit import audit
from kg.audit.bounds import half_unit
from kg.audit.context import as_store
from kg.vocab import OA

# --- meeting-date -----------------------------------------------------------------------------


def review(date: str, label: str = "Hội nghị tổng kết công tác năm 2036") -> Article:
    return Article("910_m.txt").meeting(f"Ngày {date}, Bộ tổ chức {label}.", label, date,
                                        reviews=year(2036))


def test_meeting_held_before_the_period_it_reviews_ends():
    (finding,) = findings(run(review("2036-03-15")), "meeting-date")
    assert finding.severity == "Warning"
    assert "15/3/2036" in finding.message and "31/12/2036" in finding.message
    assert finding.figures[0].quote.text.startswith("Ngày 2036-03-15")


def test_meeting_month_that_lost_its_one_gets_a_hint():
    (finding,) = findings(run(review("2036-02-20")), "meeting-date")
    assert "Perhaps 20/12/2036" in finding.message


def test_year_end_and_next_year_reviews_are_fine():
    for date in ("2036-12-20", "2037-01-10", "2036-12"):
        assert findings(run(review(date)), "meeting-date") == [], date


def test_meeting_in_a_year_its_name_does_not_imply():
    article = Article("911_m.txt").meeting("Hội nghị triển khai nhiệm vụ năm 2036 họp ngày 5/4.",
                                           "Hội nghị triển khai nhiệm vụ năm 2036", "2034-04-05")
    (finding,) = findings(run(article), "meeting-date")
    assert "2036" in finding.message and "5/4/2034" in finding.message


def test_meeting_in_the_named_year_or_the_next_is_fine():
    for date in ("2036-04-05", "2037-01-05"):
        article = Article("911_m.txt").meeting("Hội nghị năm 2036.", "Hội nghị năm 2036", date)
        assert findings(run(article), "meeting-date") == [], date


# --- change-vs-figures ------------------------------------------------------------------------

def test_change_that_contradicts_the_compared_figure():
    (finding,) = findings(run(revenue(), base_year("300000")), "change-vs-figures")
    assert (finding.severity, finding.kind) == ("Warning", "contradiction")
    assert "+10 %" in finding.message and "+47,1 %" in finding.message
    assert "implies 401.118 tỷ đồng for 2035" in finding.computation
    assert [q.source for q in finding.evidence] == ["900_a.txt", "901_b.txt"]


def test_small_gap_is_a_revision_and_only_info_for_an_estimate():
    (exact,) = findings(run(revenue(), base_year("392000")), "change-vs-figures")
    assert (exact.severity, exact.kind) == ("Warning", "revision")
    estimate = Article("901_b.txt", "2036-01-15").observation(
        "Doanh thu năm 2035 ước đạt 392.000 tỷ đồng", "revenue", "392000", "tỷ đồng",
        year(2035), "estimate")
    (info,) = findings(run(revenue(), estimate), "change-vs-figures")
    assert (info.severity, info.kind) == ("Info", "revision")


def test_change_that_agrees_within_rounding_and_revision():
    assert findings(run(revenue(), base_year("400000")), "change-vs-figures") == []
    assert findings(run(revenue(), base_year("401500")), "change-vs-figures") == []


def test_lower_bound_in_another_unit_is_respected():
    """'hơn 1,5 triệu tỷ' allows 1,5-1,6 triệu tỷ: +22 % on it fits 1.900.000 tỷ."""
    now = Article("920_a.txt").observation(
        "Doanh thu 6 tháng năm 2036 đạt 1.900.000 tỷ đồng, tăng 22%", "revenue", "1900000",
        "tỷ đồng", half(2036), change_pct="22", compared=half(2035))
    before = Article("921_b.txt").observation(
        "Doanh thu 6 tháng năm 2035 đạt hơn 1,5 triệu tỷ đồng", "revenue", "1.5",
        "triệu tỷ đồng", half(2035), "at-least")
    assert findings(run(now, before), "change-vs-figures") == []
    lower = Article("921_b.txt").observation(
        "Doanh thu 6 tháng năm 2035 đạt hơn 1,7 triệu tỷ đồng", "revenue", "1.7",
        "triệu tỷ đồng", half(2035), "at-least")
    assert findings(run(now, lower), "change-vs-figures")


def test_the_best_fitting_compared_figure_is_used():
    """A sector's part under the same indicator does not contradict the whole's change."""
    both = base_year("400000").observation(
        "Doanh thu lĩnh vực nông nghiệp năm 2035 đạt 35.000 tỷ đồng", "revenue", "35000",
        "tỷ đồng", year(2035))
    assert findings(run(revenue(), both), "change-vs-figures") == []


def test_figures_more_than_tenfold_apart_are_only_info():
    part = base_year("35000")
    (finding,) = findings(run(revenue(), part), "change-vs-figures")
    assert (finding.severity, finding.kind) == ("Info", "mismatch")


def test_stock_compared_with_a_stock():
    now = Article("930_a.txt").observation(
        "Số doanh nghiệp tính đến 30/6/2036 đạt 45.000 doanh nghiệp, tăng 5%", "firms", "45000",
        "doanh nghiệp", stock("2036-06-30"), change_pct="5", compared=stock("2035-06-30"))
    before = Article("931_b.txt").observation(
        "Số doanh nghiệp tính đến 30/6/2035 đạt 61.000 doanh nghiệp", "firms", "61000",
        "doanh nghiệp", stock("2035-06-30"))
    (finding,) = findings(run(now, before), "change-vs-figures")
    assert "as of 30/6/2035" in finding.message


# --- restated-figure --------------------------------------------------------------------------

def test_same_figure_with_different_values_in_two_articles():
    (finding,) = findings(run(base_year("400000"), base_year("430000", "902_c.txt")),
                          "restated-figure")
    assert (finding.severity, finding.kind) == ("Warning", "contradiction")
    assert "901_b.txt" in finding.message and "902_c.txt" in finding.message


def test_same_figure_within_rounding_or_in_another_scope_is_fine():
    rounded = Article("903_d.txt").observation(
        "Doanh thu toàn ngành năm 2035 đạt 0,4 triệu tỷ đồng", "revenue", "0.4",
        "triệu tỷ đồng", year(2035))
    assert findings(run(base_year("400000"), rounded), "restated-figure") == []
    local = Article("904_e.txt").observation(
        "Doanh thu của Cần Thơ năm 2035 đạt 90.000 tỷ đồng", "revenue", "90000", "tỷ đồng",
        year(2035), scope="Cần Thơ")
    national = Article("905_f.txt").observation(
        "Doanh thu cả nước năm 2035 đạt 400.000 tỷ đồng", "revenue", "400000", "tỷ đồng",
        year(2035), scope="cả nước")
    assert findings(run(national, local), "restated-figure") == []


# --- plan-share-vs-plan and unit-vs-ratio -----------------------------------------------------

def plan_article(value: str, unit: str, share: str, plan_unit: str = "tỷ đồng") -> Article:
    return (Article("940_p.txt", "2036-07-10")
            .observation(f"Doanh thu 6 tháng năm 2036 đạt {value} {unit}, đạt {share}% kế hoạch",
                         "revenue", value, unit, half(2036), plan_pct=share,
                         plan_period=year(2036))
            .target(f"Kế hoạch năm 2036 đạt 1.000 {plan_unit}", "revenue", "1000", plan_unit,
                    year(2036)))


def test_plan_share_that_contradicts_the_plan():
    (finding,) = findings(run(plan_article("300", "tỷ đồng", "40")), "plan-share-vs-plan")
    assert finding.kind == "contradiction" and "30 %" in finding.message
    assert "implies 750 tỷ đồng for 2036" in finding.computation


def test_plan_share_that_fits_the_plan():
    assert run(plan_article("300", "tỷ đồng", "30")).findings == ()
    assert run(plan_article("0.3", "nghìn tỷ đồng", "30")).findings == ()


def test_plan_period_defaults_to_the_calendar_year():
    article = (Article("941_p.txt")
               .observation("Doanh thu 6 tháng năm 2036 đạt 300 tỷ đồng, đạt 40% kế hoạch năm",
                            "revenue", "300", "tỷ đồng", half(2036), plan_pct="40")
               .target("Kế hoạch năm 2036 đạt 1.000 tỷ đồng", "revenue", "1000", "tỷ đồng",
                       year(2036)))
    assert findings(run(article), "plan-share-vs-plan")


def test_unit_that_contradicts_its_own_ratio():
    article = plan_article("450000000", "triệu lượt", "45", "triệu lượt")
    report = run(article)
    (finding,) = findings(report, "unit-vs-ratio")
    assert findings(report, "plan-share-vs-plan") == []
    assert "450.000.000 lượt" in finding.message and "'triệu'" in finding.message
    assert "45 %" in finding.computation


def test_unit_that_fits_its_ratio():
    assert run(plan_article("450", "triệu lượt", "45", "triệu lượt")).findings == ()


# --- comma-notation ---------------------------------------------------------------------------

def sectors(fishery: str) -> Article:
    a = Article("950_s.txt")
    for key, sector, value in (("farm", "nông nghiệp", "41.300"),
                               ("forest", "lâm nghiệp", "150.000"), ("fish", "thủy sản", fishery)):
        a.observation(f"Doanh thu lĩnh vực {sector} năm 2036 đạt {value} tỷ đồng",
                      f"revenue-{key}", value.replace(".", "").replace(",", "."), "tỷ đồng",
                      year(2036))
    return a


def test_comma_with_three_digits_read_as_thousands_against_its_siblings():
    (finding,) = findings(run(sectors("35,250")), "comma-notation")
    assert (finding.severity, finding.kind) == ("Warning", "thousands")
    assert "probably 35.250 tỷ đồng" in finding.message
    assert finding.figures[1].value == "35.250 tỷ đồng"


def test_comma_reading_that_its_peers_support_is_only_info():
    a = Article("951_s.txt")
    for n, value in enumerate(("2,5", "3,1", "2,125")):
        a.observation(f"Chỉ số {n} năm 2036 đạt {value} tỷ USD", "exports",
                      value.replace(",", "."), "tỷ USD", year(2035 + n))
    (finding,) = findings(run(a), "comma-notation")
    assert (finding.severity, finding.kind) == ("Info", "decimal")


def test_comma_without_peers_is_ambiguous_info():
    a = Article("952_s.txt").observation("Vốn năm 2036 đạt 7,125 tỷ đồng", "capital", "7.125",
                                          "tỷ đồng", year(2036))
    (finding,) = findings(run(a), "comma-notation")
    assert (finding.severity, finding.kind) == ("Info", "ambiguous")


def test_other_decimals_are_not_ambiguous():
    assert findings(run(sectors("35,25")), "comma-notation") == []
    assert findings(run(sectors("1.235,250")), "comma-notation") == []


# --- title-conflict ---------------------------------------------------------------------------

def official(name: str, title: str, published: str, org: str | None = "Bộ Công Thương",
             person: str = "Trần Văn Bình") -> Article:
    return Article(name, published).person(f"{title} {person} phát biểu.", person, title, org)


def test_conflicting_titles_in_articles_of_the_same_months():
    report = run(official("960_a.txt", "Thứ trưởng", "2036-03-01"),
                 official("961_b.txt", "Bộ trưởng", "2036-05-01"))
    (finding,) = findings(report, "title-conflict")
    assert "Thứ trưởng" in finding.message and "Bộ trưởng" in finding.message
    assert "2 months apart" in finding.message
    assert {q.source for q in finding.evidence} == {"960_a.txt", "961_b.txt"}


def test_titles_that_agree_or_are_far_apart_or_in_other_bodies():
    pairs = [
        (official("960_a.txt", "Bộ trưởng", "2036-03-01"),
         official("961_b.txt", "Bộ trưởng Bộ Công Thương", "2036-04-01")),
        (official("960_a.txt", "Thứ trưởng", "2034-03-01"),
         official("961_b.txt", "Bộ trưởng", "2036-05-01")),
        (official("960_a.txt", "Ủy viên", "2036-03-01", "Ban Chấp hành"),
         official("961_b.txt", "Bộ trưởng", "2036-03-02")),
        (official("960_a.txt", "Thứ trưởng", None), official("961_b.txt", "Bộ trưởng", None)),
    ]
    for first, second in pairs:
        assert findings(run(first, second), "title-conflict") == [], first.text


# --- evidence-quote ---------------------------------------------------------------------------

def test_quote_that_is_not_the_text_at_its_offsets_is_a_violation():
    ds = dataset(revenue())
    selector, _, _, graph = next(ds.quads((None, OA.exact, None, None)))
    ds.remove((selector, OA.exact, None, graph))
    ds.add((selector, OA.exact, Literal("Doanh thu toàn ngành năm 2099"), graph))
    report = audit(ds, queries=QUERIES)
    (finding,) = findings(report, "evidence-quote")
    assert finding.severity == "Violation" and report.fails()


def test_quotes_at_their_offsets_pass():
    assert findings(run(revenue(), base_year()), "evidence-quote") == []


def test_comma_notation_survives_canonical_decimals(tmp_path):
    """The store writes 35,250 back as 35.25 (and 20 as 20.0): the quote keeps the digits."""
    path = tmp_path / "kg.trig"
    as_store(dataset(sectors("35,250"))).dump(path, format=ox.RdfFormat.TRIG)
    (finding,) = findings(audit(path, queries=QUERIES), "comma-notation")
    assert finding.kind == "thousands" and "'35,250 tỷ đồng'" in finding.message


def test_a_canonical_trailing_zero_is_not_a_stated_decimal():
    assert half_unit("33.0") == half_unit("33") == Decimal("0.5")
    assert half_unit("68000.0") == Decimal(500) and half_unit("6.70") == Decimal("0.05")
