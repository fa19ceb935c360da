"""Drafts to facts: each figure read becomes an Observation or a Target, with its clause quoted.

A figure restated in the article is one fact: the same level said twice is kept once, and a
bare level said again with its change or plan share gives way to the fuller statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..facts import Evidence, Meeting, Observation, Period, Target
from ..text.periods import year_span
from .context import ArticleContext
from .figure_goals import setting_document
from .figure_periods import explicit_span
from .indicators import keep_restated
from .series import ArticleScope, series_of


@dataclass
class Draft:
    """A figure being assembled from one clause."""

    value: Decimal | None
    unit: str
    qualifier: str
    indicator: str
    start: int
    end: int
    period: Period | None
    rule: str
    change: Decimal | None = None
    compared: Period | None = None
    plan_pct: Decimal | None = None
    plan_period: Period | None = None
    target: bool = False
    level: bool = False
    scope: str | None = None
    local: ArticleScope | None = None
    extra: list = field(default_factory=list)
    depth: int = 0  # brackets open around the figure: a breakdown "(trong đó: …)" is deeper


def facts_of(drafts: list[Draft], ctx: ArticleContext, meeting: Meeting | None,
             article: ArticleScope) -> tuple[list[Observation], list[Target]]:
    """(observations, targets) of the drafts, each restatement kept once."""
    kept: dict[tuple, list] = {}
    key = meeting.key if meeting else None
    for d in drafts:
        for fact in _facts(d, ctx, key, article):
            same = (type(fact).__name__, fact.value, fact.unit, fact.change_pct,
                    fact.period and (fact.period.start, fact.period.end), _plan(fact))
            keep_restated(kept.setdefault(same, []), fact)
    facts = _without_bare_restatements(
        sorted((f for group in kept.values() for f in group), key=lambda f: f.evidence.start))
    return ([f for f in facts if isinstance(f, Observation)],
            [f for f in facts if isinstance(f, Target)])


def _facts(d: Draft, ctx: ArticleContext, meeting: str | None, article: ArticleScope):
    """The draft's own fact, then the figures in brackets it carries (a base, a plan)."""
    evidence = _evidence(ctx, d)
    series = series_of(d.indicator, d.scope, d.local or article)
    concept = series.key
    if d.target:
        document = None if meeting else setting_document(ctx.text)
        period = d.period
        if period and d.level and period.start is None and period.end:
            period = year_span(int(period.end[:4]))  # a level set as a goal for a year
        if period and period.start and period.end and period.start[:4] == period.end[:4] \
                and not explicit_span(ctx.text[evidence.start:evidence.end]) \
                and d.rule != "figure:planned-rate":
            period = year_span(int(period.end[:4]))
        yield Target(d.indicator, concept, d.value, d.unit, d.qualifier, period, evidence,
                     d.change, meeting, document, series)
    else:
        yield Observation(d.indicator, concept, d.value, d.unit, d.qualifier, d.period,
                          evidence, d.change, d.compared, d.plan_pct, d.plan_period, meeting,
                          d.scope, series)
    for kind, fig, period in d.extra:
        if kind == "target":
            yield Target(d.indicator, concept, fig.value, fig.unit or d.unit, "exact", period,
                         evidence, None, meeting, series=series)
        else:
            yield Observation(d.indicator, concept, fig.value, fig.unit or d.unit, "exact",
                              period, evidence, meeting=meeting, scope=d.scope, series=series)


def _evidence(ctx: ArticleContext, d: Draft) -> Evidence:
    """The clause of the sentence the figure is read in."""
    sentence = ctx.sentence_at(d.start)
    start = max(sentence.start, d.start)
    end = max(d.end, min(sentence.end, d.end))
    clause_start = ctx.text.rfind(";", sentence.start, start)
    start = clause_start + 1 if clause_start != -1 else sentence.start
    while start < end and ctx.text[start].isspace():
        start += 1
    return ctx.evidence(start, end, d.rule)


def _plan(fact) -> Decimal | None:
    return getattr(fact, "plan_pct", None)


def _without_bare_restatements(facts: list) -> list:
    """A level stated once more fully (with its change, its plan share) is one fact: keep the
    fuller statement."""
    def key(f):
        return type(f), f.value, f.unit, f.concept, f.period and (f.period.start, f.period.end)

    def covered(f, g) -> bool:  # g says all f says, and more
        mine, theirs = (f.change_pct, _plan(f)), (g.change_pct, _plan(g))
        return all(a is None or a == b for a, b in zip(mine, theirs, strict=True)) and \
            sum(a is not None for a in theirs) > sum(a is not None for a in mine)

    return [f for f in facts if f.value is None or not any(
        key(g) == key(f) and covered(f, g) for g in facts)]
