"""Dates and periods in Vietnamese reporting.

    ngày 29/12/2023, 29/7, tháng 10/2024       -> dates (the year may come from context)
    6 tháng đầu năm 2024, 6 tháng cuối năm      -> half years;  3 tháng đầu năm -> Jan..Mar
    quý I/2024, quý II năm 2023                 -> quarters;    năm 2025 -> a year
    tính đến tháng 6/2023, đến ngày 18/6/2023   -> stocks: (None, end)
    cùng kỳ, cùng kỳ năm 2023, so với năm trước -> the compared span
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..facts import Period

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
YEAR = r"(?:19|20)\d{2}"


def month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def iso(year: int, month: int, day: int) -> str | None:
    try:
        calendar.monthrange(year, month)
    except (ValueError, calendar.IllegalMonthError):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def year_span(year: int) -> Period:
    return Period(f"{year}-01-01", f"{year}-12-31", f"năm {year}")


@dataclass(frozen=True)
class PeriodMention:
    """A period as written; ``year`` is None when the text leaves it to context."""

    kind: str
    start: int
    end: int
    year: int | None
    a: int = 0
    b: int = 0

    def resolve(self, context_year: int | None) -> Period | None:
        year = self.year or context_year
        if year is None:
            return None
        period = _RESOLVERS[self.kind](self, year)
        if period is not None and self.year is None:
            period = Period(period.start, period.end, period.label, inferred=True)
        return period


def _first_months(m: PeriodMention, y: int) -> Period:
    return Period(f"{y}-01-01", month_end(y, m.a), f"{m.a} tháng đầu năm {y}")


def _last_months(m: PeriodMention, y: int) -> Period:
    return Period(f"{y}-{13 - m.a:02d}-01", f"{y}-12-31", f"{m.a} tháng cuối năm {y}")


def _quarter(m: PeriodMention, y: int) -> Period:
    first = 3 * m.a - 2
    return Period(f"{y}-{first:02d}-01", month_end(y, first + 2), f"quý {m.a}/{y}")


def _month(m: PeriodMention, y: int) -> Period:
    return Period(f"{y}-{m.a:02d}-01", month_end(y, m.a), f"tháng {m.a}/{y}")


def _as_of_month(m: PeriodMention, y: int) -> Period:
    return Period(None, month_end(y, m.a), f"đến tháng {m.a}/{y}")


def _as_of_day(m: PeriodMention, y: int) -> Period | None:
    day = iso(y, m.b, m.a)
    return Period(None, day, f"đến {day}") if day else None


def _as_of_year_end(m: PeriodMention, y: int) -> Period:
    return Period(None, f"{y}-12-31", f"đến cuối năm {y}")


_RESOLVERS = {
    "first_months": _first_months, "last_months": _last_months, "quarter": _quarter,
    "month": _month, "as_of_month": _as_of_month, "as_of_day": _as_of_day,
    "as_of_year_end": _as_of_year_end, "year": lambda m, y: year_span(y),
}

# Month counts written in words: "Sáu tháng đầu năm", "chín tháng".
_WORD_NUMBERS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                 "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_COUNT = r"(?<!\w)(\d{1,2}|mười một|mười hai|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"

_PATTERNS = [
    ("first_months", rf"{_COUNT} tháng đầu (?:năm)?(?:\s*({YEAR}))?"),
    ("last_months", rf"{_COUNT} tháng cuối (?:năm)?(?:\s*({YEAR}))?"),
    ("quarter", rf"quý (IV|III|II|I|[1-4])(?:\s*(?:/|-|năm)\s*({YEAR}))?"),
    ("as_of_day", rf"(?:tính )?(?:đến|tới) (?:hết )?ngày (\d{{1,2}})[/-](\d{{1,2}})"
                  rf"(?:[/-]({YEAR}))?"
                  rf"|tính (?:đến|tới) (?:hết )?(\d{{1,2}})[/.-](\d{{1,2}})(?:[/-]({YEAR}))?"
                  rf"(?!\d|,\d)"),
    ("as_of_month", rf"(?:tính )?đến (?:hết |cuối )?tháng (\d{{1,2}})(?:\s*(?:/|năm)\s*({YEAR}))?"),
    ("as_of_year_end", rf"(?:(?:đến|tới) (?:hết |cuối )|(?<!tháng )cuối )năm(?:\s+({YEAR}))?"),
    ("month", rf"tháng (\d{{1,2}})(?:\s*(?:/|-|năm)\s*({YEAR}))?(?![\d/])"),
    ("first_months", rf"(?:trong\s+)?(\d{{1,2}}) tháng(?!\s+(?:đầu|cuối|trước|qua|tới|nay))"
                     rf"(?:\s+năm\s+({YEAR}))?"),
    ("year", rf"năm ({YEAR})"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]


def find_periods(text: str) -> list[PeriodMention]:
    """Every period mention, leftmost-longest, without overlaps."""
    found: list[PeriodMention] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            mention = _mention(kind, m)
            if mention is not None:
                found.append(mention)
    return sorted(found, key=lambda f: f.start)


_MONTH_KINDS = {"first_months", "last_months", "month", "as_of_month"}


def _mention(kind: str, m: re.Match) -> PeriodMention | None:
    """The mention, or None when its numbers are no month ("13 tháng đầu năm", "tháng 0")."""
    groups = m.groups()
    if len(groups) == 6:  # two spellings of one kind: keep the one that matched
        groups = groups[:3] if groups[0] is not None else groups[3:]
    year = int(groups[-1]) if groups[-1] and re.fullmatch(YEAR, groups[-1]) else None
    if kind == "year":
        return PeriodMention(kind, m.start(), m.end(), int(groups[0]))
    if kind == "as_of_year_end":
        return PeriodMention(kind, m.start(), m.end(), year)
    first = groups[0].lower()
    a = ROMAN[groups[0].upper()] if kind == "quarter" else _WORD_NUMBERS.get(first) or int(first)
    b = int(groups[1]) if kind == "as_of_day" else 0
    if kind in _MONTH_KINDS and not 1 <= a <= 12:
        return None
    return PeriodMention(kind, m.start(), m.end(), year, a, b)


def previous_span(period: Period) -> Period | None:
    """The month or quarter before ("so với tháng trước", "so với quý trước")."""
    if not period.start or not period.end:
        return None
    y, m = int(period.start[:4]), int(period.start[5:7])
    months = int(period.end[5:7]) - m + 1
    m -= months
    if m < 1:
        y, m = y - 1, m + 12
    return Period(f"{y:04d}-{m:02d}-01", month_end(y, m + months - 1), "")


def shift_year(period: Period, years: int) -> Period:
    """The same span ``years`` earlier or later ("cùng kỳ")."""

    def move(day: str | None) -> str | None:
        if day is None:
            return None
        y, rest = int(day[:4]) + years, day[4:]
        if rest == "-02-29" and not calendar.isleap(y):
            return f"{y}-02-28"
        if rest == "-02-28" and calendar.isleap(y) and period.end == day and period.start \
                and period.start[5:7] != "02":
            return f"{y}-02-29"  # a span ending with February ends on its last day
        return f"{y}{rest}"

    return Period(move(period.start), move(period.end), "", period.inferred)


def with_year(period: Period, year: int) -> Period:
    return shift_year(period, year - int((period.end or period.start)[:4]))


DATE_RE = re.compile(rf"(?<![\d/])(\d{{1,2}})/(\d{{1,2}})(?:/({YEAR}))?(?![\d/])")
# A day written after "ngày", "sáng", "chiều" may use any separator: "Ngày 20-12", "ngày 20.7".
DAY_RE = re.compile(rf"(?<![\d/.-])(\d{{1,2}})([/.-])(\d{{1,2}})(?:\2({YEAR}))?(?![\d/]|\.\d)")


def parse_date(day: str, month: str, year: str | None, context_year: int | None
               ) -> tuple[str | None, bool]:
    """ISO date for "29/7" or "29/12/2023"; the flag says the year came from context."""
    y = int(year) if year else context_year
    if y is None:
        return None, False
    return iso(y, int(month), int(day)), year is None
