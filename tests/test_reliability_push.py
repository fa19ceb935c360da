"""`kg push` against broken stores: one clear line, a bounded time, never a traceback."""

from __future__ import annotations

import time

import pytest
from fake_stores import KINDS, FakeStore

from kg.cli import main

FAST = ["--timeout", "0.5", "--deadline", "1.5"]


def push(runner, data, store: FakeStore, *options: str):
    started = time.monotonic()
    result = runner.invoke(main, ["push", "--data", str(data), "--endpoint", store.query,
                                  *FAST, *options])
    return result, time.monotonic() - started


@pytest.mark.parametrize("kind", KINDS)
def test_a_broken_store_gives_one_line_and_stops(runner, seeds_trig, kind):
    with FakeStore(kind) as store:
        result, seconds = push(runner, seeds_trig, store)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "nothing pushed" in line, line
    assert seconds < 10, f"{kind}: {seconds:.1f} s"
    assert len(store.requests) <= 1


@pytest.mark.parametrize(("kind", "reason"), [
    ("not-http", "not HTTP"), ("cut-short", "cut its answer short"),
    ("silent", "no answer within 0.5 s"), ("trickle", "no complete answer within 1.5 s"),
    ("dead", "Connection refused"),
])
def test_each_broken_store_is_named_for_what_it_did(runner, seeds_trig, kind, reason):
    with FakeStore(kind) as store:
        result, _ = push(runner, seeds_trig, store)
    assert reason in result.stderr, result.stderr


def test_the_push_stops_after_failures_in_a_row(runner, seeds_trig):
    with FakeStore("record-only") as store:
        result, seconds = push(runner, seeds_trig, store, "--max-failures", "2")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: stopped: 2 graphs in a row failed")
    assert "HTTP 500: disk full" in lines[0] and "graph(s) not tried" in lines[0]
    assert len(store.requests) == 3  # the record, then two graphs
    assert "pushed 0 of " in result.stdout
