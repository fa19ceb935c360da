"""`kg fetch` against news sites served on 127.0.0.1, then `kg build` of what it saved.

The site has a feed, a sitemap index, pages in the layouts of ``news_site``, robots.txt rules,
a 404, a page that fails with 500 once, a redirect and validators for 304 answers; a second
site (``localhost``) is outside ``--allow``. The servers' logs show what was asked for.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from news_server import LAST_MODIFIED, NewsSite, Route, no_proxy  # noqa: F401 (autouse)
from news_site import LAYOUTS, page

from kg.build import extract_text
from kg.cli import main
from kg.extract import extract
from kg.facts import FACT_KINDS
from kg.fetch.records import read_record
from kg.sources import read_article

PAGES = {  # layout -> path on the site
    "government_news": "/tin-tuc/bo-tt-tt-tong-ket-cong-tac-nam-2022-102230106.htm",
    "daily_news": "/kinh-doanh/xuat-khau-thang-5-uoc-dat-33-4-ty-usd-4756012.html",
    "ministry_portal": "/Pages/TinTuc/Chitiet.aspx?ItemID=1520",
    "html5_news": "/thoi-su/phien-hop-thu-5-uy-ban-quoc-gia-ve-chuyen-doi-so-750112.html",
    "json_ld_news": "/kinh-te/phe-duyet-chien-luoc-thuong-mai-dien-tu-post1023.vnp",
}
ROBOTS = """# the group for everyone keeps crawlers out; ours lets us in but for /noi-bo/
User-agent: *
Disallow: /

User-agent: vngov-kg
Disallow: /noi-bo/
Disallow: /*?print=
Allow: /noi-bo/cong-khai-*.htm$
"""


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>Tin & bài</title><link>{link}</link>"
                      f"<pubDate>{date}</pubDate></item>" for link, date in items)
    # "Tin & bài": an unescaped ampersand, as real feeds have; the feed is still read.
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Kinh tế</title>{entries}</channel></rss>").encode()


def sitemap(tag: str, inner: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><{tag} xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{inner}</{tag}>").encode()


@pytest.fixture
def sites():
    """The news site (allowed) and another site (never to be asked), both on loopback."""
    site, other = NewsSite({}), NewsSite({})
    url = site.url
    for layout, path in PAGES.items():
        story, html = page(layout, url(path))
        site.routes[path] = Route(html.encode(), etag=f'"{layout}-v1"')
    site.routes[PAGES["ministry_portal"]].etag = None  # this one has Last-Modified only
    site.routes[PAGES["ministry_portal"]].last_modified = LAST_MODIFIED
    site.routes[PAGES["html5_news"]].fail_first = 1  # a 500, then the page
    site.routes["/r/1023"] = Route(status=301, location=PAGES["json_ld_news"])
    site.routes["/robots.txt"] = Route(ROBOTS.encode(), "text/plain")
    site.routes["/noi-bo/cong-khai-1.htm"] = Route(b"<html>ok</html>")
    site.routes["/rss/kinh-te.rss"] = Route(rss([
        (url(PAGES["government_news"]), "Fri, 06 Jan 2023 09:15:00 +0700"),
        (url(PAGES["daily_news"]) + "#binh-luan", "Sat, 08 Jun 2024 15:30:00 +0700"),
        (url(PAGES["daily_news"]), "Sat, 08 Jun 2024 15:30:00 +0700"),
        (url("/noi-bo/bao-cao-mat-2024.htm"), "Sat, 08 Jun 2024 15:30:00 +0700"),
        (url(PAGES["daily_news"]) + "?print=1", "Sat, 08 Jun 2024 15:30:00 +0700"),
        (other.url("/tin-tuc/bai-khac-1.htm", "localhost"), "Sat, 08 Jun 2024 15:30:00 +0700"),
        (url("/tin-tuc/da-go-bo-404.htm"), "Sat, 08 Jun 2024 15:30:00 +0700"),
        (url("/r/1023"), "Tue, 21 Nov 2023 10:05:00 +0700"),
    ]), "application/rss+xml")
    index = f"<sitemap><loc>{url('/sitemap-news.xml')}</loc></sitemap>"
    site.routes["/sitemap.xml"] = Route(sitemap("sitemapindex", index), "application/xml")
    site.routes["/sitemap-news.xml"] = Route(sitemap("urlset", "".join(
        f"<url><loc>{url(path).replace('&', '&amp;')}</loc><news:news><news:publication_date>"
        f"{date}</news:publication_date></news:news></url>" for path, date in (
            (PAGES["ministry_portal"], "2025-01-10T10:40:00+07:00"),
            (PAGES["html5_news"], "2023-05-18T16:20:00+07:00"),
            (PAGES["government_news"], "2023-01-06T09:15:00+07:00"),
            ("/noi-bo/bao-cao-mat-2024.htm", "2024-06-08T15:30:00+07:00")))),
        "application/xml")
    yield site, other
    site.stop()
    other.stop()


def fetch(runner, site, into: Path, *extra: str):
    return runner.invoke(main, ["fetch", site.url("/rss/kinh-te.rss"), site.url("/sitemap.xml"),
                                "--into", str(into), "--allow", "127.0.0.1", "--delay", "0",
                                "--backoff", "0", *extra])


def saved_pages(folder: Path) -> dict[str, Path]:
    """Requested URL -> page file, from the records beside the pages."""
    return {read_record(p)["requested"]: p for p in sorted(folder.rglob("*.html"))}


def test_fetch_saves_each_article_once_and_obeys_robots_and_allow(sites, tmp_path):
    site, other = sites
    result = fetch(CliRunner(), site, tmp_path / "pages")
    assert result.exit_code == 1, result.output  # the 404 is a failure
    assert "fetched into" in result.stdout and "5 saved" in result.stdout
    assert set(saved_pages(tmp_path / "pages")) == (
        {site.url(p) for p in PAGES.values()} - {site.url(PAGES["json_ld_news"])}
        | {site.url("/r/1023")})
    requested = site.paths()
    for path in PAGES.values():
        assert requested.count(path) == (2 if path == PAGES["html5_news"] else 1), path
    assert requested.count("/robots.txt") == 1
    assert not any(p.startswith("/noi-bo/") or "print=" in p for p in requested)
    assert other.log == []  # outside --allow: never asked, not even for robots.txt
    assert {r.headers["User-Agent"].split("/")[0] for r in site.log} == {"vngov-kg"}
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "da-go-bo-404.htm: HTTP 404 Not Found" in errors[0]
    assert "disallowed by robots.txt" in result.stderr and "not in --allow" in result.stderr


def test_records_say_where_each_page_came_from(sites, tmp_path):
    site, _ = sites
    fetch(CliRunner(), site, tmp_path / "pages")
    pages = saved_pages(tmp_path / "pages")
    moved = read_record(pages[site.url("/r/1023")])
    assert moved["url"] == site.url(PAGES["json_ld_news"])  # after the redirect
    assert moved["published"] == "2023-11-21" and moved["listed"] == "2023-11-21"
    portal = read_record(pages[site.url(PAGES["ministry_portal"])])
    assert portal["last_modified"] == LAST_MODIFIED and "etag" not in portal
    assert portal["published"] == "2025-01-10"  # from the page's text: it has no date tag
    government = read_record(pages[site.url(PAGES["government_news"])])
    assert government["etag"] == '"government_news-v1"'
    assert government["outlet"] == "Báo Điện tử Chính phủ"
    assert government["canonical"] == site.url(PAGES["government_news"])
    names = sorted(p.relative_to(tmp_path / "pages").as_posix() for p in pages.values())
    assert names == ["127.0.0.1/bo-tt-tt-tong-ket-cong-tac-nam-2022-102230106.html",
                     "127.0.0.1/chitiet-itemid-1520.html",  # the query names the page
                     "127.0.0.1/phe-duyet-chien-luoc-thuong-mai-dien-tu-post1023.html",
                     "127.0.0.1/phien-hop-thu-5-uy-ban-quoc-gia-ve-chuyen-doi-so-750112.html",
                     "127.0.0.1/xuat-khau-thang-5-uoc-dat-33-4-ty-usd-4756012.html"]


def test_fetching_again_asks_with_validators_and_rewrites_only_changed_pages(sites, tmp_path):
    site, _ = sites
    runner, folder = CliRunner(), tmp_path / "pages"
    fetch(runner, site, folder)
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*.html")}
    changed = PAGES["daily_news"]
    site.routes[changed].body = site.routes[changed].body.replace(b"33,4", b"33,5")
    site.routes[changed].etag = '"daily_news-v2"'
    site.log.clear()
    result = fetch(runner, site, folder)
    assert "4 unchanged" in result.stdout and "1 updated" in result.stdout, result.output
    asked = {r.path: r.headers for r in site.log}
    assert asked[PAGES["government_news"]]["If-None-Match"] == '"government_news-v1"'
    assert asked[PAGES["ministry_portal"]]["If-Modified-Since"] == LAST_MODIFIED
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*.html")}
    rewritten = [p for p in after if after[p] != before[p]]
    assert [p.name for p in rewritten] == ["xuat-khau-thang-5-uoc-dat-33-4-ty-usd-4756012.html"]
    assert b"33,5" in rewritten[0].read_bytes()
    assert read_record(rewritten[0])["etag"] == '"daily_news-v2"'


def without_offsets(facts) -> dict[str, list]:
    """Each kind of fact with its quote and rule but not its offsets (the texts differ)."""
    def plain(fact):
        return dataclasses.replace(fact, evidence=dataclasses.replace(fact.evidence, start=0,
                                                                      end=0))
    return {kind: [plain(fact) for fact in getattr(facts, kind)] for kind in FACT_KINDS}


def test_build_of_fetched_pages_extracts_what_their_text_says(sites, tmp_path):
    site, _ = sites
    fetch(CliRunner(), site, tmp_path / "pages")
    pages = saved_pages(tmp_path / "pages")
    for layout, path in PAGES.items():
        url = site.url("/r/1023" if layout == "json_ld_news" else path)
        story, _ = page(layout, url)
        article = read_article(pages[url])
        from_page = extract(article)
        from_text = extract_text(article.name, story.text)
        assert from_page.meta.published == story.date, layout
        assert from_page.meta.title == story.title, layout
        assert article.text.splitlines() == [story.title, *story.paragraphs], layout
        assert without_offsets(from_page) == without_offsets(from_text), layout
        assert sum(map(len, without_offsets(from_page).values())) > 3, layout


def test_build_of_the_fetched_folder_records_the_pages_and_is_byte_identical(sites, tmp_path):
    site, _ = sites
    runner = CliRunner()
    fetch(runner, site, tmp_path / "pages")
    outs = []
    for n in (1, 2):
        out = tmp_path / f"build{n}" / "kg.nq"
        result = runner.invoke(main, ["build", str(tmp_path / "pages"), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "5 articles" in result.stdout and result.stderr == ""  # records: no notes
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    import pyoxigraph as ox

    store = ox.Store()
    store.load(outs[0], ox.RdfFormat.N_QUADS)
    rows = list(store.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?url ?date ?publisher ?headline ?text WHERE { GRAPH ?g {
          ?a a schema:NewsArticle ; schema:url ?url ; schema:datePublished ?date ;
             schema:headline ?headline ; schema:text ?text .
          OPTIONAL { ?a schema:publisher ?publisher } } }"""))
    by_url = {row["url"].value: row for row in rows}
    government = by_url[site.url(PAGES["government_news"])]
    assert government["date"].value == "2023-01-06"
    assert government["publisher"].value == "Báo Điện tử Chính phủ"
    assert government["headline"].value == page("government_news", "")[0].title
    assert by_url[site.url(PAGES["json_ld_news"])]["publisher"].value == "VietnamPlus"
    assert by_url[site.url(PAGES["html5_news"])]["publisher"].value == f"127.0.0.1:{site.port}"
    selectors = store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?text ?exact ?start ?end WHERE { GRAPH ?g {
          ?s oa:exact ?exact ; oa:start ?start ; oa:end ?end .
          ?e oa:hasSelector ?s ; oa:hasSource ?a . ?a <https://schema.org/text> ?text } }""")
    checked = 0
    for row in selectors:
        start, end = int(row["start"].value), int(row["end"].value)
        assert row["text"].value[start:end] == row["exact"].value
        checked += 1
    assert checked > 50


PAGE_DATED_BY_META = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta property="article:published_time" content="2024-07-30T08:00:00+07:00">
<title>Bộ Công Thương sơ kết 6 tháng đầu năm</title></head><body>
<nav><a>Trang chủ</a> <a>Thời sự</a></nav><article><h1>Bộ Công Thương sơ kết 6 tháng đầu năm</h1>
<p>Sáng 29/7, tại Hà Nội, Bộ Công Thương tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm.</p>
<p>Theo báo cáo tại Hội nghị, kim ngạch xuất khẩu 6 tháng đầu năm ước đạt 190 tỷ USD,
tăng 14,5% so với cùng kỳ năm trước.</p>
<p>Chỉ số sản xuất công nghiệp 6 tháng đầu năm tăng 7,5% so với cùng kỳ năm trước, cao hơn
nhiều mức tăng của cùng kỳ.</p></article>
<div class="social-share">Chia sẻ</div><footer>© Báo Công Thương</footer></body></html>"""


def test_the_pages_date_gives_the_year_the_text_leaves_out(tmp_path):
    path = tmp_path / "so-ket.html"
    path.write_text(PAGE_DATED_BY_META, encoding="utf-8")
    article = read_article(path)
    assert "2024" not in article.text  # the year is only in the page's metadata
    facts = extract(article)
    assert facts.meta.published == "2024-07-30"
    assert [m.date for m in facts.meetings] == ["2024-07-29"]
    periods = {(o.period.start, o.period.end, o.period.inferred) for o in facts.observations}
    assert ("2024-01-01", "2024-06-30", True) in periods, facts.observations


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_same_page_reads_the_same_every_time(layout, tmp_path):
    _, html = page(layout, "https://bao.example.vn/a-1.htm")
    path = tmp_path / "a.html"
    path.write_text(html, encoding="utf-8")
    first = read_article(path)
    assert all(read_article(path) == first for _ in range(3))
    assert json.dumps(dataclasses.asdict(first.meta), ensure_ascii=False)
