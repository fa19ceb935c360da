"""Target tracking: each target against the latest figure reported for its indicator and period.

The matching, the choice of the latest figure and the met / missed verdict are the competency
query ``queries/target-progress.rq``; this module words its answer.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..query import load_query
from .bounds import comparable
from .context import Context
from .model import Figure, TargetProgress
from .text import date_text, period_text, vn_number

QUERY = "target-progress"


def track(ctx: Context, queries: Path) -> tuple[TargetProgress, ...]:
    """One progress record per target, in the query's order."""
    _, sparql = load_query(QUERY, queries)
    rows: dict[str, dict[str, str]] = {}
    for row in ctx.select(sparql):  # a meeting known by two names gives a target two rows
        rows.setdefault(row["target"], row)
    return tuple(progress(ctx, row) for row in rows.values())


def progress(ctx: Context, row: dict[str, str]) -> TargetProgress:
    period = period_text(row.get("period_start"), row.get("period_end"))
    target = _figure(ctx, row, "target", f"target for {period}", row["target_source"])
    observed = None
    if row.get("observation"):
        observed = _figure(ctx, row, "observed", f"reported for {period}",
                           row["observed_source"], node=row["observation"])
    set_at = row.get("set_at_label", "")
    if row.get("set_at_date"):
        set_at = f"{set_at} ({date_text(row['set_at_date'])})".strip()
    return TargetProgress(row["status"], target, observed, _computation(row, period), set_at)


def _figure(ctx: Context, row: dict[str, str], side: str, role: str, source: str,
            node: str | None = None) -> Figure:
    node = node or row["target"]
    fig = ctx.figures.get(node)
    value = fig.figure(role).value if fig else _change_text(row.get(f"{side}_change"))
    period = period_text(row.get("period_start"), row.get("period_end"))
    return Figure(role, node, row["indicator"], value, period, source, ctx.quote(node))


def _change_text(lexical: str | None) -> str:
    if not lexical:
        return "?"
    number = vn_number(lexical)
    return f"{'' if number.startswith('-') else '+'}{number} %"


def _computation(row: dict[str, str], period: str) -> str:
    if row["status"] == "unknown":
        return f"no comparable figure reported yet for {period}"
    if not row.get("target_value"):
        got, goal = _change_text(row["observed_change"]), _change_text(row["target_change"])
        return f"reported change {got} against a target of {goal}: {row['status']}"
    unit = row.get("target_unit", "")
    goal = Decimal(row["target_value"])
    got = Decimal(row["observed_value"]) * (comparable(unit, row.get("observed_unit", "")) or 1)
    share = got / goal * 100 if goal else Decimal(0)
    diff = got - goal
    verb = "ahead by" if diff >= 0 else "short by"
    by = f"{vn_number(abs(diff), 2)} percentage points" if unit == "%" else \
        f"{vn_number(abs(diff), 2)} {unit} ({vn_number(abs(share - 100), 1)} %)".replace("  ", " ")
    return (f"{vn_number(got, 2)} of {vn_number(goal)} {unit} is {vn_number(share, 1)} % of the "
            f"target: {verb} {by}").replace("  ", " ")
