"""How figures, dates and periods read in findings: Vietnamese number notation, short periods."""

from __future__ import annotations

from decimal import Decimal

QUALIFIER_SIGNS = {"at-least": "≥ ", "at-most": "≤ ", "estimate": "≈ "}
QUARTERS = {("01-01", "03-31"): 1, ("04-01", "06-30"): 2, ("07-01", "09-30"): 3,
            ("10-01", "12-31"): 4}
HALVES = {("01-01", "06-30"): "H1", ("07-01", "12-31"): "H2"}


def vn_number(value: Decimal | str, places: int | None = None) -> str:
    """Vietnamese notation: '.' groups thousands, ',' marks decimals (123.456; 7,5)."""
    number = Decimal(value)
    if places is not None:  # rounded for display: no trailing zeros
        number = round(number, places)
        number = number.quantize(1) if number == number.to_integral() else number.normalize()
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
    """5/3/2036 for 2036-03-05, 10/2036 for 2036-10, 2036 for 2036."""
    if not day:
        return "?"
    parts = day.split("-")
    return "/".join(str(int(p)) if n else p for n, p in reversed(list(enumerate(parts))))


def period_text(begin: str | None, end: str | None) -> str:
    """2036, H1 2036, Q3 2036, as of 30/6/2036, or the two dates."""
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
