"""Readable, stable IRI slugs from Vietnamese names."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII without diacritics: "Bộ Thông tin" -> "bo thong tin"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(text: str, limit: int = 80) -> str:
    """A hyphenated slug; "&" is kept as "-" so "TT&TT" stays distinct from "TTTT"."""
    slug = _NON_WORD.sub("-", fold(text)).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "x"
