"""How figures, dates and periods read in findings: Vietnamese number notation, short periods."""

from __future__ import annotations

from decimal import Decimal

QUALIFIER_SIGNS = {"at-least": "≥ ", "at-most": "≤ ", "estimate": "≈ "}
QUARTERS = {("01-01", "03-31"): 1, ("04-01", "06-30"): 2, ("07-01", "09-30"): 3,
            ("10-01", "12-31"): 4}
HALVES = {("01-01", "06-30"): "H1", ("07-01", "12-31"): "H2"}


def vn_number(value: Decimal | str, places: int | None = None) -> str:
    """Vietnamese notation: '.' groups thousands, ',' marks decimals (109.478; 15,1)."""
    number = Decimal(value)
    if places is not None:
        number = round(number, places)
    text = format(number, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{fraction}" if fraction else f"{sign}{groups}"


def pct(value: Decimal, places: int = 1) -> str:
    """A signed percentage with Vietnamese decimals: +10,2 %."""
    sign = "+" if value > 0 else ""
    return f"{sign}{vn_number(value, places)} %"


def value_text(lexical: str, unit: str = "", qualifier: str = "") -> str:
    """A figure as stated: '≥ 1,6 triệu tỷ đồng'."""
    number = vn_number(lexical) if lexical else "?"
    return f"{QUALIFIER_SIGNS.get(qualifier, '')}{number} {unit}".strip()


def date_text(day: str | None) -> str:
    """29/2/2024 for 2024-02-29, 10/2024 for 2024-10, 2024 for 2024."""
    if not day:
        return "?"
    parts = day.split("-")
    return "/".join(str(int(p)) if n else p for n, p in reversed(list(enumerate(parts))))


def period_text(begin: str | None, end: str | None) -> str:
    """2024, H1 2024, Q3 2023, as of 30/6/2023, or the two dates."""
    if not begin and not end:
        return "period not stated"
    if not begin:
        return f"as of {date_text(end)}"
    if not end:
        return f"from {date_text(begin)}"
    if len(begin) != 10 or len(end) != 10 or begin[:4] != end[:4]:
        return f"{date_text(begin)}–{date_text(end)}"
    year, span = begin[:4], (begin[5:], end[5:])
    if span == ("01-01", "12-31"):
        return year
    if span in HALVES:
        return f"{HALVES[span]} {year}"
    if span in QUARTERS:
        return f"Q{QUARTERS[span]} {year}"
    return f"{date_text(begin)}–{date_text(end)}"
