"""`kg explain`: each fact of one article with its quote and the rule that read it."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from .errors import KgError
from .extract import extract
from .facts import FACT_KINDS, Evidence, Period
from .sources import read_article


def describe(fact) -> str:
    parts = []
    for f in fields(fact):
        value = getattr(fact, f.name)
        if isinstance(value, Evidence) or value in (None, (), ""):
            continue
        if isinstance(value, Period):
            mark = " (inferred)" if value.inferred else ""
            value = f"{value.start or '…'}..{value.end or '…'}{mark}"
        parts.append(f"{f.name}={value}")
    return ", ".join(parts)


def explain_article(path: Path, kind: str | None = None) -> list[str]:
    if kind and kind not in FACT_KINDS:
        raise KgError(f"unknown kind {kind!r}; choose one of {', '.join(FACT_KINDS)}")
    facts = extract(read_article(path))
    lines = [f"{facts.meta.name}: title={facts.meta.title!r} published={facts.meta.published}"]
    for group in FACT_KINDS:
        if kind and group != kind:
            continue
        items = getattr(facts, group)
        lines.append(f"\n{group} ({len(items)})")
        for fact in items:
            ev = fact.evidence
            lines.append(f"  - {describe(fact)}")
            lines.append(f"    rule {ev.rule} @ {ev.start}-{ev.end}: \"{ev.quote[:160]}\"")
    return lines
