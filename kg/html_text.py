"""A news page's article text and metadata, read through trafilatura.

trafilatura finds the main text among menus, share buttons, "related news" boxes and comments,
and the page's title, site name and URL; htmldate (inside it) finds the publication date in
meta tags, ``<time>``, JSON-LD, the URL or the visible text. The text keeps the shape of the
plain-text articles in ``seeds/``:

    headline
    sapo and body paragraphs, one a line

The date, the outlet and the URL go into ``Page``, not into the text: the graph records them
on the article node and the extractors take the year from the date.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# htmldate searches the text too ("Ngày đăng: 10/01/2025"); it keeps the original publication
# date over a later "updated" one. Dates later than today are rejected, which no real page has.
_DATES = {"extensive_search": True, "original_date": True}


@dataclass(frozen=True)
class Page:
    """What a page says: its article text and, where found, title, date, outlet and URL."""

    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


def read_page(page: str, url: str | None = None) -> Page:
    """The article of an HTML page; ``url`` stands for the page's own URL when it has none.

    The text is NFC and the same page always gives the same text.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        page, url=url, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False, date_extraction_params=_DATES)
    if doc is None:
        return Page("", url=url)
    title = _clean(doc.title)
    body = [line for line in (_clean(line) for line in (doc.text or "").splitlines()) if line]
    lines = ([title] if title and title not in body[:1] else []) + body
    return Page("\n".join(lines), title, doc.date or None,
                _clean(doc.sitename) or doc.hostname or None, doc.url or url)


def _clean(line: str | None) -> str:
    """NFC, whitespace runs collapsed: offsets count what the graph stores."""
    return unicodedata.normalize("NFC", " ".join((line or "").split()))
