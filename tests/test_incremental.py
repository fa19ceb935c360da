"""Incremental builds: unchanged articles come from build/cache/, and the output never changes."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BASE, ROOT, SEEDS
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic

from kg import cache as cache_module
from kg.build import build, dataset_for, extract_all
from kg.graph import nquads

build_module = importlib.import_module("kg.build")  # kg.build is also the function


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_second_build_extracts_nothing_and_writes_the_same_bytes(sources, tmp_path):
    out = tmp_path / "out" / "kg.trig"
    first = build([sources], out, BASE)
    data = out.read_bytes()
    second = build([sources], out, BASE)
    assert first.extracted == len(first.articles) == 5
    assert second.extracted == 0
    assert out.read_bytes() == data
    assert second.articles == first.articles and second.counts == first.counts


def test_only_the_changed_article_is_extracted_again(sources, tmp_path):
    out = tmp_path / "out" / "kg.trig"
    build([sources], out, BASE)
    changed = sorted(sources.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nBộ Tài chính cho biết.\n",
                       encoding="utf-8")
    report = build([sources], out, BASE)
    fresh = build([sources], tmp_path / "fresh" / "kg.trig", BASE, cache=False)
    assert report.extracted == 1 and fresh.extracted == 5
    assert out.read_bytes() == fresh.out.read_bytes()


def test_new_extractor_code_invalidates_the_cache(sources, tmp_path, monkeypatch):
    out = tmp_path / "out" / "kg.trig"
    build([sources], out, BASE)
    old = {p.name for p in (out.parent / "cache").iterdir()}
    monkeypatch.setattr(cache_module, "code_version", lambda: "f" * 64)
    report = build([sources], out, BASE)
    assert report.extracted == 5
    assert {p.name for p in (out.parent / "cache").iterdir()} == {"f" * 16}, old


def test_a_damaged_cache_entry_is_rebuilt(sources, tmp_path):
    out = tmp_path / "out" / "kg.trig"
    build([sources], out, BASE)
    data = out.read_bytes()
    entry = next((out.parent / "cache").rglob("*.pickle"))
    entry.write_bytes(b"not a pickle")
    report = build([sources], out, BASE)
    assert report.extracted == 1
    assert out.read_bytes() == data


def test_worker_processes_write_the_same_bytes(sources, tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "PARALLEL_MIN", 1)
    one = build([sources], tmp_path / "one" / "kg.trig", BASE, jobs=1, cache=False)
    two = build([sources], tmp_path / "two" / "kg.trig", BASE, jobs=2, cache=False)
    assert one.out.read_bytes() == two.out.read_bytes()
    assert one.articles == two.articles


def test_same_graph_as_the_rdflib_path(sources, tmp_path):
    for suffix, fmt in ((".trig", "trig"), (".nq", "nquads"), (".jsonld", "json-ld")):
        out = build([sources], tmp_path / f"kg{suffix}", BASE, cache=False).out
        built = Dataset()
        built.parse(out, format=fmt)
        articles, _ = extract_all([sources])
        assert set(built.quads()) == set(dataset_for(articles, BASE).quads()), suffix


def test_output_does_not_depend_on_the_process(tmp_path):
    """Two interpreters with different hash seeds write identical TriG."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "kg.trig"
        code = (f"from pathlib import Path; from kg.build import build; "
                f"build([Path({str(SEEDS)!r})], Path({str(out)!r}), {BASE!r}, cache=False)")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"@prefix ")


def test_trig_keeps_one_graph_per_article(seeds_trig):
    store = ox.Store()
    store.load(path=str(seeds_trig), format=ox.RdfFormat.TRIG)
    graphs = {g.value.rsplit("/", 1)[1] for g in store.named_graphs()}
    assert graphs == {p.stem for p in SEEDS.glob("*.txt")} | {"entities"}


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(TEXT, st.sampled_from([None, "vi", "en"]))
def test_nquads_round_trip_any_literal(text, lang):
    g = URIRef("https://data.example.org/vngov/graph/x")
    quad = (URIRef("https://data.example.org/vngov/s"), URIRef("https://schema.org/name"),
            Literal(text, lang=lang), g)
    parsed = Dataset()
    parsed.parse(data=nquads([quad]), format="nquads")
    back = Dataset()
    back.add(quad)
    assert isomorphic(parsed.graph(g), back.graph(g))


def test_nquads_writes_each_term_of_a_stream_of_new_terms_as_itself():
    """Terms made afresh for each quad (a CPython object's id is reused once it is freed)
    and terms repeated across quads are each written as themselves."""
    g = URIRef("https://data.example.org/vngov/graph/x")
    name = URIRef("https://schema.org/name")
    shared = Literal("chung")

    def quads():
        for i in range(200):
            subject = URIRef(f"https://data.example.org/vngov/s{i}")
            yield subject, name, Literal(str(i)), g
            yield subject, name, Literal(i), g
            yield subject, name, shared, g

    back = Dataset()
    for quad in quads():
        back.add(quad)
    parsed = Dataset()
    parsed.parse(data=nquads(quads()), format="nquads")
    assert len(parsed.graph(g)) == 600
    assert isomorphic(parsed.graph(g), back.graph(g))
