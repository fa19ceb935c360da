"""The incremental-build cache: each article's facts and N-Quads, keyed by what made them.

An entry's key is the SHA-256 of the code version, the base IRI, the file name, the article's
text and what its page or fetch record tells the build (title, URL, date), so an article is
extracted again only when its text, its name, its record, the base or the extractor changes.
The code version hashes every file that decides the facts and the RDF (``kg/extract``,
``kg/text``, ``kg/data``, the fact, graph and identity modules); entries of other versions are
removed when a build opens the cache. Entries are pickles behind their SHA-256, checked on
every read: an entry changed on disk (a flipped digit, a torn write) is rebuilt with a note
rather than read. The least recently used entries are evicted once the folder passes
``max_bytes``; temporary files of killed builds are removed when it is opened.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .facts import ArticleFacts
from .sources import Article
from .store import remove_stale_temporaries, write_atomic

PACKAGE = Path(__file__).resolve().parent
MAX_CACHE_BYTES = 512_000_000  # about 40,000 articles; past it the least used entries go
MAGIC = b"kg-cache-entry-1\n"
CODE = ("extract", "text", "data", "facts.py", "graph.py", "identity.py", "vocab.py",
        "sources.py", "html_text.py", "fetch/records.py", "cache.py")


# Libraries that decide an HTML page's text: another version may read a page otherwise.
LIBRARIES = ("trafilatura", "htmldate")


@lru_cache(maxsize=1)
def code_version() -> str:
    """SHA-256 of the code and data files that decide an article's facts and quads."""
    digest = hashlib.sha256()
    for library in LIBRARIES:
        digest.update(f"{library} {metadata.version(library)}\n".encode())
    for name in CODE:
        path = PACKAGE / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".yaml", ".yml", ".json", ".txt"):
                digest.update(file.relative_to(PACKAGE).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What one article contributes to the graph."""

    facts: ArticleFacts
    nquads: bytes


def article_key(article: Article, base: str) -> str:
    """What decides an article's facts and quads: the code, the base, its name, its text and
    what its page or fetch record says about it."""
    digest = hashlib.sha256()
    for part in (code_version(), base, article.name, article.text, repr(article.meta)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


class ArticleCache:
    """A folder of entries, one per article text; ``None`` as folder caches nothing."""

    def __init__(self, folder: Path | None, base: str, max_bytes: int | None = None):
        self.base = base
        self.folder = folder / code_version()[:16] if folder else None
        self.max_bytes = MAX_CACHE_BYTES if max_bytes is None else max_bytes
        self.notes: list[str] = []

    def open(self) -> ArticleCache:
        """Creates the folder, drops the entries of other code versions and stale temporaries."""
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            for other in self.folder.parent.iterdir():
                if other.is_dir() and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
            remove_stale_temporaries(self.folder)
        return self

    def path(self, key: str | None) -> Path | None:
        return self.folder / f"{key}.pickle" if self.folder and key else None

    def get(self, key: str | None, source: Path | None = None) -> Entry | None:
        """The entry of ``key``; None when there is none, or (with a note) when it is corrupt."""
        path = self.path(key)
        if path is None:
            return None
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        entry = _unpack(raw)
        if entry is None:
            self.notes.append(f"{source or path}: its cache entry {path.name} was corrupt; "
                              "extracted again")
            path.unlink(missing_ok=True)
            return None
        os.utime(path)  # recently used: evicted last
        return entry

    def put(self, key: str | None, entry: Entry) -> None:
        path = self.path(key)
        if path is not None:
            payload = pickle.dumps(entry, protocol=5)
            write_atomic(path, MAGIC + hashlib.sha256(payload).digest() + payload, sync=False)

    def evict(self) -> None:
        """Removes the least recently used entries until the folder is under ``max_bytes``."""
        if self.folder is None:
            return
        entries = []
        for path in self.folder.glob("*.pickle"):
            try:
                info = path.stat()
            except OSError:
                continue
            entries.append((info.st_mtime, path.name, info.st_size, path))
        total = sum(size for _, _, size, _ in entries)
        for _, _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size


def _unpack(raw: bytes) -> Entry | None:
    """The entry in ``raw`` if its hash matches; None for anything else."""
    head = len(MAGIC) + 32
    payload = raw[head:]
    if raw[:len(MAGIC)] != MAGIC or hashlib.sha256(payload).digest() != raw[len(MAGIC):head]:
        return None
    try:
        entry = pickle.loads(payload)
    except Exception:  # the hash matched, so only a change of classes can land here
        return None
    return entry if isinstance(entry, Entry) else None
