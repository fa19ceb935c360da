"""Exports parse back into the graph that was built; builds are deterministic; an interrupted
build leaves the previous graph file as it was."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from pyld import jsonld
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.cli import main
from kg.export import export

BASE = "https://data.example.org/vngov/"
build_module = importlib.import_module("kg.build")  # kg.build is also the build() function
store_module = importlib.import_module("kg.store")


def graphs_of(ds: Dataset) -> dict[str, Graph]:
    """Each non-empty graph of ``ds`` by name; the default graph under ""."""
    out = {}
    for g in ds.graphs():
        if len(g):
            name = "" if "DEFAULT" in str(g.identifier).upper() else str(g.identifier)
            out[name] = g
    return out


def union_of(ds: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def assert_same_dataset(expected: Dataset, actual: Dataset) -> None:
    want, got = graphs_of(expected), graphs_of(actual)
    assert sorted(got) == sorted(want)
    for name, graph in want.items():
        assert isomorphic(graph, got[name]), f"graph {name} differs"


@pytest.fixture(scope="module")
def built(seeds_trig) -> Dataset:
    ds = Dataset()
    ds.parse(seeds_trig, format="trig")
    assert len(ds) > 1000
    return ds


# --- exports parse back -----------------------------------------------------------------------

PARSE_AS = {"turtle": "turtle", "trig": "trig", "json-ld": "json-ld", "nt": "nt",
            "nquads": "nquads", "rdf-xml": "xml"}
QUAD_FORMATS = {"trig", "json-ld", "nquads"}


def reparsed(seeds_trig: Path, fmt: str) -> Dataset | Graph:
    data = export(seeds_trig, fmt)
    if fmt in QUAD_FORMATS:
        parsed = Dataset()
        parsed.parse(data=data, format=PARSE_AS[fmt])
        return parsed
    return Graph().parse(data=data, format=PARSE_AS[fmt])


def assert_isomorphic(expected: Dataset, actual: Dataset | Graph) -> None:
    if isinstance(actual, Dataset):
        assert_same_dataset(expected, actual)
    else:
        assert len(actual) == len(union_of(expected))
        assert isomorphic(actual, union_of(expected))


@pytest.mark.parametrize("fmt", sorted(PARSE_AS))
def test_export_parses_back_isomorphic(seeds_trig, built, fmt):
    """Also a regression: Turtle and TriG once rewrote the decimal "7" as 7.0."""
    assert_isomorphic(built, reparsed(seeds_trig, fmt))


@pytest.mark.parametrize("fmt", sorted(PARSE_AS))
def test_export_is_the_same_bytes_in_every_process(seeds_trig, fmt):
    """Regression: RDF/XML written by rdflib changed order with the process's hash seed."""
    def run(seed: str) -> bytes:
        return subprocess.run(
            [sys.executable, "-m", "kg.cli", "export", "--data", str(seeds_trig), "--format", fmt],
            capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout

    assert run("1") == run("2")


def test_jsonld_export_parses_back_with_pyld(seeds_trig, built):
    document = json.loads(export(seeds_trig, "json-ld"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    parsed = Dataset()
    parsed.parse(data=nquads, format="nquads")
    assert_same_dataset(built, parsed)


def test_jsonld_build_output_parses_back_with_rdflib_and_pyld(tmp_path, built):
    out = tmp_path / "kg.jsonld"
    build([SEEDS], out, BASE, cache=False)
    parsed = Dataset()
    parsed.parse(out, format="json-ld")
    assert_same_dataset(built, parsed)
    nquads = jsonld.to_rdf(json.loads(out.read_bytes()), {"format": "application/n-quads"})
    assert_same_dataset(built, Dataset().parse(data=nquads, format="nquads"))


# --- deterministic builds ---------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld"])
def test_building_twice_gives_the_same_bytes(runner, tmp_path, suffix):
    first, second = tmp_path / "a" / f"kg{suffix}", tmp_path / "b" / f"kg{suffix}"
    outputs = []
    for out in (first, second, first):  # the third build reuses the first one's cache
        result = runner.invoke(main, ["build", str(SEEDS), "--out", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_building_under_other_hash_seeds_gives_the_same_bytes(tmp_path):
    """Set and dict order must not leak into the output: builds in fresh interpreters."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "kg.trig"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(out)],
                       check=True, capture_output=True, env=env, cwd=ROOT, timeout=120)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


# --- interrupted builds -----------------------------------------------------------------------

@pytest.fixture
def previous(tmp_path) -> Path:
    """A graph built earlier, which a failed build must leave exactly as it is."""
    out = tmp_path / "out" / "kg.trig"
    build([SEEDS], out, BASE, cache=False)
    return out


def fail_after(chunks: int, error: BaseException):
    """A stand-in for the build's chunk counter that raises once ``chunks`` were written."""
    original = build_module._Run._counted
    seen = []

    def counted(self, chunk: bytes) -> bytes:
        seen.append(chunk)
        if len(seen) > chunks:
            raise error
        return original(self, chunk)

    return counted


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("error", [RuntimeError("serializer crashed"), KeyboardInterrupt()],
                         ids=["crash", "ctrl-c"])
@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld"])
def test_interrupted_serialization_keeps_the_previous_graph(monkeypatch, tmp_path, error,
                                                            suffix):
    out = tmp_path / f"kg{suffix}"
    build([SEEDS], out, BASE, cache=False)
    before = out.read_bytes()
    monkeypatch.setattr(build_module._Run, "_counted", fail_after(2, error))
    with pytest.raises(type(error)):
        build([SEEDS], out, BASE, cache=False)
    assert out.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_full_disk_keeps_the_previous_graph(runner, monkeypatch, previous):
    before = previous.read_bytes()

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", full)
    result = runner.invoke(main, ["build", str(SEEDS), "--out", str(previous)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "not written" in result.stderr
    assert previous.read_bytes() == before
    assert leftovers(previous.parent) == []


def test_interrupted_first_build_leaves_no_file(monkeypatch, tmp_path):
    out = tmp_path / "kg.trig"
    monkeypatch.setattr(build_module._Run, "_counted", fail_after(1, RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        build([SEEDS], out, BASE, cache=False)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_export_keeps_the_previous_file(runner, monkeypatch, seeds_trig, tmp_path):
    out = tmp_path / "kg.ttl"
    out.write_bytes(b"# previous export\n")

    def crash(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store_module.os, "replace", crash)
    result = runner.invoke(main, ["export", "--data", str(seeds_trig), "--out", str(out)])
    assert result.exit_code != 0
    assert out.read_bytes() == b"# previous export\n"
    assert leftovers(tmp_path) == []
