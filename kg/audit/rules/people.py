"""An official whose title in one article conflicts with another article of the same time.

"Thứ trưởng Bộ X" in one report and "Bộ trưởng Bộ X" a month later, for the same person
and organization: one of the two articles has the title wrong (or the person was promoted).
A longer title that starts with the shorter one ("Bộ trưởng", "Bộ trưởng Bộ X") agrees.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Figure, Finding
from .common import Rule

RULE = Rule(
    "title-conflict", "Conflicting titles for one official", "Warning", "ConflictingTitles",
    "one person, one organization, different titles in articles of the same half year",
)
RULES = (RULE,)

PAIRS = """
SELECT DISTINCT ?m1 ?m2 ?name ?t1 ?t2 ?a1 ?a2 ?org WHERE {
  ?m1 a org:Membership ; org:member ?person ; kg:title ?t1 ; prov:wasDerivedFrom ?a1 .
  ?m2 a org:Membership ; org:member ?person ; kg:title ?t2 ; prov:wasDerivedFrom ?a2 .
  FILTER (STR(?m1) < STR(?m2) && ?a1 != ?a2)
  OPTIONAL { ?m1 org:organization ?o1 }
  OPTIONAL { ?m2 org:organization ?o2 }
  FILTER ((!BOUND(?o1) && !BOUND(?o2)) || ?o1 = ?o2)
  OPTIONAL { ?o1 rdfs:label ?org }
  OPTIONAL { ?person schema:name ?name }
} ORDER BY ?m1 ?m2 ?a1 ?a2"""


def compatible(first: str, second: str) -> bool:
    """Equal titles, or one that extends the other ("Bộ trưởng" and "Bộ trưởng Bộ X")."""
    a, b = " ".join(first.lower().split()), " ".join(second.lower().split())
    return a.startswith(b) or b.startswith(a)


def check(ctx: Context) -> Iterator[Finding]:
    seen = set()
    for row in ctx.select(PAIRS):
        key = (row["m1"], row["m2"])
        if key in seen or compatible(row["t1"], row["t2"]):
            continue
        months = months_apart(ctx.article_dates.get(row["a1"]), ctx.article_dates.get(row["a2"]))
        if months is None or months > ctx.tolerances.title_window_months:
            continue
        seen.add(key)
        yield _finding(ctx, row, months)


def months_apart(first: str | None, second: str | None) -> int | None:
    """Whole months between two dates; a bare year counts as its middle (July)."""
    if not first or not second:
        return None
    return abs(_month(first) - _month(second))


def _month(day: str) -> int:
    parts = day.split("-")
    return int(parts[0]) * 12 + (int(parts[1]) if len(parts) > 1 else 7)


def _finding(ctx: Context, row: dict[str, str], months: int) -> Finding:
    name, org = row.get("name", "An official"), row.get("org")
    where = f" of {org}" if org else ""
    figures = tuple(_title(ctx, row[m], row[t], row[a], name)
                    for m, t, a in (("m1", "t1", "a1"), ("m2", "t2", "a2")))
    message = (f"{name} is “{row['t1']}”{where} in {figures[0].source} but “{row['t2']}” in "
               f"{figures[1].source}, articles {_months(months)} apart.")
    computation = f"titles differ and neither extends the other; articles {_months(months)} apart"
    return Finding(RULE.name, "Warning", message, figures, computation, "title")


def _months(n: int) -> str:
    return "less than a month" if n == 0 else f"{n} month{'s' if n > 1 else ''}"


def _title(ctx: Context, node: str, title: str, article: str, name: str) -> Figure:
    quote = next((q for q in ctx.quotes.get(node, ()) if q.article == article), None)
    source = quote.source if quote else article.rsplit("/", 1)[-1]
    return Figure("title", node, name, title, ctx.article_dates.get(article, ""), source, quote)
