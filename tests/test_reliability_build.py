"""`kg build`, `validate` and `export` never lose an article or a file in silence.

Every input is generated here in ``tmp_path``; the article texts are written for these tests.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pickle
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import BASE, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main, shown

FILE_NAME = "https://data.example.org/vngov/ontology#fileName"
TEXT = "https://schema.org/text"
SENTENCES = [  # one article each, written for these tests
    "Ngày 5/3/2036, Bộ Công Thương tổ chức Hội nghị tổng kết năm 2035.",
    "Năm 2035, doanh thu của ngành đạt 120 tỷ đồng, tăng 5% so với năm 2034.",
    "Bộ trưởng Bộ Tài chính Trần Văn An chủ trì phiên họp ngày 12/4/2036.",
    "Tính đến tháng 6/2036, cả nước có 72.000 doanh nghiệp công nghệ số.",
    "Phấn đấu đến cuối năm 2036, doanh thu đạt 150 tỷ đồng.",
    "Quốc hội thông qua Luật số 12/2036/QH16 ngày 20/6/2036.",
]
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def kg(runner, *args):
    return runner.invoke(main, [str(a) for a in args])


def no_traceback(result) -> bool:
    return result.exception is None or isinstance(result.exception, SystemExit)


def article_graphs(out: Path) -> dict[str, list[str]]:
    """Each article graph of a built file, with the file names and texts it holds."""
    graphs: dict[str, list[str]] = {}
    for quad in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS):
        if quad.predicate.value in (FILE_NAME, TEXT):
            graphs.setdefault(quad.graph_name.value, []).append(quad.object.value)
    return graphs


def write_articles(folder: Path, names: list[str]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = {name: SENTENCES[i % len(SENTENCES)] + f" Bài {name!r}.\n"
             for i, name in enumerate(names)}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return texts


# --- 6: names that slug alike --------------------------------------------------------------------

SLUG_ALIKE = ["bài báo.txt", "bai-bao.txt", "Bao cao.txt", "bao cao.txt", "北京.txt",
              "Москва.txt", "entities.txt"]


def test_names_that_slug_alike_keep_their_own_graphs(runner, tmp_path):
    texts = write_articles(tmp_path / "in", SLUG_ALIKE)
    out = tmp_path / "kg.nq"
    result = kg(runner, "build", tmp_path / "in", "--out", out)
    assert result.exit_code == 0, result.output
    graphs = article_graphs(out)
    assert len(graphs) == len(SLUG_ALIKE)  # one graph per article, none shared
    assert sorted(values[0] if values[0] in texts else values[1]
                  for values in graphs.values()) == sorted(texts)
    assert all(len(values) == 2 for values in graphs.values())  # one name, one text each
    assert f"{BASE}graph/entities" not in graphs  # the shared graph stays the entities'
    notes = [line for line in result.stderr.splitlines() if "make the same slug" in line]
    assert len(notes) == 3  # bài báo / bai-bao, Bao cao / bao cao, 北京 / Москва


def test_iris_do_not_depend_on_order_or_folder(runner, tmp_path):
    """The seeds named one by one in reverse order, and from another folder: the same bytes."""
    outs = []
    for n, files in enumerate((SEED_FILES, SEED_FILES[::-1])):
        result = kg(runner, "build", *files, "--out", tmp_path / f"{n}" / "kg.trig")
        assert result.exit_code == 0, result.output
        outs.append((tmp_path / f"{n}" / "kg.trig").read_bytes())
    moved = tmp_path / "elsewhere" / "deeper"
    write_articles(moved, [])
    for path in SEED_FILES:
        (moved / path.name).write_bytes(path.read_bytes())
    kg(runner, "build", moved, "--out", tmp_path / "2" / "kg.trig")
    outs.append((tmp_path / "2" / "kg.trig").read_bytes())
    assert outs[0] == outs[1] == outs[2]


# --- 7: outputs that cannot hold the graph, graphs that hold nothing -----------------------------

@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".rdf"])
def test_build_refuses_a_triple_format_before_reading(runner, tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(importlib.import_module("kg.sources"), "read_sources",
                        lambda *a: pytest.fail("read sources"))
    out = tmp_path / f"kg{suffix}"
    result = kg(runner, "build", SEEDS, "--out", out)
    assert result.exit_code == 1 and no_traceback(result)
    [line] = result.stderr.strip().splitlines()
    assert f"kg{suffix}" in line and "not a graph per article" in line
    assert not out.exists()


@pytest.mark.parametrize(("name", "content"), [
    ("empty.trig", b""), ("empty.nq", b"\n"), ("object.jsonld", b'{"a": 1}'),
    ("comment.ttl", b"# nothing here\n"),
])
def test_validate_refuses_a_graph_with_nothing_in_it(runner, tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    result = kg(runner, "validate", "--data", tmp_path / name)
    assert result.exit_code == 1 and no_traceback(result)
    [line] = result.stderr.strip().splitlines()
    assert name in line and "no triples" in line
    assert "conforms" not in result.output


# --- 8: folders ----------------------------------------------------------------------------------

def test_a_linked_subfolder_is_read(runner, tmp_path):
    write_articles(tmp_path / "elsewhere", [f"a{i}.txt" for i in range(4)])
    write_articles(tmp_path / "in", ["top.txt"])
    (tmp_path / "in" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = kg(runner, "build", tmp_path / "in", "--out", tmp_path / "kg.nq")
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert "5 articles" in result.stdout


def test_an_unreadable_subfolder_is_named(runner, tmp_path, monkeypatch):
    write_articles(tmp_path / "in", ["top.txt"])
    locked = tmp_path / "in" / "locked"
    write_articles(locked, ["hidden-away.txt"])
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the folder refuse as it would a user
        scandir = os.scandir

        def refusing(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return scandir(path)

        monkeypatch.setattr(importlib.import_module("kg.sources").os, "scandir", refusing)
    try:
        result = kg(runner, "build", tmp_path / "in", "--out", tmp_path / "kg.nq")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1 and no_traceback(result)
    assert result.stderr.splitlines() == [
        f"error: {locked}: cannot read the folder (Permission denied)"]
    assert "1 articles" in result.stdout


def test_a_link_loop_inside_a_folder_is_named_and_read_once(runner, tmp_path):
    write_articles(tmp_path / "in" / "sub", ["a.txt", "b.txt"])
    (tmp_path / "in" / "sub" / "back").symlink_to(tmp_path / "in", target_is_directory=True)
    result = kg(runner, "build", tmp_path / "in", "--out", tmp_path / "kg.nq")
    assert result.exit_code == 0 and no_traceback(result), result.output
    [line] = result.stderr.splitlines()
    assert line == f"note: {tmp_path / 'in' / 'sub' / 'back'}: skipped, a link to " \
                   f"{tmp_path / 'in'}, which is read once"
    assert "2 articles" in result.stdout


def test_a_link_loop_named_as_a_source(runner, tmp_path):
    write_articles(tmp_path, ["good.txt"])
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "nowhere.txt")
    result = kg(runner, "build", loop, broken, tmp_path / "good.txt", "--out", tmp_path / "kg.nq")
    assert result.exit_code == 1 and no_traceback(result), result.output
    assert sorted(result.stderr.splitlines()) == [
        f"error: {broken}: a broken link (no such file or folder)",
        f"error: {loop}: cannot use (Too many levels of symbolic links)"]
    assert "1 articles" in result.stdout


def test_other_skipped_paths_are_named(runner, tmp_path):
    write_articles(tmp_path / "in", ["good.txt", ".draft.txt"])
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "in" / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    result = kg(runner, "build", tmp_path / "in", "--out", tmp_path / "kg.nq")
    assert result.exit_code == 1 and no_traceback(result)
    lines = sorted(result.stderr.splitlines())
    assert lines == sorted([
        f"note: {tmp_path / 'in' / '.draft.txt'}: skipped, a hidden file or folder",
        f"note: {tmp_path / 'in' / 'pipe.txt'}: skipped, not a regular file",
        f"error: {tmp_path / 'in' / 'dangling.txt'}: a broken link (No such file or directory)"])


def test_records_of_fetched_pages_stay_quiet(runner, tmp_path):
    write_articles(tmp_path / "in", ["page.txt"])
    (tmp_path / "in" / ".page.txt.json").write_text('{"url": "https://example.org/a"}')
    (tmp_path / "in" / ".orphan.json").write_text("{}")
    result = kg(runner, "build", tmp_path / "in", "--out", tmp_path / "kg.nq")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"note: {tmp_path / 'in' / '.orphan.json'}: skipped, a hidden file or folder"]


# --- 10: characters XML cannot carry -------------------------------------------------------------

def test_control_characters_are_replaced_with_a_note(runner, tmp_path):
    text = (SENTENCES[1] + "\n") * 200 + "Trang sau\x0c" + SENTENCES[0] + "\x00\x00\n"
    assert len(text.encode()) > 8192  # past where binary files are detected
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "paged.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "kg.trig"
    result = kg(runner, "build", tmp_path / "in", "--out", out)
    assert result.exit_code == 0, result.output
    [note] = result.stderr.splitlines()
    assert "paged.txt: 3 control character(s) that XML cannot carry" in note
    exported = kg(runner, "export", "--data", out, "--format", "rdf-xml")
    assert exported.exit_code == 0
    xml.dom.minidom.parseString(exported.stdout.encode("utf-8"))  # well-formed
    store = ox.Store()
    store.bulk_load(path=str(out), format=ox.RdfFormat.TRIG)
    [stored] = [q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(TEXT), None)]
    assert len(stored) == len(text)  # replaced one for one: offsets still index the text
    page = kg(runner, "serve", "--data", out, "--get", "/article/paged.rdf")
    xml.dom.minidom.parseString(page.stdout.encode("utf-8"))
    query = "/sparql?query=SELECT%20%3Ft%20WHERE%7B%3Fa%20%3Chttps%3A//schema.org/text%3E%20%3Ft%7D"
    answer = kg(runner, "serve", "--data", out, "--get", query,
                "--accept", "application/sparql-results+xml")
    assert "Trang sau" in answer.stdout
    xml.dom.minidom.parseString(answer.stdout.encode("utf-8"))


# --- 12: writing through links, never over devices -----------------------------------------------

def test_out_through_a_link_writes_its_target(runner, tmp_path):
    target = tmp_path / "real" / "kg.nq"
    target.parent.mkdir()
    target.write_bytes(b"# the previous graph\n")
    link = tmp_path / "link.nq"
    link.symlink_to(target)
    result = kg(runner, "build", SEEDS, "--out", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes().startswith(b"<")


@pytest.mark.parametrize("command", ["build", "export"])
def test_out_to_a_pipe_or_a_folder_is_refused(runner, tmp_path, seeds_trig, command):
    pipe = tmp_path / "pipe.nq"
    os.mkfifo(pipe)
    folder = tmp_path / "folder.nq"
    folder.mkdir()
    for out, why in ((pipe, "not a regular file"), (folder, "a folder, not a file")):
        args = ([SEEDS] if command == "build" else ["--data", seeds_trig, "--format", "nquads"])
        result = kg(runner, command, *args, "--out", out)
        assert result.exit_code == 1 and no_traceback(result), result.output
        [line] = result.stderr.strip().splitlines()
        assert str(out) in line and why in line
    assert pipe.is_fifo() and folder.is_dir()


def test_export_to_a_folder_it_cannot_write(runner, tmp_path, seeds_trig, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "ro" / ".x.tmp"))

    monkeypatch.setattr(importlib.import_module("kg.store").tempfile, "mkstemp", refuse)
    out = tmp_path / "ro" / "kg.ttl"
    result = kg(runner, "export", "--data", seeds_trig, "--out", out)
    assert result.exit_code == 1 and no_traceback(result)
    assert result.stderr.strip() == f"Error: {out}: cannot write (Permission denied)"


# --- 13: smaller things --------------------------------------------------------------------------

def test_a_binary_query_file_is_one_line(runner, tmp_path, seeds_trig):
    query = tmp_path / "scan.rq"
    query.write_bytes(b"\xff\xfe\x00SELECT")
    result = kg(runner, "query", query, "--data", seeds_trig)
    assert result.exit_code == 1 and no_traceback(result)
    [line] = result.stderr.strip().splitlines()
    assert "scan.rq: not UTF-8 text" in line


def cache_entries(out: Path) -> list[Path]:
    return sorted((out.parent / "cache").rglob("*.pickle"))


def test_a_changed_cache_entry_is_rebuilt_with_a_note(runner, tmp_path):
    write_articles(tmp_path / "in", ["only.txt"])
    out = tmp_path / "build" / "kg.nq"
    assert kg(runner, "build", tmp_path / "in", "--out", out).exit_code == 0
    first = out.read_bytes()
    [entry] = cache_entries(out)
    raw = entry.read_bytes()
    at = raw.index(b"oa#end> \"") + len(b"oa#end> \"")  # the digit of an offset
    entry.write_bytes(raw[:at] + bytes([ord("7") if raw[at] != ord("7") else ord("1")]) +
                      raw[at + 1:])
    result = kg(runner, "build", tmp_path / "in", "--out", out)
    assert result.exit_code == 0 and no_traceback(result)
    [note] = result.stderr.splitlines()
    assert "only.txt: its cache entry" in note and "was corrupt; extracted again" in note
    assert out.read_bytes() == first


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps({"a": 1})])
def test_a_garbage_cache_entry_is_rebuilt(runner, tmp_path, garbage):
    write_articles(tmp_path / "in", ["only.txt"])
    out = tmp_path / "build" / "kg.nq"
    kg(runner, "build", tmp_path / "in", "--out", out)
    first = out.read_bytes()
    cache_entries(out)[0].write_bytes(garbage)
    result = kg(runner, "build", tmp_path / "in", "--out", out)
    assert result.exit_code == 0 and no_traceback(result) and "corrupt" in result.stderr
    assert out.read_bytes() == first


def test_the_cache_is_kept_under_its_size_limit(tmp_path, monkeypatch):
    from kg.build import build

    monkeypatch.setattr(importlib.import_module("kg.cache"), "MAX_CACHE_BYTES", 500_000)
    out = tmp_path / "build" / "kg.nq"
    build([SEEDS], out, BASE)
    sizes = [p.stat().st_size for p in cache_entries(out)]
    assert 0 < len(sizes) < len(SEED_FILES) and sum(sizes) <= 500_000
    first = out.read_bytes()
    build([SEEDS], out, BASE)
    assert out.read_bytes() == first


@pytest.mark.parametrize("base", ["not an iri", "http://x.org/a b/", "http://x.org/<x>/",
                                  "ftp://x.org/", "http://x.org/%zz/"])
def test_a_bad_base_is_one_line_and_writes_nothing(runner, tmp_path, base):
    out = tmp_path / "kg.nq"
    result = runner.invoke(main, ["--base", base, "build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 1 and no_traceback(result)
    [line] = result.stderr.strip().splitlines()
    assert "base IRI" in line
    assert not out.exists()


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_temporary_files_of_killed_builds_are_removed(runner, tmp_path):
    out = tmp_path / "build" / "kg.nq"
    kg(runner, "build", SEEDS, "--out", out)
    stale = [out.parent / f".kg.nq.{dead_pid()}.abcd1234.tmp",
             next((out.parent / "cache").iterdir()) / f".x.pickle.{dead_pid()}.zz99.tmp"]
    legacy = out.parent / ".kg.nq.qwerty12.tmp"
    for path in (*stale, legacy):
        path.write_bytes(b"half a graph")
    os.utime(legacy, (0, 0))
    alive = out.parent / f".kg.nq.{os.getppid()}.live0000.tmp"  # a build still running
    alive.write_bytes(b"being written")
    result = kg(runner, "build", SEEDS, "--out", out)
    assert result.exit_code == 0
    assert not any(p.exists() for p in (*stale, legacy))
    assert alive.exists()


@pytest.mark.parametrize("path", ["/article/%zz", "/article/%E0%A4", "/%ff", "/page/%",
                                  "/person/%C3%28"])
def test_a_malformed_percent_encoding_is_not_found(seeds_trig, path):
    from kg.settings import Settings
    from kg.sparql import open_store
    from kg.web import create_app

    app = create_app(open_store(seeds_trig, None), Settings.from_env())

    async def get():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path, headers={"Accept": "text/plain"})

    assert asyncio.run(get()).status_code == 404


# --- fuzz: any names, encodings and bytes --------------------------------------------------------

ENCODINGS = ["utf-8", "utf-16", "utf-8-sig", "cp1258"]
names = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
            min_size=1, max_size=24)
    .map(lambda s: s.encode("utf-8")),
    st.binary(min_size=1, max_size=24).filter(lambda b: b"/" not in b and b"\x00" not in b),
).map(lambda b: b + b".txt").filter(lambda b: len(b) < 200)
contents = st.one_of(
    st.tuples(st.sampled_from(SENTENCES), st.sampled_from(ENCODINGS), st.text(max_size=40))
    .map(lambda t: (t[0] + t[2]).encode(t[1], "replace")),
    st.binary(max_size=300),
)


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 25)), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=st.dictionaries(names, contents, min_size=1, max_size=5))
def test_any_file_is_built_or_named(runner, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    source = os.path.join(os.fsencode(folder), b"in")
    os.mkdir(source)
    for name, raw in files.items():
        with open(os.path.join(source, name), "wb") as f:
            f.write(raw)
    out = folder / "kg.nq"
    result = runner.invoke(main, ["build", os.fsdecode(source), "--out", str(out)])
    assert no_traceback(result), result.exception
    graphs = article_graphs(out) if out.exists() else {}
    built = [v for values in graphs.values() for v in values if v in
             {os.fsdecode(n) for n in files}]
    assert len(built) == len(set(built)) == len(graphs)  # one article per graph, one graph each
    for name in files:
        path = Path(os.fsdecode(os.path.join(source, name)))
        assert path.name in built or shown(str(path)) in result.stderr, (name, result.stderr)
