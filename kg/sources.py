"""Reading articles: files and folders, decoded to NFC text."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    path: Path | None = None


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1258; NFC."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    elif b"\x00" in raw[:4096]:
        raise SourceError(f"{name}: binary file, not an article")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1258", errors="strict") if _is_cp1258(raw) else None
            if text is None:
                raise SourceError(f"{name}: not UTF-8, UTF-16 or Windows-1258 text") from None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_cp1258(raw: bytes) -> bool:
    try:
        raw.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return True


def read_article(path: Path) -> Article:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text = decode(raw, str(path))
    if path.suffix.lower() in {".html", ".htm"}:
        from .html_text import article_text

        text = article_text(text)
    return Article(path.name, text, path)


def find_files(sources: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and article files inside folders, in a stable order."""
    for source in sources:
        if not source.exists():
            raise SourceError(f"{source}: no such file or folder")
        if source.is_dir():
            yield from sorted(p for p in source.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUFFIXES
                              and not p.name.startswith("."))
        else:
            yield source


def read_articles(sources: Iterable[Path]) -> list[Article]:
    return [read_article(p) for p in find_files(sources)]
