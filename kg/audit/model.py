"""What an audit returns: findings, target progress and the report that holds them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

SEVERITIES = ("Violation", "Warning", "Info")
STATUSES = ("met", "missed", "unknown")


@dataclass(frozen=True)
class Quote:
    """The words of an article that state a fact, with their offsets and source."""

    text: str
    source: str
    article: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Figure:
    """One stated fact a finding relates: a figure, a meeting date or a title."""

    role: str
    node: str
    label: str
    value: str
    period: str = ""
    source: str = ""
    quote: Quote | None = None


@dataclass(frozen=True)
class Finding:
    """One problem: the rule that found it, how bad it is, and everything needed to check it."""

    rule: str
    severity: str
    message: str
    figures: tuple[Figure, ...] = ()
    computation: str = ""
    kind: str = ""

    @property
    def evidence(self) -> tuple[Quote, ...]:
        """The quotes of the figures involved, each with its source article, once each."""
        return tuple(dict.fromkeys(f.quote for f in self.figures if f.quote is not None))

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.source for f in self.figures if f.source))


@dataclass(frozen=True)
class TargetProgress:
    """A target held against the latest figure reported for its indicator and period."""

    status: str
    target: Figure
    observed: Figure | None
    computation: str
    set_at: str = ""


@dataclass(frozen=True)
class AuditReport:
    """Every finding, worst first, and the progress of every target."""

    findings: tuple[Finding, ...]
    targets: tuple[TargetProgress, ...] = ()
    rules: tuple[str, ...] = field(default=())

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Warning")

    def by_rule(self) -> dict[str, tuple[Finding, ...]]:
        """Findings grouped by rule, in the order the rules ran."""
        groups: dict[str, list[Finding]] = {name: [] for name in self.rules}
        for finding in self.findings:
            groups.setdefault(finding.rule, []).append(finding)
        return {rule: tuple(items) for rule, items in groups.items() if items}

    def fails(self, fail_on: str = "violation") -> bool:
        """True when a finding at or above ``fail_on`` ("violation" or "warning") exists."""
        if self.violations:
            return True
        return fail_on.lower() == "warning" and bool(self.warnings)

    def summary(self) -> str:
        """One line: findings by severity and targets by status."""
        counts = ", ".join(f"{self.count(s)} {s.lower()}" for s in SEVERITIES)
        status = Counter(t.status for t in self.targets)
        targets = ", ".join(f"{status[s]} {'not yet known' if s == 'unknown' else s}"
                            for s in STATUSES)
        return f"{len(self.findings)} findings ({counts}); {len(self.targets)} targets ({targets})"
