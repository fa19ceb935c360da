"""A news page's article text and metadata, read through trafilatura.

trafilatura finds the main text among menus, share buttons, "related news" boxes and comments,
and the page's title, site name and URL; htmldate (inside it) finds the publication date in
meta tags, ``<time>``, JSON-LD, the URL or the visible text. The text keeps the shape of the
plain-text articles in ``seeds/``:

    headline
    sapo and body paragraphs, one a line

The date, the outlet and the URL go into ``Page``, not into the text: the graph records them
on the article node and the extractors take the year from the date.

One thing is added to trafilatura's text: the sapo, the lead paragraph Vietnamese sites set
apart above the body (``detail-sapo``, ``description``, ``article__sapo``). trafilatura
leaves it out when it stands outside the body's container, and it often holds the figures
(``python -m bench.html_pages`` measures both).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# htmldate searches the text too ("Ngày đăng: 10/01/2025"); it keeps the original publication
# date over a later "updated" one. Dates later than today are rejected, which no real page has.
_DATES = {"extensive_search": True, "original_date": True}
_SAPO = re.compile(r"sapo|detail[-_]?summary|article[-_]?(?:lead|summary)|lead[-_]?text"
                   r"|(?:^|\s)description(?:$|\s)", re.I)
_OUTSIDE = {"nav", "aside", "footer", "menu", "script", "style", "noscript", "template"}
# Site chrome that trafilatura's fallback (for pages with little text) would otherwise keep;
# not <form> (ASP.NET portals wrap the whole page in one) nor <header> (articles keep theirs).
_CHROME = ["//nav", "//aside", "//footer", "//menu"]
MIN_SAPO = 20  # characters: shorter "sapo" boxes are labels, not leads


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
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        return Page("", url=url)
    sapo = _sapo(tree)  # before trafilatura, which prunes the tree it is given
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False, date_extraction_params=_DATES, prune_xpath=_CHROME)
    if doc is None:
        return Page("", url=url)
    title = _clean(doc.title) or None
    lines = (_clean(line) for line in (doc.text or "").splitlines())
    body = [line for line in lines if line and line != title]  # the headline goes first
    if sapo and not any(sapo in line for line in body):
        body.insert(0, sapo)
    return Page("\n".join([title] * bool(title) + body), title, doc.date or None,
                _clean(doc.sitename) or doc.hostname or None, doc.url or url)


def _sapo(tree) -> str | None:
    """The text of the first element marked as the sapo, outside menus and sidebars."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "link", "html", "body"):
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if _SAPO.search(marks) and not any(a.tag in _OUTSIDE for a in element.iterancestors()):
            text = _clean(element.text_content())
            if len(text) >= MIN_SAPO:
                return text
    return None


def _clean(line: str | None) -> str:
    """NFC, whitespace runs collapsed: offsets count what the graph stores."""
    return unicodedata.normalize("NFC", " ".join((line or "").split()))
