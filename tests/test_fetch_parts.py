"""The parts of `kg fetch`: robots.txt rules, feeds and sitemaps, the polite client, names."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from news_server import NewsSite, Route, no_proxy  # noqa: F401 (autouse)

from kg.fetch import Policy, fetch
from kg.fetch.client import Client, FetchFailed, Refused
from kg.fetch.listings import kind_of, read_feed, read_sitemap, unpacked
from kg.fetch.records import Folder
from kg.fetch.robots import parse

# --- robots.txt (RFC 9309) ----------------------------------------------------------------------

ROBOTS = """User-agent: *
Disallow: /

user-agent: VNGOV-KG   # product tokens match whatever their case
Crawl-delay: 2
Disallow: /tim-kiem
Disallow: /*.pdf$
Disallow: /tin-tuc/*?print=
Allow: /tim-kiem/huong-dan
Disallow: /noi-bo/
Allow: /noi-bo/
"""


@pytest.mark.parametrize("path,allowed", [
    ("/tin-tuc/a-1.htm", True),
    ("/tim-kiem?q=gdp", False),
    ("/tim-kiem/huong-dan", True),  # the longer rule wins, whatever the order
    ("/van-ban/quyet-dinh.pdf", False),
    ("/van-ban/quyet-dinh.pdf?x=1", True),  # "$" anchors the end
    ("/tin-tuc/a-1.htm?print=1", False),
    ("/noi-bo/x", True),  # Allow wins a tie
    ("/robots.txt", True),
    ("/t%C3%ACm-ki%E1%BA%BFm", True),
])
def test_robots_rules_follow_rfc_9309(path, allowed):
    rules = parse(ROBOTS, "vngov-kg")
    assert rules.allows(f"https://bao.example.vn{path}") is allowed
    assert rules.crawl_delay == 2


def test_robots_group_for_everyone_applies_when_none_names_us():
    rules = parse("User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\n",
                  "vngov-kg")
    assert rules.allows("https://x.vn/public") and not rules.allows("https://x.vn/private/1")
    assert parse("", "vngov-kg").allows("https://x.vn/anything")


def test_percent_encoding_does_not_hide_a_disallowed_path():
    rules = parse("User-agent: *\nDisallow: /tìm-kiếm\n", "vngov-kg")
    assert not rules.allows("https://x.vn/t%C3%ACm-ki%E1%BA%BFm?q=1")


# --- feeds and sitemaps -------------------------------------------------------------------------

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Tin m\xe1\xbb\x9bi</title><entry><title>A</title><link rel="alternate" href="/tin/a-1.htm"/>
<published>2024-06-08T23:30:00+07:00</published></entry>
<entry><title>B</title><link href="https://bao.example.vn/tin/b-2.htm"/><updated>2024-06-09</updated>
</entry></feed>"""


def test_atom_feed_links_resolve_against_the_feed_url_and_keep_the_sites_date():
    listing = read_feed(ATOM, "https://bao.example.vn/rss/tin-moi.atom")
    assert [(link.url, link.listed) for link in listing.links] == [
        ("https://bao.example.vn/tin/a-1.htm", "2024-06-08"),  # not the UTC date, 06-08 16:30
        ("https://bao.example.vn/tin/b-2.htm", "2024-06-09")]


def test_a_broken_feed_is_an_error_naming_it():
    from kg.errors import KgError

    with pytest.raises(KgError, match="https://x.vn/rss: not a readable feed"):
        read_feed(b"<rss><channel><item><link>", "https://x.vn/rss")


def test_kinds_are_told_by_the_root_element():
    assert kind_of(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- x --><rss>', "text/xml") == "feed"
    assert kind_of(b"<rdf:RDF xmlns:rdf='x'>", "application/xml") == "feed"
    assert kind_of(b"<?xml version='1.0'?><urlset>", "text/xml") == "sitemap"
    assert kind_of(b"<!DOCTYPE html><html lang='vi'>", "") == "page"
    assert kind_of(b"%PDF-1.7", "application/pdf") == "other"


def test_gzipped_sitemap_index_lists_sitemaps():
    body = gzip.compress(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                         b"<sitemap><loc> https://x.vn/s1.xml </loc></sitemap></sitemapindex>")
    listing = read_sitemap(unpacked(body), "https://x.vn/sitemap.xml.gz")
    assert listing.sitemaps == ("https://x.vn/s1.xml",) and listing.links == ()


def test_sitemap_lastmod_is_the_listed_date_when_there_is_no_news_date():
    body = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
            b"<loc>https://x.vn/a.htm</loc><lastmod>2024-06-08T10:00:00+07:00</lastmod></url>"
            b"</urlset>")
    assert [(lk.url, lk.listed) for lk in read_sitemap(body, "s").links] == [
        ("https://x.vn/a.htm", "2024-06-08")]


# --- the client ---------------------------------------------------------------------------------

@pytest.fixture
def site():
    site = NewsSite({"/robots.txt": Route(b"User-agent: *\nDisallow: /cam/\n", "text/plain")})
    yield site
    site.stop()


def client(**policy) -> tuple[Client, list[float]]:
    waits: list[float] = []
    return Client(Policy(**{"delay": 0, **policy}), sleep=waits.append), waits


def test_transient_errors_are_retried_with_doubling_backoff(site):
    site.routes["/a"] = Route(b"<html>ok</html>", fail_first=2, fail_status=503)
    http, waits = client(retries=3, backoff=0.5)
    assert http.get(site.url("/a")).body == b"<html>ok</html>"
    assert waits == [0.5, 1.0] and site.paths().count("/a") == 3


def test_retry_after_is_honoured_up_to_a_minute(site):
    site.routes["/a"] = Route(b"<html>ok</html>", fail_first=1, fail_status=429)
    site.routes["/a"].answer = _with_retry_after(site.routes["/a"].answer, "7")
    http, waits = client(retries=1, backoff=100)
    http.get(site.url("/a"))
    assert waits == [7.0]


def _with_retry_after(answer, seconds):
    def wrapped(headers):
        status, names, body = answer(headers)
        return status, ({**names, "Retry-After": seconds} if status == 429 else names), body
    return wrapped


def test_giving_up_after_the_retries_names_the_url_and_the_status(site):
    site.routes["/a"] = Route(b"", fail_first=10)
    http, waits = client(retries=2, backoff=0)
    with pytest.raises(FetchFailed, match=r"/a: HTTP 500 Internal Server Error \(gave up after 3"):
        http.get(site.url("/a"))
    assert site.paths().count("/a") == 3


def test_a_permanent_error_is_not_retried(site):
    site.routes["/gone"] = Route(b"", status=410)
    http, _ = client(retries=3)
    with pytest.raises(FetchFailed, match="HTTP 410 Gone"):
        http.get(site.url("/gone"))
    assert site.paths().count("/gone") == 1


def test_a_redirect_into_a_disallowed_path_is_not_followed(site):
    site.routes["/r"] = Route(status=302, location="/cam/bai-1.htm")
    http, _ = client()
    with pytest.raises(Refused, match="disallowed by robots.txt"):
        http.get(site.url("/r"))
    assert "/cam/bai-1.htm" not in site.paths()


def test_a_redirect_to_another_host_outside_allow_is_not_followed(site):
    site.routes["/r"] = Route(status=301, location=site.url("/a", host="localhost"))
    http, _ = client(allow=("127.0.0.1",))
    with pytest.raises(Refused, match="host localhost is not in --allow"):
        http.get(site.url("/r"))


def test_an_unreachable_robots_txt_keeps_the_client_out(site):
    site.routes["/robots.txt"] = Route(b"", fail_first=10, fail_status=503)
    site.routes["/a"] = Route(b"<html>ok</html>")
    notes: list[str] = []
    http = Client(Policy(delay=0, retries=1, backoff=0), notify=notes.append, sleep=lambda s: None)
    with pytest.raises(Refused, match="disallowed by robots.txt"):
        http.get(site.url("/a"))
    assert "/a" not in site.paths() and any("keeping out of this site" in n for n in notes)


def test_a_missing_robots_txt_allows_everything(site):
    del site.routes["/robots.txt"]
    site.routes["/cam/a"] = Route(b"<html>ok</html>")
    assert client()[0].get(site.url("/cam/a")).status == 200


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    site.routes["/a"] = Route(b"<html>ok</html>")
    http, waits = client(delay=30)
    http.get(site.url("/a"))
    http.get(site.url("/a"))
    assert len(waits) == 2 and all(29 < w <= 30 for w in waits)  # after robots.txt, after /a


def test_robots_crawl_delay_lengthens_the_pause(site):
    site.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 45\n", "text/plain")
    site.routes["/a"] = Route(b"<html>ok</html>")
    http, waits = client(delay=1)
    http.get(site.url("/a"))
    assert len(waits) == 1 and 44 < waits[0] <= 45


# --- the folder ---------------------------------------------------------------------------------

def test_page_names_are_unique_in_the_folder(tmp_path):
    folder = Folder(tmp_path)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    folder = Folder(tmp_path)
    first = folder.new_page("https://bao.example.vn/tin-tuc/a.htm")
    second = folder.new_page("https://khac.example.vn/a.html")
    assert first.parent.name == "bao.example.vn"
    assert first.stem.startswith("a-") and second.stem.startswith("a-") and first != second
    assert folder.new_page("https://x.vn/").stem.startswith("x-")


def test_a_page_that_is_not_html_is_skipped(site, tmp_path):
    site.routes["/bao-cao.pdf"] = Route(b"%PDF-1.7 ...", "application/pdf")
    report = fetch([site.url("/bao-cao.pdf")], tmp_path, Policy(delay=0))
    assert [o.status for o in report.outcomes] == ["failed"]
    assert "not a page, feed or sitemap (application/pdf)" in report.outcomes[0].message
    assert list(Path(tmp_path).rglob("*")) == []


def test_a_start_url_that_is_not_http_is_a_one_line_error(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["fetch", "baochinhphu.vn/rss", "--into", str(tmp_path)])
    assert result.exit_code == 1 and result.output.strip() == (
        "Error: baochinhphu.vn/rss: not an http(s) URL")
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["fetch", "http://127.0.0.1:9/", "--into",
                                       str(tmp_path / "file")])
    assert result.exit_code == 1 and "file: not a folder" in result.output


def test_a_page_that_cannot_be_written_is_a_failure_not_a_crash(site, tmp_path):
    site.routes["/a.htm"] = Route(b"<html><body><article><p>" + "Bộ Công Thương họp báo. ".encode()
                                  * 20 + b"</p></article></body></html>")
    into = tmp_path / "pages"
    into.mkdir()
    (into / "127.0.0.1").write_text("a file where the host's folder would go")
    report = fetch([site.url("/a.htm")], into, Policy(delay=0))
    [outcome] = report.outcomes
    assert outcome.status == "failed" and "cannot write" in outcome.message
    assert outcome.message.startswith(str(into / "127.0.0.1"))


def page_named(title: str, canonical: str) -> bytes:
    body = "".join(f"<p>{title}: câu thứ {i} của bài báo viết cho kiểm thử.</p>" for i in range(8))
    return (f'<html><head><title>{title}</title><link rel="canonical" href="{canonical}"></head>'
            f"<body><article>{body}</article></body></html>").encode()


def test_a_page_under_two_urls_is_saved_once_but_a_shared_home_canonical_is_not_a_twin(
        site, tmp_path):
    home = site.url("/")
    site.routes["/a.htm"] = Route(page_named("Bài thứ nhất", site.url("/a.htm")))
    site.routes["/a.htm?utm_source=rss"] = Route(page_named("Bài thứ nhất", site.url("/a.htm")))
    site.routes["/b.htm"] = Route(page_named("Bài thứ hai", home))
    site.routes["/c.htm"] = Route(page_named("Bài thứ ba", home))
    report = fetch([site.url(p) for p in ("/a.htm", "/a.htm?utm_source=rss", "/b.htm",
                                          "/c.htm")], tmp_path, Policy(delay=0))
    assert [o.status for o in report.outcomes] == ["saved", "unchanged", "saved", "saved"]
    assert "same article as" in report.outcomes[1].message
    assert len(list(tmp_path.rglob("*.html"))) == 3


UNDATED = """<html><head><title>Bộ Tài chính họp báo thường kỳ</title></head><body><article>
<h1>Bộ Tài chính họp báo thường kỳ</h1>
<p>Chiều 3/7, Bộ Tài chính tổ chức họp báo thường kỳ quý II tại Hà Nội.</p>
<p>Thu ngân sách nhà nước 6 tháng đầu năm ước đạt 1.000 nghìn tỷ đồng, tăng 15% so với
cùng kỳ năm trước, theo báo cáo tại họp báo của Bộ Tài chính.</p></article></body></html>"""


def test_a_page_without_a_date_takes_its_record_s_url_and_listed_date(tmp_path):
    from kg.extract import extract
    from kg.fetch.records import record_bytes, record_path
    from kg.sources import read_article

    page = tmp_path / "hop-bao.html"
    page.write_text(UNDATED, encoding="utf-8")
    assert read_article(page).meta.published is None
    record_path(page).write_bytes(record_bytes({"url": "https://mof.example.vn/hop-bao-1.htm",
                                                "listed": "2025-07-04"}))
    facts = extract(read_article(page))
    assert facts.meta.published == "2025-07-04"
    assert facts.meta.url == "https://mof.example.vn/hop-bao-1.htm"
    assert facts.meetings[0].date == "2025-07-03"  # the year from the feed's date


def test_a_changed_record_is_built_again_not_taken_from_the_cache(tmp_path):
    from kg.build import build
    from kg.fetch.records import record_bytes, record_path

    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "hop-bao.html"
    page.write_text(UNDATED, encoding="utf-8")
    out = tmp_path / "build" / "kg.nq"
    for year in ("2024", "2025"):
        record_path(page).write_bytes(record_bytes({"listed": f"{year}-07-04"}))
        report = build([folder], out, "https://data.example.org/vngov/")
        assert report.extracted == 1 and report.articles[0].meta.published == f"{year}-07-04"
    record_path(page).write_bytes(record_bytes({"listed": "2025-07-04", "etag": '"v2"'}))
    assert build([folder], out, "https://data.example.org/vngov/").extracted == 0
