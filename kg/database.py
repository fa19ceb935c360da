"""The build's store on disk: a graph per article and the shared graph, updated in place.

The default graph holds the merge of the named graphs, each triple once, for queries that do
not name a graph: pyoxigraph (0.5) returns a triple of a union default graph once per graph
that states it, and every article states the periods, bodies and people it shares with
others, so joins through them would multiply past any memory. Removing an article's graph
removes from the merge only the triples no other graph states.

A folder such as ``build/kg.oxigraph/`` holds generations of a pyoxigraph (RocksDB) store::

    current -> gen-000007      the published generation (a symbolic link, replaced atomically)
    gen-000007/store/          the store; never written again once published
    gen-000007/manifest.json   per article graph: its build key, file name and what it holds
    .lock                      one build at a time

A build starts from a checkpoint of the current generation (hard links: milliseconds, no
copy), removes the graphs of changed and removed articles, loads the new ones, rewrites the
shared graph and the manifest, and only then points ``current`` at it. A build that fails or
is killed leaves ``current`` as it was; the next build removes its unfinished generation.
Readers open ``current`` read-only in milliseconds and never see a half-built store.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import DataError, KgError, WriteError
from .processes import alive

SUFFIX = ".oxigraph"
CURRENT = "current"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2
SPOOL_BYTES = 16_000_000_000  # N-Quads loaded in one call (see Generation.load)
KEEP = 2  # generations kept: the current one, and the one a reader may still have open
SCRATCH = ".scratch-"  # + the process id: a writable copy of the store for one command


def is_database(path: Path) -> bool:
    """True for a store folder (named ``*.oxigraph``, or holding a published generation)."""
    return path.suffix.lower() == SUFFIX or (path / CURRENT).is_symlink()


def open_database(root: Path) -> ox.Store:
    """The published generation of ``root``, read-only."""
    return open_generation(root, published(root))


def published(root: Path) -> Path:
    """The folder of the generation ``root`` publishes now."""
    current = root / CURRENT
    if not current.is_dir():
        raise DataError(f"{root}: no store here (run 'kg build' first)")
    return current.resolve()


def open_generation(root: Path, generation: Path) -> ox.Store:
    """One generation of ``root``, read-only: a server's helper processes read the one it
    serves, whatever a build has published since (the last ``KEEP`` are kept)."""
    if not generation.is_dir():
        raise DataError(f"{root}: the generation this command read is gone (two builds "
                        "since it started): start it again")
    try:
        return ox.Store.read_only(str(generation / "store"))
    except OSError as exc:
        raise DataError(f"{root}: cannot open the store ({_first_line(exc)})") from None


@dataclass
class Manifest:
    """What each article graph of a generation holds, by graph IRI, and the version of the
    code that made them."""

    base: str
    articles: dict[str, dict]
    code: str = ""

    @classmethod
    def read(cls, root: Path) -> Manifest | None:
        try:
            raw = json.loads((root / CURRENT / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if raw.get("format") != MANIFEST_FORMAT:
            return None
        return cls(raw["base"], raw["articles"], raw["code"])

    def write(self, folder: Path) -> None:
        body = {"format": MANIFEST_FORMAT, "base": self.base, "code": self.code,
                "articles": self.articles}
        path = folder / MANIFEST
        with path.open("w", encoding="utf-8") as out:
            json.dump(body, out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())

    def totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for entry in self.articles.values():
            for kind, n in entry["counts"].items():
                totals[kind] = totals.get(kind, 0) + n
        return totals

    def ill_formed(self) -> Iterator[tuple[str, ...]]:
        """(lexical form, datatype) of each literal an article states that is not a value of
        its datatype, as the build found them: a store need not be scanned for them."""
        for entry in self.articles.values():
            yield from map(tuple, entry.get("ill_formed", ()))

    def wordings(self) -> Iterator[tuple[str, str]]:
        for entry in self.articles.values():
            for concept, wording, n in entry["concepts"]:
                for _ in range(n):
                    yield concept, wording


class Phases(dict):
    """Seconds spent in each phase of a build, by name, in the order they began."""

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start


class Generation:
    """A generation being built: a writable store beside its manifest, not yet published."""

    def __init__(self, folder: Path, copy_of: ox.Store | None, phases: Phases):
        self.phases = phases
        self.folder = folder
        folder.mkdir(parents=True)
        if copy_of is not None:
            copy_of.backup(str(folder / "store"))
        self.store = ox.Store(str(folder / "store"))

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        """Removes each graph, and from the default graph its triples that no other states.

        Most triples of an article are about its own resources, which no other graph names:
        one question per subject settles them all, and only the subjects other graphs still
        describe (periods, bodies, people) are asked about triple by triple.
        """
        store = self.store
        triples: set[ox.Triple] = set()
        for graph in graphs:
            name = ox.NamedNode(graph)
            triples.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
            store.remove_graph(name)
        by_subject: dict[object, list[ox.Triple]] = {}
        for triple in triples:
            by_subject.setdefault(triple.subject, []).append(triple)
        for subject, stated in by_subject.items():
            if self._in_a_graph(subject):
                stated = [t for t in stated if not self._in_a_graph(*t)]
            for t in stated:
                store.remove(ox.Quad(t.subject, t.predicate, t.object))

    def _in_a_graph(self, subject, predicate=None, object=None) -> bool:
        """Whether a named graph states the triple (or anything of the subject)."""
        terms = (subject, predicate, object)
        if any(isinstance(t, ox.BlankNode) for t in terms):  # query text cannot name one
            return any(not isinstance(q.graph_name, ox.DefaultGraph)
                       for q in self.store.quads_for_pattern(*terms))
        pattern = " ".join(str(t) if t is not None else v for t, v in zip(terms, ("?s", "?p", "?o"),
                                                                      strict=True))
        return bool(self.store.query(f"ASK {{ GRAPH ?g {{ {pattern} }} }}"))

    def load(self, chunks: Iterable[tuple[bytes, bytes]]) -> None:
        """Loads (N-Quads, N-Triples) chunks: the quads into their graphs, the same triples
        into the default graph.

        The chunks go to a spool file in the generation's folder, and each ``SPOOL_BYTES`` of
        them are loaded in one call, on a thread of its own while the next file fills (the
        loader does not hold the GIL). One call ingests all its files into RocksDB at once,
        and each ingest is later merged with what the store holds: the fewer they are, the
        less the store is rewritten. The file, not memory, holds what waits to be loaded.
        """
        spool, part, size = self._spool(0), 0, 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-load") as loader:
            loading = None
            try:
                for quads, triples in chunks:
                    spool.write(quads)
                    spool.write(triples)  # N-Triples lines are N-Quads of the default graph
                    size += len(quads) + len(triples)
                    if size >= SPOOL_BYTES:
                        spool.close()
                        if loading is not None:
                            loading.result()  # one file loading while the next one fills
                        loading = loader.submit(self._load_file, Path(spool.name))
                        part += 1
                        spool, size = self._spool(part), 0
            finally:
                spool.close()
            if loading is not None:
                loading.result()
        self._load_file(Path(spool.name))

    def _spool(self, part: int) -> BinaryIO:
        return (self.folder / f"load-{part:04d}.nq").open("wb")

    def _load_file(self, path: Path) -> None:
        try:
            if path.stat().st_size:
                with self.phases.timed("loading (the building process)"):
                    # Lenient: the build's own N-Quads, written by one serializer from
                    # minted IRIs; checking each IRI again costs an eighth of the loading.
                    self.store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS,
                                         lenient=True)
        finally:
            path.unlink(missing_ok=True)


class Database:
    """The store folder: its generations, its lock and the link to the published one."""

    def __init__(self, root: Path, phases: Phases | None = None):
        self.root = root
        self.phases = Phases() if phases is None else phases

    @contextmanager
    def building(self) -> Iterator[None]:
        """Holds the build lock; a second build at the same time is refused, not interleaved."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock = (self.root / ".lock").open("w")
        except OSError as exc:
            raise WriteError(self.root, exc.strerror or str(exc)) from None
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise KgError(f"{self.root}: another build is writing this store") from None
            self._remove_unpublished()
            yield

    def current(self) -> Path | None:
        link = self.root / CURRENT
        return link.resolve() if link.is_dir() else None

    def _generations(self) -> list[Path]:
        return sorted(p for p in self.root.glob("gen-*") if p.is_dir())

    def _remove_unpublished(self) -> None:
        """Generations of killed builds, and the old ones past ``KEEP``."""
        current = self.current()
        published = [g.name for g in self._generations() if current and g.name <= current.name]
        for folder in self._generations():
            if folder.name not in published[-KEEP:]:
                shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def next_generation(self, start_empty: bool, compact: bool = False,
                        ) -> Iterator[Generation]:
        """A new generation (a checkpoint of the current one unless ``start_empty``),
        published when the block completes and removed when it fails.

        A store built from empty is compacted before it is published: bulk loading leaves
        many small files, and compacted lookups answer in about half the time. An update
        adds files and leaves the removed triples' tombstones, which slow lookups down a
        little more at each update; it is compacted only when asked (``compact``), since
        compaction rewrites the whole store.
        """
        current = self.current()
        number = int(current.name.removeprefix("gen-")) + 1 if current else 1
        folder = self.root / f"gen-{number:06d}"
        source = None if start_empty or current is None else ox.Store.read_only(
            str(current / "store"))
        try:
            with self.phases.timed("checkpoint"):
                generation = Generation(folder, source, self.phases)
            del source
            yield generation
            # Closing waits for the compactions RocksDB runs in the background: they count.
            with self.phases.timed("compaction and closing the store"):
                generation.store.flush()
                if start_empty or compact:
                    generation.store.optimize()
                del generation.store  # closed before it is published
            self._publish(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._remove_unpublished()

    def _publish(self, folder: Path) -> None:
        link = self.root / f".{CURRENT}.{os.getpid()}"
        link.unlink(missing_ok=True)
        os.symlink(folder.name, link)
        os.replace(link, self.root / CURRENT)
        _sync_folder(self.root)


@contextmanager
def scratch_copy(root: Path) -> Iterator[Path | None]:
    """A writable copy of the published store, for a command that writes beside the data
    (validation's helper graphs) and removed after it; None where ``root`` is not writable.

    A checkpoint: hard links to the store's files, made in milliseconds whatever its size.
    Copies left by commands that were killed are removed first.
    """
    source = open_database(root)
    for old in root.glob(SCRATCH + "*"):
        pid = old.name.removeprefix(SCRATCH)
        if not (pid.isdigit() and alive(int(pid))):
            shutil.rmtree(old, ignore_errors=True)
    folder: Path | None = root / f"{SCRATCH}{os.getpid()}"
    try:
        source.backup(str(folder))
    except OSError:
        folder = None
    del source
    try:
        yield folder
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def update(root: Path, base: str, code: str, wanted: dict[str, tuple[object, str, dict]],
           extract: Callable[[Sequence[object]], Iterator[tuple[str, object]]],
           shared: tuple[str, Callable[[Manifest], tuple[bytes, bytes]]],
           phases: Phases | None = None, compact: bool = False) -> Manifest:
    """Brings the store at ``root`` up to ``wanted`` (graph IRI -> (source, build key, what
    the manifest records of how its file was read)), made by the code of version ``code``.

    ``extract`` turns the sources to (re)build into (graph, entry) pairs, where an entry is
    a manifest entry with its N-Quads under ``"nquads"`` and their triples as N-Triples
    under ``"ntriples"``, or None for a source that failed; ``shared`` is the shared graph's
    IRI and what makes its N-Quads and N-Triples from the manifest. Returns the manifest of the
    published generation (the current one when nothing changed and ``compact`` is not
    asked for); ``phases`` receives the seconds each phase took.
    """
    db = Database(root, phases)
    phases = db.phases
    with db.building():
        old = Manifest.read(root) if db.current() else None
        if old is not None and old.base != base:
            old = None  # every IRI changes with the base: nothing to keep
        before = old.articles if old else {}
        todo = [g for g, (_, key, _) in wanted.items() if before.get(g, {}).get("key") != key]
        gone = [g for g in before if g not in wanted]
        kept = {g: before[g] | wanted[g][2] for g in wanted if g in before and g not in todo}
        if old is not None and not todo and not gone and old.code == code and not compact and all(
                kept[g] == before[g] for g in kept):
            return old
        manifest = Manifest(base, kept, code)
        with db.next_generation(start_empty=not kept, compact=compact) as gen:
            shared_graph, make_shared = shared
            if kept:
                with phases.timed("removing the graphs of changed articles"):
                    gen.remove_graphs([*gone, *(g for g in todo if g in before), shared_graph])

            def chunks() -> Iterator[tuple[bytes, bytes]]:
                for graph, entry in extract([wanted[g][0] for g in todo]):
                    if entry is None:  # its graph stays out, as a graph file would leave it
                        continue
                    manifest.articles[graph] = {k: v for k, v in entry.items()
                                                if k not in ("nquads", "ntriples")}
                    manifest.articles[graph] |= wanted[graph][2]
                    yield entry["nquads"], entry["ntriples"]
                # Made from the whole manifest, and loaded with the articles: a load of its
                # own after theirs would wait for the store to compact what they left.
                with phases.timed("the shared graph"):
                    shared_chunk = make_shared(manifest)
                yield shared_chunk
            with phases.timed("extraction and loading"):
                gen.load(chunks())
            with phases.timed("the manifest"):
                manifest.write(gen.folder)
        return manifest


def _sync_folder(folder: Path) -> None:
    """The rename is on disk before the build says it is done."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
