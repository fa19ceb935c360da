"""A folder of fetched pages: ``HOST/NAME.html`` and, beside it, the record ``.NAME.html.json``.

The record says where the page came from and how to ask for it again:

    {"url": final URL, "requested": URL asked for, "canonical": the URL the page names as
     its own (<link rel=canonical>, og:url, JSON-LD), else its final URL,
     "title", "outlet", "published" (what the page says), "listed" (the feed's or sitemap's
     date), "fetched" (UTC), "etag", "last_modified", "sha256" (of the page's bytes)}

Records are hidden files, so ``kg build DIR`` reads the pages and passes over the records;
reading a page picks its record up. Names are unique in the folder, as the build wants.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..text.slugs import slugify

PAGE_SUFFIXES = (".html", ".htm")
_URL_SUFFIX = re.compile(r"\.[A-Za-z]{2,5}$")  # .htm, .html, .aspx, .php, .vnp...


def record_path(page: Path) -> Path:
    return page.with_name(f".{page.name}.json")


def read_record(page: Path) -> dict:
    """The record saved beside ``page``; empty when there is none or it is unreadable."""
    try:
        record = json.loads(record_path(page).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def record_bytes(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


class Folder:
    """The pages already in a folder, found by any URL they answered to, and fresh names."""

    def __init__(self, root: Path):
        self.root = root
        self.pages: dict[str, Path] = {}
        self.names: set[str] = set()
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                self._index(path)

    def _index(self, path: Path) -> None:
        if path.suffix.lower() in (*PAGE_SUFFIXES, ".txt") and not path.name.startswith("."):
            self.names.add(path.stem)
            record = read_record(path)
            for key in ("requested", "url", "canonical"):
                if record.get(key):
                    self.pages.setdefault(record[key], path)

    def find(self, *urls: str | None) -> Path | None:
        """The saved page that answered to any of ``urls``."""
        return next((self.pages[u] for u in urls if u and u in self.pages), None)

    def new_page(self, url: str) -> Path:
        """A path for the page of ``url``: ``HOST/slug-of-its-path.html``, unique by stem."""
        parts = urlsplit(url)
        segment = next((s for s in reversed(parts.path.split("/")) if s), "")
        segment = _URL_SUFFIX.sub("", segment)
        stem = slugify(" ".join(filter(None, (segment, parts.query))), limit=100)
        if stem == "x" or stem in self.names:
            stem = f"{stem}-{hashlib.sha256(url.encode()).hexdigest()[:10]}"
        self.names.add(stem)
        host = (parts.hostname or "").lower()
        folder = host if re.fullmatch(r"[a-z0-9][a-z0-9.-]{0,99}", host) else slugify(host)
        return self.root / folder / f"{stem}.html"

    def remember(self, page: Path, record: dict) -> None:
        for key in ("requested", "url", "canonical"):
            if record.get(key):
                self.pages[record[key]] = page
