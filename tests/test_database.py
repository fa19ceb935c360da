"""The store that `kg build` keeps on disk: incremental, published whole, read in place."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import BASE, ROOT, SEEDS

from kg.build import build
from kg.cli import main
from kg.database import CURRENT, Database, open_database, published, update
from kg.errors import KgError
from kg.export import export
from kg.graph import as_triples
from kg.query import query_names, run_file_select
from kg.validate import compile_shapes, load_shapes, render_report, validate_file

QUERIES = ROOT / "queries"


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def graphs(root: Path) -> set[str]:
    return {g.value for g in open_database(root).named_graphs()}


def answers(data: Path) -> dict[str, list]:
    """Each named query's rows (sorted: ties in ORDER BY may come in either order)."""
    return {name: sorted(run_file_select(data, (QUERIES / f"{name}.rq").read_text(),
                                         name).text_rows())
            for name in query_names(QUERIES)}


def test_the_store_answers_every_query_as_the_graph_file_does(sources, tmp_path):
    store, dump = tmp_path / "kg.oxigraph", tmp_path / "kg.trig"
    build([sources], store, BASE, jobs=1)
    build([sources], dump, BASE, jobs=1)
    assert answers(store) == answers(dump)


@pytest.mark.parametrize("fmt", ["nt", "turtle", "nquads", "trig", "json-ld"])
def test_the_store_exports_what_the_graph_file_exports(sources, tmp_path, fmt):
    """Streamed from the store (its merge for the triple formats), the same graph."""
    store, dump = tmp_path / "kg.oxigraph", tmp_path / "kg.trig"
    build([sources], store, BASE, jobs=1)
    build([sources], dump, BASE, jobs=1)
    runner = CliRunner()
    written = runner.invoke(main, ["export", "--data", str(store), "--format", fmt])
    assert written.exit_code == 0, written.output
    ox_format = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                 "json-ld": ox.RdfFormat.JSON_LD}[fmt]
    ours = list(ox.parse(written.stdout_bytes, format=ox_format))
    theirs = list(ox.parse(export(dump, fmt), format=ox_format))
    assert len(ours) == len(set(ours)) and set(ours) == set(theirs)


def test_a_second_build_reads_only_what_changed(sources, tmp_path):
    store = tmp_path / "kg.oxigraph"
    first = build([sources], store, BASE, jobs=1)
    assert (first.total, first.extracted) == (5, 5)
    before = graphs(store)

    again = build([sources], store, BASE, jobs=1)
    assert (again.total, again.extracted) == (5, 0)
    assert (store / CURRENT).resolve().name == "gen-000001"  # nothing to publish

    changed = sorted(sources.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThêm một câu.\n",
                       encoding="utf-8")
    removed = sorted(sources.glob("*.txt"))[1]
    removed.unlink()
    third = build([sources], store, BASE, jobs=1)
    assert (third.total, third.extracted) == (4, 1)
    gone = {g for g in before if removed.stem in g}
    assert gone and graphs(store) == before - gone


def test_the_store_holds_what_a_fresh_build_holds(sources, tmp_path):
    """Graphs replaced in place give the same quads as a build from nothing, and the default
    graph stays the merge of the named graphs, each triple once."""
    store, fresh = tmp_path / "kg.oxigraph", tmp_path / "fresh.oxigraph"
    build([sources], store, BASE, jobs=1)
    first = sorted(sources.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("năm", "Năm", 1),
                     encoding="utf-8")
    sorted(sources.glob("*.txt"))[2].unlink()
    build([sources], store, BASE, jobs=1)
    build([sources], fresh, BASE, jobs=1)
    quads = set(open_database(store))
    assert quads == set(open_database(fresh))
    merged = {q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    assert merged == {ox.Quad(q.subject, q.predicate, q.object) for q in quads}


def test_a_store_loaded_in_many_parts_holds_what_one_part_holds(sources, tmp_path,
                                                                monkeypatch):
    """The build spools its N-Quads to files loaded one by one beside the extraction; cut
    into a file per article, the store is the same, and no spool file stays behind."""
    import kg.database

    whole, parts = tmp_path / "whole.oxigraph", tmp_path / "parts.oxigraph"
    build([sources], whole, BASE, jobs=1)
    loaded = []
    load_file = kg.database.Generation._load_file
    monkeypatch.setattr(kg.database, "SPOOL_BYTES", 1)
    monkeypatch.setattr(kg.database.Generation, "_load_file",
                        lambda self, path: loaded.append(path.name) or load_file(self, path))
    build([sources], parts, BASE, jobs=1)
    assert len(loaded) > 5  # an article a file, and the shared graph
    assert set(open_database(parts)) == set(open_database(whole))
    assert sorted(p.name for p in published(parts).iterdir()) == ["manifest.json", "store"]


def test_a_full_disk_while_spooling_keeps_the_previous_store(sources, tmp_path, monkeypatch):
    """The spool the build loads from fills the disk: one line naming the file, and the
    published store is the one before, still answering, with no half-built generation."""
    import kg.database

    store = tmp_path / "kg.oxigraph"
    build([sources], store, BASE, jobs=1)
    before = set(open_database(store))
    first = sorted(sources.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")

    class Full:
        def __init__(self, path):
            self.name = str(path)

        def write(self, data):
            raise OSError(28, "No space left on device", self.name)

        def close(self):
            pass

    monkeypatch.setattr(kg.database.Generation, "_spool",
                        lambda self, part: Full(self.folder / f"load-{part:04d}.nq"))
    result = CliRunner().invoke(main, ["build", str(sources), "--out", str(store)])
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert result.stderr.strip().splitlines()[-1].endswith(
        "load-0000.nq: cannot write (No space left on device); "
        f"{store} not written")
    assert set(open_database(store)) == before
    assert [p.name for p in store.glob("gen-*")] == ["gen-000001"]


def test_a_killed_build_leaves_the_store_answering_and_the_next_completes_it(tmp_path):
    sys.path.insert(0, str(ROOT))
    from bench.generate import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 400)
    store = tmp_path / "kg.oxigraph"
    few = tmp_path / "few"
    few.mkdir()
    for path in sorted(corpus.glob("*.txt"))[:3]:
        shutil.copy(path, few)
    env = {**os.environ, "KG_BASE": BASE}
    run = [sys.executable, "-m", "kg.cli", "build", "--out", str(store)]
    subprocess.run([*run, str(few)], check=True, env=env, capture_output=True)
    assert len(graphs(store)) == 4  # three articles and the shared graph

    child = subprocess.Popen([*run, str(corpus)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (store / "gen-000002").exists():
        assert child.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.3)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()

    assert (store / CURRENT).resolve().name == "gen-000001"
    result = CliRunner().invoke(main, ["query", "cq-observations", "--data", str(store),
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert {row.split(",")[-2] for row in result.output.splitlines()[1:]} <= {
        p.name for p in few.iterdir()}

    done = subprocess.run([*run, str(corpus)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(graphs(store)) == 401
    assert sorted(p.name for p in store.glob("gen-*")) == ["gen-000001", "gen-000002"]


def test_two_builds_at_once_are_refused(sources, tmp_path):
    store = tmp_path / "kg.oxigraph"
    build([sources], store, BASE, jobs=1)
    with Database(store).building():
        result = CliRunner().invoke(main, ["--base", BASE, "build", str(sources),
                                           "--out", str(store)])
    assert result.exit_code == 1
    assert "another build is writing this store" in result.output
    assert "Traceback" not in result.output


def test_commands_read_the_store_by_default(sources, tmp_path, monkeypatch):
    store = tmp_path / "kg.oxigraph"
    monkeypatch.setenv("KG_OUT", str(store))
    runner = CliRunner()
    built = runner.invoke(main, ["--base", BASE, "build", str(sources)])
    assert built.exit_code == 0, built.output
    assert "5 articles" in built.output
    again = runner.invoke(main, ["--base", BASE, "build", str(sources)])
    assert "5 articles (0 read again)" in again.output
    queried = runner.invoke(main, ["query", "cq-meetings", "--format", "csv"])
    assert queried.exit_code == 0 and len(queried.output.splitlines()) > 1
    exported = runner.invoke(main, ["export", "--format", "nquads"])
    quads = list(ox.parse(exported.output.encode(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == sum(not isinstance(q.graph_name, ox.DefaultGraph)
                             for q in open_database(store))
    assert runner.invoke(main, ["export", "--format", "nquads"]).output == exported.output


def test_a_build_opens_again_only_the_files_whose_stamp_changed(sources, tmp_path,
                                                                monkeypatch):
    """A file whose size, modification time and inode are those the store recorded is not
    even opened; one written or touched since is read, and extracted only if its text
    changed; under another version of the code every file is read again."""
    import kg.build
    import kg.sources

    long_ago = time.time() - 3600
    for path in sources.iterdir():
        os.utime(path, (long_ago, long_ago))
    store, runner = tmp_path / "kg.oxigraph", CliRunner()

    def kg_build() -> tuple[list[str], str]:
        opened: list[str] = []
        real = kg.sources.read_article

        def reading(path, *args):
            opened.append(path.name)
            return real(path, *args)
        monkeypatch.setattr(kg.sources, "read_article", reading)
        result = runner.invoke(main, ["--base", BASE, "build", str(sources), "--out",
                                      str(store)])
        assert result.exit_code == 0, result.output
        return sorted(opened), result.output

    assert len(kg_build()[0]) == 5
    assert kg_build() == ([], kg_build()[1])
    assert "5 articles (0 read again)" in kg_build()[1]

    changed, touched = sorted(sources.glob("*.txt"))[:2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThêm một câu.\n",
                       encoding="utf-8")
    os.utime(touched, (long_ago + 60, long_ago + 60))
    opened, output = kg_build()
    assert opened == sorted([changed.name, touched.name])
    assert "5 articles (1 read again)" in output

    opened, _ = kg_build()  # the file just written is read until its time is safely past
    assert opened == [changed.name]
    os.utime(changed, (long_ago, long_ago))
    assert kg_build()[0] == [changed.name]
    assert kg_build()[0] == []

    monkeypatch.setattr(kg.build, "code_version", lambda: "another version")
    assert len(kg_build()[0]) == 5


def test_compact_rewrites_the_store_even_when_nothing_changed(sources, tmp_path):
    store = tmp_path / "kg.oxigraph"
    build([sources], store, BASE, jobs=1)
    before = answers(store)
    result = CliRunner().invoke(main, ["--base", BASE, "build", str(sources), "--out",
                                       str(store), "--compact", "--timings"])
    assert result.exit_code == 0, result.output
    assert "compaction" in result.output  # the phases, on stderr
    assert (store / CURRENT).resolve().name == "gen-000002"
    assert answers(store) == before


def test_validating_the_store_reports_what_validating_the_graph_file_reports(sources,
                                                                             tmp_path):
    """The checks run on a scratch copy of the store, in several processes; the copy goes,
    and so do those of validations that were killed."""
    store, dump = tmp_path / "kg.oxigraph", tmp_path / "kg.trig"
    build([sources], store, BASE, jobs=1)
    build([sources], dump, BASE, jobs=1)
    (store / ".scratch-999999999").mkdir()  # left by a validation killed midway
    timings: list = []
    in_place = validate_file(store, ROOT / "shapes", "sparql", timings=timings)
    assert render_report(in_place, "text") == render_report(
        validate_file(dump, ROOT / "shapes", "sparql"), "text")
    assert len(timings) == len(compile_shapes(load_shapes(ROOT / "shapes")))
    assert not list(store.glob(".scratch-*"))


def test_the_ill_formed_literals_the_build_recorded_are_checked(tmp_path):
    """Validation takes the ill-formed literals from the manifest rather than scanning the
    store for them, and reports them as a scan would."""
    graph = BASE + "graph/a"
    body = (f'<{BASE}a> <{BASE}year> "zz!"^^<http://www.w3.org/2001/XMLSchema#hexBinary> '
            f'<{graph}> .\n').encode()

    def extract(sources):
        for _ in sources:
            yield graph, {"key": "k", "file": "a.txt", "counts": {}, "concepts": [],
                          "ill_formed": [["zz!", "http://www.w3.org/2001/XMLSchema#hexBinary"]],
                          "nquads": body, "ntriples": as_triples(body, graph)}

    store = tmp_path / "kg.oxigraph"
    update(store, BASE, "code", {graph: ("a", "k", {})}, extract,
           (BASE + "graph/entities", lambda _: (b"", b"")))
    dump = tmp_path / "kg.nq"
    dump.write_bytes(body)
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <{BASE}shape> a sh:NodeShape ; sh:targetSubjectsOf <{BASE}year> ;
            sh:property <{BASE}year-shape> .
        <{BASE}year-shape> sh:path <{BASE}year> ; sh:datatype xsd:hexBinary .
        """, encoding="utf-8")
    def found(data: Path) -> list[tuple[str, str]]:
        return [(str(r.value), r.message) for r in validate_file(data, shapes, "sparql").results]
    assert found(store) == found(dump)
    assert [value for value, _ in found(store)] == ["zz!"]


def test_a_missing_store_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["query", "cq-meetings", "--data",
                                       str(tmp_path / "none.oxigraph")])
    assert result.exit_code == 1
    assert "no store here (run 'kg build' first)" in result.output


def test_kg_query_streams_its_rows_in_batches_and_prints_what_a_whole_answer_prints(
        sources, tmp_path, monkeypatch):
    import kg.worker
    from kg.query import render, render_rows, stream_file_select

    store = tmp_path / "kg.oxigraph"
    build([sources], store, BASE, jobs=1)
    sparql = (QUERIES / "cq-observations.rq").read_text(encoding="utf-8")
    whole = run_file_select(store, sparql, "cq-observations")
    monkeypatch.setattr(kg.worker, "BATCH_ROWS", 7)  # the forked worker sends many batches
    streamed = list(stream_file_select(store, sparql, "cq-observations"))
    assert streamed[0] == whole.columns and streamed[1:] == list(whole.text_rows())
    assert len(streamed) > 7 * 3
    for fmt in ("table", "csv", "tsv", "json"):
        assert "".join(render_rows(iter(streamed), fmt)) == render(whole, fmt)


def test_a_served_store_reads_its_tables_and_totals_in_a_process_of_its_own(sources, tmp_path):
    """What the server would otherwise keep of a pass over the whole store (the memory and
    the store's indexes it read) goes with that process; the pages say what they said."""
    from test_web import Client, make_client

    from kg.settings import Settings
    from kg.sparql import OxigraphStore
    from kg.web import create_app

    store = tmp_path / "kg.oxigraph"
    build([sources], store, BASE, jobs=1)
    served = create_app(OxigraphStore.from_file(store), Settings.from_env(base=BASE))
    site = served.state.site
    assert site.aside(_pid) != os.getpid()
    from_store, from_file = Client(served), make_client(build_file(sources, tmp_path))
    for path in ("/person.json", "/observation.json?sort=-value", "/meeting.csv"):
        assert from_store.get(path).content == from_file.get(path).content, path
    assert site.aside(_pid) != site.aside(_pid)  # each pass in a fresh process
    site.close()


def _pid(store) -> int:
    return os.getpid()


def _sleep(store, seconds: float) -> None:
    time.sleep(seconds)


def _fail(store) -> None:
    raise ValueError("no such table")


def test_a_pass_aside_reports_its_failure_and_stops_when_the_server_does(sources, tmp_path):
    import threading

    from kg.sparql import EngineFailure
    from kg.worker import Aside

    store = tmp_path / "kg.oxigraph"
    build([sources], store, BASE, jobs=1)
    aside = Aside(store, published(store))
    with pytest.raises(EngineFailure, match="_fail failed: no such table"):
        aside.run(_fail)
    failures = []
    waiting = threading.Thread(
        target=lambda: failures.append(pytest.raises(EngineFailure, aside.run, _sleep, 60)))
    started = time.monotonic()
    waiting.start()
    while aside._running is None:
        time.sleep(0.05)
    aside.close()
    waiting.join(10)
    assert not waiting.is_alive() and failures and time.monotonic() - started < 10
    with pytest.raises(EngineFailure, match="stopping"):
        aside.run(_pid)


def build_file(sources: Path, tmp_path: Path) -> ox.Store:
    from kg.store import load_query_store

    out = tmp_path / "kg.trig"
    build([sources], out, BASE, jobs=1)
    return load_query_store(out)


def _graphs(store) -> int:
    return sum(1 for _ in store.store.named_graphs())


def test_a_server_s_passes_aside_read_the_generation_it_serves(sources, tmp_path):
    """A build that publishes while the server runs does not mix into its tables: the pages
    and the tables show the same generation until the server starts again."""
    from kg.settings import Settings
    from kg.sparql import OxigraphStore
    from kg.web.site import Site

    store = tmp_path / "kg.oxigraph"
    first = next(sources.glob("*.txt"))
    kept = first.read_text(encoding="utf-8")
    first.unlink()
    build([sources], store, BASE, jobs=1)
    served = OxigraphStore.from_file(store)
    site = Site(served, Settings.from_env(base=BASE))
    before = _graphs(served)
    first.write_text(kept, encoding="utf-8")
    build([sources], store, BASE, jobs=1)
    assert sum(1 for _ in open_database(store).named_graphs()) == before + 1
    assert site.aside(_graphs) == before
    build([sources], store, BASE, jobs=1, compact=True)  # a second build: the first is gone
    with pytest.raises(KgError, match="two builds since it started"):
        site.aside(_graphs)
    site.close()
