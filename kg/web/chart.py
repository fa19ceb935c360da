"""An indicator's series over time as an SVG line chart, drawn on the server with no scripts."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape

from ..text.units import base_multiplier, base_unit
from .display import vi_number
from .lookups import Figure

WIDTH, HEIGHT = 980, 360
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 40, 78
OBSERVED = ("#0b61a4", "#0f766e", "#7c3aed", "#b45309", "#be123c")
TARGET = "#c2410c"
SPANS = {3: "quý", 6: "6 tháng", 9: "9 tháng", 12: "cả năm"}


QUALIFIER_SIGNS = {"AtLeast": "≥", "AtMost": "≤", "Estimate": "≈", "Exact": ""}


def qualifier_sign(qualifier: str) -> str:
    """"≥" for kg:AtLeast, "≈" for kg:Estimate, "≤" for kg:AtMost, "" otherwise."""
    return QUALIFIER_SIGNS.get(qualifier.rsplit("#", 1)[-1], "") if qualifier else ""


@dataclass
class Point:
    """A figure placed over its period: x at the middle, from x0 to x1."""

    x: float
    y: float
    figure: Figure
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class Series:
    name: str
    target: bool
    points: list[Point] = field(default_factory=list)


@dataclass
class Chart:
    unit: str
    series: list[Series]

    def svg(self, href: Callable[[str], str]) -> str:
        return render(self, href)


def year_fraction(day: str, end: bool = False) -> float | None:
    """2024-01-01 -> 2024.0; with ``end``, the end of that day (2024-12-31 -> 2025.0);
    "2024" -> the end of 2024; None when unreadable."""
    try:
        parts = [int(p) for p in day.split("-")]
        y, m, d = (parts + [12, 31])[:3] if len(parts) == 1 else (parts + [28])[:3]
        return y + (date(y, m, d).timetuple().tm_yday - (0 if end else 1)) / 365.25
    except (ValueError, IndexError):
        return None


def placed(f: Figure) -> tuple[float, float, float] | None:
    """(middle, start, end) of a figure's period on the year axis: a full-year figure sits
    over its year, a stock at one date on that date."""
    end = year_fraction(f.end, end=True) if f.end else None
    start = year_fraction(f.start) if f.start else None
    if end is None:
        return None if start is None else (start, start, start)
    if start is None or start > end:
        return (end, end, end)
    return ((start + end) / 2, start, end)


def span_name(start: str, end: str) -> str:
    """"6 tháng", "cả năm", "thời điểm" (a stock at one date) and so on."""
    if not start:
        return "thời điểm"
    try:
        (y1, m1), (y2, m2) = (map(int, d.split("-")[:2]) for d in (start, end))
    except ValueError:
        return "kỳ khác"
    months = (y2 - y1) * 12 + m2 - m1 + 1
    return SPANS.get(months, f"{months} tháng")


def _family(figure: Figure) -> str:
    scale = base_multiplier(figure.unit)
    return base_unit(figure.unit) if scale is not None and figure.base_value else figure.unit


def charts(figures: Iterable[Figure]) -> list[Chart]:
    """One chart per unit family (tỷ đồng and triệu tỷ đồng share one), biggest first."""
    plotted = [f for f in figures if f.value is not None and placed(f)]
    families: dict[str, list[Figure]] = {}
    for f in plotted:
        families.setdefault(_family(f), []).append(f)
    out = [_chart(group) for group in families.values()]
    return sorted(out, key=lambda c: -sum(len(s.points) for s in c.series))


def _chart(group: list[Figure]) -> Chart:
    unit = Counter(f.unit for f in group).most_common(1)[0][0]
    scale = base_multiplier(unit)
    series: dict[tuple[bool, str], Series] = {}
    for f in group:
        value = f.value
        if scale and f.base_value is not None and f.unit != unit:
            value = f.base_value / scale
        target = f.kind == "target"
        name = ("mục tiêu" if target else "thực hiện") + f" ({span_name(f.start, f.end)})"
        name += f" · {f.scope}" if f.scope else ""
        s = series.setdefault((target, name), Series(name, target))
        middle, start, end = placed(f)
        s.points.append(Point(middle, float(value), f, start, end))
    for s in series.values():
        s.points.sort(key=lambda p: (p.x, p.figure.iri))
    return Chart(unit, sorted(series.values(), key=lambda s: (s.target, s.name)))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering [low, high]."""
    if high <= low:
        high = low + (abs(low) or 1)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(int(math.ceil((high - first) / step)) + 1)]


def _x_ticks(low: float, high: float) -> list[tuple[float, str]]:
    """Years labelled in the middle of the year (a full-year figure sits above its label);
    quarters when the chart spans little time."""
    if high - low > 2.5:
        return [(y + 0.5, str(y)) for y in range(math.floor(low), math.ceil(high))
                if low <= y + 0.5 <= high]
    ticks = [(y + q / 4, f"{q * 3 + 1}/{y}" if q else str(y)) for y in range(math.floor(low),
             math.ceil(high) + 1) for q in range(4)]
    return [(x, label) for x, label in ticks if low <= x <= high]


def render(chart: Chart, href: Callable[[str], str]) -> str:
    points = [p for s in chart.series for p in s.points]
    xs, ys = [x for p in points for x in (p.x0, p.x1)], [p.y for p in points]
    x0, x1 = min(xs) - 0.2, max(xs) + 0.2
    yticks = nice_ticks(min(0.0, min(ys)), max(ys) * 1.05 if max(ys) > 0 else 1.0)
    y0, y1 = yticks[0], yticks[-1]

    def sx(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT)

    def sy(y: float) -> float:
        return HEIGHT - BOTTOM - (y - y0) / ((y1 - y0) or 1) * (HEIGHT - TOP - BOTTOM)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} '
             f'{HEIGHT}" role="img" aria-label="{escape(chart.unit)}">']
    parts += _grid(yticks, _x_ticks(x0, x1), sx, sy, chart.unit)
    observed = iter(OBSERVED * 3)
    legend = []
    for s in chart.series:
        color = TARGET if s.target else next(observed)
        parts += _series(s, color, sx, sy, href, chart.unit)
        legend.append((s, color))
    parts += _legend(legend)
    parts.append("</svg>")
    return "\n".join(parts)


def _grid(yticks, xticks, sx, sy, unit: str) -> list[str]:
    out = []
    for y in yticks:
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(y):.1f}" '
                   f'y2="{sy(y):.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 8}" y="{sy(y) + 4:.1f}" text-anchor="end">'
                   f'{vi_number(y)}</text>')
    base = HEIGHT - BOTTOM
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>')
    for x, label in xticks:
        out.append(f'<line class="axis" x1="{sx(x):.1f}" x2="{sx(x):.1f}" y1="{base}" '
                   f'y2="{base + 5}"/>')
        out.append(f'<text class="tick" x="{sx(x):.1f}" y="{base + 20}" text-anchor="middle">'
                   f'{escape(label)}</text>')
    out.append(f'<text class="unit" x="{LEFT - 8}" y="{TOP - 22}" text-anchor="start">'
               f'{escape(unit)}</text>')
    return out


def _series(s: Series, color: str, sx, sy, href, unit: str) -> list[str]:
    out = []
    line = list({p.x: p for p in reversed(s.points)}.values())[::-1]  # one point per period
    if len(line) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{sx(p.x):.1f},{sy(p.y):.1f}"
                        for i, p in enumerate(line))
        dash = ' stroke-dasharray="6 4"' if s.target else ""
        out.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2.2"{dash}/>')
    for p in s.points:
        f = p.figure
        sign = qualifier_sign(f.qualifier)
        period = f"{f.start} – {f.end}" if f.start and f.start != f.end else f.end or f.start
        done = f", đạt {vi_number(f.progress)} %" if f.progress is not None else ""
        tip = escape(f"{period}: {sign}{vi_number(p.y)} {unit} ({s.name}{done}) — {f.indicator}")
        x, y = sx(p.x), sy(p.y)
        if p.x1 - p.x0 > 0.01:  # the period the figure covers
            out.append(f'<line class="span" x1="{sx(p.x0):.1f}" x2="{sx(p.x1):.1f}" '
                       f'y1="{y:.1f}" y2="{y:.1f}" stroke="{color}" stroke-opacity="0.35" '
                       'stroke-width="5" stroke-linecap="round"/>')
        if sign:
            out.append(f'<text class="sign" x="{x + 8:.1f}" y="{y - 8:.1f}" '
                       f'fill="{color}">{escape(sign)}</text>')
        mark = (f'<path d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} '
                f'L{x - 6:.1f},{y:.1f} Z" fill="#fff" stroke="{color}" stroke-width="2"/>'
                if s.target else
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{color}" stroke="#fff" '
                f'stroke-width="1.5"/>')
        out.append(f'<a href="{escape(href(f.iri))}"><title>{tip}</title>{mark}</a>')
    return out


def with_progress(figures: list[Figure]) -> list[Figure]:
    """Each target with how far the latest figure of its unit, reported by its end, has come.

    The observations of each unit family are sorted once and each target finds its latest
    by bisection: an indicator restated by every report has thousands of both.
    """
    families: dict[str, list[Figure]] = {}
    for o in figures:
        if o.kind == "observation" and o.value is not None:
            families.setdefault(_family(o), []).append(o)
    for observed in families.values():
        observed.sort(key=lambda o: (o.end or o.start, o.iri))
    dates = {family: [o.end or o.start for o in observed] for family, observed in families.items()}
    for t in figures:
        family = _family(t)
        if t.kind != "target" or not t.value or family not in families:
            continue
        found = bisect_right(dates[family], t.end or "9999")
        if found:
            latest = families[family][found - 1]
            mine = _in_unit(latest, t)
            if mine is not None:
                t.progress = (mine / t.value * 100).quantize(Decimal("0.1"))
    return figures


def _in_unit(f: Figure, like: Figure) -> Decimal | None:
    """``f``'s value in ``like``'s unit, converting through base units when both have one."""
    if f.unit == like.unit:
        return f.value
    scale = base_multiplier(like.unit)
    return f.base_value / scale if scale and f.base_value is not None else None


def _legend(entries: list[tuple[Series, str]]) -> list[str]:
    out, x, y = [], LEFT, HEIGHT - 22
    for s, color in entries:
        dash = ' stroke-dasharray="6 4"' if s.target else ""
        out.append(f'<line x1="{x}" x2="{x + 22}" y1="{y}" y2="{y}" stroke="{color}" '
                   f'stroke-width="2.5"{dash}/>')
        out.append(f'<text class="legend" x="{x + 28}" y="{y + 4}">{escape(s.name)}</text>')
        x += 40 + 7 * len(s.name)
    return out
