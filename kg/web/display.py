"""How values read on a page: Vietnamese numbers and dates, links with labels."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from markupsafe import Markup, escape

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + t for t in ("decimal", "integer", "double", "float", "int", "long")}
DATES = {XSD + "date", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTime"}
_VI = str.maketrans(",.", ".,")
LONG_TEXT = 280
LINKABLE = re.compile(r"(?i)(?:https?://|/(?!/))")  # web IRIs and this site's own paths


def vi_number(value) -> str:
    """3145926 -> "3.145.926", 1.6 -> "1,6": the way Vietnamese articles write numbers."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            return value
    text = format(value, ",f") if isinstance(value, Decimal) else f"{value:,.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_VI)


def vi_date(day: str) -> str:
    """2024-06-30 -> 30/06/2024, 2024-06 -> 06/2024, 2024 -> 2024."""
    if not day:
        return ""
    parts = day[:10].split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else day


def period_text(start: str, end: str) -> str:
    if start and end:
        return f"{vi_date(start)} – {vi_date(end)}"
    return f"đến {vi_date(end)}" if end else vi_date(start)


def signed(value) -> str:
    """+27 %, −8,66 %."""
    if value is None:
        return ""
    text = vi_number(abs(value))
    return f"{'+' if value >= 0 else '−'}{text} %"


class Renderer:
    """Turns RDF terms into HTML, with the labels and links of one page."""

    def __init__(self, href: Callable[[str], str], labels: dict[str, str],
                 term_label: Callable[[str], str]):
        self.href = href
        self.labels = labels
        self.term_label = term_label

    def label(self, iri: str) -> str:
        """The resource's own label, else the term's label, else the IRI's last segment."""
        found = self.labels.get(iri) or self.term_label(iri)
        if found != iri:
            return found
        return iri.rstrip("/").rsplit("/", 1)[-1] or iri

    def link(self, iri: str, label: str | None = None) -> Markup:
        """A link for a web IRI; any other (``javascript:``, ``data:``...) is shown as text."""
        target = self.href(iri)
        if not LINKABLE.match(target):
            return Markup('<span class="iri">{}</span>').format(iri)
        return Markup('<a href="{}">{}</a>').format(target, label or self.label(iri))

    def value(self, term) -> Markup:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.BlankNode):
            return Markup("<span class=muted>_:{}</span>").format(term.value)
        if not isinstance(term, ox.Literal):
            return escape(str(term))
        return self.literal(term)

    def literal(self, term: ox.Literal) -> Markup:
        datatype = term.datatype.value if term.datatype else ""
        if datatype in NUMBERS:
            return Markup('<span class="num">{}</span>').format(vi_number(term.value))
        if datatype in DATES:
            return Markup('<time datetime="{}">{}</time>').format(term.value, vi_date(term.value))
        if datatype == XSD + "boolean":
            return Markup("có · yes") if term.value == "true" else Markup("không · no")
        text = term.value
        if len(text) > LONG_TEXT:
            text = text[:LONG_TEXT].rsplit(" ", 1)[0] + " …"
        lang = Markup(' <span class="lang">{}</span>').format(term.language) \
            if term.language and term.language != "vi" else ""
        return Markup("{}{}").format(text, lang)
