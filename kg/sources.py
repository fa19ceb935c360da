"""Reading articles: files and folders, decoded to NFC text.

Encodings: UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, else Windows-1258
(whose combining tone marks NFC composes). HTML pages are reduced to their article text, and
what the page says about itself (date, site name, headline, URL) becomes ``Article.meta``.
Every file that cannot be used becomes a one-line ``Problem`` naming it; the rest are read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from .errors import SourceError
from .facts import ArticleMeta
from .identity import article_stem, readable_stem
from .text.decoding import MAX_ARTICLE_BYTES, decode

SUFFIXES = {".txt", ".text", ".html", ".htm"}  # README.md beside articles is not one
DOC_SUFFIXES = {".md", ".rst"}  # notes about the articles: skipped without a word
HTML_SUFFIXES = {".html", ".htm"}
# What XML 1.0 (so RDF/XML and SPARQL XML results) cannot carry. Each is replaced one for one,
# so evidence offsets still index the text: page and line tabs by a line break, the rest by a
# space.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_BREAKS = {"\x0b": "\n", "\x0c": "\n"}
# A file whose modification time is this close to its reading may change again within the
# same time stamp: its stamp is not trusted to skip reading it next time.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    path: Path | None = None
    meta: ArticleMeta | None = None  # what a web page says about itself; None for text files
    notes: tuple[str, ...] = ()  # what was mended while reading, one line each
    stamp: tuple[int, ...] | None = None  # the file's, taken before reading it (``stamp``)

    @cached_property
    def fingerprint(self) -> str:
        """Its text's (``fingerprint``): computed once, for the duplicate check and the
        store's manifest alike."""
        return fingerprint(self.text)


@dataclass(frozen=True)
class Unread:
    """An article file not read again: its stamp is the one it had when the store read it."""

    name: str
    path: Path
    stamp: tuple[int, ...]
    key: str  # its build key, as the store recorded it
    fingerprint: str
    notes: tuple[str, ...] = ()


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

    articles: tuple[Article | Unread, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def failures(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(a.path for a in self.articles if a.path is not None)


def _is_html(path: Path, text: str) -> bool:
    head = text[:512].lstrip().lower()
    return path.suffix.lower() in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html"))


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """One article file; a ``SourceError`` naming the file says why it cannot be used."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if not path.is_file():
        raise SourceError(f"{path}: not a regular file")
    mark = stamp(path)
    size = mark[0] if mark else path.stat().st_size
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
        return replace(_mended(_html_article(path, text)), stamp=mark)
    if not text.strip():
        raise SourceError(f"{path}: empty, no article text")
    return _mended(Article(path.name, text, path, stamp=mark))


def stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when a file may have: its size, modification time and inode, and those of
    the ``kg fetch`` record beside a page. None for a file changed too recently to tell."""
    from .fetch.records import record_path

    files = [path.stat()]
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            files.append(record_path(path).stat())
        except OSError:
            pass  # no record: one appearing later changes the stamp
    if time.time_ns() - max(f.st_mtime_ns for f in files) < RACY_NS:
        return None
    return tuple(n for f in files for n in (f.st_size, f.st_mtime_ns, f.st_ino))


def _mended(article: Article) -> Article:
    """``article`` with a usable name, and its text (and title) made safe for XML."""
    _usable_name(article.path)
    text, notes = xml_safe(article.text, str(article.path))
    meta = article.meta
    if meta is not None and meta.title:
        meta = replace(meta, title=xml_safe(meta.title, "")[0])
    return replace(article, text=text, meta=meta, notes=notes)


def xml_safe(text: str, name: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with what XML cannot carry replaced one for one, and a note when any was."""
    found = [m.start() for m in _NOT_XML.finditer(text)]
    if not found:
        return text, ()
    text = _NOT_XML.sub(lambda m: _XML_BREAKS.get(m.group(), " "), text)
    return text, (f"{name}: {len(found)} control character(s) that XML cannot carry (first at "
                  f"character {found[0]}) replaced by spaces or line breaks",)


def _usable_name(path: Path) -> str:
    """The file name, which the graph keeps as ``kg:fileName``: it must be text XML can carry."""
    name = path.name
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        raise SourceError(f"{path}: the file name is not valid UTF-8; rename the file")
    if _NOT_XML.search(name) or "\n" in name or "\r" in name:
        raise SourceError(f"{path}: the file name has control characters; rename the file")
    return name


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


def _expand(source: Path) -> tuple[list[Path], list[Problem]]:
    """Article files under ``source`` in a stable order, and a ``Problem`` for every other
    path met on the way (documentation files aside): nothing is left out in silence."""
    try:
        is_dir = stat.S_ISDIR(source.stat().st_mode)
    except FileNotFoundError:
        if not source.is_symlink():
            return [source], []  # reading it reports it as missing
        return [], [Problem(str(source), f"{source}: a broken link (no such file or folder)")]
    except OSError as exc:  # a symbolic link loop, a name too long...
        return [], [Problem(str(source), f"{source}: cannot use ({_why(exc)})")]
    except ValueError:  # a NUL byte in the name
        return [], [Problem(str(source), f"{source}: not a usable path")]
    if not is_dir:
        return [source], []
    return _Walk().run(source)


class _Walk:
    """A folder read in name order; links to folders are followed, each folder read once.
    A stack, not recursion: any depth of folders is walked."""

    def __init__(self):
        self.files: list[Path] = []
        self.problems: list[Problem] = []
        self.folders: dict[tuple[int, int], Path] = {}

    def run(self, folder: Path) -> tuple[list[Path], list[Problem]]:
        stack = [folder]
        while stack:
            stack.extend(reversed(self._folder(stack.pop())))
        return self.files, self.problems

    def _folder(self, folder: Path) -> list[Path]:
        """Takes the files of ``folder``; its subfolders, to read next."""
        try:
            info = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self._skip(folder, f"cannot read the folder ({_why(exc)})", "error")
            return []
        first = self.folders.setdefault((info.st_dev, info.st_ino), folder)
        if first != folder:
            self._skip(folder, f"skipped, a link to {first}, which is read once")
            return []
        return [path for path in map(Path, entries) if self._entry(path)]

    def _entry(self, path: Path) -> bool:
        """Takes ``path`` if it is an article file, names it if skipped; True for a folder."""
        if path.name.startswith("."):
            if _is_fetch_record(path):
                return False  # what kg fetch knows of the page beside it: read with the page
            return self._skip(path, "skipped, a hidden file or folder")
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            why = "a broken link" if path.is_symlink() else "cannot read"
            return self._skip(path, f"{why} ({_why(exc)})", "error")
        suffix = path.suffix.lower()
        if stat.S_ISDIR(mode):
            return True
        if not stat.S_ISREG(mode):
            return self._skip(path, "skipped, not a regular file")
        if suffix in SUFFIXES:
            self.files.append(path)
        elif suffix not in DOC_SUFFIXES:  # notes about the articles are no articles: quiet
            self._skip(path, f"skipped, not an article file ({', '.join(sorted(SUFFIXES))})")
        return False

    def _skip(self, path: Path, why: str, level: str = "note") -> bool:
        self.problems.append(Problem(str(path), f"{path}: {why}", level))
        return False


def _is_fetch_record(path: Path) -> bool:
    from .fetch.records import record_path

    page = path.with_name(path.name[1:].removesuffix(".json"))
    return record_path(page) == path and page.is_file()


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


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


def read_sources(sources: Iterable[Path], max_bytes: int = MAX_ARTICLE_BYTES,
                 known: Mapping[str, Unread] | None = None) -> Sources:
    """Every readable, distinct article; each other path becomes a ``Problem``.

    Files are taken in the order of their names (then paths), whatever order the sources are
    given in, so which of two copies is kept does not depend on the command line. A file of
    ``known`` (by absolute path) whose stamp is unchanged is not read: it comes as ``Unread``.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    files: list[Path] = []
    for source in sources:
        found, skipped = _expand(source)
        files += found
        problems += skipped
    seen = _Seen()
    for path in sorted(files, key=lambda p: (p.name, str(p))):
        try:
            problem = seen.same_file(path)
            article = None if problem else (_unchanged(path, known or {})
                                            or read_article(path, max_bytes))
        except SourceError as exc:
            problem = Problem(str(path), str(exc))
        problem = problem or seen.clash(article, path)
        if problem:
            problems.append(problem)
            continue
        articles.append(article)
        problems += [Problem(str(path), note, "note") for note in article.notes]
        problems += filter(None, [seen.slug_note(article, path)])
    return Sources(tuple(articles), tuple(problems))


def _unchanged(path: Path, known: Mapping[str, Unread]) -> Unread | None:
    unread = known.get(os.path.abspath(path))
    try:
        return unread if unread is not None and unread.stamp == stamp(path) else None
    except OSError:
        return None  # reading it names the reason


class _Seen:
    """The files, texts and IRI stems of the articles read so far."""

    def __init__(self):
        self.files: dict[tuple[int, int], Path] = {}
        self.texts: dict[str, Path] = {}
        self.stems: dict[str, Path] = {}
        self.slugs: dict[str, Path] = {}

    def same_file(self, path: Path) -> Problem | None:
        """The same file reached twice (named twice, or through a link): read once."""
        try:
            info = path.stat()
        except (OSError, ValueError):
            return None  # reading it names the reason
        first = self.files.setdefault((info.st_dev, info.st_ino), path)
        if first == path:
            return None
        return Problem(str(path), f"{path}: the same file as {first}; built once", "note")

    def clash(self, article: Article | Unread, path: Path) -> Problem | None:
        """A duplicate text (a note: built once) or a name another article already uses."""
        key = article.fingerprint
        if key in self.texts:
            return Problem(str(path), f"{path}: same text as {self.texts[key]}; built once",
                           "note")
        stem = article_stem(article.name)
        if stem in self.stems:
            other = self.stems[stem]
            return Problem(str(path), f"{path}: another article is already named {other.name} "
                           f"({other}); article names must be unique")
        self.texts[key], self.stems[stem] = path, path
        return None

    def slug_note(self, article: Article | Unread, path: Path) -> Problem | None:
        """A note when two file names make one readable slug (their IRIs are kept apart)."""
        other = self.slugs.setdefault(readable_stem(article.name), path)
        if other == path:
            return None
        return Problem(str(path), f"{path}: its name and that of {other} make the same slug; "
                       f"their IRIs are kept apart as {article_stem(other.name)} and "
                       f"{article_stem(article.name)}", "note")
