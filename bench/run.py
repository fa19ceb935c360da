"""End-to-end benchmark: the project's path against plain rdflib and pySHACL, at several sizes.

For each size: generate articles (bench/generate.py), then run every step in a child process
of its own, so that its wall time and its peak memory (``ru_maxrss`` from ``os.wait4``) are its
own. Writes a Markdown report and the raw figures as JSON beside it (same path, ``.json``).
A step that fails is recorded with its error; the run goes on.

    python -m bench.run --sizes 100 1000 10000 --work /tmp/bench --out docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_RUNS, PLAIN_RUNS = 5, 3  # timed runs per query (the project's after one warm-up)
PROJECT_CAP = 3600.0  # seconds: only a safety net, the project's steps are not capped
SLOW_S = 5.0  # a query slower than this (warm) is timed once: the median of one run
MEMORY_SHARE = 0.75  # of the machine's RAM a child may address: a runaway step fails, alone
GOALS_S, GOAL_QUERY_MS, GOAL_MB = 60.0, 100.0, 2048.0
PROJECT_STEPS = ("build", "rebuild", "validate", "export-jsonld", "export-turtle", "queries")


@dataclass
class Measure:
    """One child process: wall seconds, peak resident MB, what it printed as JSON, or its error.

    ``peak_mb`` is the largest single process: ``ru_maxrss`` (the child or a worker it
    reaped) or the largest of its descendants sampled (a process a fork server started is not
    the child's to reap); ``tree_mb`` the largest sum of resident memory over the child and its
    workers, sampled.
    """

    seconds: float | None = None
    peak_mb: float | None = None
    tree_mb: float | None = None
    exit: int | None = None
    capped: bool = False
    error: str | None = None
    output: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.capped and self.seconds is not None


@dataclass
class SizeRun:
    """Every step's measure at one corpus size."""

    articles: int
    corpus_mb: float | None = None
    triples: int | None = None
    steps: dict[str, Measure] = field(default_factory=dict)


# --- child processes ---------------------------------------------------------------------------


def measure(argv: list[str], cap: float | None = None, ok: tuple[int, ...] = (0,)) -> Measure:
    """Runs ``argv`` from the project folder; kills its process group at ``cap`` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err,
                                    start_new_session=True, preexec_fn=_limit_memory)
        except OSError as exc:
            return Measure(error=f"cannot start {argv[0]}: {exc}")
        status, usage, tree, largest, capped, end = _wait(proc.pid, start, cap)
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped by wait4, not Popen
        out.seek(0)
        err.seek(0)
        peak = max(usage.ru_maxrss / RSS_PER_MB, largest / 2**20)
        m = Measure(end - start, peak, tree / 2**20 or None, code, capped,
                    output=_json_lines(out.read().decode("utf-8", "replace")))
        if not capped and code not in ok:
            why = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit {code}"
            m.error = f"{why}: {_error_line(err.read().decode('utf-8', 'replace'))}"
        return m


def memory_limit() -> int | None:
    """Bytes of address space a child may use, or None where the RAM is unknown."""
    ram = _proc_value("/proc/meminfo", "MemTotal")
    return int(int(ram.split()[0]) * 1024 * MEMORY_SHARE) if ram else None


def _limit_memory() -> None:
    """In the child, before it starts: fail on allocation rather than wake the OOM killer."""
    limit = memory_limit()
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


RSS_PER_MB = 2**20 if sys.platform == "darwin" else 2**10  # ru_maxrss: bytes on macOS, else KiB


def _wait(pid: int, start: float, cap: float | None):
    """Polls the child until it exits, sampling its tree's memory: (status, usage, tree bytes,
    largest process bytes, capped, end time). Polling, rather than a blocking wait, lets the
    cap kill a live group."""
    tree, largest, capped = 0, 0, False
    try:
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return status, usage, tree, largest, capped, time.perf_counter()
            elapsed = time.perf_counter() - start
            if cap is not None and elapsed > cap and not capped:
                os.killpg(pid, signal.SIGKILL)
                capped = True
            total, one = tree_rss(pid)
            tree, largest = max(tree, total), max(largest, one)
            time.sleep(min(0.1, max(0.002, elapsed / 100)))  # late by at most ~1 %
    except BaseException:
        with contextlib.suppress(OSError):  # interrupted: leave no child behind
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise


PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def tree_rss(pid: int) -> tuple[int, int]:
    """Resident bytes of ``pid`` and its descendants, and of the largest of them (Linux
    /proc; 0 elsewhere)."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        proc = Path(f"/proc/{todo.pop()}")
        try:
            resident = int((proc / "statm").read_text().split()[1]) * PAGE
            total, largest = total + resident, max(largest, resident)
            for task in (proc / "task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):  # gone meanwhile, or no /proc
            continue
    return total, largest


def _json_lines(stdout: str) -> dict:
    """Merges the JSON objects a child printed, one a line; ``{"query": name, ...}`` by name."""
    merged: dict = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if "query" in record:
                merged.setdefault("queries", {})[record.pop("query")] = record
            else:
                merged.update(record)
    return merged


def _error_line(text: str) -> str:
    """The last line that names an error (a traceback's, click's, an allocation's), or the last."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    named = [line for line in lines if "rror" in line or "failed" in line]
    return ((named or lines or ["no message"])[-1])[:160]


def kg(*args) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *map(str, args)]


def child(*args) -> list[str]:
    return [sys.executable, "-m", "bench.run", "child", *map(str, args)]


# --- what the children run (``python -m bench.run child NAME ARGS``) ----------------------------


class Capped(BaseException):
    """The alarm rang: a plain query ran past its cap (BaseException: rdflib must not catch it)."""


def emit(**record) -> None:
    print(json.dumps(record), flush=True)


def named_queries() -> list[tuple[str, str]]:
    from kg.query import load_query, query_names
    from kg.settings import Settings

    folder = Settings.from_env().queries
    return [load_query(name, folder) for name in query_names(folder)]


def timed_runs(run: Callable[[], int], runs: int, warmups: int = 0,
               cap: float | None = None) -> dict:
    """Median milliseconds of ``runs`` calls of ``run`` (which returns a row count).

    With ``cap``, an alarm stops the runs after ``cap`` seconds in all: the median is then of
    those that finished, if any. A warm-up slower than ``SLOW_S`` is the one measured run.
    An error is its message's last line.
    """
    times, rows = [], 0
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, cap or 0)
            i = 0
            while i < warmups + runs:
                start = time.perf_counter()
                rows = run()
                took = time.perf_counter() - start
                if i >= warmups:
                    times.append(took * 1000)
                elif took > SLOW_S:  # a slow query's warm-up is its one measured run
                    times.append(took * 1000)
                    break
                i += 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Capped:
        pass
    except Exception as exc:  # a query that fails is a figure of its own
        return {"error": _error_line(str(exc) or type(exc).__name__)}
    if not times:
        return {"capped": True}
    return {"ms": statistics.median(times), "rows": rows, "runs": len(times)}


def child_load_queries(data: str, *skip: str) -> None:
    """The project: load the store once, then each query (but ``skip``) after one warm-up."""
    from kg.query import run_select
    from kg.store import load_query_store

    start = time.perf_counter()
    store = load_query_store(Path(data))
    emit(load_s=time.perf_counter() - start)
    for name, sparql in named_queries():
        if name in skip:
            continue
        emit(query=name, **timed_runs(lambda s=sparql: len(run_select(store, s).rows),
                                      PROJECT_RUNS, warmups=1))


def rdflib_parse(data: str):
    from rdflib import Dataset

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data, format="nquads")
    emit(parse_s=time.perf_counter() - start)
    return ds


def child_rdflib_validate(data: str) -> None:
    """Plain pySHACL over the union of the graphs, as kg.validate does it."""
    import pyshacl
    from rdflib import Graph

    from kg.settings import Settings
    from kg.validate import load_shapes
    from kg.vocab import SH

    ds = rdflib_parse(data)
    start = time.perf_counter()
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    _, report, _ = pyshacl.validate(union, shacl_graph=load_shapes(Settings.from_env().shapes),
                                    inference="none", advanced=True, abort_on_first=False)
    severities = [report.value(r, SH.resultSeverity) for r in report.objects(None, SH.result)]
    emit(validate_s=time.perf_counter() - start, violations=severities.count(SH.Violation))


def child_rdflib_export(data: str, out: str) -> None:
    ds = rdflib_parse(data)
    start = time.perf_counter()
    ds.serialize(destination=out, format="json-ld")
    emit(serialize_s=time.perf_counter() - start)


def child_rdflib_queries(data: str, cap: str) -> None:
    """Plain rdflib: each query at most ``cap`` seconds over all its runs."""
    def ring(signum, frame):
        raise Capped

    ds = rdflib_parse(data)
    signal.signal(signal.SIGALRM, ring)
    for name, sparql in named_queries():
        emit(query=name, **timed_runs(lambda s=sparql: len(list(ds.query(s))), PLAIN_RUNS,
                                      cap=float(cap)))


CHILDREN = {
    "load-queries": child_load_queries,
    "rdflib-parse": rdflib_parse,
    "rdflib-validate": child_rdflib_validate,
    "rdflib-export": child_rdflib_export,
    "rdflib-queries": child_rdflib_queries,
}


# --- one size ----------------------------------------------------------------------------------


def run_size(n: int, work: Path, cap: float, engine: str) -> SizeRun:
    """Generates ``n`` articles, then measures the project's steps and the plain ones."""
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)  # a cold build needs an empty cache
    articles, nq = folder / "articles", folder / "out" / "kg.nq"
    (folder / "plain").mkdir(parents=True)
    run = SizeRun(n)
    steps = {"generate": [sys.executable, "-m", "bench.generate", str(n), str(articles)]}
    steps |= {
        "build": kg("build", articles, "--out", nq),
        "rebuild": kg("build", articles, "--out", nq),  # unchanged articles: incremental
        "validate": kg("validate", "--data", nq, *(["--engine", engine] if engine else [])),
        "export-jsonld": kg("export", "--data", nq, "--format", "json-ld",
                            "--out", nq.with_suffix(".jsonld")),
        "export-turtle": kg("export", "--data", nq, "--format", "turtle",
                            "--out", nq.with_suffix(".ttl")),
    }
    for name, argv in steps.items():
        run.steps[name] = _logged(n, name, measure_project(argv, name == "validate"))
        if name == "generate":
            run.corpus_mb = _folder_mb(articles)
    run.triples = _lines(nq)
    run.steps["queries"] = _logged(n, "queries", measure_queries(nq))
    run.steps |= plain_steps(n, nq, folder / "plain", cap)
    return run


def measure_project(argv: list[str], violations_ok: bool = False) -> Measure:
    """A project step: not capped, but killed (as a failure) after ``PROJECT_CAP`` seconds."""
    m = measure(argv, PROJECT_CAP, (0, 1) if violations_ok else (0,))
    if m.capped:
        m.capped, m.error = False, f"killed after {num(PROJECT_CAP)} s"
    return m


def measure_queries(nq: Path) -> Measure:
    """Loads the store once and times each query. A query that kills the child (memory, say) is
    recorded as failed, and a new child runs the queries after it."""
    names = [name for name, _ in named_queries()]
    m = first = measure_project(child("load-queries", nq))
    done = first.output.setdefault("queries", {})
    while m.error and "load_s" in m.output and (left := [q for q in names if q not in done]):
        done[left[0]] = {"error": m.error}  # the query it was running
        m = measure_project(child("load-queries", nq, *done))
        done |= m.output.get("queries", {})
        first.peak_mb = max(first.peak_mb or 0, m.peak_mb or 0)
        first.tree_mb = max(first.tree_mb or 0, m.tree_mb or 0)
    if "load_s" in first.output:
        first.error = None  # the load worked: failures are the queries'
    return first


def plain_steps(n: int, nq: Path, folder: Path, cap: float) -> dict[str, Measure]:
    """rdflib and pySHACL, each step capped; all of them parse, so a capped parse skips the rest."""
    queries = len(named_queries())
    steps = {
        "plain-parse": (child("rdflib-parse", nq), cap),
        "plain-validate": (child("rdflib-validate", nq), cap),
        "plain-export": (child("rdflib-export", nq, folder / "kg.jsonld"), cap),
        "plain-queries": (child("rdflib-queries", nq, cap), cap * (queries + 1) + 30),
    }
    done: dict[str, Measure] = {}
    for name, (argv, limit) in steps.items():
        if "plain-parse" in done and done["plain-parse"].capped:
            done[name] = Measure(capped=True)
        else:
            done[name] = _logged(n, name, measure(argv, limit))
    return done


def _logged(n: int, name: str, m: Measure) -> Measure:
    what = m.error or ("capped" if m.capped else f"{m.seconds:.2f} s, {m.peak_mb:.0f} MB")
    print(f"[{n}] {name}: {what}", file=sys.stderr, flush=True)
    return m


def _folder_mb(folder: Path) -> float | None:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return sum(p.stat().st_size for p in files) / 2**20 if files else None


def _lines(path: Path) -> int | None:
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(2**20), b""))


# --- the report --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """CPU, memory, Python and library versions, and the date."""
    cpu = _proc_value("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    mem = _proc_value("/proc/meminfo", "MemTotal")
    versions = {}
    for package in ("pyoxigraph", "rdflib", "pyshacl", "vngov-kg"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": f"{int(mem.split()[0]) / 2**20:.1f} GB" if mem else "unknown",
        "system": platform.platform(),
        "python": platform.python_version(),
        **versions,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _proc_value(path: str, key: str) -> str | None:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((v.strip() for k, _, v in (ln.partition(":") for ln in lines)
                 if k.strip() == key), None)


def num(x: float | None, unit: str = "") -> str:
    """Three significant figures, no exponent: 0.0123, 1.23, 123, 12,345."""
    if x is None:
        return "—"
    digits = 2 if abs(x) < 10 else 1 if abs(x) < 100 else 0
    return f"{x:,.{3 if abs(x) < 1 else digits}f}{unit}"


def secs(m: Measure, cap: float, key: str | None = None) -> str:
    """A step's seconds (or the figure it printed as ``key``), its error, or its cap."""
    if m.error:
        return "failed: " + m.error.replace("|", "\\|")
    if m.capped:
        return f"> {num(cap)}"
    return num(m.output.get(key) if key else m.seconds)


def mb(m: Measure) -> str:
    return num(m.peak_mb) if m.ok else "—"


def ratio(plain: float | None, capped: bool, project: float | None) -> str:
    """How many times slower the plain path is; a lower bound when it hit its cap."""
    if plain is None or not project:
        return "—"
    return f"{'> ' if capped else ''}{num(plain / project)}×"


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = [headers, ["---"] * len(headers), *rows]
    return "\n".join("| " + " | ".join(row) + " |" for row in lines) + "\n"


def plain_seconds(m: Measure, cap: float, key: str | None = None) -> float | None:
    """A plain step's figure for a ratio: its seconds, the printed ``key``, or the cap."""
    if m.capped:
        return cap
    return (m.output.get(key) if key else m.seconds) if m.ok else None


def tables(runs: list[SizeRun], cap: float) -> dict[str, str]:
    """One Markdown table per measure, a row per size (queries: a row per query)."""
    def row(r: SizeRun, *cells: str) -> list[str]:
        return [f"{r.articles:,}", *cells]

    def s(r: SizeRun, name: str, key: str | None = None) -> str:
        return secs(r.steps[name], cap, key)

    def vs(r: SizeRun, plain: str, project: str, key: str | None = None) -> str:
        p, q = r.steps[plain], r.steps[project]
        return ratio(plain_seconds(p, cap, key), p.capped, q.seconds if q.ok else None)

    return {
        "Corpus": table(["articles", "corpus MB", "triples", "generate s"], [
            row(r, num(r.corpus_mb), f"{r.triples:,}" if r.triples else "—", s(r, "generate"))
            for r in runs]),
        "Build": table(["articles", "cold s", "articles/s", "peak MB", "tree MB", "warm s",
                        "warm peak MB"], [
            row(r, s(r, "build"), _rate(r), mb(r.steps["build"]),
                num(r.steps["build"].tree_mb), s(r, "rebuild"), mb(r.steps["rebuild"]))
            for r in runs]),
        "Load": table(["articles", "pyoxigraph load s", "peak MB (with queries)",
                       "rdflib parse s", "peak MB", "ratio"], [
            row(r, s(r, "queries", "load_s"), mb(r.steps["queries"]),
                s(r, "plain-parse", "parse_s"), mb(r.steps["plain-parse"]), _load_ratio(r, cap))
            for r in runs]),
        "Validation": table(["articles", "s", "peak MB", "verdict", "pySHACL s", "peak MB",
                             "verdict", "ratio"], [
            row(r, s(r, "validate"), mb(r.steps["validate"]), _verdict(r.steps["validate"]),
                s(r, "plain-validate"), mb(r.steps["plain-validate"]),
                _verdict(r.steps["plain-validate"]), vs(r, "plain-validate", "validate"))
            for r in runs]) + "\n" + ENGINES_NOTE,
        "Export": table(["articles", "JSON-LD s", "peak MB", "Turtle s", "peak MB",
                         "rdflib JSON-LD s", "peak MB", "ratio (JSON-LD)"], [
            row(r, s(r, "export-jsonld"), mb(r.steps["export-jsonld"]), s(r, "export-turtle"),
                mb(r.steps["export-turtle"]), s(r, "plain-export"), mb(r.steps["plain-export"]),
                vs(r, "plain-export", "export-jsonld"))
            for r in runs]),
        "Queries": query_table(runs, cap),
    }


def _rate(r: SizeRun) -> str:
    m = r.steps["build"]
    return num(r.articles / m.seconds) if m.ok else "—"


def _load_ratio(r: SizeRun, cap: float) -> str:
    project, plain = r.steps["queries"], r.steps["plain-parse"]
    return ratio(plain_seconds(plain, cap, "parse_s"), plain.capped, project.output.get("load_s"))


def _verdict(m: Measure) -> str:
    if not m.ok:
        return "—"
    if "violations" in m.output:
        return "violations" if m.output["violations"] else "conforms"
    return "violations" if m.exit == 1 else "conforms"


def query_table(runs: list[SizeRun], cap: float) -> str:
    """Median ms per query: the project's, rdflib's and their ratio, for each size."""
    names = sorted({q for r in runs for k in ("queries", "plain-queries")
                    for q in r.steps[k].output.get("queries", {})})
    headers = ["query"] + [f"{h} ({r.articles:,})" for r in runs
                           for h in ("ms", "rdflib ms", "ratio")]
    rows = [[name] + [cell for r in runs for cell in _query_cells(r, name, cap)] for name in names]
    return table(headers, rows)


def _query_cells(r: SizeRun, name: str, cap: float) -> list[str]:
    ours = _query_record(r.steps["queries"], name)
    plain = _query_record(r.steps["plain-queries"], name)
    capped = bool(plain.get("capped"))
    plain_ms = cap * 1000 if capped else plain.get("ms")
    differ = " †" if "rows" in plain and ours.get("rows") != plain["rows"] else ""
    return [_ms(ours), f"> {num(cap)} s" if capped else _ms(plain) + differ,
            ratio(plain_ms, capped, ours.get("ms"))]


def _query_record(m: Measure, name: str) -> dict:
    if m.capped:
        return {"capped": True}
    record = m.output.get("queries", {}).get(name)
    return record or {"error": m.error or "no result"}


def _ms(record: dict) -> str:
    if "error" in record:
        return "failed: " + record["error"].replace("|", "\\|")
    return num(record.get("ms"))


def goals(run: SizeRun | None) -> list[dict]:
    """The goals at the goal size: figure, and whether it is met (None: not measured)."""
    if run is None:
        return [{"goal": g, "figure": "not measured", "met": None} for g in GOAL_NAMES]
    build, validate = run.steps["build"], run.steps["validate"]
    peaks = {k: run.steps[k].peak_mb for k in PROJECT_STEPS if run.steps[k].ok}
    top = max(peaks, key=peaks.get, default=None)
    return [
        _goal(GOAL_NAMES[0], build.seconds if build.ok else None, GOALS_S, " s", build.error),
        _goal(GOAL_NAMES[1], validate.seconds if validate.ok else None, GOALS_S, " s",
              validate.error),
        _query_goal(run.steps["queries"]),
        _goal(GOAL_NAMES[3], peaks.get(top), GOAL_MB, f" MB ({top}; build's process tree "
              f"{num(build.tree_mb)} MB)", None if top else "no step succeeded"),
    ]


def _query_goal(m: Measure) -> dict:
    """The slowest query's median, or the first query that failed."""
    queries = m.output.get("queries", {})
    failed = next((f"{q}: {r['error']}" for q, r in queries.items() if "error" in r), None)
    if not m.ok or failed or not queries:
        return _goal(GOAL_NAMES[2], None, GOAL_QUERY_MS, "", m.error or failed)
    slowest = max(queries, key=lambda q: queries[q]["ms"])
    return _goal(GOAL_NAMES[2], queries[slowest]["ms"], GOAL_QUERY_MS, f" ms ({slowest})", None)


GOAL_NAMES = ("build < 60 s", "validation < 60 s", "every query median < 100 ms",
              "peak memory < 2 GB")


def _goal(name: str, value: float | None, limit: float, unit: str, error: str | None) -> dict:
    if value is None:
        return {"goal": name, "figure": f"failed: {error or 'no figure'}", "met": False}
    return {"goal": name, "figure": num(value, unit), "met": value < limit}


ENGINES_NOTE = (
    "`kg validate --engine`: `sparql` (the \"s\" column) compiles each constraint to one SPARQL "
    "query on pyoxigraph. It covers SHACL Core (every target, implicit class targets included; "
    "every property path; every component, with ill-formed literals, sh:deactivated and "
    "sh:severity) and SHACL-SPARQL (sh:sparql with $this pre-bound, $PATH, $currentShape, "
    "$shapesGraph; SPARQL-based constraint components; SPARQL targets). It refuses, naming "
    "the feature, sh:datatype with the integer subtypes (xsd:byte...: pyoxigraph stores them "
    "as xsd:integer), SHACL-SPARQL inside sh:node/sh:or/sh:not..., recursive shapes, and "
    "sh:minCount above 3 or sh:maxCount above 2 inside nested shapes; and it lets a value "
    "typed with an integer subtype pass sh:datatype xsd:integer (the same cause). `pyshacl` "
    "(the \"pySHACL s\" column) is the reference, rdflib-bound: past the cap from 100 "
    "articles. `auto`, the default, takes "
    "`sparql` unless it refuses the shapes. On the W3C SHACL test suite (core and "
    "SHACL-SPARQL, 120 approved tests; `tests/test_shacl_suite.py`): `auto` passes 120, "
    "`sparql` 119 (one refused), pySHACL alone 117.\n")


def markdown(runs: list[SizeRun], info: dict, command: str, cap: float, goal_size: int,
             achieved: list[dict]) -> str:
    verdicts = {True: "met", False: "**not met**", None: "not measured"}
    parts = [
        "# Benchmarks\n",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".\n",
        f"Command: `{command}`\n",
        "Every step runs in a child process of its own: seconds are its wall time, Python start-up "
        "included (load and query figures are timed inside the child); peak MB is the largest "
        "resident set of one process (`ru_maxrss`); tree MB sums the build's worker processes, "
        "sampled. The plain path is rdflib and pySHACL, parsing the same N-Quads; each of its "
        f"steps (and each query) is capped at {num(cap)} s, and a capped step gives a lower "
        f"bound (\"> 12×\"). Queries: median of {PROJECT_RUNS} runs after one warm-up "
        f"(pyoxigraph), median of {PLAIN_RUNS} runs (rdflib); † marks a query whose two answers "
        "differ in row count. Ratio: plain ÷ project.\n",
        f"## Goals at {goal_size:,} articles\n",
        table(["goal", "figure", "verdict"],
              [[g["goal"], g["figure"], verdicts[g["met"]]] for g in achieved]),
    ]
    parts += [f"## {title}\n\n{body}" for title, body in tables(runs, cap).items()]
    return "\n".join(parts)


# --- command line ------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000],
                        help="Corpus sizes, in articles.")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench"),
                        help="Folder for the articles and the built graphs (emptied per size).")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"),
                        help="Markdown report; the JSON goes beside it.")
    parser.add_argument("--plain-cap", type=float, default=600.0,
                        help="Seconds each plain (rdflib, pySHACL) step may run.")
    parser.add_argument("--engine", default="sparql",
                        help="Engine for 'kg validate --engine' ('' leaves the option out).")
    parser.add_argument("--goal-size", type=int, default=10000,
                        help="Size at which the goals are judged.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child"]:
        CHILDREN[argv[1]](*argv[2:])
        return 0
    args = parse_args(argv)
    runs = [run_size(n, args.work.resolve(), args.plain_cap, args.engine) for n in args.sizes]
    goal_run = next((r for r in runs if r.articles == args.goal_size), None)
    achieved, info = goals(goal_run), machine()
    command = shlex.join(["python", "-m", "bench.run", *argv])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(runs, info, command, args.plain_cap, args.goal_size, achieved),
                        encoding="utf-8")
    raw = {"machine": info, "command": command, "plain_cap_s": args.plain_cap,
           "goal_size": args.goal_size, "goals": achieved, "runs": [asdict(r) for r in runs]}
    args.out.with_suffix(".json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} and {args.out.with_suffix('.json')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
