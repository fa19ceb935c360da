"""Reading articles: files and folders, decoded to NFC text.

Encodings: UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, else Windows-1258
(whose combining tone marks NFC composes). HTML pages are reduced to their article text, and
what the page says about itself (date, site name, headline, URL) becomes ``Article.meta``.
Every file that cannot be used becomes a one-line ``Problem`` naming it; the rest are read.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .facts import ArticleMeta

SUFFIXES = {".txt", ".text", ".html", ".htm"}  # README.md beside articles is not one
DOC_SUFFIXES = {".md", ".rst"}  # notes about the articles: skipped without a word
HTML_SUFFIXES = {".html", ".htm"}
# The longest seed is 15 kB and extraction time grows faster than linearly (about 5 s for
# 3 MB), so a bigger file is almost surely not one article: refuse it before reading it.
MAX_ARTICLE_BYTES = 5_000_000

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {  # file signatures, to name what a binary file is
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive", b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "a program",
}
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    path: Path | None = None
    meta: ArticleMeta | None = None  # what a web page says about itself; None for text files


@dataclass(frozen=True)
class Problem:
    """A source that was not built (``error``) or was built with a remark (``note``)."""

    source: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


@dataclass(frozen=True)
class Sources:
    """The articles read from some files and folders, and the problems met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def failures(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(a.path for a in self.articles if a.path is not None)


def decode(raw: bytes, name: str) -> str:
    """Text of ``raw`` by BOM, else UTF-8, else Windows-1258; newlines unified, NFC."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None and b"\x00" in raw[:8192]:
        raise SourceError(f"{name}: binary file ({_kind(raw)}), not article text")
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding:
            raise SourceError(f"{name}: invalid {encoding.upper()} at byte {exc.start}") from None
        text = _decode_cp1258(raw, name)
    if _looks_binary(text[:65536]):
        raise SourceError(f"{name}: binary file ({_kind(raw)}), not article text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode_cp1258(raw: bytes, name: str) -> str:
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not UTF-8, UTF-16 or Windows-1258 text "
                          f"(byte 0x{raw[exc.start]:02x} at {exc.start})") from None


def _looks_binary(sample: str) -> bool:
    """More than 1% control characters (tabs and line breaks aside): not text."""
    controls = sum(1 for ch in sample
                   if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    return controls > max(2, len(sample) // 100)


def _kind(raw: bytes) -> str:
    return next((kind for magic, kind in _MAGIC.items() if raw.startswith(magic)),
                "unknown format")


def _is_html(path: Path, text: str) -> bool:
    head = text[:512].lstrip().lower()
    return path.suffix.lower() in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html"))


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """One article file; a ``SourceError`` naming the file says why it cannot be used."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if not path.is_file():
        raise SourceError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(f"{path}: {_mb(size)} is over the {_mb(max_bytes)} limit for one "
                          "article; split it into articles")
    try:
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)  # the file may grow after stat()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise SourceError(f"{path}: over the {_mb(max_bytes)} limit for one article")
    text = decode(raw, str(path))
    if _is_html(path, text):
        return _html_article(path, text)
    if not text.strip():
        raise SourceError(f"{path}: empty, no article text")
    return Article(path.name, text, path)


def _html_article(path: Path, page: str) -> Article:
    """The article of a page; a record saved beside it by ``kg fetch`` adds what it knows."""
    from .fetch.records import read_record
    from .html_text import read_page

    record = read_record(path)
    found = read_page(page, record.get("url"))
    if not found.text.strip():
        raise SourceError(f"{path}: empty, no article text in the page")
    meta = ArticleMeta(path.name, found.title, found.outlet,
                       found.published or record.get("listed"), found.url)
    return Article(path.name, found.text, path, meta)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size} bytes"


def _expand(source: Path) -> tuple[list[Path], list[Path]]:
    """Article files under ``source`` in a stable order, and the other files worth a note."""
    if not source.is_dir():
        return [source], []
    files = sorted(p for p in source.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(source).parts))
    articles = [p for p in files if p.suffix.lower() in SUFFIXES]
    return articles, [p for p in files if p.suffix.lower() not in SUFFIXES | DOC_SUFFIXES]


def find_files(sources: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and article files inside folders, in a stable order.

    A path that does not exist is passed on, so that reading it reports it by name.
    """
    for source in sources:
        yield from _expand(source)[0]


def read_articles(sources: Iterable[Path]) -> list[Article]:
    """Every article; the first unreadable file raises ``SourceError``."""
    return [read_article(p) for p in find_files(sources)]


def fingerprint(text: str) -> str:
    """Hash of the text with whitespace collapsed: the same article saved twice matches."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def read_sources(sources: Iterable[Path], max_bytes: int = MAX_ARTICLE_BYTES) -> Sources:
    """Every readable, distinct article; each other file becomes a ``Problem``."""
    articles: list[Article] = []
    problems: list[Problem] = []
    by_text: dict[str, Path] = {}
    by_name: dict[str, Path] = {}
    seen: set[Path] = set()
    for source in sources:
        files, skipped = _expand(source)
        problems += [Problem(str(p), f"{p}: skipped, not an article file "
                             f"({', '.join(sorted(SUFFIXES))})", "note") for p in skipped]
        for path in (p for p in files if p.resolve() not in seen):
            seen.add(path.resolve())
            try:
                article = read_article(path, max_bytes)
            except SourceError as exc:
                problems.append(Problem(str(path), str(exc)))
                continue
            problem = _clash(article, path, by_text, by_name)
            if problem:
                problems.append(problem)
                continue
            articles.append(article)
    return Sources(tuple(articles), tuple(problems))


def _clash(article: Article, path: Path, by_text: dict, by_name: dict) -> Problem | None:
    """A duplicate text (a note: built once) or a name another article already uses."""
    key = fingerprint(article.text)
    if key in by_text:
        return Problem(str(path), f"{path}: same text as {by_text[key]}; built once", "note")
    stem = article.name.removesuffix(".txt")
    if stem in by_name:
        return Problem(str(path), f"{path}: another article is already named "
                       f"{by_name[stem].name} ({by_name[stem]}); article names must be unique")
    by_text[key], by_name[stem] = path, path
    return None
