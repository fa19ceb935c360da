"""One indicator, scope and period reported with different values by different articles.

"Doanh thu ... năm N đạt 123.456 tỷ đồng" in one report and another value for the
same year in the next: both cannot be right, unless one is an estimate since revised.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..bounds import comparable
from ..context import Context, Fig
from ..model import Finding
from ..text import vn_number
from .common import Rule, grade, same_period, same_scope

RULE = Rule(
    "restated-figure", "Same figure, different values", "Warning", "SameFigureDifferentValues",
    "one indicator, scope and period reported with values that differ beyond rounding",
)
RULES = (RULE,)

PAIRS = f"""
SELECT DISTINCT ?a ?b WHERE {{
  ?a a kg:Observation ; kg:indicator ?i ; kg:value ?va ; kg:period ?pa ;
     prov:wasDerivedFrom ?article_a .
  ?b a kg:Observation ; kg:indicator ?i ; kg:value ?vb ; kg:period ?pb ;
     prov:wasDerivedFrom ?article_b .
  FILTER (?article_a != ?article_b && STR(?a) < STR(?b))
  {same_period("pa", "pb", strict=True)}
  {same_scope("a", "b")}
}} ORDER BY ?a ?b"""


def check(ctx: Context) -> Iterator[Finding]:
    seen = set()
    for row in ctx.select(PAIRS):
        a, b = ctx.figures.get(row["a"]), ctx.figures.get(row["b"])
        if a is None or b is None:
            continue
        key = tuple(sorted(((a.source, a.lexical, a.unit), (b.source, b.lexical, b.unit))))
        if key not in seen:
            seen.add(key)
            finding = judge(a, b, ctx)
            if finding is not None:
                yield finding


def judge(a: Fig, b: Fig, ctx: Context) -> Finding | None:
    """A finding when the two values cannot both be the stated figure, allowing for rounding."""
    factor = comparable(a.unit, b.unit)
    if factor is None:
        return None
    first, second = a.interval, b.interval.scaled(factor)
    smaller = min(abs(first.mid), abs(second.mid))
    if not smaller:
        return None
    gap = first.gap(second) / smaller
    graded = grade(gap, a.estimate or b.estimate, ctx.tolerances)
    if graded is None:
        return None
    kind, severity = graded
    apart = abs(Decimal(a.lexical) - Decimal(b.lexical) * factor) / smaller * 100
    message = (f"{a.label} ({a.period}) is {a.figure('').value} in {a.source} but "
               f"{b.figure('').value} in {b.source}: a {kind}.")
    computation = f"{a.figure('').value} vs {b.figure('').value}: {vn_number(apart, 1)} % apart" \
                  f" (beyond the rounding of the stated digits)"
    figures = (a.figure(f"reported in {a.source}"), b.figure(f"reported in {b.source}"))
    return Finding(RULE.name, severity, message, figures, computation, kind)
