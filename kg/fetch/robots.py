"""robots.txt rules as RFC 9309 reads them.

The standard library's ``urllib.robotparser`` takes the first rule that matches and knows no
``*`` or ``$``; news sites write ``Disallow: /*?`` and ``Allow: /tin-tuc/*.htm$``, and the RFC
takes the longest matching rule (``Allow`` on a tie). Groups are picked by the product token
(``User-agent: vngov-kg``), else ``*``; ``Crawl-delay`` is read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit


@dataclass(frozen=True)
class Rule:
    allow: bool
    path: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Robots:
    """The rules of one site for one user agent; no rules allows everything."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    everything_disallowed: bool = False

    def allows(self, url: str) -> bool:
        if self.everything_disallowed:
            return False
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return True
        target = _normal(parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        matches = [r for r in self.rules if r.pattern.match(target)]
        if not matches:
            return True
        best = max(matches, key=lambda r: (len(r.path), r.allow))
        return best.allow


DISALLOW_ALL = Robots(everything_disallowed=True)


@dataclass
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    delay: float | None = None


def parse(text: str, agent: str) -> Robots:
    """The rules of ``text`` that apply to ``agent`` (a product token such as ``vngov-kg``)."""
    groups = _groups(text)
    token = agent.lower()
    mine = [g for g in groups if token in g.agents] or [g for g in groups if "*" in g.agents]
    rules = tuple(r for g in mine for r in g.rules)
    delays = [g.delay for g in mine if g.delay is not None]
    return Robots(rules, max(delays) if delays else None)


def _groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    for line in text.splitlines():
        key, _, value = line.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if current is None or current.rules or current.delay is not None:
                current = _Group()
                groups.append(current)
            current.agents.append(value.lower())
        elif current is not None and key in ("allow", "disallow") and value:
            current.rules.append(_rule(key == "allow", value))
        elif current is not None and key == "crawl-delay":
            current.delay = _number(value)
    return groups


def _rule(allow: bool, path: str) -> Rule:
    path = _normal(path)
    body = path[:-1] if path.endswith("$") else path
    pattern = ".*".join(re.escape(part) for part in body.split("*"))
    return Rule(allow, path, re.compile(pattern + ("$" if path.endswith("$") else "")))


def _normal(path: str) -> str:
    """Percent-encoding made uniform, so ``/tin-t%E1%BB%A9c`` and ``/tin-tức`` compare equal."""
    return quote(unquote(path), safe="/*$?=&;:@!,+%-._~")


def _number(value: str) -> float | None:
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
