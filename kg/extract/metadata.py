"""What an article says about itself: title, outlet and publication date.

    "10:28, 30/12/2023" / "14:45 | 24/04/2024"   -> published
    "Thứ năm, 29/12/2022 08:35", "Cập nhật ngày: 22/12/2021 20:40:34" -> published
    "date 2021-07" (a leading marker)           -> published (year-month)
    "Theo https://mic.gov.vn", "(QNP) -"         -> outlet

What a web page says about itself (``Article.meta``: its date, site name, headline, URL)
comes first; the text fills in what the page does not say.
"""

from __future__ import annotations

import re

from ..facts import ArticleMeta
from ..sources import Article
from ..text.periods import iso

_STAMP = re.compile(r"^\s*(?:\d{1,2}:\d{2}\s*[,|-]?\s*)?(\d{1,2})/(\d{1,2})/(\d{4})"
                    r"(?:\s*[,|-]?\s*\d{1,2}:\d{2})?\s*$", re.M)
# A page's own time stamp: a full date next to a clock time, a weekday or "Cập nhật".
# An event date ("Chiều ngày 19/6/2024, ...") has none of these and is not a publication date.
_DATE = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
_PAGE_STAMP = re.compile(
    rf"(?:{_CLOCK}\s*[,|-]?\s*{_DATE}"
    rf"|(?:Thứ\s+\w+|Chủ nhật|Cập nhật(?: ngày)?|Ngày đăng|Đăng ngày)\s*[:,]?\s*{_DATE}"
    rf"|{_DATE}(?=\s*[,|-]?\s*{_CLOCK}))", re.I)
DATE_MARK = re.compile(r"^\s*date:?\s+(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?=\s|$)", re.M | re.I)
_URL = re.compile(r"https?://(?:www\.)?([\w.-]+)")
_TAG = re.compile(r"^\s*\(([A-ZĐ][A-Za-zĐ&.]{1,12})\)\s*[-–]")


def read_metadata(article: Article) -> ArticleMeta:
    head = article.text[:600]
    page = article.meta or ArticleMeta(article.name)
    return ArticleMeta(article.name, page.title or _title(article.text),
                       page.outlet or _outlet(article.text), page.published or _published(head),
                       page.url)


def _published(head: str) -> str | None:
    m = DATE_MARK.search(head)
    if m:
        return "-".join(g for g in m.groups() if g)
    m = _STAMP.search(head) or _PAGE_STAMP.search(head)
    if m:
        day, month, year = (g for g in m.groups() if g is not None)
        return iso(int(year), int(month), int(day))
    return None


def _title(text: str) -> str | None:
    """The first short line that reads like a headline, before the body starts."""
    for line in text.splitlines()[:12]:
        line = line.strip(" |\t")
        if len(line) > 250:
            return None
        if 25 <= len(line) <= 200 and not line.endswith((".", ":")) and " " in line \
                and "Ảnh:" not in line and not _STAMP.match(line) and not DATE_MARK.match(line):
            return line
    return None


def _outlet(text: str) -> str | None:
    m = _TAG.match(text)
    if m:
        return m.group(1)
    urls = _URL.findall(text[-400:])
    return urls[-1] if urls else None
