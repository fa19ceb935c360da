"""One IRI per real-world thing, minted from names so that it is stable across builds."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from rdflib import URIRef

from .errors import KgError
from .facts import Period
from .text.slugs import slugify

_SAFE_STEM = re.compile(r"^[A-Za-z0-9_.-]+$")
# Graphs that are not articles' (kg push adds the ontology, the shapes and its own record).
RESERVED_STEMS = frozenset({"entities", "ontology", "shapes", "pushed"})
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def readable_stem(name: str) -> str:
    """The file name without ``.txt`` if it is IRI-safe, else its slug (not unique)."""
    stem = name.removesuffix(".txt")
    return stem if _SAFE_STEM.match(stem) else slugify(stem)


def article_stem(name: str) -> str:
    """The article's IRI segment; distinct file names give distinct stems, by construction.

    A safe name (letters, digits, ``_.-``) is kept as it is; any other name becomes its slug,
    ``~`` and a hash of the whole name ("bài báo.txt" -> ``bai-bao~…``). A safe stem has no
    ``~``, so the two kinds never meet, and the stem depends on the name alone: adding or
    removing other articles, or naming them in another order, never changes it.
    """
    stem = name.removesuffix(".txt")
    if _SAFE_STEM.match(stem) and stem not in RESERVED_STEMS:
        return stem
    raw = name.encode("utf-8", "surrogateescape")
    return f"{slugify(stem, 60)}~{hashlib.sha256(raw).hexdigest()[:10]}"


def check_base(base: str) -> str:
    """``base`` if it can prefix every IRI of the graph; else a ``KgError`` saying why."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KgError(f"base IRI {base!r}: not an absolute http(s) IRI")
    bad = _NOT_IN_IRI.search(base)
    if bad:
        raise KgError(f"base IRI {base!r}: {bad.group()!r} cannot appear in an IRI")
    if parts.query or parts.fragment and not base.endswith("#") or "%" in base:
        raise KgError(f"base IRI {base!r}: no query, fragment or percent sign allowed")
    if not base.endswith(("/", "#")):
        raise KgError(f"base IRI {base!r}: must end with / or #")
    return base


class Minter:
    """Mints every IRI of the graph under one base."""

    def __init__(self, base: str):
        self.base = base

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def article_stem(self, name: str) -> str:
        return article_stem(name)

    def article(self, name: str) -> URIRef:
        return self._iri("article", self.article_stem(name))

    def graph(self, name: str) -> URIRef:
        return self._iri("graph", self.article_stem(name))

    def entities_graph(self) -> URIRef:
        return self._iri("graph", "entities")

    def evidence(self, name: str, start: int, end: int) -> URIRef:
        return self._iri("article", self.article_stem(name), "evidence", f"{start}-{end}")

    def selector(self, name: str, start: int, end: int) -> URIRef:
        return self._iri("article", self.article_stem(name), "evidence", f"{start}-{end}", "quote")

    def person(self, name: str) -> URIRef:
        return self._iri("person", slugify(name))

    def organization(self, name: str) -> URIRef:
        return self._iri("organization", slugify(name))

    def membership(self, person: str, organization: str | None, title: str) -> URIRef:
        org = slugify(organization) if organization else "none"
        return self._iri("membership", slugify(person), org, slugify(title))

    def role(self, title: str) -> URIRef:
        return self._iri("role", slugify(title))

    def meeting(self, article: str, key: str, date: str | None, organizer: str | None,
                label: str) -> URIRef:
        """Dated meetings are shared across articles; undated ones stay in their article."""
        if date and len(date) == 10:
            return self._iri("meeting", f"{date}-{slugify(organizer or label, 48)}")
        return self._iri("meeting", f"{self.article_stem(article)}-{key}")

    def legal_document(self, number: str | None, name: str) -> URIRef:
        return self._iri("legal", slugify(number) if number else slugify(name))

    def strategy(self, key: str) -> URIRef:
        return self._iri("strategy", key)

    def indicator(self, concept: str) -> URIRef:
        return self._iri("indicator", concept)

    def indicator_scheme(self) -> URIRef:
        return self._iri("indicator")

    def observation(self, article: str, n: int) -> URIRef:
        return self._iri("observation", self.article_stem(article), str(n))

    def target(self, article: str, n: int) -> URIRef:
        return self._iri("target", self.article_stem(article), str(n))

    def dataset(self) -> URIRef:
        return self._iri("dataset")

    def series_point(self, concept: str, period: Period, value: str, unit: str | None,
                     qualifier: str | None) -> URIRef:
        """One point of a series: its concept, period and value as stated, and a hash of the
        exact value, unit and qualifier (units that slug alike stay apart)."""
        unit_slug = slugify(unit, 24) if unit else ""
        exact = hashlib.sha256(f"{value}|{unit or ''}|{qualifier or ''}".encode()).hexdigest()
        label = f"{value}-{unit_slug}" if unit_slug else value
        return self._iri("point", concept, f"{period.start or ''}--{period.end or ''}",
                         f"{label}~{exact[:8]}")

    def period(self, period: Period) -> URIRef:
        return self._iri("period", f"{period.start or ''}--{period.end or ''}")

    def instant(self, day: str) -> URIRef:
        return self._iri("instant", day)
