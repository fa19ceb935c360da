"""What the rule modules share: the rule record, SPARQL fragments, and grading a gap."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..context import Context, Tolerances
from ..model import Finding

Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule as the report and the docs name it; ``shape`` is its twin in quality.ttl."""

    name: str
    title: str
    severity: str
    shape: str
    description: str


def same_period(a: str, b: str, strict: bool = False) -> str:
    """SPARQL: periods ?a and ?b end on the same day and start on the same day.

    Unless ``strict``, a period without a start (a stock counted at its end) matches any
    period with that end: "68.000 doanh nghiệp tính đến 30/6" and "6 tháng đầu năm".
    """
    either = "" if strict else f"!BOUND(?{a}_begin) || !BOUND(?{b}_begin) || "
    both = f"(!BOUND(?{a}_begin) && !BOUND(?{b}_begin)) || " if strict else ""
    return f"""
    ?{a} time:hasEnd/time:inXSDDate ?{a}_end . ?{b} time:hasEnd/time:inXSDDate ?{b}_end .
    FILTER (STR(?{a}_end) = STR(?{b}_end))
    OPTIONAL {{ ?{a} time:hasBeginning/time:inXSDDate ?{a}_begin }}
    OPTIONAL {{ ?{b} time:hasBeginning/time:inXSDDate ?{b}_begin }}
    FILTER ({either}{both}STR(?{a}_begin) = STR(?{b}_begin))
    """


def same_scope(a: str, b: str) -> str:
    """SPARQL: figures ?a and ?b do not name different scopes ("cả nước" vs "Cần Thơ")."""
    return f"""
    OPTIONAL {{ ?{a} kg:scope ?{a}_scope }} OPTIONAL {{ ?{b} kg:scope ?{b}_scope }}
    FILTER (!BOUND(?{a}_scope) || !BOUND(?{b}_scope)
            || LCASE(STR(?{a}_scope)) = LCASE(STR(?{b}_scope)))
    """


def grade(gap: Decimal, estimate: bool, t: Tolerances) -> tuple[str, str] | None:
    """(kind, severity) of a relative gap: nothing within ``agree``; a revision; a contradiction.

    A revision that involves an estimate ("ước đạt") is only Info: estimates are revised.
    """
    if gap <= t.agree:
        return None
    if gap <= t.contradiction:
        return "revision", "Info" if estimate else "Warning"
    return "contradiction", "Warning"
