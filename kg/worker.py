"""SPARQL queries run in worker processes, so no query can take the server or the CLI down.

pyoxigraph cannot be interrupted, aborts the whole process on an engine panic, and allocates
without bound: a query run in-process that sorts a cartesian product, trips a panic or runs
past its time takes its host with it. Here each query runs in a worker process that holds
the graph read-only under a memory limit (RLIMIT_AS) and without network access. A worker
past its deadline is killed, so the CPU is freed at once; one that dies (panic, memory,
crash) becomes an error answer; either is replaced. A query still running after
``long_after`` seconds is moved to the lowest CPU priority, and at most ``max_long`` such
queries run at once, so pages and short queries keep their speed while long ones arrive.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import KgError, QueryError, QueryRefused
from .sandbox import forbid_network
from .sparql import (
    Busy,
    EngineFailure,
    OxigraphStore,
    QueryTimeout,
    ResultLimitExceeded,
    Results,
    Term,
)

MEMORY_MB = 4096  # the graph counts: it is mapped in every worker
MAX_WORKERS = 6
WARM = 2  # idle workers kept ready
LONG_AFTER = 0.3  # seconds before a query counts as long and loses CPU priority
MAX_LONG = 3
QUEUE_WAIT = 3.0  # seconds a query waits for a free worker before "busy"
START_TIMEOUT = 300.0
PRELOAD = "KG_WORKER_GRAPH"  # "1:path" or "0:path": the graph the fork server loads
_PRELOADED: dict[str, OxigraphStore] = {}
ERRORS = {kind.__name__: kind for kind in (QueryError, QueryRefused, QueryTimeout,
                                           ResultLimitExceeded, EngineFailure, KgError)}


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    long: bool = False


class QueryPool:
    """Worker processes over one graph file, a ``kg.sparql.Store`` for users' queries.

    ``source`` is read by ``kg.store.load_store`` (``as_is``: a dump of a query store) or
    ``kg.store.load_query_store`` (a user's graph file). ``start`` is the multiprocessing
    start method.
    """

    union_default_graph = True

    def __init__(self, source: Path, *, as_is: bool = True, memory_mb: int = MEMORY_MB,
                 size: int = MAX_WORKERS, warm: int = WARM, long_after: float = LONG_AFTER,
                 max_long: int = MAX_LONG, queue_wait: float = QUEUE_WAIT,
                 start: str = "forkserver"):
        self.source, self.as_is, self.memory_mb = source, as_is, memory_mb
        self.size, self.warm, self.long_after = size, warm, long_after
        self.max_long, self.queue_wait = max_long, queue_wait
        # forkserver: a threaded server must not fork itself; "fork" suits a one-thread CLI.
        self._context = multiprocessing.get_context(start)
        if start == "forkserver":
            # The fork server loads the graph once; workers share its memory (copy on write).
            # A fork server already running keeps its graph; workers of another load their own.
            os.environ[PRELOAD] = f"{int(as_is)}:{source}"
            self._context.set_forkserver_preload(["kg.worker", "kg.worker_preload"])
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._waiting: list[tuple[threading.Event, list[_Worker]]] = []
        self._count = self._starting = self._long = 0
        self._closed = False
        self._failure = ""  # why the last worker failed to start
        self._top_up()

    def query(self, sparql: str, *, limit: int | None = None, deadline: float | None = None,
              max_bytes: int | None = None, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Results:
        """Run one query in a free worker (blocking): its Results or the KgError it raised.

        The time limit counts from when a worker takes the query; the wait for one is
        bounded by ``queue_wait`` (Busy).
        """
        waited = time.monotonic()
        worker = self._take()
        if deadline is not None:
            deadline += time.monotonic() - waited
        request = (sparql, limit, deadline, max_bytes, tuple(default_graphs),
                   tuple(named_graphs), base_iri)
        keep = False
        try:
            reply = self._ask(worker, request, deadline)
            keep = not worker.long
        finally:
            self._give_back(worker, keep)
        if reply[0] == "ok":
            return reply[1]
        raise ERRORS.get(reply[1], QueryError)(reply[2])

    def solutions(self, sparql: str, *, deadline: float | None = None
                  ) -> Iterator[dict[str, Term]]:
        """The rows of the whole answer, which arrives at once from a worker."""
        return iter(self.query(sparql, deadline=deadline).rows)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            _kill(worker)

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- workers ------------------------------------------------------------------------

    def _take(self) -> _Worker:
        """An idle worker, else the next one freed or started, or Busy after ``queue_wait``.

        The newest waiting request gets the next worker: in a burst of slow queries the
        query that just arrived (often a small one) is answered, and the oldest waiters
        are the ones told to retry.
        """
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if self._closed:
                raise Busy("the query workers are stopping")
            starting_only = self._count == self._starting  # none busy: wait for one to start
            give_up = time.monotonic() + (START_TIMEOUT if starting_only else self.queue_wait)
            slot: list[_Worker] = []
            handed = threading.Event()
            self._waiting.append((handed, slot))
        self._top_up()
        handed.wait(max(0.0, give_up - time.monotonic()))
        with self._lock:
            if not slot:
                if (handed, slot) in self._waiting:
                    self._waiting.remove((handed, slot))
                if self._failure and not self._count:
                    raise EngineFailure(self._failure)
                raise Busy("every query worker is busy; try again in a few seconds")
        return slot[0]

    def _hand_over(self, worker: _Worker) -> None:
        """Give a free worker to the newest waiting request, or keep it idle (lock held)."""
        if self._waiting:
            handed, slot = self._waiting.pop()
            slot.append(worker)
            handed.set()
        else:
            self._idle.append(worker)

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(theirs, str(self.source), self.as_is, self.memory_mb),
            daemon=True, name="kg-query-worker")
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        if not mine.poll(START_TIMEOUT):
            _kill(worker)
            raise EngineFailure("a query worker did not start in time")
        try:
            reply = mine.recv()
        except (EOFError, OSError):
            reply = ("failed", f"it stopped ({_how(worker)})")
        if reply[0] != "ready":
            _kill(worker)
            raise EngineFailure(f"a query worker could not load the graph: {reply[1]}")
        return worker

    def _top_up(self) -> None:
        """Start workers in the background until ``warm`` are idle or starting, and one for
        each waiting request, as room allows."""
        with self._lock:
            wanted = max(self.warm - len(self._idle), len(self._waiting)) - self._starting
            wanted = min(wanted, self.size - self._count)
            wanted = 0 if self._closed else max(0, wanted)
            self._count += wanted
            self._starting += wanted
        for _ in range(wanted):
            threading.Thread(target=self._start_idle, daemon=True, name="kg-worker-start").start()

    def _start_idle(self) -> None:
        try:
            worker, failure = self._start(), ""
        except (KgError, OSError) as exc:
            worker, failure = None, str(exc)
        with self._lock:
            self._starting -= 1
            self._failure = failure
            if worker is None:
                self._count -= 1
                if not self._count:  # nothing will come: the waiters hear why now
                    for handed, _ in self._waiting:
                        handed.set()
            elif self._closed:
                self._count -= 1
                _kill(worker)
            else:
                self._hand_over(worker)

    def _give_back(self, worker: _Worker, keep: bool) -> None:
        with self._lock:
            if worker.long:
                self._long -= 1
            if keep and not self._closed and worker.process.is_alive():
                self._hand_over(worker)
                return
            self._count -= 1
        _kill(worker)
        self._top_up()

    # --- one query ------------------------------------------------------------------------

    def _ask(self, worker: _Worker, request: tuple, deadline: float | None) -> tuple:
        """The worker's reply; kills it at the deadline and demotes it once it runs long."""
        started = time.monotonic()
        try:
            worker.conn.send(request)
        except OSError:
            return ("error", "EngineFailure", _crash(worker))
        while True:
            now = time.monotonic()
            wait = None if deadline is None else max(0.0, deadline - now)
            if not worker.long and self.max_long:
                until_long = max(0.0, started + self.long_after - now)
                wait = until_long if wait is None else min(wait, until_long)
            if worker.conn.poll(wait):
                try:
                    return worker.conn.recv()
                except (EOFError, OSError):
                    return ("error", "EngineFailure", _crash(worker))
            if deadline is not None and time.monotonic() >= deadline:
                _kill(worker)
                return ("error", "QueryTimeout", "the query ran past the time limit")
            if not worker.long:
                self._demote(worker)

    def _demote(self, worker: _Worker) -> None:
        """Lowest CPU priority for a long query; Busy when enough long ones already run."""
        with self._lock:
            room = self._long < self.max_long
            if room:
                self._long += 1
                worker.long = True
        if not room:
            _kill(worker)
            raise Busy(f"{self.max_long} long queries are already running; "
                       "try again in a few seconds")
        try:
            os.setpriority(os.PRIO_PROCESS, worker.process.pid, 19)
        except OSError:  # the worker has just finished
            pass


def _kill(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(5)
    worker.conn.close()


def _how(worker: _Worker) -> str:
    """How a worker ended: "signal SIGABRT", "exit code 1"."""
    worker.process.join(5)
    code = worker.process.exitcode
    return f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"


def _crash(worker: _Worker) -> str:
    return (f"the query engine stopped on this query ({_how(worker)}): it ran out of memory "
            "(query_memory) or met an engine bug")


# --- the worker process -----------------------------------------------------------------------

def serve(conn, source: str, as_is: bool, memory_mb: int) -> None:
    """A worker's life: limit itself, load the graph, answer queries until the pipe closes."""
    try:
        _confine(memory_mb)
        store = _PRELOADED.get(f"{int(as_is)}:{source}") or _load(source, as_is)
    except KgError as exc:
        conn.send(("failed", str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - mostly allocation failures under the limit
        conn.send(("failed", f"{type(exc).__name__}: {exc}; does the graph fit in "
                             f"query_memory ({memory_mb} MB)?"))
        return
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, *request))


def _load(source: str, as_is: bool) -> OxigraphStore:
    from .store import load_query_store, load_store

    return OxigraphStore((load_store if as_is else load_query_store)(Path(source)))


def preload() -> None:
    """Load the graph named by KG_WORKER_GRAPH (in the fork server, via kg.worker_preload)."""
    key = os.environ.get(PRELOAD, "")
    as_is, _, source = key.partition(":")
    try:
        _PRELOADED[key] = _load(source, as_is == "1")
    except (KgError, OSError):  # each worker will load it, and say what is wrong
        pass


def answer(store: OxigraphStore, sparql, limit, deadline, max_bytes, default_graphs,
           named_graphs, base_iri) -> tuple:
    """("ok", Results) or ("error", kind, message): never an exception through the pipe."""
    try:
        return ("ok", store.query(sparql, limit=limit, deadline=deadline, max_bytes=max_bytes,
                                  default_graphs=default_graphs, named_graphs=named_graphs,
                                  base_iri=base_iri))
    except KgError as exc:
        return ("error", type(exc).__name__, str(exc))
    except MemoryError:
        return ("error", "EngineFailure", "the query ran out of memory (query_memory)")
    except Exception as exc:  # an engine error on a valid query is still an answer
        return ("error", "EngineFailure", f"the query engine failed: {exc}")


def _confine(memory_mb: int) -> None:
    """A memory ceiling, and no network: SERVICE can reach nothing even if it got through."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    forbid_network()


# --- streaming one query's rows (kg query) -----------------------------------------------------

BATCH_ROWS = 2000  # rows per message: the memory of a full answer is a batch, whatever its size


def stream(source: Path, sparql: str, memory_mb: int = MEMORY_MB):
    """The columns, then each row of a SELECT (or ASK) as plain strings, from a worker process
    that sends them in batches as the engine yields them: a full answer streams at the
    engine's pace in bounded memory, and a crash or panic is an ``EngineFailure``."""
    worker = _spawn(_stream_rows, str(source), sparql, memory_mb)
    try:
        while True:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                raise EngineFailure(_crash(worker)) from None
            if message[0] == "rows":
                yield from message[1]
            elif message[0] == "done":
                return
            else:
                raise ERRORS.get(message[1], QueryError)(message[2])
    finally:
        _kill(worker)


def _spawn(target: Callable[..., None], *args) -> _Worker:
    """A process of its own running ``target(conn, *args)``, which it answers on ``conn``:
    forked when this process has one thread (quicker), else from the fork server."""
    method = "fork" if threading.active_count() == 1 else "forkserver"
    context = multiprocessing.get_context(method)
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(send, *args), daemon=True)
    process.start()
    send.close()
    return _Worker(process, receive)


class Aside:
    """Passes over a whole store folder (a table, a total), one at a time, each in a process
    of its own that ends with it: whatever memory it took, and the store's index blocks it
    read, go with that process instead of staying with the one that asked. Each reads
    ``generation``, the one the asking process serves."""

    def __init__(self, root: Path, generation: Path):
        self.root, self.generation = root, generation
        self._lock = threading.Lock()
        self._running: _Worker | None = None
        self._closed = False

    def run(self, job: Callable[..., Any], *args) -> Any:
        """``job(store, *args)`` in a process of its own, its answer or its error."""
        with self._lock:
            if self._closed:
                raise EngineFailure("the server is stopping")
            worker = self._running = _spawn(_aside, self.root, self.generation, job, args)
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                raise EngineFailure(f"{job.__name__}: the process reading the store ended "
                                    f"({_how(worker)})") from None
            finally:
                self._running = None
                _kill(worker)
        if message[0] == "error":
            raise ERRORS.get(message[1], EngineFailure)(message[2])
        return message[1]

    def close(self) -> None:
        """Stops the pass that runs, if any, and refuses the next."""
        self._closed = True
        worker = self._running
        if worker is not None and worker.process.is_alive():
            worker.process.kill()


def _aside(conn, root: Path, generation: Path, job: Callable[..., Any], args: tuple) -> None:
    from .database import open_generation

    try:
        conn.send(("done", job(OxigraphStore(open_generation(root, generation)), *args)))
    except KgError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
    except Exception as exc:  # noqa: BLE001 - any failure is the caller's to report
        conn.send(("error", "EngineFailure", f"{job.__name__} failed: {exc}"))


def _stream_rows(conn, source: str, sparql: str, memory_mb: int) -> None:
    """In the worker: load the graph, run the query, send its rows in batches."""
    import pyoxigraph as ox

    from .sparql.results import plain

    try:
        _confine(memory_mb)
        store = _load(source, as_is=False)
        answer = store.store.query(sparql, use_default_graph_as_union=not store.merged)
        if isinstance(answer, ox.QueryBoolean):
            conn.send(("rows", [("result",), (str(bool(answer)).lower(),)]))
        else:
            names = [v.value for v in answer.variables]
            batch: list[tuple[str, ...]] = [tuple(names)]
            for solution in answer:
                batch.append(tuple(plain(solution[n]) for n in names))
                if len(batch) >= BATCH_ROWS:
                    conn.send(("rows", batch))
                    batch = []
            conn.send(("rows", batch))
        conn.send(("done",))
    except KgError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
    except SyntaxError as exc:
        conn.send(("error", "QueryError", f"invalid SPARQL: {str(exc).strip()}"))
    except MemoryError:
        conn.send(("error", "EngineFailure", "the query ran out of memory (query_memory)"))
    except Exception as exc:  # noqa: BLE001 - an engine error on a valid query is an answer
        conn.send(("error", "EngineFailure", f"the query engine failed: {exc}"))
