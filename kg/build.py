"""The pipeline: read articles, extract facts, write the graph."""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rdflib import Dataset, Literal

from .cache import ArticleCache, Entry, article_key, code_version
from .database import Manifest, Phases, is_database, update
from .errors import KgError
from .extract import extract
from .facts import FACT_KINDS, ArticleFacts
from .formats import RdfFormat, for_path
from .graph import article_quads, as_triples, entity_quads, nquads, to_dataset
from .identity import Minter, check_base
from .processes import cpus, worker_pool
from .sources import Article, Unread, find_files, read_article
from .store import write_graph

PARALLEL_MIN = 64  # fewer articles than this are not worth starting worker processes for


@dataclass(frozen=True)
class Failure:
    source: str
    message: str


@dataclass(frozen=True)
class BuildReport:
    out: Path | None
    articles: tuple[ArticleFacts, ...]
    failures: tuple[Failure, ...] = ()
    counts: dict = field(default_factory=dict)
    triples: int = 0
    extracted: int = 0
    notes: tuple[str, ...] = ()  # cache entries found corrupt and rebuilt
    total: int = 0  # articles in the graph built, read again or not
    empty: tuple[str, ...] = ()  # the file names of articles read with no fact in them
    phases: dict[str, float] = field(default_factory=dict)  # seconds, of a store's build


def extract_all(sources: Iterable[Path]) -> tuple[list[ArticleFacts], list[Failure]]:
    """Extract every readable article; unreadable ones become failures, not crashes."""
    articles, failures = read_all(sources)
    return [extract(article) for article in articles], failures


class Concepts:
    """The wordings of each indicator concept across articles."""

    def __init__(self):
        self.wordings: dict[str, Counter] = defaultdict(Counter)

    def add(self, article: ArticleFacts) -> None:
        for concept, wording in wordings_of(article):
            self.wordings[concept][wording] += 1

    def labels(self) -> dict[str, str]:
        """The most used wording of each concept (of equals, the first in code point order):
        the same articles give the same labels in whatever order they are read."""
        return {concept: min(counts, key=lambda w: (-counts[w], w))
                for concept, counts in self.wordings.items()}


def wordings_of(article: ArticleFacts) -> Iterator[tuple[str, str]]:
    """(concept, wording) of each figure: a series of the scheme is named by it, any other by
    the article's wording."""
    for fact in (*article.observations, *article.targets):
        named = fact.series and fact.series.quantity
        yield fact.concept, fact.series.label if named else fact.indicator


def dataset_for(articles: Iterable[ArticleFacts], base: str) -> Dataset:
    minter = Minter(check_base(base))
    quads = []
    concepts = Concepts()
    for article in articles:
        quads.extend(article_quads(minter, article))
        concepts.add(article)
    quads.extend(entity_quads(minter, quads, concepts.labels()))
    return to_dataset(quads)


def output_format(out: Path) -> RdfFormat:
    """The format of a build output: one that keeps a graph per article."""
    fmt = for_path(out)
    if not fmt.quads:
        raise KgError(f"{out}: {fmt.name} holds one graph, not a graph per article; build to "
                      f".trig, .nq or .jsonld, then 'kg export --format {fmt.name}'")
    return fmt


def build(sources: Iterable[Path | Article | Unread], out: Path, base: str, jobs: int | None = None,
          cache: bool = True, progress: Callable[[], None] | None = None,
          compact: bool = False) -> BuildReport:
    """Build the graph of ``sources`` (articles already read, or files and folders) into
    ``out``: a store folder (``*.oxigraph``, kept up to date article by article) or a graph
    file (TriG, N-Quads, JSON-LD... by suffix).

    Articles are extracted in ``jobs`` processes (default: one per CPU). For a graph file,
    articles whose text is unchanged since the last build come from ``build/cache/`` beside
    it. ``progress`` is called once per article extracted or taken from the cache.
    """
    check_base(base)
    articles, failures = read_all(sources)
    if is_database(out):
        return _build_database(articles, failures, out, base, jobs, progress, compact)
    fmt = output_format(out)
    store = ArticleCache(out.parent / "cache" if cache else None, base).open()
    run = _Run(base, progress)
    run.failures += failures
    write_graph(out, fmt, run.chunks(_entries(articles, store, jobs)))
    store.evict()
    return BuildReport(out, tuple(run.articles), tuple(run.failures),
                       count_facts(run.articles), run.triples, run.extracted,
                       tuple(store.notes), len(run.articles), _empty(run.articles))


def read_all(sources: Iterable[Path | Article | Unread],
             ) -> tuple[list[Article | Unread], list[Failure]]:
    """The articles of ``sources``, each read once; files that cannot be read are failures."""
    articles, failures = [], []
    for source in sources:
        if isinstance(source, (Article, Unread)):
            articles.append(source)
            continue
        for path in find_files([source]):
            try:
                articles.append(read_article(path))
            except KgError as exc:
                failures.append(Failure(str(path), str(exc)))
    return articles, failures


def unchanged_files(root: Path, base: str) -> dict[str, Unread]:
    """The files of the store at ``root`` by absolute path, as its manifest recorded them, for
    ``read_sources`` to leave unread while their stamp stays the same. None under another
    version of the code or another base: their facts would not be those it would read."""
    manifest = Manifest.read(root) if is_database(root) else None
    if manifest is None or manifest.base != base or manifest.code != code_version():
        return {}
    return {entry["path"]: Unread(entry["file"], Path(entry["path"]), tuple(entry["stamp"]),
                                  entry["key"], entry["fingerprint"], tuple(entry["notes"]))
            for entry in manifest.articles.values() if entry.get("stamp")}


def _read_record(article: Article | Unread) -> dict:
    """What a store's manifest records of how an article's file was read."""
    path = article.path and os.path.abspath(article.path)
    return {"path": path, "stamp": article.stamp and list(article.stamp),
            "fingerprint": article.fingerprint, "notes": list(article.notes)}


def _build_database(articles: list[Article | Unread], failures: list[Failure], root: Path,
                    base: str, jobs: int | None, progress: Callable[[], None] | None,
                    compact: bool = False) -> BuildReport:
    """Brings the store at ``root`` up to ``articles``: only changed ones are extracted."""
    minter = Minter(base)
    wanted = {str(minter.graph(a.name)): (
        a, a.key if isinstance(a, Unread) else article_key(a, base), _read_record(a))
        for a in articles}
    fresh: list[str] = []
    empty: list[str] = []
    failures = list(failures)
    phases = Phases()
    cpu = "extraction (CPU seconds of the worker processes)"

    def extract(todo: list[Article]) -> Iterator[tuple[str, dict | None]]:
        work = [wanted[str(minter.graph(a.name))][:2] for a in todo]
        for article, entry in zip(todo, _parallel(partial(_graph_entry, base=base), work, jobs),
                                  strict=True):
            if progress:
                progress()
            graph = str(minter.graph(article.name))
            if isinstance(entry, Failure):
                failures.append(entry)
                yield graph, None
                continue
            fresh.append(article.name)
            phases[cpu] = phases.get(cpu, 0.0) + entry.pop("cpu")
            if entry.pop("empty"):
                empty.append(article.name)
            yield graph, entry

    shared_graph = str(minter.entities_graph())
    made: list[bytes] = []  # the shared graph, once made: its lines are counted below

    def shared(manifest: Manifest) -> tuple[bytes, bytes]:
        concepts = Concepts()
        for concept, wording in manifest.wordings():
            concepts.wordings[concept][wording] += 1
        made.append(nquads(entity_quads(minter, (), concepts.labels())))
        return made[-1], as_triples(made[-1], shared_graph)

    manifest = update(root, base, code_version(), wanted, extract, (shared_graph, shared),
                      phases, compact)
    if not made:  # nothing changed: the store's shared graph is the one this manifest makes
        shared(manifest)
    triples = sum(entry["triples"] for entry in manifest.articles.values())
    counts = dict.fromkeys(count_facts([]), 0) | manifest.totals()
    # The facts of a store's articles stay in the store: a report holding them all would
    # grow with the corpus.
    return BuildReport(root, (), tuple(failures), counts,
                       triples + made[-1].count(b"\n"), len(fresh),
                       total=len(manifest.articles), empty=tuple(empty), phases=phases)


class _Run:
    """Collects the articles of a build while their N-Quads stream to the output file."""

    def __init__(self, base: str, progress: Callable[[], None] | None = None):
        self.base = base
        self.progress = progress
        self.articles: list[ArticleFacts] = []
        self.failures: list[Failure] = []
        self.concepts = Concepts()
        self.triples = 0
        self.extracted = 0

    def chunks(self, entries: Iterable[tuple[Entry | Failure, bool]]) -> Iterator[bytes]:
        for entry, fresh in entries:
            if self.progress:
                self.progress()
            if isinstance(entry, Failure):
                self.failures.append(entry)
                continue
            self.articles.append(entry.facts)
            self.extracted += fresh
            self.concepts.add(entry.facts)
            yield self._counted(entry.nquads)
        labels = self.concepts.labels()
        yield self._counted(nquads(entity_quads(Minter(self.base), (), labels)))

    def _counted(self, chunk: bytes) -> bytes:
        self.triples += chunk.count(b"\n")
        return chunk


def _entries(articles: list[Article], store: ArticleCache,
             jobs: int | None) -> Iterator[tuple[Entry | Failure, bool]]:
    """Each article's entry in source order, with whether it was extracted afresh.

    Cached entries are read here; the others are extracted by a pool of worker processes.
    """
    keys = [article_key(a, store.base) for a in articles]
    hits = [store.folder is not None and store.path(key).is_file() for key in keys]
    work = [(a, key) for a, key, hit in zip(articles, keys, hits, strict=True) if not hit]
    fresh = _extract_all(work, store, jobs)
    for article, key, hit in zip(articles, keys, hits, strict=True):
        entry = store.get(key, article.path) if hit else None
        if entry is not None:
            yield entry, False
        else:  # not cached, or the cached entry could not be read back
            yield next(fresh) if not hit else _extract_one((article, key), store)
    fresh.close()  # stops the worker pool now, not when garbage is collected


def _extract_all(work: list[tuple[Article, str]], store: ArticleCache,
                 jobs: int | None) -> Iterator[tuple[Entry | Failure, bool]]:
    return _parallel(partial(_extract_one, store=store), work, jobs)


def _parallel(job: Callable, work: list, jobs: int | None) -> Iterator:
    """``job`` of each item of ``work``, in order, in ``jobs`` processes when worth it."""
    jobs = jobs or cpus()
    if jobs <= 1 or len(work) < PARALLEL_MIN:
        yield from map(job, work)
        return
    with worker_pool(jobs) as pool:
        yield from pool.imap(job, work, chunksize=8)


def _graph_entry(work: tuple[Article, str], base: str) -> dict | Failure:
    """What a store keeps of one article, made in a worker: this record and the article's
    N-Quads and N-Triples cross back to the building process, not its facts."""
    article, key = work
    minter = Minter(base)
    start = time.process_time()
    try:
        facts = extract(article)
        quads = article_quads(minter, facts)
    except Exception as exc:  # an extractor bug on one article must not sink the others
        return _failure(article, exc)
    body = nquads(quads)
    concepts = Counter(wordings_of(facts))
    entry = {"key": key, "file": article.name, "counts": count_facts([facts]),
             "concepts": [[c, w, n] for (c, w), n in sorted(concepts.items())],
             "triples": body.count(b"\n"), "empty": bool(_empty([facts])),
             "nquads": body, "ntriples": as_triples(body, str(minter.graph(article.name)))}
    ill_formed = sorted({(str(o), str(o.datatype)) for _, _, o, _ in quads
                         if isinstance(o, Literal) and o.ill_typed})
    if ill_formed:  # for validation, which would otherwise scan the whole store for them
        entry["ill_formed"] = [list(pair) for pair in ill_formed]
    entry["cpu"] = time.process_time() - start
    return entry


def _failure(article: Article, exc: Exception) -> Failure:
    source = article.path or article.name
    return Failure(str(source), f"{source}: cannot extract facts ({type(exc).__name__}: {exc})")


def _extract_one(work: tuple[Article, str],
                 store: ArticleCache) -> tuple[Entry | Failure, bool]:
    article, key = work
    try:
        facts = extract(article)
        entry = Entry(facts, nquads(article_quads(Minter(store.base), facts)))
    except Exception as exc:  # an extractor bug on one article must not sink the others
        return _failure(article, exc), False
    store.put(key, entry)
    return entry, True


def _empty(articles: Iterable[ArticleFacts]) -> tuple[str, ...]:
    return tuple(a.meta.name for a in articles if next(a.all_facts(), None) is None)


def count_facts(articles: Iterable[ArticleFacts]) -> dict[str, int]:
    counts = dict.fromkeys(FACT_KINDS, 0)
    for article in articles:
        for kind in FACT_KINDS:
            counts[kind] += len(getattr(article, kind))
    return counts


def extract_text(name: str, text: str) -> ArticleFacts:
    """Extract one article given as text (for tests and the explain command)."""
    return extract(Article(name, text))
