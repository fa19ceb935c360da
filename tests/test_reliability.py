"""Bad input: each bad file gets one line naming it, the good ones are still built.

Every bad input is generated here in ``tmp_path``; nothing large is committed.
"""

from __future__ import annotations

import importlib
import os
import re
import time
import unicodedata
from pathlib import Path

import pytest
from conftest import SEEDS
from rdflib import Dataset

from kg.cli import main
from kg.errors import SourceError
from kg.html_text import read_page
from kg.sources import decode, read_article, read_sources

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
GOOD = next(iter(SEED_TEXTS))
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # the combining marks Windows-1258 encodes


def to_cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out.append((base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258"))
    return b"".join(out)


NEWS_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị tổng kết - Báo Chính phủ</title>
<meta property="article:published_time" content="2023-12-30T10:28:00+07:00">
<link rel="canonical" href="https://baochinhphu.vn/hoi-nghi-tong-ket-102231230.htm">
<script>var ads = "doanh thu 999.999 tỷ đồng";</script><style>p {{color: red}}</style>
</head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/kinh-te">Kinh tế</a></nav></header>
<div class="container"><h1 class="detail-title">{title}</h1>
<h2 class="detail-sapo">(Chinhphu.vn) - Ngày 29/12/2023, Bộ TT&amp;TT tổ chức Hội nghị.</h2>
<div class="detail-content afcbc-body" itemprop="articleBody">
{paragraphs}
<div class="related-news"><a href="/x">Tin liên quan: doanh thu 123 tỷ đồng</a></div>
<figure><img src="a.jpg"><figcaption>Quang cảnh hội nghị</figcaption></figure>
</div></div>
<aside>Đọc nhiều nhất</aside><footer>© Báo điện tử Chính phủ</footer>
</body></html>
"""


def news_page(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    paragraphs = "\n".join(f"<p>{line.replace('&', '&amp;')}</p>" for line in lines[1:])
    return NEWS_PAGE.format(title=lines[0], paragraphs=paragraphs)


CP1258_BYTES = bytes(b for b in range(1, 256) if bytes([b]).decode("cp1258", "ignore"))
BAD_INPUTS = {  # file name -> (contents, fragment the message must contain)
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\r\n\t\n", "empty"),
    "scan.txt": (b"%PDF-1.7\n\x00\x01\x02binary" + bytes(range(256)), "binary file (a PDF"),
    "noise.txt": (bytes(range(256)) * 40, "binary"),
    "noise-without-nul.txt": (CP1258_BYTES * 1000, "binary"),  # decodes, but is not text
    "broken-utf16.txt": (b"\xff\xfe" + "Hà Nội".encode("utf-16-le") + b"\x00", "UTF-16"),
    "nothing-in-it.html": (b"<html><body><nav>Menu</nav><script>x=1</script></body></html>",
                           "empty"),
}


def kg(runner, *args):
    return runner.invoke(main, [str(a) for a in args])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("error:", "Error:"))]


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "in" / GOOD
    path.parent.mkdir()
    path.write_text(SEED_TEXTS[GOOD], encoding="utf-8")
    return path


# --- decoding ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(SEED_TEXTS))
def test_windows_1258_decodes_to_the_nfc_text(name):
    raw = to_cp1258(SEED_TEXTS[name])
    assert any(mark.encode("cp1258") in raw for mark in TONE_MARKS)  # really combining
    text = decode(raw, name)
    assert text == unicodedata.normalize("NFC", SEED_TEXTS[name])
    assert not any(mark in text for mark in TONE_MARKS)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_text_with_a_byte_order_mark(encoding):
    text = SEED_TEXTS[GOOD]
    raw = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        raw = "\ufeff".encode(encoding) + raw
    assert decode(raw, "x.txt") == text


def test_decomposed_utf8_and_windows_newlines_are_normalised():
    text = SEED_TEXTS[GOOD]
    raw = unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8")
    assert decode(raw, "x.txt") == text


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_refused_by_name(tmp_path, name):
    raw, fragment = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(SourceError) as caught:
        read_article(path)
    message = str(caught.value)
    assert str(path) in message and fragment in message and "\n" not in message


def test_too_big_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB on paper, nothing written
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a 50 MB file"))
    with pytest.raises(SourceError, match=r"big\.txt: 50\.0 MB is over the 5\.0 MB limit"):
        read_article(big)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="not a regular file"):
        read_article(fifo)


# --- HTML -------------------------------------------------------------------------------------

def test_html_page_gives_the_article_text():
    text = SEED_TEXTS["004_b8bd9789e218f5ca.txt"]
    page = read_page(news_page(text))
    lines = page.text.splitlines()
    body = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert lines[0] == body[0]  # the headline
    assert lines[1] == "(Chinhphu.vn) - Ngày 29/12/2023, Bộ TT&TT tổ chức Hội nghị."  # the sapo
    assert lines[2:] == body[1:]
    assert (page.title, page.published) == (body[0], "2023-12-30")
    assert page.url == "https://baochinhphu.vn/hoi-nghi-tong-ket-102231230.htm"
    for junk in ("Trang chủ", "999.999", "color", "Tin liên quan", "Đọc nhiều", "©"):
        assert junk not in page.text


def test_html_page_is_built_like_its_text(runner, tmp_path):
    text = SEED_TEXTS["004_b8bd9789e218f5ca.txt"]
    page = tmp_path / "page.html"
    page.write_text(news_page(text), encoding="utf-8")
    article = read_article(page)
    assert article.name == "page.html" and "Phó Thủ tướng" in article.text
    assert article.meta.published == "2023-12-30"
    result = kg(runner, "build", page, "--out", tmp_path / "kg.trig")
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.stdout and " 0 observations" not in result.stdout


OTHER_LAYOUTS = {  # the shapes of two other Vietnamese news sites, trimmed to two sentences
    "fck_detail": """<html><head><meta name="pubdate" content="2024-04-24T14:45:00+07:00">
<meta property="og:url" content="https://vnexpress.net/x-123.html"></head><body>
<header class="header"><div class="logo">VnExpress</div><nav><a>Thời sự</a></nav></header>
<section><span class="date">Thứ tư, 24/4/2024, 14:45 (GMT+7)</span>
<h1 class="title-detail">Doanh thu công nghệ thông tin tăng mạnh trong quý I</h1>
<p class="description">Doanh thu công nghiệp CNTT quý I/2024 đạt gần 36,3 tỷ USD.</p>
<article class="fck_detail"><p class="Normal">Xuất khẩu đạt 31 tỷ USD, tăng 17%.</p>
<div class="box-tinlienquanv2"><a>Tin liên quan khác</a></div></article>
<div class="social-share">Chia sẻ</div></section><footer>VnExpress</footer></body></html>""",
    "html5": """<html><body><nav>Menu</nav><main><article><header>
<h1>Doanh thu công nghệ thông tin tăng mạnh trong quý I</h1>
<time datetime="2024-04-24T14:45">24/4</time></header>
<p>Doanh thu công nghiệp CNTT quý I/2024 đạt gần 36,3 tỷ USD.</p>
<p>Xuất khẩu đạt 31 tỷ USD, tăng 17%.</p></article></main><footer>©</footer></body></html>""",
}


@pytest.mark.parametrize("layout", sorted(OTHER_LAYOUTS))
def test_other_news_site_layouts(layout):
    """Headline, date and sentences (on a page this short menus may come too: benchmarks.md)."""
    page = read_page(OTHER_LAYOUTS[layout])
    assert page.text.splitlines()[0] == page.title
    assert page.title == "Doanh thu công nghệ thông tin tăng mạnh trong quý I"
    assert page.published == "2024-04-24"
    assert "Doanh thu công nghiệp CNTT quý I/2024 đạt gần 36,3 tỷ USD." in page.text
    assert "Xuất khẩu đạt 31 tỷ USD, tăng 17%." in page.text


def test_html_without_article_markup_uses_the_densest_paragraphs():
    paragraphs = "".join(f"<p>Đoạn văn số {i} của bài báo về chuyển đổi số quốc gia.</p>"
                         for i in range(6))
    page = (f"<html><body><div class='menu'><p>Trang chủ</p></div><div><div>{paragraphs}"
            "</div></div><div>Liên hệ</div></body></html>")
    lines = read_page(page).text.splitlines()
    assert lines == [f"Đoạn văn số {i} của bài báo về chuyển đổi số quốc gia." for i in range(6)]


def test_deeply_nested_and_unclosed_html_does_not_crash(tmp_path):
    page = "<div>" * 5000 + "<p>Hà Nội<p>Đà Nẵng" + "</span>" * 10
    path = tmp_path / "nested.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(SourceError, match="nested.html: empty, no article text"):
        read_article(path)  # deeper than the HTML parser goes: said, not a crash


# --- the build command ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_bad_input_beside_a_good_article(runner, tmp_path, good, name):
    raw, fragment = BAD_INPUTS[name]
    (good.parent / name).write_bytes(raw)
    result = kg(runner, "build", good.parent, "--out", tmp_path / "kg.trig")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [line] = error_lines(result)
    assert name in line and fragment in line
    assert "built" in result.stdout and "1 articles" in result.stdout
    assert "Traceback" not in result.output


def test_fifty_megabyte_file_is_refused_quickly(runner, tmp_path, good):
    text = SEED_TEXTS[GOOD].encode("utf-8")
    (good.parent / "huge.txt").write_bytes(text * (50_000_000 // len(text) + 1))
    started = time.monotonic()
    result = kg(runner, "build", good.parent, "--out", tmp_path / "kg.trig")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "huge.txt: 50.0 MB is over the 5.0 MB limit" in line
    assert "1 articles" in result.stdout


def test_same_article_under_two_names_is_built_once(runner, tmp_path, good):
    copy = good.parent / "copy.txt"
    copy.write_text(SEED_TEXTS[GOOD].replace("\n", "\r\n"), encoding="utf-8")
    out = tmp_path / "kg.trig"
    result = kg(runner, "build", good.parent, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"note: {copy}: same text as {good}; built once" in result.stderr
    assert "1 articles" in result.stdout
    found = read_sources([good.parent])
    assert [a.name for a in found.articles] == [GOOD] and not found.failures


def test_article_with_no_facts_is_a_note_not_an_error(runner, tmp_path):
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Trời hôm nay đẹp, chúng tôi đi dạo quanh hồ.\n", encoding="utf-8")
    result = kg(runner, "build", quiet, "--out", tmp_path / "kg.trig")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"note: {quiet}: no facts found"


def test_nonexistent_path_beside_a_good_article(runner, tmp_path, good):
    missing = tmp_path / "nowhere"
    result = kg(runner, "build", good, missing, "--out", tmp_path / "kg.trig")
    assert result.exit_code == 1
    assert error_lines(result) == [f"error: {missing}: no such file or folder"]
    assert "1 articles" in result.stdout


def test_two_articles_with_one_name_are_not_merged(runner, tmp_path):
    names = list(SEED_TEXTS)
    for folder, name in (("a", names[0]), ("b", names[1])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(SEED_TEXTS[name], encoding="utf-8")
    result = kg(runner, "build", tmp_path / "a", tmp_path / "b", "--out", tmp_path / "kg.trig")
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert str(tmp_path / "b" / "report.txt") in line and "already named" in line


def make_mixed_folder(folder: Path) -> dict[str, str]:
    """Every kind of input in one folder; returns file name -> expected message fragment."""
    folder.mkdir()
    names = list(SEED_TEXTS)
    (folder / "good.txt").write_text(SEED_TEXTS[names[0]], encoding="utf-8")
    (folder / "same-again.txt").write_text(SEED_TEXTS[names[0]], encoding="utf-8")
    (folder / "legacy.txt").write_bytes(to_cp1258(SEED_TEXTS[names[1]]))
    (folder / "wide.txt").write_bytes(SEED_TEXTS[names[2]].encode("utf-16"))
    (folder / "page.html").write_text(news_page(SEED_TEXTS[names[4]]), encoding="utf-8")
    (folder / "quiet.txt").write_text("Chúng tôi đi dạo quanh hồ.\n", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an article")
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(50_000_000)
    for name, (raw, _) in BAD_INPUTS.items():
        (folder / name).write_bytes(raw)
    expected = {name: fragment for name, (_, fragment) in BAD_INPUTS.items()}
    return expected | {"huge.txt": "limit", "same-again.txt": "same text as",
                       "quiet.txt": "no facts", "photo.jpg": "skipped"}


def test_a_folder_mixing_everything(runner, tmp_path):
    expected = make_mixed_folder(tmp_path / "mixed")
    out = tmp_path / "kg.trig"
    result = kg(runner, "build", tmp_path / "mixed", tmp_path / "missing.txt", "--out", out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    for name, fragment in expected.items():
        [line] = [line for line in lines if Path(line.split(": ")[1]).name == name]
        assert fragment in line, line
    assert any("missing.txt: no such file or folder" in line for line in lines)
    assert len(lines) == len(expected) + 1  # one line per file, nothing else
    assert "5 articles" in result.stdout  # good, legacy, wide, page, quiet
    assert len(Dataset().parse(out, format="trig")) > 0


def test_strict_writes_nothing_and_keeps_the_previous_graph(runner, tmp_path):
    make_mixed_folder(tmp_path / "mixed")
    out = tmp_path / "kg.trig"
    out.write_bytes(b"# the previous graph\n")
    result = kg(runner, "build", tmp_path / "mixed", "--strict", "--out", out)
    assert result.exit_code == 1
    assert f"--strict is set; {out} not written" in result.stderr.splitlines()[-1]
    assert out.read_bytes() == b"# the previous graph\n"


def test_strict_with_only_notes_still_builds(runner, tmp_path, good):
    (good.parent / "copy.txt").write_text(SEED_TEXTS[GOOD], encoding="utf-8")
    result = kg(runner, "build", good.parent, "--strict", "--out", tmp_path / "kg.trig")
    assert result.exit_code == 0, result.output
    assert "built once" in result.stderr


def test_nothing_readable_keeps_the_previous_graph(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "scan.txt").write_bytes(b"\x00\x01")
    out = tmp_path / "kg.trig"
    out.write_bytes(b"# previous\n")
    result = kg(runner, "build", tmp_path / "in", "--out", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no article to build in {tmp_path / 'in'}; {out} not written")
    assert out.read_bytes() == b"# previous\n"


def test_an_extractor_crash_on_one_article_keeps_the_others(runner, tmp_path, good,
                                                           monkeypatch):
    build_module = importlib.import_module("kg.build")  # kg.build is also the build() function
    extract = build_module.extract
    crashing = good.parent / "crashing.txt"
    crashing.write_text("Phấn đấu đến cuối năm, doanh thu đạt 100 tỷ đồng.\n", encoding="utf-8")

    def fragile(article):
        if article.name == "crashing.txt":
            raise TypeError("an extractor bug")
        return extract(article)

    monkeypatch.setattr(build_module, "extract", fragile)
    result = kg(runner, "build", good.parent, "--out", tmp_path / "kg.trig")
    assert not isinstance(result.exception, TypeError), "the build crashed"
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "crashing.txt" in line
    assert "1 articles" in result.stdout


def test_documentation_beside_articles_is_skipped_quietly(runner, tmp_path, good):
    (good.parent / "README.md").write_text("# Nguồn các bài báo\n", encoding="utf-8")
    result = kg(runner, "build", good.parent, "--out", tmp_path / "kg.trig")
    assert result.exit_code == 0 and result.stderr == "", result.output


def test_unknown_output_type_fails_before_reading(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(importlib.import_module("kg.sources"), "read_sources",
                        lambda *a: pytest.fail("read sources"))
    result = kg(runner, "build", SEEDS, "--out", tmp_path / "kg.xyz")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "kg.xyz: unknown graph file type" in line


def test_all_good_input_exits_zero_and_says_nothing_on_stderr(runner, tmp_path):
    result = kg(runner, "build", SEEDS, "--out", tmp_path / "kg.trig")
    assert result.exit_code == 0 and result.stderr == ""


def test_reliability_table_cites_only_tests_that_exist():
    doc = (SEEDS.parent / "docs" / "reliability.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"`(test_\w+)", doc))
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    assert cited and not [name for name in sorted(cited) if f"def {name}(" not in tests]
