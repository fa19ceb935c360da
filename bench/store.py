"""The store that `kg build` keeps, against the dump-per-command path and plain rdflib.

For each size: generate articles, build the store (cold, then after 1 % of the articles
changed), and measure its size on disk; each competency query through `kg query` (wall time,
Python start-up included, and rows per second), the same queries and three questions about
one thing inside one open store; `kg serve` page and SPARQL latency over a bounded loop;
`kg validate` and `kg export`. The dump path (`kg build --out kg.nq`, then every command
parses the file) and plain rdflib run beside it up to the sizes they can bear. Every step runs
in a child process of its own (``bench.run.measure``: wall time, peak memory).

    python -m bench.store --sizes 1000 10000 100000 --work /tmp/bench-store \
        --out docs/benchmarks-store.md
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.generate import write_corpus
from bench.run import (
    PROJECT_RUNS,
    Measure,
    _folder_mb,
    _logged,
    child,
    emit,
    kg,
    machine,
    measure,
    named_queries,
    num,
    table,
    timed_runs,
)

QUERY_CAP = 900.0  # seconds one `kg query` of the dump path may take before it counts as capped
SERVE_REQUESTS = 200  # requests per latency loop
TABLE_PAGES = ("observation", "target", "meeting", "person", "organization", "legal",
               "strategy", "article")
TABLE_VIEW = "observation?sort=-value&page=2"  # the page of a table the latency loop asks
CHANGED_SHARE = 100  # one article in this many is changed before the second build
# Questions about one thing: (name, query with {iri}, the query that picks the thing).
ONE_THING = (
    # A series is its points, each value of a period once (the observations that restate
    # one are linked to it): an indicator stated by every report reads in a few ms.
    ("one indicator's series", """
PREFIX kg: <https://data.example.org/vngov/ontology#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?point ?value ?unit ?end WHERE {{ ?point kg:inSeries <{iri}> ; kg:value ?value ;
  kg:period/time:hasEnd/time:inXSDDate ?end . OPTIONAL {{ ?point kg:unit ?unit }} }}
ORDER BY ?end ?value""",
     "SELECT ?x WHERE { ?o a <https://data.example.org/vngov/ontology#Observation> ; "
     "<https://data.example.org/vngov/ontology#indicator> ?x } LIMIT 1"),
    ("the targets one meeting set", """
PREFIX kg: <https://data.example.org/vngov/ontology#>
SELECT ?target ?indicator ?value WHERE {{ ?target kg:setAt <{iri}> ;
  kg:indicatorLabel ?indicator . OPTIONAL {{ ?target kg:value ?value }} }}""",
     "SELECT ?x WHERE { ?t <https://data.example.org/vngov/ontology#setAt> ?x } LIMIT 1"),
    ("one person's posts", """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX kg: <https://data.example.org/vngov/ontology#>
SELECT ?membership ?title ?organization WHERE {{ ?membership org:member <{iri}> ;
  kg:title ?title . OPTIONAL {{ ?membership org:organization ?organization }} }}""",
     "SELECT ?x WHERE { ?m <http://www.w3.org/ns/org#member> ?x } LIMIT 1"),
)
GOALS = (  # (goal, limit, unit)
    ("build, cold", 900.0, "s"), ("build after 1 % changed", 60.0, "s"),
    ("`kg query` about one thing, start-up included", 1.0, "s"),
    ("a query about one thing inside the open store", 50.0, "ms"),
    ("slowest full answer, rows per second", 50_000.0, "rows/s"),
    ("largest query or serve process", 1024.0, "MB"), ("`kg validate`", 600.0, "s"),
)


@dataclass
class StoreRun:
    articles: int
    store_mb: float | None = None
    steps: dict[str, Measure] = field(default_factory=dict)
    queries: dict[str, Measure] = field(default_factory=dict)  # kg query on the store
    dump_queries: dict[str, Measure] = field(default_factory=dict)  # kg query on the dump


# --- children (``python -m bench.store child NAME ARGS``) --------------------------------------


def child_cli_query(query: str, data: str) -> None:
    """`kg query` as a user runs it, its rows counted rather than printed."""
    import contextlib
    import io

    from kg.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main(["query", query, "--data", data, "--format", "tsv"], standalone_mode=False)
        except Exception as exc:  # noqa: BLE001 - its message is the figure
            emit(error=str(exc).splitlines()[0])
            return
    emit(rows=max(0, out.getvalue().count("\n") - 1))


def child_build(articles: str, store: str) -> None:
    """`kg build` as a user runs it, with the seconds of each phase it reports (--timings)."""
    import contextlib
    import io

    from kg.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        main(["build", articles, "--out", store, "--timings"], standalone_mode=False)
    phases = {}
    for line in err.getvalue().splitlines():
        seconds, unit, name = (line.strip().split(maxsplit=2) + ["", ""])[:3]
        if unit == "s" and name:
            phases[name] = float(seconds)
    emit(phases=phases)


def engine_rows(store, sparql: str) -> int:
    """The rows of a query's whole answer, written by pyoxigraph itself as TSV to a file, with
    no Python object per row or term: the engine's own pace, the floor under `kg query`'s."""
    import tempfile

    import pyoxigraph as ox

    with tempfile.NamedTemporaryFile(suffix=".tsv") as out:
        store.query(sparql).serialize(out.name, ox.QueryResultsFormat.TSV)
        with open(out.name, "rb") as written:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: written.read(1 << 20), b"")) - 1


def child_open_store(data: str, work: str) -> None:
    """Opens the store once, then times each competency query in the engine alone, and each
    question about one thing as `kg query` asks it (median after one warm-up)."""
    from kg.query import run_select
    from kg.store import load_query_store

    start = time.perf_counter()
    store = load_query_store(Path(data))
    emit(open_ms=(time.perf_counter() - start) * 1000)
    for name, sparql in named_queries():
        emit(query=name, **timed_runs(lambda s=sparql: engine_rows(store, s), PROJECT_RUNS,
                                      warmups=1))
    for name, sparql in one_thing_queries(store, Path(work)).items():
        emit(query=name, **timed_runs(lambda s=sparql: len(run_select(store, s).rows),
                                      PROJECT_RUNS, warmups=1))


def one_thing_queries(store, work: Path) -> dict[str, str]:
    """Each question about one thing with a thing of the store, also saved as a .rq file."""
    found = {}
    for name, template, pick in ONE_THING:
        rows = list(store.query(pick))
        if rows:
            sparql = template.format(iri=rows[0]["x"].value)
            found[name] = sparql
            (work / f"{_slug(name)}.rq").write_text(sparql, encoding="utf-8")
    return found


def child_serve(data: str, port: str) -> None:
    """p50 and p99 of a page and of a SPARQL query, one request at a time, from a `kg serve`."""
    server = subprocess.Popen(kg("serve", "--data", data, "--port", port),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        sparql = ONE_THING[0][2]
        # Every table once (each is read from the store on its first request), then a page
        # of the largest one in the latency loop.
        tables = {key: _get(f"{base}/{key}", 3600) for key in TABLE_PAGES}
        emit(tables_s=sum(tables.values()) / 1000)
        urls = {"page": f"{base}/", "sparql": f"{base}/sparql?" + urllib.parse.urlencode(
            {"query": sparql}), "table": f"{base}/{TABLE_VIEW}"}
        for name, url in urls.items():
            times = sorted(_get(url) for _ in range(SERVE_REQUESTS))
            emit(query=name, p50=statistics.median(times), p99=times[int(len(times) * .99) - 1])
        emit(server_mb=_peak_mb(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str, timeout: float = 60) -> float:
    """Milliseconds to fetch ``url`` whole."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        answer.read()
    return (time.perf_counter() - start) * 1000


def _wait_for(base: str, wait: float = 600) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"kg serve did not answer at {base} within {wait} s")


def _peak_mb(pid: int) -> float | None:
    """The largest resident set of ``pid`` so far (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    line = next((x for x in status if x.startswith("VmHWM:")), None)
    return int(line.split()[1]) / 1024 if line else None


CHILDREN = {"build": child_build, "cli-query": child_cli_query, "open-store": child_open_store,
            "serve": child_serve}


# --- one size ----------------------------------------------------------------------------------


def run_size(n: int, work: Path, dump_max: int, plain_max: int, plain_cap: float) -> StoreRun:
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    articles, store, dump = folder / "articles", folder / "kg.oxigraph", folder / "kg.nq"
    write_corpus(articles, n)
    run = StoreRun(n)
    step = _stepper(n, run.steps)
    step("build", ours("build", articles, store))
    run.store_mb = _folder_mb((store / "current").resolve())
    _change(articles)
    step("rebuild-1%", ours("build", articles, store))
    for name, _ in named_queries():
        run.queries[name] = _logged(n, f"kg query {name}", measure(ours("cli-query", name, store)))
    step("open-store", ours("open-store", store, folder))
    for name, _, _ in ONE_THING:
        rq = folder / f"{_slug(name)}.rq"
        if rq.is_file():
            run.queries[name] = _logged(n, f"kg query {name}",
                                        measure(ours("cli-query", rq, store)))
    step("serve", ours("serve", store, _free_port()))
    step("validate", kg("validate", "--data", store, "--engine", "sparql"), ok=(0, 1))
    step("export", kg("export", "--data", store, "--format", "nquads", "--out",
                      folder / "export.nq"))
    if n <= dump_max:
        step("dump-build", kg("build", articles, "--out", dump))
        for name, _ in named_queries():
            m = measure(ours("cli-query", name, dump), QUERY_CAP)
            run.dump_queries[name] = _logged(n, f"dump kg query {name}", m)
    if n <= plain_max and dump.is_file():
        step("plain-queries", child("rdflib-queries", dump, plain_cap),
             cap=plain_cap * (len(named_queries()) + 1) + 60)
    return run


def ours(*args) -> list[str]:
    """A child of this module (``bench.run.child`` runs those of bench.run)."""
    return [sys.executable, "-m", "bench.store", "child", *map(str, args)]


def _stepper(n: int, steps: dict[str, Measure]):
    def step(name: str, argv: list[str], ok=(0,), cap: float | None = None) -> None:
        steps[name] = _logged(n, name, measure(argv, cap, ok))
    return step


def _change(articles: Path) -> None:
    """Adds a sentence to one article in ``CHANGED_SHARE``."""
    for path in sorted(articles.glob("*.txt"))[::CHANGED_SHARE]:
        path.write_text(path.read_text(encoding="utf-8") + "\nBài viết được cập nhật.\n",
                        encoding="utf-8")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")


# --- the report --------------------------------------------------------------------------------


def tables(runs: list[StoreRun]) -> dict[str, str]:
    def row(r: StoreRun, *cells: str) -> list[str]:
        return [f"{r.articles:,}", *cells]

    return {
        "Build and store": table(
            ["articles", "cold s", "peak MB", "tree MB", "1 % changed s", "store MB on disk",
             "dump build s", "dump peak MB"],
            [row(r, _s(r.steps.get("build")), _mb(r.steps.get("build")),
                 num(r.steps["build"].tree_mb) if "build" in r.steps else "—",
                 _s(r.steps.get("rebuild-1%")), num(r.store_mb), _s(r.steps.get("dump-build")),
                 _mb(r.steps.get("dump-build"))) for r in runs]),
        "Where a build's time goes": _phases_table(runs),
        "`kg query`, start-up included": _query_table(runs),
        "Inside one open store": _open_table(runs),
        "`kg serve`": table(
            ["articles", "page p50 ms", "page p99 ms", "SPARQL p50 ms", "SPARQL p99 ms",
             "table page p50 ms", "table page p99 ms", "every table read s", "server peak MB",
             "largest of its processes MB"],
            [row(r, *_serve(r.steps.get("serve"))) for r in runs]),
        "Validate and export": table(
            ["articles", "validate s", "peak MB", "export N-Quads s", "peak MB"],
            [row(r, _s(r.steps.get("validate")), _mb(r.steps.get("validate")),
                 _s(r.steps.get("export")), _mb(r.steps.get("export"))) for r in runs]),
    }


def _query_table(runs: list[StoreRun]) -> str:
    names = sorted({q for r in runs for q in r.queries})
    headers = ["query"] + [f"{h} ({r.articles:,})" for r in runs
                           for h in ("store s", "rows/s", "MB", "dump s")]
    rows = []
    for name in names:
        cells = [name]
        for r in runs:
            m, dump = r.queries.get(name), r.dump_queries.get(name)
            rows_n = m.output.get("rows") if m and m.ok else None
            cells += [_s(m), num(rows_n / m.seconds) if rows_n else "—", _mb(m),
                      _s(dump) if dump else "not run"]
        rows.append(cells)
    return table(headers, rows)


def _open_table(runs: list[StoreRun]) -> str:
    names = sorted({q for r in runs for q in r.steps.get("open-store", Measure()).output.get(
        "queries", {})})
    headers = ["query"] + [f"{h} ({r.articles:,})" for r in runs for h in ("ms", "rows/s")]
    rows = [["open the store"] + [cell for r in runs for cell in (
        num(r.steps["open-store"].output.get("open_ms")) if "open-store" in r.steps else "—",
        "")]]
    for name in names:
        rows.append([name] + [cell for r in runs for cell in _record_cells(r, name)])
    plain = {r.articles: r.steps["plain-queries"] for r in runs if "plain-queries" in r.steps}
    for size, m in plain.items():
        for name, record in m.output.get("queries", {}).items():
            rows.append([f"{name} (rdflib, {size:,})"] + [cell for r in runs for cell in (
                num(record.get("ms")) if r.articles == size and "ms" in record else
                ("capped" if r.articles == size else ""), "")])
    return table(headers, rows)


def _record_cells(run: StoreRun, name: str) -> list[str]:
    record = _record(run, name)
    if "ms" not in record:
        return [record.get("error", "—"), "—"]
    rate = record["rows"] / record["ms"] * 1000 if record.get("rows") and record["ms"] else None
    return [num(record["ms"]), num(rate) if rate else "—"]


def _phases_table(runs: list[StoreRun]) -> str:
    steps = [(r, step) for r in runs for step in ("build", "rebuild-1%") if step in r.steps]
    names = list(dict.fromkeys(name for r, step in steps
                               for name in r.steps[step].output.get("phases", {})))
    headers = ["phase"] + [f"{'cold' if step == 'build' else '1 % changed'} "
                           f"({r.articles:,}) s" for r, step in steps]
    return table(headers, [[name] + [num(r.steps[step].output.get("phases", {}).get(name))
                                     for r, step in steps] for name in names])


def _record_ms(m: Measure | None, name: str) -> str:
    record = (m.output.get("queries", {}).get(name) if m else None) or {}
    return num(record["ms"]) if "ms" in record else record.get("error", "—")


def _serve(m: Measure | None) -> list[str]:
    if m is None or not m.ok:
        return [m.error if m else "—"] + ["—"] * 8
    q = m.output.get("queries", {})
    return [num(q.get(name, {}).get(p)) for name in ("page", "sparql", "table")
            for p in ("p50", "p99")] + [
        num(m.output.get("tables_s")), num(m.output.get("server_mb")), num(m.peak_mb)]


def _s(m: Measure | None) -> str:
    if m is None:
        return "—"
    if m.capped:
        return f"> {num(QUERY_CAP)}"
    return num(m.seconds) if m.ok else "failed: " + (m.error or "").replace("|", "\\|")


def _mb(m: Measure | None) -> str:
    return num(m.peak_mb) if m is not None and m.ok else "—"


def goals(run: StoreRun) -> list[list[str]]:
    """Each goal at the largest size: the figure, and whether it is met."""
    one = [run.queries[name] for name, _, _ in ONE_THING if name in run.queries]
    inside = [(_record(run, name).get("ms")) for name, _, _ in ONE_THING]
    full = [m.output["rows"] / m.seconds for name, m in run.queries.items()
            if m.ok and m.output.get("rows") and name not in {n for n, _, _ in ONE_THING}]
    processes = [m.peak_mb for m in run.queries.values() if m.ok]
    serve = run.steps.get("serve")
    if serve and serve.ok:  # the server, and the processes it starts for whole-store passes
        processes += [serve.output.get("server_mb"), serve.peak_mb]
    figures = (
        _seconds(run.steps.get("build")), _seconds(run.steps.get("rebuild-1%")),
        max((m.seconds for m in one if m.ok), default=None),
        max((ms for ms in inside if ms is not None), default=None),
        min(full, default=None), max((p for p in processes if p), default=None),
        _seconds(run.steps.get("validate")),
    )
    rows = []
    for (goal, limit, unit), figure in zip(GOALS, figures, strict=True):
        met = None if figure is None else (figure >= limit if unit == "rows/s" else
                                           figure <= limit)
        verdict = {True: "met", False: "**not met**", None: "not measured"}[met]
        rows.append([goal, f"{'≥' if unit == 'rows/s' else '≤'} {num(limit)} {unit}",
                     num(figure, f" {unit}"), verdict])
    return rows


def _record(run: StoreRun, name: str) -> dict:
    m = run.steps.get("open-store")
    return (m.output.get("queries", {}).get(name) if m else None) or {}


def _seconds(m: Measure | None) -> float | None:
    return m.seconds if m is not None and m.ok else None


def markdown(runs: list[StoreRun], info: dict, command: str) -> str:
    largest = max(runs, key=lambda r: r.articles)
    parts = [
        "# Benchmarks: the store\n",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".\n",
        f"Command: `{command}`\n",
        "The store is what `kg build` writes (`build/kg.oxigraph/`); the dump path builds "
        "`kg.nq` and has every command parse it again (`--data kg.nq`). Every step is a child "
        "process: seconds are its wall time, Python start-up included; MB is its peak resident "
        "set (`ru_maxrss`); tree MB sums the build's worker processes. A build's phases are "
        "those `kg build --timings` reports: the extraction's CPU seconds are summed over its "
        "worker processes, which run while the building process loads. Inside the open store, "
        f"each query is the median of {PROJECT_RUNS} runs after one warm-up (one run when it "
        "takes seconds); a competency query there is the engine alone, pyoxigraph writing its "
        "whole answer as TSV with no Python object per row, which bounds what `kg query` can "
        "reach; a question about one thing is asked as `kg query` asks it. `kg serve`: "
        "each table's page once (it is read from the store then), then "
        f"{SERVE_REQUESTS} requests in a row each of the landing page, a SPARQL query and "
        f"`/{TABLE_VIEW}`; the largest of its processes counts those it starts to read a "
        "table or count the totals. rows/s: rows of the full "
        "answer over the `kg query` wall time. A query of the dump path past "
        f"{num(QUERY_CAP)} s is stopped.\n",
        f"## Goals at {largest.articles:,} articles\n",
        table(["goal", "limit", "figure", "verdict"], goals(largest)),
    ]
    parts += [f"## {title}\n\n{body}" for title, body in tables(runs).items()]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child"]:
        CHILDREN[argv[1]](*argv[2:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-store"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-store.md"))
    parser.add_argument("--dump-max", type=int, default=10000,
                        help="Largest size at which the dump path runs.")
    parser.add_argument("--plain-max", type=int, default=1000,
                        help="Largest size at which plain rdflib runs the queries.")
    parser.add_argument("--plain-cap", type=float, default=120.0,
                        help="Seconds each plain rdflib query may run.")
    args = parser.parse_args(argv)
    info, command = machine(), shlex.join(["python", "-m", "bench.store", *argv])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    runs = []
    for n in args.sizes:  # the report is written after each size: a long run shows its part
        runs.append(run_size(n, args.work.resolve(), args.dump_max, args.plain_max,
                             args.plain_cap))
        args.out.write_text(markdown(runs, info, command), encoding="utf-8")
        raw = {"machine": info, "command": command, "runs": [asdict(r) for r in runs]}
        args.out.with_suffix(".json").write_text(json.dumps(raw, indent=1) + "\n",
                                                 encoding="utf-8")
        print(f"wrote {args.out} and {args.out.with_suffix('.json')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
