"""Readable, stable IRI slugs from Vietnamese names."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII without diacritics: "Bộ Thông tin" -> "bo thong tin"."""
    if text.isascii():
        return text.lower()
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFD", text).translate(_combining_marks()).lower()


@cache
def _combining_marks() -> dict[int, None]:
    """Every combining mark, for ``str.translate`` to drop: one C loop, not one Python call
    per character."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}


@lru_cache(maxsize=65_536)  # names recur across an article's facts and across articles
def slugify(text: str, limit: int = 80) -> str:
    """A hyphenated slug; "&" is kept as "-" so "TT&TT" stays distinct from "TTTT"."""
    slug = _NON_WORD.sub("-", fold(text)).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "x"
