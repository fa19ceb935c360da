"""Unit tests for the pure text layer: numbers, periods, slugs, and figures in a clause."""

from decimal import Decimal

import pytest

from kg.extract.quantities import figures_in, ratio_figures
from kg.facts import Period
from kg.text.numbers import format_decimal, is_ambiguous, parse_number
from kg.text.periods import find_periods, parse_date, previous_span, shift_year
from kg.text.slugs import fold, slugify
from kg.text.units import base_multiplier, base_unit


@pytest.mark.parametrize("text, value", [
    ("3.418.207", Decimal("3418207")), ("2,75", Decimal("2.75")), ("07", Decimal("7")),
    ("15,40", Decimal("15.40")), ("640", Decimal("640")), ("5.0", Decimal("5.0")),
    ("abc", None), ("", None),
])
def test_vietnamese_number_notation(text, value):
    assert parse_number(text) == value


def test_plain_decimals_and_ambiguous_commas():
    assert format_decimal(Decimal("3418207")) == "3418207"
    assert format_decimal(Decimal("-4.50")) == "-4.5"
    assert is_ambiguous("31,250") and not is_ambiguous("31,25") and not is_ambiguous("31.250")


def test_units_scale_against_their_base():
    assert base_multiplier("nghìn tỉ đồng") == Decimal(10) ** 12
    assert base_multiplier("triệu thuê bao") == Decimal(10) ** 6
    assert base_multiplier("%") is None and base_multiplier("bậc") is None
    assert base_unit("triệu tỷ đồng") == "đồng"


@pytest.mark.parametrize("text, start, end", [
    ("9 tháng đầu năm 2022", "2022-01-01", "2022-09-30"),
    ("6 tháng cuối năm 2021", "2021-07-01", "2021-12-31"),
    ("quý III/2023", "2023-07-01", "2023-09-30"),
    ("quý IV năm 2020", "2020-10-01", "2020-12-31"),
    ("tính đến tháng 9/2022", None, "2022-09-30"),
    ("tính đến ngày 20/11/2021", None, "2021-11-20"),
    ("đến cuối năm 2026", None, "2026-12-31"),
    ("tháng 2/2024", "2024-02-01", "2024-02-29"),
    ("năm 2019", "2019-01-01", "2019-12-31"),
])
def test_periods_with_their_year(text, start, end):
    [mention] = find_periods(text)
    period = mention.resolve(None)
    assert (period.start, period.end) == (start, end)
    assert not period.inferred


def test_a_period_without_a_year_takes_the_context_and_says_so():
    [mention] = find_periods("3 tháng đầu năm")
    period = mention.resolve(2021)
    assert (period.start, period.end, period.inferred) == ("2021-01-01", "2021-03-31", True)
    assert mention.resolve(None) is None


def test_impossible_months_are_no_periods():
    assert [m.kind for m in find_periods("14 tháng đầu năm 2022")] == ["year"]
    assert find_periods("tháng 0/2022") == []


def test_dates_and_comparisons():
    assert parse_date("5", "1", None, 2023) == ("2023-01-05", True)
    assert parse_date("31", "2", "2023", None) == (None, False)
    q3 = Period("2022-07-01", "2022-09-30")
    assert shift_year(q3, -1) == Period("2021-07-01", "2021-09-30")
    assert previous_span(q3) == Period("2022-04-01", "2022-06-30")
    assert previous_span(Period("2022-01-01", "2022-01-31")).start == "2021-12-01"
    assert shift_year(Period("2023-01-01", "2023-02-28"), 1).end == "2024-02-29"


def test_slugs_drop_diacritics_and_keep_ampersands_apart():
    assert fold("Đoàn Hồng Phúc") == "doan hong phuc"
    assert slugify("Bộ KH&CN") == "bo-kh-cn"
    assert slugify("!!!") == "x"


def roles(clause):
    return [(f.role, f.value, f.unit, f.qualifier) for f in figures_in(clause)]


def test_a_reported_figure_with_change_and_plan_share():
    clause = ("kim ngạch xuất khẩu ước đạt 42,7 tỉ USD, giảm 3,15% so với cùng kỳ năm 2022 "
              "và đạt 48% kế hoạch năm")
    assert roles(clause) == [
        ("value", Decimal("42.7"), "tỉ USD", "estimate"),
        ("change", Decimal("-3.15"), "%", "exact"),
        ("plan", Decimal("48"), "%", "exact"),
    ]


def test_qualifiers_are_read_as_bounds_or_estimates():
    assert roles("có hơn 900 doanh nghiệp")[0][3] == "at-least"
    assert roles("gần 12 triệu tài khoản")[0][3] == "at-most"
    assert roles("khoảng 350 nghìn tỷ đồng")[0][3] == "estimate"
    assert roles("cả nước có 410 hợp tác xã")[0][3] == "exact"  # "nước" is no "ước"


def test_ranks_moves_ranges_and_ratios():
    assert roles("Việt Nam xếp thứ 44/133 quốc gia, tăng 3 bậc") == [
        ("rank", Decimal("44"), "hạng", "exact"), ("move", Decimal("3"), "bậc", "exact")]
    assert roles("tăng 6-7%")[0] == ("change", Decimal("6"), "%", "at-least")
    assert roles("thuộc nhóm 40 nước dẫn đầu")[0] == ("rank", Decimal("40"), "hạng", "at-most")
    assert ratio_figures("47/63 tỉnh đã ban hành")[0][:2] == (47, 63)


def test_years_durations_and_version_numbers_are_not_figures():
    assert roles("năm 2022, sau 3 năm triển khai, Kiến trúc 3.0 và mạng 5G") == []
