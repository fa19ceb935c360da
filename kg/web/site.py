"""What every view shares: the store, the settings, labels, templates and a few caches."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as NotYet
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from ..settings import Settings
from ..sparql import Store
from ..worker import Aside
from .chart import qualifier_sign
from .describe import quotes_query
from .display import Renderer, period_text, signed, vi_date, vi_number
from .lookups import BY_KEY, COLLECTIONS
from .negotiation import SUFFIXES
from .terms import Vocabulary, short

HERE = Path(__file__).parent
IN_SCRATCH = ("dump:", "table:")  # kept answers that are files of the scratch folder
SOON_S = 1.0  # seconds a page waits for a total before it is drawn without it
RDF_LINKS = tuple((name, suffix, SUFFIXES[suffix].media_type) for name, suffix in (
    ("Turtle", ".ttl"), ("JSON-LD", ".jsonld"), ("N-Triples", ".nt"), ("RDF/XML", ".rdf")))


class Site:
    """One published dataset: where IRIs live, how terms are named, how pages are drawn."""

    def __init__(self, store: Store, settings: Settings, modified: datetime | None = None):
        self.store = store
        # When the data was last changed: the graph file's time, else when it was loaded.
        self.modified = (modified or datetime.now(timezone.utc)).replace(microsecond=0)
        self.settings = settings
        self.base = settings.base
        self.vocab = Vocabulary.load(settings.ontology)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(
            site=self, short=short, collections=COLLECTIONS, by_key=BY_KEY,
            rdf_links=RDF_LINKS, quotes_query=quotes_query)
        self.templates.env.filters.update(
            num=vi_number, day=vi_date, signed=signed, href=self.href, label=self.vocab.label,
            period=lambda f: period_text(f.start, f.end), sign=qualifier_sign)
        self._kept: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._scratch: tempfile.TemporaryDirectory | None = None
        self._aside: Aside | None = None

    def scratch(self) -> Path:
        """A folder of this server's own for the files it writes (dumps, tables), removed
        with it."""
        with self._lock:
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="kg-serve-")
            return Path(self._scratch.name)

    def close(self) -> None:
        with self._lock:
            scratch, self._scratch = self._scratch, None
            aside, self._aside = self._aside, None
            self._kept = {k: v for k, v in self._kept.items() if not k.startswith(IN_SCRATCH)}
        if aside is not None:
            aside.close()
        if scratch is not None:
            scratch.cleanup()

    def aside(self, job: Callable[..., Any], *args) -> Any:
        """``job(store, *args)``, a pass over the whole graph (a total, a table): on a store
        folder, in a process of its own, one at a time (``kg.worker.Aside``), so that the
        server keeps neither the memory it takes nor the store's index blocks it reads (at
        100,000 articles the server passed 1 GB doing them itself); on a graph loaded in
        memory, here."""
        generation = getattr(self.store, "generation", None)  # of a store folder served
        if generation is None:
            return job(self.store, *args)
        with self._lock:
            if self._aside is None:
                self._aside = Aside(self.store.path, generation)
            aside = self._aside
        return aside.run(job, *args)

    def tag(self, request: Request, kind: str) -> str:
        """The ETag of a response streamed as it is read (a table's download): the data does
        not change while it is served, so its time and the URL name the body."""
        named = f"{self.modified.isoformat()} {kind} {request.url.path}?{request.url.query}"
        return '"' + hashlib.sha256(named.encode()).hexdigest()[:32] + '"'

    def href(self, iri: str) -> str:
        """The local path of an IRI under the base; any other IRI as it is."""
        if not iri.startswith(self.base):
            return iri
        path, hash_, fragment = iri[len(self.base):].partition("#")
        safe = "/:@!$&'()*+,;=-._~%"
        return "/" + quote(path, safe=safe) + hash_ + quote(fragment, safe=safe)

    def public(self, request: Request) -> str:
        """Where this server is reached: the public URL setting, else the request's own."""
        return self.settings.public_url or str(request.base_url)

    def iri(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def term(self, iri: str) -> Markup:
        """A class or property as "Vietnamese label · English label"."""
        en = self.vocab.english(iri)
        vi = self.vocab.label(iri)
        return Markup('{}<span class="en">{}</span>').format(vi, f" · {en}" if en else "")

    def renderer(self, labels: dict[str, str]) -> Renderer:
        return Renderer(self.href, labels, self.vocab.label)

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """The data never changes while the server runs, so some answers are kept: each is
        computed once, however many requests ask for it at the same time."""
        return self._answer(key, make).result()

    def soon(self, key: str, make: Callable[[], Any], wait: float = SOON_S) -> Any:
        """A kept answer, or None when it is not ready within ``wait`` seconds: the totals of
        a large graph take minutes, and a page is drawn without them rather than held. The
        answer goes on being computed, for the requests after; they do not wait for it."""
        started = key not in self._kept
        try:  # only the request that starts the counting waits: the others are not held
            return self._answer(key, make, again=False).result(timeout=wait if started else 0)
        except NotYet:
            return None
        except Exception:  # noqa: BLE001 - a total that failed is left out, not retried
            return None

    def peek(self, key: str) -> Any:
        """A kept answer, or None; never waits."""
        kept = self._kept.get(key)
        return kept.result() if kept and kept.done() and not kept.exception() else None

    def _answer(self, key: str, make: Callable[[], Any], again: bool = True) -> Future:
        """The kept answer to ``key``, started if it is not; one that failed is started
        ``again``, else kept as it is."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or (again and kept.done() and kept.exception() is not None):
                kept = self._kept[key] = Future()
                threading.Thread(target=_fill, args=(kept, make), name=f"kg: {key}",
                                 daemon=True).start()
            return kept

    def render(self, request: Request, template: str, status: int = 200,
               headers: dict | None = None, **context) -> HTMLResponse:
        return self.templates.TemplateResponse(request, template, context, status_code=status,
                                               headers=headers)


def _fill(kept: Future, make: Callable[[], Any]) -> None:
    try:
        kept.set_result(make())
    except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the answer
        kept.set_exception(exc)


def split_suffix(path: str) -> tuple[str, str]:
    """("person/x", ".ttl") for "person/x.ttl"; ("person/x", "") when no RDF suffix."""
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix and f".{suffix.lower()}" in SUFFIXES:
        return stem, f".{suffix.lower()}"
    return path, ""
