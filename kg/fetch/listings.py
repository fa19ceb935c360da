"""What a fetched URL is (a feed, a sitemap or a page), and the article links a listing holds.

Feeds go through feedparser: it reads RSS 0.9x–2.0, RSS 1.0 and Atom, and also the feeds
that are not well-formed XML (an unescaped ``&`` in a title is common), which a strict XML
parser rejects whole. Sitemaps (``<urlset>``, ``<sitemapindex>``, gzipped or not, with the
Google News ``<news:publication_date>``) are plain XML and go through the standard library.
"""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from ..errors import KgError

_ROOT = re.compile(rb"<\s*([A-Za-z_][\w:.-]*)")
_SKIPPED = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S | re.I)
FEEDS = {"rss", "rdf", "feed", "channel"}
SITEMAPS = {"urlset", "sitemapindex"}


@dataclass(frozen=True)
class Link:
    """An article a listing points to, with the date the listing gives it (ISO), if any."""

    url: str
    listed: str | None = None


@dataclass(frozen=True)
class Listing:
    """The pages a feed or sitemap lists, and the further sitemaps an index lists."""

    links: tuple[Link, ...] = ()
    sitemaps: tuple[str, ...] = ()


def unpacked(body: bytes) -> bytes:
    """The body, gunzipped when it is a gzip file (``sitemap.xml.gz``)."""
    if body[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(body)
        except (OSError, EOFError) as exc:
            raise KgError(f"broken gzip file ({exc})") from None
    return body


def kind_of(body: bytes, content_type: str) -> str:
    """``feed``, ``sitemap`` or ``page``, from the document's root element."""
    head = _SKIPPED.sub(b"", body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n"))
    m = _ROOT.search(head)
    root = m.group(1).decode("ascii").lower().rsplit(":", 1)[-1] if m else ""
    if root in FEEDS:
        return "feed"
    if root in SITEMAPS:
        return "sitemap"
    return "page" if root == "html" or "html" in content_type.lower() else "other"


def read_feed(body: bytes, url: str) -> Listing:
    """The entries' links of an RSS or Atom feed, in feed order."""
    import feedparser

    # A stream, never a string: feedparser opens a string naming a file or URL itself.
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
    links = (Link(e.get("link", "").strip(), _iso_date(e.get("published") or e.get("updated")))
             for e in parsed.entries)
    listing = Listing(tuple(link for link in links if link.url))
    if not listing.links and parsed.bozo:  # feedparser read nothing of use: say why
        raise KgError(f"{url}: not a readable feed ({parsed.bozo_exception})")
    return listing


def read_sitemap(body: bytes, url: str) -> Listing:
    """The pages of a ``<urlset>``, or the sitemaps of a ``<sitemapindex>``."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise KgError(f"{url}: not a well-formed sitemap ({exc})") from None
    if _local(root.tag) == "sitemapindex":
        return Listing(sitemaps=tuple(_text(s, "loc") for s in root if _text(s, "loc")))
    links = []
    for entry in root:
        loc = _text(entry, "loc")
        if loc:
            listed = _iso_date(_text(entry, "publication_date") or _text(entry, "lastmod"))
            links.append(Link(loc, listed))
    return Listing(tuple(links))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ET.Element, name: str) -> str:
    """The text of the first descendant named ``name`` in any namespace."""
    found = next((e for e in element.iter() if _local(e.tag) == name), None)
    return (found.text or "").strip() if found is not None else ""


def _iso_date(value: str | None) -> str | None:
    """The calendar date of an RFC 822 or ISO 8601 time, as the site's clock shows it."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
