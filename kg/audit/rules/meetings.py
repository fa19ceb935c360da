"""Meetings dated against what they review.

A "hội nghị tổng kết năm N" reviews year N, so it is held in the last month of N at the
earliest (year-end reviews in late December are common); and a meeting named for years N
and N+1 is held in one of those years or the year after, not in N-1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..context import Context
from ..model import Figure, Finding
from ..text import date_text, period_text
from .common import Rule

RULE = Rule(
    "meeting-date", "Meeting dated before the period it reviews", "Warning",
    "MeetingDate",
    "a review meeting dated before its period ends, or in a year its name does not imply",
)
RULES = (RULE,)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

MEETINGS = """
SELECT DISTINCT ?meeting ?date ?label ?begin ?end WHERE {
  ?meeting schema:startDate ?date .
  OPTIONAL { ?meeting rdfs:label ?label }
  OPTIONAL { ?meeting kg:reviewsPeriod ?p .
             OPTIONAL { ?p time:hasBeginning/time:inXSDDate ?begin }
             OPTIONAL { ?p time:hasEnd/time:inXSDDate ?end } }
} ORDER BY ?meeting"""


def check(ctx: Context) -> Iterator[Finding]:
    seen = set()
    for row in ctx.select(MEETINGS):
        if row["meeting"] in seen:
            continue
        seen.add(row["meeting"])
        problem = before_period_end(row) or outside_named_years(row)
        if problem:
            message, computation = problem
            yield Finding(RULE.name, "Warning", message, _figures(ctx, row), computation,
                          "date")


def before_period_end(row: dict[str, str]) -> tuple[str, str] | None:
    """Held before the last month of the reviewed period, at the meeting date's precision."""
    held, end = row["date"], row.get("end")
    if not end or held >= last_month(end)[: len(held)]:
        return None
    reviewed = period_text(row.get("begin"), end)
    message = (f"{_name(row)} is dated {date_text(held)}, before the end of the period it "
               f"reviews ({reviewed}, which ends {date_text(end)}).{_hint(held, end)}")
    return message, f"meeting date {held} < {last_month(end)}, the start of the last month " \
                    f"of the reviewed period ({end})"


def last_month(end: str) -> str:
    """The first day of the month a period ends in: 2036-12-01 for 2036-12-31 or 2036."""
    return f"{end[:4]}-{end[5:7] or '12'}-01"


def outside_named_years(row: dict[str, str]) -> tuple[str, str] | None:
    """Held in a year its name does not imply: not a named year nor the year after one."""
    years = {int(y) for y in YEAR.findall(row.get("label", ""))}
    held = int(row["date"][:4])
    allowed = years | {y + 1 for y in years}
    if not years or held in allowed:
        return None
    named = ", ".join(str(y) for y in sorted(years))
    message = (f"{_name(row)} is dated {date_text(row['date'])}, but its name refers to "
               f"{named}.")
    return message, f"meeting year {held} not in the named years {named} or the year after"


def _hint(held: str, end: str) -> str:
    """A month that lost its leading '1' (2 for 12) is a common slip; say so when it fits."""
    if len(held) != 10:
        return ""
    year, month, day = (int(p) for p in held.split("-"))
    if month > 2:
        return ""
    try:
        fixed = date(year, month + 10, day).isoformat()
    except ValueError:
        return ""
    return f" Perhaps {date_text(fixed)} was meant." if fixed >= last_month(end) else ""


def _name(row: dict[str, str]) -> str:
    return f"“{row['label']}”" if row.get("label") else "A meeting"


def _figures(ctx: Context, row: dict[str, str]) -> tuple[Figure, ...]:
    period = period_text(row.get("begin"), row.get("end")) if row.get("end") else ""
    quotes = ctx.quotes.get(row["meeting"]) or (None,)
    return tuple(
        Figure("meeting date", row["meeting"], row.get("label", ""), date_text(row["date"]),
               f"reviews {period}" if period else "", q.source if q else "", q)
        for q in quotes
    )
