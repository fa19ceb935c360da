"""Facts read from one article: plain frozen records, no RDF.

Dates are ISO strings and may be partial ("2024", "2024-06", "2024-06-30"); numbers are
Decimals exactly as the article states them, in the article's own unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Evidence:
    """The span of the article that states a fact, and the rule that read it."""

    start: int
    end: int
    quote: str
    rule: str


@dataclass(frozen=True)
class Period:
    """A span of time; ``start`` is None for a stock measured at ``end``."""

    start: str | None
    end: str | None
    label: str = ""
    inferred: bool = False


@dataclass(frozen=True)
class Role:
    title: str
    organization: str | None


@dataclass(frozen=True)
class Person:
    name: str
    roles: tuple[Role, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Organization:
    name: str
    kind: str
    aliases: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Meeting:
    key: str
    kind: str
    label: str
    evidence: Evidence
    date: str | None = None
    date_inferred: bool = False
    location: str | None = None
    format: str | None = None
    connection_points: int | None = None
    organizer: str | None = None
    chairs: tuple[str, ...] = ()
    attendees: tuple[str, ...] = ()
    reviews: Period | None = None
    plans: Period | None = None


@dataclass(frozen=True)
class Series:
    """The series a figure belongs to: a scheme concept narrowed to a scope, or its own name."""

    key: str
    label: str
    quantity: str | None = None  # the concept of ontology/indicators.ttl, when one matched
    scope: str | None = None  # "cả nước", "tỉnh Bình Định", "Bưu chính"


@dataclass(frozen=True)
class Observation:
    indicator: str
    concept: str
    value: Decimal | None
    unit: str
    qualifier: str
    period: Period | None
    evidence: Evidence
    change_pct: Decimal | None = None
    compared: Period | None = None
    plan_pct: Decimal | None = None
    plan_period: Period | None = None
    meeting: str | None = None
    scope: str | None = None
    series: Series | None = None


@dataclass(frozen=True)
class Target:
    indicator: str
    concept: str
    value: Decimal | None
    unit: str
    qualifier: str
    period: Period | None
    evidence: Evidence
    change_pct: Decimal | None = None
    meeting: str | None = None
    document: str | None = None
    series: Series | None = None


@dataclass(frozen=True)
class LegalDocument:
    name: str
    kind: str
    evidence: Evidence
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Strategy:
    name: str
    kind: str
    evidence: Evidence
    horizon: int | None = None
    vision: int | None = None


@dataclass(frozen=True)
class ArticleMeta:
    """What an article says about itself; ``url`` is the web page it was read from."""

    name: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article."""

    meta: ArticleMeta
    text: str
    meetings: tuple[Meeting, ...] = ()
    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    observations: tuple[Observation, ...] = ()
    targets: tuple[Target, ...] = ()
    legal_documents: tuple[LegalDocument, ...] = ()
    strategies: tuple[Strategy, ...] = ()

    def all_facts(self):
        """Every fact, kind by kind in the order of ``FACT_KINDS``."""
        for kind in FACT_KINDS:
            yield from getattr(self, kind)


# The kinds of fact: the fact fields of ArticleFacts, in order, and the lists of a gold file.
# Meetings come first: `kg eval` pairs meetings before the figures that link to them.
FACT_KINDS = ("meetings", "people", "organizations", "observations", "targets",
              "legal_documents", "strategies")
# Each kind's name in `kg eval`'s scores and in its contract query (``cq-legal``).
SCORE_NAMES = {kind: "legal" if kind == "legal_documents" else kind for kind in FACT_KINDS}
