"""An AuditReport as a text table, Markdown, JSON or HTML: one table of renderers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ..errors import KgError
from .model import AuditReport, Figure, Finding, Quote, TargetProgress
from .rules import BY_NAME


@dataclass(frozen=True)
class Renderer:
    name: str
    media_type: str
    suffix: str
    render: Callable[[AuditReport], str]


def title(rule: str) -> str:
    return BY_NAME[rule].title if rule in BY_NAME else rule


def figure_line(f: Figure) -> str:
    period = f" ({f.period})" if f.period else ""
    return f"{f.role}: {f.value}{period} — {f.source}"


def quote_line(q: Quote) -> str:
    span = f" [{q.start}–{q.end}]" if q.start is not None else ""
    return f"“{q.text}” — {q.source}{span}"


def table(report: AuditReport) -> str:
    """Plain text for a terminal: one block per finding, then the targets, then the summary."""
    lines: list[str] = []
    for f in report.findings:
        lines.append(f"{f.severity.upper():9} {f.rule}: {f.message}")
        lines += [f"          figure   {figure_line(fig)}" for fig in f.figures]
        lines.append(f"          computed {f.computation}")
        lines += [f"          quote    {quote_line(q)}" for q in f.evidence]
        lines.append("")
    if report.targets:
        lines.append("TARGETS")
        lines += [_target_line(t) for t in report.targets]
        lines.append("")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _target_line(t: TargetProgress) -> str:
    seen = f"; reported {t.observed.value} ({t.observed.source})" if t.observed else ""
    return (f"  {t.status:8} {t.target.label} ({t.target.period}): target {t.target.value} "
            f"({t.target.source}){seen} — {t.computation}")


def markdown(report: AuditReport) -> str:
    """Markdown: a section per rule, figures side by side in a table, then target progress."""
    out = ["# Audit report", "", report.summary(), ""]
    for rule, findings in report.by_rule().items():
        out += [f"## {title(rule)} (`{rule}`)", ""]
        for f in findings:
            out += _markdown_finding(f)
    if report.targets:
        out += ["## Target progress", "",
                "| status | indicator | period | target | reported | computation | set at |",
                "|---|---|---|---|---|---|---|"]
        out += [_markdown_target(t) for t in report.targets]
        out.append("")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_finding(f: Finding) -> list[str]:
    rows = [("value", lambda g: g.value), ("period", lambda g: g.period),
            ("source", lambda g: g.source), ("quote", lambda g: g.quote.text if g.quote else "")]
    out = [f"### {f.severity}: {f.message}", "",
           "| | " + " | ".join(_cell(g.role) for g in f.figures) + " |",
           "|---" * (len(f.figures) + 1) + "|"]
    out += [f"| {name} | " + " | ".join(_cell(get(g)) for g in f.figures) + " |"
            for name, get in rows]
    return out + ["", f"**Computation:** {f.computation}", ""]


def _markdown_target(t: TargetProgress) -> str:
    seen = f"{t.observed.value} ({t.observed.source})" if t.observed else ""
    cells = (t.status, t.target.label, t.target.period, f"{t.target.value} ({t.target.source})",
             seen, t.computation, t.set_at)
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def as_json(report: AuditReport) -> str:
    """Every finding and target as JSON, with the summary and the counts."""
    payload = {
        "summary": report.summary(),
        "counts": {s.lower(): report.count(s) for s in ("Violation", "Warning", "Info")},
        "findings": [asdict(f) | {"title": title(f.rule)} for f in report.findings],
        "targets": [asdict(t) for t in report.targets],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _html(report: AuditReport) -> str:
    from .html import page

    return page(report)


RENDERERS: dict[str, Renderer] = {r.name: r for r in (
    Renderer("table", "text/plain", ".txt", table),
    Renderer("markdown", "text/markdown", ".md", markdown),
    Renderer("html", "text/html", ".html", _html),
    Renderer("json", "application/json", ".json", as_json),
)}


def render(report: AuditReport, fmt: str = "table") -> str:
    if fmt not in RENDERERS:
        raise KgError(f"unknown audit format {fmt!r}; choose one of {', '.join(RENDERERS)}")
    return RENDERERS[fmt].render(report)
