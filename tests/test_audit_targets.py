"""Target tracking: each target against what later articles report for its indicator and period."""

from __future__ import annotations

from rdflib import Dataset
from test_audit import QUERIES, Article, dataset, half, run, stock, year

from kg.audit.context import as_store
from kg.query import load_query, run_select


def plans() -> Article:
    """A review meeting that sets four targets for 2036 and one for 2037."""
    return (Article("970_t.txt", "2035-12-27")
            .meeting("Hội nghị tổng kết năm 2035 ngày 27/12/2035.", "Hội nghị tổng kết năm 2035",
                     "2035-12-27", reviews=year(2035))
            .target("Doanh thu năm 2036 đạt 500 nghìn tỷ đồng", "revenue", "500",
                    "nghìn tỷ đồng", year(2036), "at-least", meeting="m1")
            .target("Tỷ lệ hồ sơ trực tuyến năm 2036 đạt 80 %", "online", "80", "%", year(2036),
                    meeting="m1")
            .target("Tỷ lệ lỗi năm 2036 đạt dưới 5 %", "errors", "5", "%", year(2036), "at-most")
            .target("Số doanh nghiệp đến cuối năm 2036 đạt 64.000 doanh nghiệp", "firms", "64000",
                    "doanh nghiệp", stock("2036-12-31"))
            .target("Xuất khẩu năm 2037 đạt tăng 10%", "exports", None, "", year(2037),
                    change_pct="10")
            .target("Vốn năm 2037 đạt 90 tỷ USD", "capital", "90", "tỷ USD", year(2037)))


def results() -> Article:
    return (Article("971_r.txt", "2037-01-15")
            .observation("Doanh thu năm 2036 đạt 512.300 tỷ đồng", "revenue", "512300", "tỷ đồng",
                         year(2036))
            .observation("Tỷ lệ hồ sơ trực tuyến năm 2036 đạt 70 %", "online", "70", "%",
                         year(2036))
            .observation("Tỷ lệ lỗi năm 2036 đạt 4 %", "errors", "4", "%", year(2036))
            .observation("Số doanh nghiệp năm 2036 đạt 62.400 doanh nghiệp", "firms", "62400",
                         "doanh nghiệp", year(2036))
            .observation("Doanh thu 6 tháng năm 2037 đạt 260.000 tỷ đồng", "revenue", "260000",
                         "tỷ đồng", half(2037)))


def by_indicator(report) -> dict:
    return {t.target.label.split(" năm")[0].split(" đến")[0]: t for t in report.targets}


def test_met_missed_and_not_yet_known():
    progress = by_indicator(run(plans(), results()))
    assert {k: t.status for k, t in progress.items()} == {
        "Doanh thu": "met", "Tỷ lệ hồ sơ trực tuyến": "missed", "Tỷ lệ lỗi": "met",
        "Số doanh nghiệp": "missed", "Xuất khẩu": "unknown", "Vốn": "unknown",
    }


def test_progress_shows_both_figures_sources_and_the_gap():
    progress = by_indicator(run(plans(), results()))
    missed = progress["Tỷ lệ hồ sơ trực tuyến"]
    assert (missed.target.source, missed.observed.source) == ("970_t.txt", "971_r.txt")
    assert missed.target.value == "80 %" and missed.observed.value == "70 %"
    assert "short by 10 percentage points" in missed.computation
    firms = progress["Số doanh nghiệp"]
    assert "short by 1.600 doanh nghiệp (2,5 %)" in firms.computation
    met = progress["Doanh thu"]
    assert "512,3 of 500 nghìn tỷ đồng" in met.computation and "ahead by" in met.computation
    assert met.set_at == "Hội nghị tổng kết năm 2035 (27/12/2035)"
    assert met.observed.quote.text == "Doanh thu năm 2036 đạt 512.300 tỷ đồng"
    assert "no comparable figure" in progress["Vốn"].computation


def test_a_target_set_as_a_change_is_held_against_reported_changes():
    later = Article("972_r.txt", "2038-01-10").observation(
        "Xuất khẩu năm 2037 đạt 95 tỷ USD, tăng 12%", "exports", "95", "tỷ USD", year(2037),
        change_pct="12", compared=year(2036))
    progress = by_indicator(run(plans(), later))
    assert progress["Xuất khẩu"].status == "met"
    assert "+12 % against a target of +10 %" in progress["Xuất khẩu"].computation


def test_a_figure_more_than_tenfold_off_is_not_a_report_on_the_target():
    sector = Article("973_r.txt", "2038-01-10").observation(
        "Vốn của một doanh nghiệp năm 2037 đạt 2 tỷ USD", "capital", "2", "tỷ USD", year(2037))
    assert by_indicator(run(plans(), sector))["Vốn"].status == "unknown"


def test_the_latest_report_is_the_one_held_against_the_target():
    early = Article("974_r.txt", "2036-12-20").observation(
        "Vốn năm 2037 ước đạt 60 tỷ USD", "capital", "60", "tỷ USD", year(2037), "estimate")
    final = Article("975_r.txt", "2038-02-01").observation(
        "Vốn năm 2037 đạt 91 tỷ USD", "capital", "91", "tỷ USD", year(2037))
    progress = by_indicator(run(plans(), early, final))["Vốn"]
    assert (progress.status, progress.observed.source) == ("met", "975_r.txt")


def test_the_competency_query_gives_the_same_statuses():
    _, sparql = load_query("target-progress", QUERIES)
    rows = run_select(as_store(dataset(plans(), results())), sparql).records()
    statuses = sorted((r["indicator"].split(" năm")[0].split(" đến")[0], r["status"]) for r in rows)
    assert statuses == [("Doanh thu", "met"), ("Số doanh nghiệp", "missed"),
                        ("Tỷ lệ hồ sơ trực tuyến", "missed"), ("Tỷ lệ lỗi", "met"),
                        ("Vốn", "unknown"), ("Xuất khẩu", "unknown")]
    assert {r["achieved_pct"] for r in rows if r["status"] == "missed"} == {"87.5", "97.5"}


def _rows(data, engine: str) -> list[dict[str, str]]:
    _, sparql = load_query("target-progress", QUERIES)
    if engine == "oxigraph":
        return run_select(as_store(data), sparql).records()
    union = Dataset(default_union=True)
    for quad in data.quads((None, None, None, None)):
        union.add(quad)
    return [{k: str(v) for k, v in row.asdict().items()} for row in union.query(sparql)]


def test_one_row_per_target_however_many_articles_report_its_indicator():
    reports = [Article(f"98{n}_r.txt", f"2038-01-1{n}").observation(
        f"Vốn năm 2037 đạt {80 + n} tỷ USD", "capital", str(80 + n), "tỷ USD", year(2037))
        for n in range(6)]
    rows = _rows(dataset(plans(), *reports), "oxigraph")
    capital = [r for r in rows if r["indicator"].startswith("Vốn")]
    assert len(rows) == 6 and len(capital) == 1
    assert (capital[0]["observed_value"], capital[0]["observed_source"]) == ("85", "985_r.txt")


def test_rdflib_reads_the_query_as_oxigraph_does():
    later = Article("972_r.txt", "2038-01-10").observation(
        "Xuất khẩu năm 2037 đạt 95 tỷ USD, tăng 12%", "exports", "95", "tỷ USD", year(2037),
        change_pct="12", compared=year(2036))
    data = dataset(plans(), results(), later)

    def answer(engine: str) -> list[tuple[str, str, str]]:
        return sorted((r["target"], r["status"], r.get("observed_source", ""))
                      for r in _rows(data, engine))
    assert answer("rdflib") == answer("oxigraph")
    assert {status for _, status, _ in answer("rdflib")} == {"met", "missed", "unknown"}
