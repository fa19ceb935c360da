"""The benchmark runs end to end at a tiny size and writes its report (speed is never asserted)."""

from __future__ import annotations

import json
import re

from conftest import QUERIES

from bench.run import GOAL_NAMES, main
from kg.query import query_names

MEASURES = ("Corpus", "Build", "Load", "Validation", "Export")


def sections(markdown: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"^## (.+)\n([^#]*)", markdown, re.M)}


def test_benchmark_writes_a_row_for_each_measure(tmp_path):
    out = tmp_path / "report" / "benchmarks.md"
    main(["--sizes", "3", "--work", str(tmp_path / "work"), "--out", str(out),
          "--plain-cap", "30", "--goal-size", "3"])

    tables = sections(out.read_text(encoding="utf-8"))
    for measure in MEASURES:
        assert re.search(r"^\| 3 \|", tables[measure], re.M), measure
    for name in query_names(QUERIES):
        assert re.search(rf"^\| {name} \|", tables["Queries"], re.M), name
    for goal in GOAL_NAMES:
        assert f"| {goal} |" in tables["Goals at 3 articles"]

    raw = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    (run,) = raw["runs"]
    assert run["articles"] == 3
    assert {"build", "validate", "queries", "plain-parse", "plain-queries"} <= set(run["steps"])
    assert run["steps"]["build"]["error"] is None


def test_the_store_benchmark_measures_each_step(tmp_path):
    from bench.store import GOALS, ONE_THING
    from bench.store import main as store_main

    out = tmp_path / "store.md"
    store_main(["--sizes", "3", "--work", str(tmp_path / "work"), "--out", str(out),
                "--dump-max", "3", "--plain-max", "0"])
    tables = sections(out.read_text(encoding="utf-8"))
    for goal, _, _ in GOALS:
        assert re.search(rf"^\| {re.escape(goal)} \| .* \| (met|\*\*not met\*\*) \|$",
                         tables["Goals at 3 articles"], re.M), goal
    for name in [*query_names(QUERIES), *(n for n, _, _ in ONE_THING)]:
        assert re.search(rf"^\| {re.escape(name)} \| [0-9.]+ \|", tables[
            "`kg query`, start-up included"], re.M), name
        assert re.search(rf"^\| {re.escape(name)} \| [0-9.]+ \| [0-9.,]+ \|$", tables[
            "Inside one open store"], re.M), name
    for phase in ("reading the files", "extraction and loading", "in all"):
        assert re.search(rf"^\| {re.escape(phase)} \| [0-9.]+ \| [0-9.]+ \|$",
                         tables["Where a build's time goes"], re.M), phase
    serve = re.search(r"^\| 3 \|(.*)\|$", tables["`kg serve`"], re.M).group(1).split("|")
    assert len(serve) == 9 and all(re.fullmatch(r" [0-9.,]+ ", cell) for cell in serve), serve
    raw = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    (run,) = raw["runs"]
    assert run["store_mb"] > 0
    for step in ("build", "rebuild-1%", "open-store", "serve", "validate", "export",
                 "dump-build"):
        assert run["steps"][step]["error"] is None, step
