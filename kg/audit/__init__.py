"""Find what the sources get wrong: cross-article checks of every figure, date and title.

``audit(data)`` runs every rule of ``kg.audit.rules`` and the target tracking of
``queries/target-progress.rq`` and returns an ``AuditReport``; ``render(report, fmt)`` shows it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import KgError
from ..settings import Settings
from .context import Context, Tolerances, as_merged
from .model import SEVERITIES, AuditReport, Figure, Finding, Quote, TargetProgress
from .render import RENDERERS, render
from .rules import BY_NAME, CHECKS, RULES, Rule
from .targets import track

__all__ = [
    "RENDERERS", "RULES", "AuditReport", "Figure", "Finding", "Quote", "Rule", "TargetProgress",
    "Tolerances", "audit", "render",
]


def audit(data, *, rules: tuple[str, ...] | None = None, tolerances: Tolerances | None = None,
          queries: Path | None = None) -> AuditReport:
    """Audit a store, an rdflib graph or dataset, or a graph file; optionally only ``rules``."""
    unknown = sorted(set(rules or ()) - set(BY_NAME))
    if unknown:
        raise KgError(f"unknown audit rule {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    ctx = Context(as_merged(data), tolerances or Tolerances())
    findings = [f for check in CHECKS for f in check(ctx) if not rules or f.rule in rules]
    findings.sort(key=_order)
    targets = track(ctx, queries or Settings.from_env().queries)
    return AuditReport(tuple(findings), targets, tuple(r.name for r in RULES))


def _order(finding: Finding) -> tuple:
    rule_rank = list(BY_NAME).index(finding.rule) if finding.rule in BY_NAME else len(BY_NAME)
    return SEVERITIES.index(finding.severity), rule_rank, finding.message
