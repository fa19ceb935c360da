"""Ratios the articles state against the figures they relate: change % and share of plan.

"tăng 7,5% so với năm N-1" must match value / (figure reported for N-1) - 1, and
"đạt 41% kế hoạch năm" must match value / (target for that year). Rounding of every stated
digit and the qualifiers ("hơn", "gần") widen what counts as a match; see ``bounds``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from ...text.units import SCALES
from ..bounds import Interval, comparable, relative_gap, stated
from ..context import Context, Fig
from ..model import Finding
from ..text import pct, vn_number
from .common import Rule, grade, same_period, same_scope

CHANGE = Rule(
    "change-vs-figures", "Change % contradicts the figures it relates", "Warning",
    "ChangeContradictsFigures",
    "value / (1 + change) against the figure reported for the compared period, in any article",
)
PLAN = Rule(
    "plan-share-vs-plan", "Share of plan contradicts the plan value", "Warning",
    "PlanShareContradictsPlan",
    "value / plan value against the stated percent of plan, where a target gives the plan",
)
UNIT = Rule(
    "unit-vs-ratio", "Unit contradicts its own ratio", "Warning", "UnitContradictsRatio",
    "a stated ratio holds only when one figure's scale word (nghìn, triệu, tỷ) is dropped",
)
RULES = (CHANGE, PLAN, UNIT)

CHANGE_PAIRS = f"""
SELECT DISTINCT ?a ?b WHERE {{
  ?a a kg:Observation ; kg:indicator ?i ; kg:changePct ?change ; kg:value ?va ;
     kg:comparedPeriod ?pa .
  ?b a kg:Observation ; kg:indicator ?i ; kg:value ?vb ; kg:period ?pb .
  FILTER (?a != ?b)
  {same_period("pa", "pb")}
  {same_scope("a", "b")}
}} ORDER BY ?a ?b"""

# Without kg:planPeriod the plan is the calendar year the figure's period ends in.
PLAN_PAIRS = """
SELECT DISTINCT ?a ?b WHERE {
  ?a a kg:Observation ; kg:indicator ?i ; kg:planPct ?plan ; kg:value ?va .
  ?b a kg:Target ; kg:indicator ?i ; kg:value ?vb ; kg:period ?pb .
  ?pb time:hasEnd/time:inXSDDate ?pb_end .
  OPTIONAL { ?pb time:hasBeginning/time:inXSDDate ?pb_begin }
  OPTIONAL { ?a kg:planPeriod ?pa . ?pa time:hasEnd/time:inXSDDate ?pa_end .
             OPTIONAL { ?pa time:hasBeginning/time:inXSDDate ?pa_begin } }
  OPTIONAL { ?a kg:period/time:hasEnd/time:inXSDDate ?a_end }
  FILTER (IF(BOUND(?pa_end),
             STR(?pa_end) = STR(?pb_end)
               && (!BOUND(?pa_begin) || !BOUND(?pb_begin) || STR(?pa_begin) = STR(?pb_begin)),
             STR(?pb_end) = CONCAT(SUBSTR(STR(?a_end), 1, 4), "-12-31")))
} ORDER BY ?a ?b"""


@dataclass(frozen=True)
class Ratio:
    """``num`` / ``den`` stated as ``lexical`` percent: a change (1 + c) or a share of plan."""

    num: Fig
    den: Fig
    lexical: str
    kind: str
    factor: Decimal  # turns den's unit into num's

    @property
    def want(self) -> Interval:
        given = stated(self.lexical, trailing_zeros=False).scaled(Decimal("0.01"))
        return Interval(given.lo + 1, given.hi + 1) if self.kind == "change" else given

    @property
    def got(self) -> Interval:
        return self.num.interval / self.den.interval.scaled(self.factor)

    @property
    def point(self) -> Decimal:
        """The ratio the two stated values give, as a percentage (change or share)."""
        share = Decimal(self.num.lexical) / (Decimal(self.den.lexical) * self.factor) * 100
        return share - 100 if self.kind == "change" else share

    @property
    def implied(self) -> Decimal:
        """The compared figure or plan the stated ratio implies, in den's unit."""
        ratio = Decimal(self.lexical) / 100 + (1 if self.kind == "change" else 0)
        return Decimal(self.num.lexical) / ratio / self.factor


def check(ctx: Context) -> Iterator[Finding]:
    """Each stated ratio is judged against the figure that fits it best.

    One indicator may carry several figures for the compared period (the whole sector and
    its parts): the ratio is wrong only when none of them fits.
    """
    groups: dict[tuple[str, str], list[Ratio]] = {}
    for ratio in _ratios(ctx):
        groups.setdefault((ratio.kind, ratio.num.node), []).append(ratio)
    agree = ctx.tolerances.agree
    for group in groups.values():
        finding = judge(min(group, key=lambda r: _fit(r, agree)), ctx)
        if finding is not None:
            yield finding


def _ratios(ctx: Context) -> Iterator[Ratio]:
    seen = set()
    for query, kind in ((CHANGE_PAIRS, "change"), (PLAN_PAIRS, "plan")):
        for row in ctx.select(query):
            num, den = ctx.figures.get(row["a"]), ctx.figures.get(row["b"])
            if num is None or den is None:
                continue
            factor = comparable(num.unit, den.unit)
            key = (kind, num.node, den.lexical, den.unit, den.qualifier)
            if factor is None or key in seen or Decimal(den.lexical) <= 0:
                continue
            seen.add(key)
            yield Ratio(num, den, num.change if kind == "change" else num.plan_pct, kind, factor)


def _fit(ratio: Ratio, agree: Decimal) -> Decimal:
    """The gap once a dropped scale word or a thousands comma is allowed for."""
    gap = relative_gap(ratio.want, ratio.got)
    if _scale_fix(ratio, agree) or _comma_fix(ratio, agree):
        return min(gap, agree)
    return gap


def judge(ratio: Ratio, ctx: Context) -> Finding | None:
    """A finding when the stated ratio and the figures disagree beyond rounding."""
    t = ctx.tolerances
    gap = relative_gap(ratio.want, ratio.got)
    if gap <= t.agree or _comma_fix(ratio, t.agree):
        return None  # a thousands comma is the comma-notation rule's finding
    scale = _scale_fix(ratio, t.agree)
    if scale is not None:
        return _unit_finding(ratio, *scale)
    if not Decimal("0.1") < ratio.got.mid / ratio.want.mid < 10:
        return _mismatch_finding(ratio)
    graded = grade(gap, ratio.num.estimate or ratio.den.estimate, t)
    return None if graded is None else _ratio_finding(ratio, *graded)


def _scale_fix(ratio: Ratio, agree: Decimal) -> tuple[Fig, str] | None:
    """The figure and scale word whose removal makes the ratio hold, if any."""
    for fig, power in ((ratio.num, -1), (ratio.den, 1)):
        for word in fig.unit.split():
            scale = SCALES.get(word.lower())
            if scale and relative_gap(ratio.want, ratio.got.scaled(scale ** power)) <= agree:
                return fig, word
    return None


def _comma_fix(ratio: Ratio, agree: Decimal) -> bool:
    """A figure with a comma and three digits, and the ratio holds at a thousandfold."""
    if not (ratio.num.comma_form or ratio.den.comma_form):
        return False
    return any(relative_gap(ratio.want, ratio.got.scaled(f)) <= agree
               for f in (Decimal(1000), Decimal("0.001")))


def _stated(ratio: Ratio) -> str:
    """The ratio as the article states it: +7,5 % or 41 % of plan."""
    number = vn_number(ratio.lexical)
    if ratio.kind == "change":
        return f"{'' if number.startswith('-') else '+'}{number} %"
    return f"{number} % of plan"


def _computed(ratio: Ratio) -> str:
    return pct(ratio.point) if ratio.kind == "change" else f"{vn_number(ratio.point, 1)} %"


def _formula(ratio: Ratio) -> str:
    tail = " - 1" if ratio.kind == "change" else ""
    return f"{ratio.num.figure('').value} / {ratio.den.figure('').value}{tail} = {_computed(ratio)}"


def _figures(ratio: Ratio) -> tuple:
    den = ratio.den
    role = f"compared period ({den.period})" if ratio.kind == "change" else f"plan ({den.period})"
    return ratio.num.figure(f"reported ({ratio.num.period})"), den.figure(role)


def _ratio_finding(ratio: Ratio, kind: str, severity: str) -> Finding:
    num, den = ratio.num, ratio.den
    rule = CHANGE if ratio.kind == "change" else PLAN
    what = "change" if ratio.kind == "change" else "plan"
    apart = abs(ratio.implied - Decimal(den.lexical)) / Decimal(den.lexical) * 100
    against = f"the {vn_number(den.lexical)} {den.unit} reported {for_period(den)}" \
        if ratio.kind == "change" else f"a plan of {vn_number(den.lexical)} {den.unit} " \
        f"{for_period(den)}"
    message = (f"{num.label} ({num.period}) is stated as {_stated(ratio)}, but against "
               f"{against} it is {_computed(ratio)}: a {kind}.")
    computation = (f"{_formula(ratio)} (stated {_stated(ratio)}); the stated {what} implies "
                   f"{vn_number(ratio.implied, 0)} {den.unit} {for_period(den)}, "
                   f"{vn_number(apart, 1)} % away from the {vn_number(den.lexical)} reported.")
    return Finding(rule.name, severity, message, _figures(ratio), computation, kind)


def _mismatch_finding(ratio: Ratio) -> Finding:
    """More than tenfold apart and no slip explains it: two different measures, most likely."""
    num, den = ratio.num, ratio.den
    rule = CHANGE if ratio.kind == "change" else PLAN
    message = (f"{num.label} ({num.period}) is stated as {_stated(ratio)}, but the only figure "
               f"of this indicator {for_period(den)}, {den.figure('').value} ({den.label}), is "
               f"more than tenfold off: probably a different measure under the same indicator.")
    computation = f"{_formula(ratio)} (stated {_stated(ratio)})"
    return Finding(rule.name, "Info", message, _figures(ratio), computation, "mismatch")


def for_period(fig: Fig) -> str:
    """'for 2036', or 'as of 30/6/2036' for a stock."""
    return fig.period if fig.period.startswith("as of") else f"for {fig.period}"


def _without(ratio: Ratio, fig: Fig, unit: str) -> Ratio:
    """The same ratio with ``fig`` read in ``unit``."""
    num = replace(ratio.num, unit=unit) if fig is ratio.num else ratio.num
    den = replace(ratio.den, unit=unit) if fig is ratio.den else ratio.den
    return replace(ratio, num=num, den=den, factor=comparable(num.unit, den.unit))


def _unit_finding(ratio: Ratio, fig: Fig, word: str) -> Finding:
    unit = " ".join(w for w in fig.unit.split() if w != word)
    fixed = _without(ratio, fig, unit)
    message = (f"{ratio.num.label} ({ratio.num.period}): {fig.figure('').value} contradicts "
               f"its own {_stated(ratio)}, which only holds for "
               f"{fig.figure('', unit=unit).value}; the '{word}' in the unit looks wrong.")
    computation = (f"as written {_formula(ratio)}; without '{word}' {_formula(fixed)} "
                   f"(stated {_stated(ratio)}).")
    return Finding(UNIT.name, "Warning", message, _figures(ratio), computation, "unit")
