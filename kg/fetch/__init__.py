"""Fetch news pages into a folder ``kg build`` reads: from feeds, sitemaps or page URLs.

Each URL is fetched once and sniffed: an RSS/Atom feed or a sitemap (index) is followed to
the pages it lists, a page is kept. A page is saved with the record of where it came from
(``records``); one already in the folder is asked for again with its ``ETag`` and
``Last-Modified``, and rewritten only when its bytes changed. Requests obey the ``Policy``
(allowed hosts, robots.txt, a pause per host, retries) of ``client``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from ..errors import KgError
from ..store import write_atomic
from ..text.decoding import MAX_ARTICLE_BYTES, decode
from .client import Client, Policy, Refused, Response
from .listings import Link, kind_of, read_feed, read_sitemap, unpacked
from .records import Folder, read_record, record_bytes, record_path

__all__ = ["FetchReport", "Outcome", "Policy", "fetch"]

MAX_SITEMAP_DEPTH = 3  # an index of indexes of sitemaps is as deep as sites go
LISTING_LIMIT = 50_000_000  # the sitemap protocol's limit, uncompressed


@dataclass(frozen=True)
class Outcome:
    """What became of one URL: ``saved``, ``updated``, ``unchanged``, ``listed`` (a feed or
    sitemap that was followed), ``skipped`` (not to be fetched) or ``failed``."""

    url: str
    status: str
    message: str = ""
    path: Path | None = None


@dataclass(frozen=True)
class FetchReport:
    outcomes: tuple[Outcome, ...]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")


def fetch(urls: Iterable[str], into: Path, policy: Policy | None = None,
          progress: Callable[[Outcome], None] | None = None,
          notify: Callable[[str], None] | None = None) -> FetchReport:
    """Fetch ``urls`` (pages, feeds, sitemaps) and the pages they list into ``into``."""
    urls = [url.strip() for url in urls]
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KgError(f"{url}: not an http(s) URL")
    if into.exists() and not into.is_dir():
        raise KgError(f"{into}: not a folder")
    run = _Run(Client(policy or Policy(), notify), Folder(into), progress)
    for url in urls:
        run.start(url)
    return FetchReport(tuple(run.outcomes))


class _Run:
    def __init__(self, client: Client, folder: Folder,
                 progress: Callable[[Outcome], None] | None):
        self.client = client
        self.folder = folder
        self.progress = progress
        self.outcomes: list[Outcome] = []
        self.seen: set[str] = set()

    def _tell(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if self.progress:
            self.progress(outcome)

    def start(self, url: str, depth: int = 0) -> None:
        """A URL given by the user or a sitemap index: whatever it is, follow or keep it."""
        url = urldefrag(url.strip()).url
        if url in self.seen:
            return
        self.seen.add(url)
        response = self._get(url, self.folder.find(url), LISTING_LIMIT)
        if response is None:
            return
        body = response.body if response.status == 304 else unpacked(response.body)
        kind = kind_of(body, response.headers.get("content-type", ""))
        if response.status == 304 or kind == "page":
            self._keep(url, response, None)
        elif kind == "other":
            self._tell(Outcome(url, "failed", f"{url}: not a page, feed or sitemap "
                               f"({response.headers.get('content-type', 'no content type')})"))
        else:
            self._follow(url, response.url, body, kind, depth)

    def _follow(self, url: str, final: str, body: bytes, kind: str, depth: int) -> None:
        try:
            listing = (read_feed if kind == "feed" else read_sitemap)(body, final)
        except KgError as exc:
            self._tell(Outcome(url, "failed", str(exc)))
            return
        self._tell(Outcome(url, "listed", f"{kind}: {len(listing.links)} pages"
                           + (f", {len(listing.sitemaps)} sitemaps" if listing.sitemaps else "")))
        for sitemap in listing.sitemaps:
            if depth < MAX_SITEMAP_DEPTH:
                self.start(sitemap, depth + 1)
        for link in listing.links:
            self.page(link)

    def page(self, link: Link) -> None:
        """A page a listing names: fetched unless this run has seen it already."""
        url = urldefrag(link.url).url
        if url in self.seen:
            return
        self.seen.add(url)
        existing = self.folder.find(url)
        response = self._get(url, existing)
        if response is not None:
            self._keep(url, response, link.listed)

    def _get(self, url: str, existing: Path | None,
             limit: int = MAX_ARTICLE_BYTES) -> Response | None:
        try:
            return self.client.get(url, _conditional(existing), limit)
        except Refused as exc:
            self._tell(Outcome(url, "skipped", str(exc)))
        except KgError as exc:
            self._tell(Outcome(url, "failed", str(exc)))
        return None

    def _keep(self, url: str, response: Response, listed: str | None) -> None:
        """Saves a page unless the folder has it already with these very bytes."""
        existing = self.folder.find(url, response.url)
        if response.status == 304 and existing is not None:
            self._tell(Outcome(url, "unchanged", "not modified", existing))
            return
        record = _record(url, response, listed)
        if record is None:
            self._tell(Outcome(url, "skipped", f"{url}: not an HTML page "
                               f"({response.headers.get('content-type', 'no content type')})"))
            return
        twin = self.folder.find(record.get("canonical"))
        # The same headline too: some sites name their home page as every page's canonical.
        if existing is None and twin is not None and \
                read_record(twin).get("title") == record.get("title"):
            self._tell(Outcome(url, "unchanged", f"same article as {twin}", twin))
            return
        old = read_record(existing) if existing else {}
        if existing is not None and old.get("sha256") == record["sha256"]:
            self._save(existing, None, {**old, **_validators(response)})
            self._tell(Outcome(url, "unchanged", "same bytes", existing))
            return
        path = existing or self.folder.new_page(response.url)
        try:
            self._save(path, response.body, record)
        except OSError as exc:  # a full disk, a folder not writable: this page is not saved
            self._tell(Outcome(url, "failed", f"{exc.filename or path}: cannot write "
                               f"({exc.strerror or exc})"))
            return
        self._tell(Outcome(url, "updated" if existing else "saved", "", path))

    def _save(self, path: Path, body: bytes | None, record: dict) -> None:
        if body is not None:
            write_atomic(path, body)
        write_atomic(record_path(path), record_bytes(record))
        self.folder.remember(path, record)


def _conditional(page: Path | None) -> dict[str, str]:
    """The validators of a saved page, so that the server can answer 304 Not Modified."""
    record = read_record(page) if page else {}
    headers = {"If-None-Match": record.get("etag"),
               "If-Modified-Since": record.get("last_modified")}
    return {k: v for k, v in headers.items() if v}


def _validators(response: Response) -> dict[str, str]:
    return {"etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def _record(url: str, response: Response, listed: str | None) -> dict | None:
    """The record of a fetched page: where it came from and what it says; None if not HTML."""
    from ..html_text import read_page

    if kind_of(response.body, response.headers.get("content-type", "")) != "page":
        return None
    try:
        page = read_page(decode(response.body, url), response.url)
    except KgError:  # binary after all
        return None
    record = {"url": response.url, "requested": url, "canonical": page.url, "title": page.title,
              "outlet": page.outlet, "published": page.published, "listed": listed,
              "sha256": hashlib.sha256(response.body).hexdigest(),
              "content_type": response.headers.get("content-type"), **_validators(response)}
    return {k: v for k, v in record.items() if v}
