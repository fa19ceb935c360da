"""Shared fixtures: the seeds built once per session, its parsed forms, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.build import BuildReport, build
from kg.store import load_query_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
BASE = "https://data.example.org/vngov/"
SEED_NAMES = frozenset(p.name for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> BuildReport:
    """The seeds built once, as TriG, under the default base IRI."""
    out = tmp_path_factory.mktemp("seeds-build") / "kg.trig"
    return build([SEEDS], out, BASE)


@pytest.fixture(scope="session")
def seeds_trig(seeds_build: BuildReport) -> Path:
    return seeds_build.out


@pytest.fixture(scope="session")
def seeds_dataset(seeds_trig: Path) -> Dataset:
    """The built seeds parsed with rdflib (lookups see every graph); treat as read-only."""
    ds = Dataset(default_union=True)
    ds.parse(seeds_trig, format="trig")
    return ds


@pytest.fixture(scope="session")
def seeds_store(seeds_trig: Path) -> ox.Store:
    return load_query_store(seeds_trig)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def pytest_terminal_summary(terminalreporter) -> None:
    """Each validation engine's counts on the W3C SHACL suite, when its tests ran."""
    import shacl_suite

    if shacl_suite.outcome.cache_info().currsize:
        for line in shacl_suite.summary():
            terminalreporter.write_line(line)
