"""Numbers whose notation is ambiguous in Vietnamese: a comma and exactly three digits.

"35,250 tỷ đồng" is 35,25 tỷ if the comma is the decimal mark, as Vietnamese writes it, or
35.250 tỷ if it is a thousands separator, as English writes it. The figure's magnitude
against other figures of the same indicator, or of the same unit in the same article,
decides which reading is likely.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from statistics import median

from ...text.units import base_multiplier, base_unit
from ..context import Context, Fig
from ..model import Finding
from ..text import vn_number
from .common import Rule

RULE = Rule(
    "comma-notation", "Ambiguous comma notation", "Warning", "AmbiguousCommaNotation",
    "a value written with a comma and three digits, read both ways and set against its peers",
)
RULES = (RULE,)



def check(ctx: Context) -> Iterator[Finding]:
    """Every figure whose quote writes its number with a comma and three digits."""
    figures = sorted(ctx.figures.values(), key=lambda fig: fig.node)
    for fig in figures:
        if fig.comma_form:
            yield judge(fig, peers(fig, figures))


def peers(fig: Fig, figures) -> list[Fig]:
    """Unambiguous figures of the same indicator (any article) or unit (same article)."""
    family = base_unit(fig.unit).lower()
    return [
        other for other in figures
        if other.node != fig.node and not other.comma_form
        and Decimal(other.lexical) > 0 and base_unit(other.unit).lower() == family
        and (other.concept == fig.concept or (other.article == fig.article
                                              and other.unit == fig.unit))
        and base_multiplier(other.unit) is not None
    ]


def magnitude(fig: Fig, value: Decimal | None = None) -> float:
    """log10 of the value in base units."""
    number = Decimal(fig.lexical) if value is None else value
    return math.log10(number * (base_multiplier(fig.unit) or 1))


def judge(fig: Fig, others: list[Fig]) -> Finding:
    """A Warning when the thousands reading fits the peers better, else an Info."""
    written = fig.comma_form or vn_number(fig.lexical)
    thousands = Decimal(written.replace(",", ""))
    said = f"{fig.label} ({fig.period}): '{written} {fig.unit}'"
    other = f"{vn_number(thousands)} {fig.unit}"
    figures = (fig.figure("as stated (comma as decimal mark)", written.replace(",", ".")),)
    if not others:
        message = f"{said} is ambiguous — it may mean {other}; no comparable figure to decide by."
        return Finding(RULE.name, "Info", message, figures, "no peers to compare", "ambiguous")
    centre = median(magnitude(o) for o in others)
    computation = (f"{len(others)} comparable figures centre on 10^{centre:.1f} (in base "
                   f"units); as written 10^{magnitude(fig):.1f}, read as {vn_number(thousands)}"
                   f" 10^{magnitude(fig, thousands):.1f}")
    if abs(magnitude(fig, thousands) - centre) >= abs(magnitude(fig) - centre):
        message = f"{said} could be read as {other}, but comparable figures support the " \
                  f"decimal reading."
        return Finding(RULE.name, "Info", message, figures, computation, "decimal")
    message = (f"{said} is probably {other} — the comma looks like a thousands separator; as "
               f"written it is far smaller than comparable figures.")
    fixed = replace(fig.figure("probable reading", str(thousands)), quote=None)
    return Finding(RULE.name, "Warning", message, figures + (fixed,), computation, "thousands")
