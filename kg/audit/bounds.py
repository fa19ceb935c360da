"""Intervals that a stated figure allows: rounding of its last digit and its qualifier.

"2,4 triệu" allows 2,35-2,45 triệu; "hơn 2,4 triệu" (at least) allows 2,4-2,5 triệu;
"tăng 7%" allows 6,5-7,5 %. Two figures agree when their intervals meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..text.units import base_multiplier, base_unit


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def scaled(self, factor: Decimal) -> Interval:
        return Interval(self.lo * factor, self.hi * factor)

    def gap(self, other: Interval) -> Decimal:
        """Distance between the two intervals; 0 when they overlap."""
        return max(Decimal(0), other.lo - self.hi, self.lo - other.hi)

    def __truediv__(self, other: Interval) -> Interval:
        return Interval(self.lo / other.hi, self.hi / other.lo)


def half_unit(lexical: str, trailing_zeros: bool = True) -> Decimal:
    """Half a unit of the last stated digit: 0,05 for 2.4; 0,5 for 1234567.

    With ``trailing_zeros`` the zeros of a whole number count as rounding (500 for 68000);
    a percentage's zeros never do ("tăng 10%" is 9,5-10,5 %).
    """
    text, _, fraction = lexical.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")  # a canonical "33.0" states no decimal
    if fraction:
        return Decimal(5) / Decimal(10) ** (len(fraction) + 1)
    zeros = len(text) - len(text.rstrip("0")) if trailing_zeros and text.strip("0") else 0
    return Decimal(5) * Decimal(10) ** (zeros - 1)


def stated(lexical: str, qualifier: str = "", trailing_zeros: bool = True) -> Interval:
    """What a stated number allows: rounding, or a one-digit step above "hơn" / below "gần".

    Rounding of a round whole number is capped at 0,5 % of it: "400.000" is not ±50.000.
    """
    value, h = Decimal(lexical), half_unit(lexical, trailing_zeros)
    if qualifier == "at-least":
        return Interval(value, value + 2 * h)
    if qualifier == "at-most":
        return Interval(value - 2 * h, value)
    h = min(h, max(abs(value) * Decimal("0.005"), half_unit(lexical, False)))
    return Interval(value - h, value + h)


def comparable(unit_a: str, unit_b: str) -> Decimal | None:
    """The factor that turns unit_b into unit_a, or None when they measure different things."""
    if unit_a == unit_b:
        return Decimal(1)
    if base_unit(unit_a).lower() != base_unit(unit_b).lower():
        return None
    a, b = base_multiplier(unit_a), base_multiplier(unit_b)
    return b / a if a and b else None


def relative_gap(want: Interval, got: Interval) -> Decimal:
    """How far apart two intervals are, as a share of the first one's midpoint."""
    mid = abs(want.mid)
    return want.gap(got) / mid if mid else Decimal(0)
