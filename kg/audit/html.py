"""The audit as one HTML page a person reads: grouped by rule, figures side by side,
the stated numbers highlighted in their quotes, links to the source articles."""

from __future__ import annotations

from html import escape

from .model import AuditReport, Figure, Finding, TargetProgress
from .rules import BY_NAME

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
.summary { color: #555; } nav a { margin-right: 1rem; }
.finding { border-left: 4px solid #e0a800; padding: .2rem 1rem; margin: 1.2rem 0; }
.finding.Violation { border-color: #c62828; } .finding.Info { border-color: #7a9cc6; }
.badge { display: inline-block; font-size: 12px; padding: 0 .5em; border-radius: 3px;
         color: #fff; background: #e0a800; margin-right: .5em; }
.badge.Violation, .badge.missed { background: #c62828; } .badge.Info { background: #7a9cc6; }
.badge.met { background: #2e7d32; } .badge.unknown { background: #888; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f6f6; width: 7rem; } blockquote { margin: 0; font-style: italic; }
mark { background: #ffe58a; font-style: normal; font-weight: 600; }
.computation { font-family: ui-monospace, monospace; font-size: 13px; color: #444; }
"""


def page(report: AuditReport) -> str:
    groups = report.by_rule()
    nav = " ".join(f'<a href="#{r}">{escape(_title(r))} ({len(fs)})</a>'
                   for r, fs in groups.items())
    sections = "".join(_section(rule, findings) for rule, findings in groups.items())
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>Audit report</title><style>{STYLE}</style></head><body>"
            f'<h1>Audit report</h1><p class="summary">{escape(report.summary())}</p>'
            f"<nav>{nav}{_targets_link(report)}</nav>{sections}{_targets(report.targets)}"
            f"</body></html>\n")


def _title(rule: str) -> str:
    return BY_NAME[rule].title if rule in BY_NAME else rule


def _section(rule: str, findings: tuple[Finding, ...]) -> str:
    about = escape(BY_NAME[rule].description) if rule in BY_NAME else ""
    items = "".join(_finding(f) for f in findings)
    return (f'<section id="{escape(rule)}"><h2>{escape(_title(rule))}</h2>'
            f"<p>{about} <code>{escape(rule)}</code></p>{items}</section>")


def _finding(f: Finding) -> str:
    rows = [("", lambda g: f"<strong>{escape(g.role)}</strong>"),
            ("value", lambda g: escape(g.value)), ("period", lambda g: escape(g.period)),
            ("source", _source), ("quote", _quote)]
    body = "".join(f"<tr><th>{name}</th>" + "".join(f"<td>{cell(g)}</td>" for g in f.figures)
                   + "</tr>" for name, cell in rows)
    return (f'<article class="finding {f.severity}"><p><span class="badge {f.severity}">'
            f"{f.severity}</span>{escape(f.message)}</p><table>{body}</table>"
            f'<p class="computation">{escape(f.computation)}</p></article>')


def _source(g: Figure) -> str:
    if g.quote is not None:
        return f'<a href="{escape(g.quote.article)}">{escape(g.source)}</a>'
    return escape(g.source)


def _quote(g: Figure) -> str:
    """The quote with the stated number (or title, or date) marked."""
    if g.quote is None:
        return ""
    text, number = g.quote.text, g.value.lstrip("≥≤≈ ").split(" ")[0]
    found = [(text.find(k), k) for k in (number, number.replace(".", "")) if k and k in text]
    if not found:
        return f"<blockquote>{escape(text)}</blockquote>"
    at, key = found[0]
    marked = (escape(text[:at]) + f"<mark>{escape(key)}</mark>"
              + escape(text[at + len(key):]))
    return f"<blockquote>{marked}</blockquote>"


def _targets_link(report: AuditReport) -> str:
    return f'<a href="#targets">Target progress ({len(report.targets)})</a>' \
        if report.targets else ""


def _targets(targets: tuple[TargetProgress, ...]) -> str:
    if not targets:
        return ""
    head = ("<tr><th>status</th><th>indicator</th><th>target</th><th>reported</th>"
            "<th>computation</th><th>set at</th></tr>")
    rows = "".join(_target_row(t) for t in targets)
    return f'<section id="targets"><h2>Target progress</h2><table>{head}{rows}</table></section>'


def _target_row(t: TargetProgress) -> str:
    seen = _figure_cell(t.observed) if t.observed else "—"
    return (f'<tr><td><span class="badge {t.status}">{t.status}</span></td>'
            f"<td>{escape(t.target.label)} ({escape(t.target.period)})</td>"
            f"<td>{_figure_cell(t.target)}</td><td>{seen}</td>"
            f'<td class="computation">{escape(t.computation)}</td><td>{escape(t.set_at)}</td></tr>')


def _figure_cell(g: Figure) -> str:
    return f"{escape(g.value)}<br>{_source(g)}{_quote(g)}"
