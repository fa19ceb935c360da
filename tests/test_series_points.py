"""An indicator's series as its points: a figure restated by many articles is one point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE

from kg.cli import main
from kg.database import open_database
from kg.facts import Period
from kg.identity import Minter

# Three reports of one half-year's revenue: two agree, one states another figure.
ARTICLES = {
    "bao-a.txt": "Bộ Tài chính sơ kết công tác 6 tháng đầu năm 2024\n\nNgày 10/7/2024, Bộ Tài "
                 "chính tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2024. Tổng thu ngân sách "
                 "nhà nước 6 tháng đầu năm 2024 đạt 1.000 nghìn tỷ đồng, tăng 15% so với cùng kỳ "
                 "năm 2023.\n",
    "bao-b.txt": "Thu ngân sách nửa đầu năm tăng khá\n\nTheo báo cáo của Bộ Tài chính, tổng thu "
                 "ngân sách nhà nước 6 tháng đầu năm 2024 đạt 1.000 nghìn tỷ đồng. Chi ngân sách "
                 "nhà nước 6 tháng đầu năm 2024 đạt 800 nghìn tỷ đồng.\n",
    "bao-c.txt": "Số liệu thu ngân sách được điều chỉnh\n\nBộ Tài chính cho biết tổng thu ngân "
                 "sách nhà nước 6 tháng đầu năm 2024 đạt 1.020 nghìn tỷ đồng.\n",
}
REVENUE = BASE + "indicator/thu-ngan-sach-nha-nuoc-ca-nuoc"
POINTS = f"""
PREFIX kg: <https://data.example.org/vngov/ontology#>
SELECT ?point ?value (COUNT(DISTINCT ?v) AS ?values) WHERE {{
  ?point kg:inSeries <{REVENUE}> ; kg:value ?value ; kg:value ?v }}
GROUP BY ?point ?value ORDER BY ?value"""


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(articles: Path, store: Path) -> None:
    result = CliRunner().invoke(main, ["--base", BASE, "build", str(articles), "--out",
                                       str(store)])
    assert result.exit_code == 0, result.output


def series(store: Path) -> list[dict]:
    """The `series-points` rows of the revenue series, as `kg query` prints them."""
    result = CliRunner().invoke(main, ["query", "series-points", "--data", str(store),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    return [row for row in json.loads(result.output) if row["concept"] == REVENUE]


def test_a_figure_two_articles_state_is_one_point_stated_twice(articles, tmp_path):
    store = tmp_path / "kg.oxigraph"
    build(articles, store)
    assert [(r["period_start"], r["period_end"], r["value"], r["unit"], r["observations"])
            for r in series(store)] == [
        ("2024-01-01", "2024-06-30", "1000", "nghìn tỷ đồng", "2"),
        ("2024-01-01", "2024-06-30", "1020", "nghìn tỷ đồng", "1")]
    # In the merge each point has its one value, however many articles state it.
    points = [(str(p.value), v.value, int(n.value))
              for p, v, n in open_database(store).query(POINTS)]
    assert [(v, n) for _, v, n in points] == [("1000", 1), ("1020", 1)]
    assert all(p.startswith(BASE + "point/thu-ngan-sach-nha-nuoc-ca-nuoc/2024-01-01--2024-06-30/")
               for p, _, _ in points)


def test_a_point_stays_while_an_article_states_it_and_goes_with_the_last(articles, tmp_path):
    store = tmp_path / "kg.oxigraph"
    build(articles, store)
    (articles / "bao-a.txt").unlink()
    build(articles, store)
    assert [(r["value"], r["observations"]) for r in series(store)] == [("1000", "1"),
                                                                         ("1020", "1")]
    (articles / "bao-b.txt").unlink()
    build(articles, store)
    assert [(r["value"], r["observations"]) for r in series(store)] == [("1020", "1")]
    assert [v.value for _, v, _ in open_database(store).query(POINTS)] == ["1020"]


def test_a_store_of_series_points_validates(articles, tmp_path):
    store = tmp_path / "kg.oxigraph"
    build(articles, store)
    result = CliRunner().invoke(main, ["validate", "--data", str(store)])
    assert result.exit_code == 0, result.output
    assert "0 violations" in result.output


def test_units_that_slug_alike_make_distinct_points():
    minter, half = Minter(BASE), Period("2024-01-01", "2024-06-30")
    one = minter.series_point("thu", half, "1000", "tỷ đồng", "exact")
    assert one == minter.series_point("thu", half, "1000", "tỷ đồng", "exact")
    assert one != minter.series_point("thu", half, "1000", "Tỷ đồng", "exact")
    assert one != minter.series_point("thu", half, "1000", "tỷ đồng", "estimate")
    assert one != minter.series_point("thu", half, "1000", None, "exact")
