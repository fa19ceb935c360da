"""What an article says about itself: title, outlet and publication date.

    "10:28, 30/12/2023" / "14:45 | 24/04/2024"   -> published
    "date 2021-07"                               -> published (year-month)
    "Theo https://mic.gov.vn", "(QNP) -"         -> outlet
"""

from __future__ import annotations

import re

from ..facts import ArticleMeta
from ..sources import Article
from ..text.periods import iso

_STAMP = re.compile(r"^\s*(?:\d{1,2}:\d{2}\s*[,|-]?\s*)?(\d{1,2})/(\d{1,2})/(\d{4})"
                    r"(?:\s*[,|-]?\s*\d{1,2}:\d{2})?\s*$", re.M)
_DATE_LINE = re.compile(r"^\s*date:?\s+(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\s*$", re.M | re.I)
_URL = re.compile(r"https?://(?:www\.)?([\w.-]+)")
_TAG = re.compile(r"^\s*\(([A-ZĐ][A-Za-zĐ&.]{1,12})\)\s*[-–]")


def read_metadata(article: Article) -> ArticleMeta:
    head = article.text[:600]
    return ArticleMeta(article.name, _title(article.text), _outlet(article.text),
                       _published(head))


def _published(head: str) -> str | None:
    m = _DATE_LINE.search(head)
    if m:
        return "-".join(g for g in m.groups() if g)
    m = _STAMP.search(head)
    if m:
        return iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _title(text: str) -> str | None:
    """The first short line that reads like a headline, before the body starts."""
    for line in text.splitlines()[:12]:
        line = line.strip(" |\t")
        if len(line) > 250:
            return None
        if 25 <= len(line) <= 200 and not line.endswith((".", ":")) and " " in line \
                and "Ảnh:" not in line and not _STAMP.match(line) and not _DATE_LINE.match(line):
            return line
    return None


def _outlet(text: str) -> str | None:
    m = _TAG.match(text)
    if m:
        return m.group(1)
    urls = _URL.findall(text[-400:])
    return urls[-1] if urls else None
