"""Headless Chromium (Debian's package) against a real server: what a person sees.

Saves screenshots into docs/screenshots/. Never downloads a browser: it is skipped when
/usr/bin/chromium or the playwright package is missing.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import BASE, ROOT

from kg.settings import Settings
from kg.sparql import OxigraphStore
from kg.web import create_app, running

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright = pytest.importorskip("playwright.sync_api",
                                 reason="the playwright package is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="no /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def site(seeds_store):
    app = create_app(OxigraphStore(seeds_store), Settings.from_env(base=BASE))
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def page(site):
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, \
            playwright.sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, locale="vi-VN")
        tab = browser.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        browser.close()


def shot(page, name: str, full_page: bool = True) -> None:
    """The top of the page, at most 1500 pixels of it, so that the files stay small."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = min(1500, page.evaluate("document.documentElement.scrollHeight"))
    clip = {"x": 0, "y": 0, "width": 1280, "height": height} if full_page else None
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page, clip=clip)


def test_landing_page(page, site):
    page.goto(site + "/")
    assert "Tri thức từ tin tức Chính phủ Việt Nam" in page.inner_text("h1")
    assert page.locator(".stat").count() >= 9
    shot(page, "landing")


def busiest_meeting(store) -> str:
    """The meeting with a chair and the most figures, as a local path."""
    rows = store.query("""PREFIX kg: <https://data.example.org/vngov/ontology#>
        SELECT ?m (COUNT(?f) AS ?n) WHERE { ?m kg:chair ?p .
        OPTIONAL { ?f kg:reportedAt|kg:setAt ?m } } GROUP BY ?m ORDER BY DESC(?n) ?m""",
                       use_default_graph_as_union=True)
    return "/" + next(iter(rows))["m"].value[len(BASE):]


def test_follow_a_link_to_a_meeting(page, site, seeds_store):
    target = busiest_meeting(seeds_store)
    page.goto(site + "/")
    page.click("nav a[href='/meeting']")
    page.locator(f"table a[href='{target}']").click()
    page.wait_for_load_state()
    assert page.url.endswith(target)
    assert page.locator("text=chaired by").count() == 1
    assert page.locator("blockquote.quote").count() >= 1
    shot(page, "meeting")


def test_indicator_page_draws_its_chart(page, site):
    page.goto(site + "/indicator")
    page.locator("table a[href^='/indicator/']").first.click()
    page.wait_for_load_state()
    chart = page.locator("svg.chart").first
    assert chart.is_visible() and chart.bounding_box()["width"] > 400
    assert page.locator("svg.chart circle").count() >= 1
    shot(page, "indicator")


def test_evidence_link_opens_the_article_with_the_quote_marked(page, site):
    page.goto(site + "/indicator")
    page.locator("table a[href^='/indicator/']").first.click()
    page.locator("blockquote.quote footer a").first.click()
    page.wait_for_load_state()
    assert page.locator("mark.focus").count() >= 1
    page.evaluate("document.getElementById('focus').scrollIntoView({block: 'center'})")
    shot(page, "article", full_page=False)


def test_search_box(page, site):
    page.goto(site + "/")
    page.fill("input[name=q]", "chuyen doi so")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    assert "/search" in page.url and page.locator("table a").count() >= 1


def test_run_an_example_query(page, site):
    page.goto(site + "/sparql")
    page.locator("a[href='/sparql?example=who-chaired-what']").click()
    page.wait_for_load_state()
    assert "who-chaired-what" in page.url
    page.click("button[value=html]")
    page.wait_for_load_state()
    assert page.locator("table th", has_text="?name").count() == 1
    assert page.locator("table tbody tr").count() >= 1
    shot(page, "sparql")


def rows_on(page) -> list[str]:
    return page.eval_on_selector_all("tr[data-iri]", "rows => rows.map(r => r.dataset.iri)")


def downloaded(page, selector: str) -> tuple[str, bytes]:
    """Click a download link or button; the suggested file name and the bytes received."""
    with page.expect_download() as got:
        page.click(selector)
    download = got.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_browse_a_table_sort_filter_page_and_download(page, site):
    page.goto(site + "/observation")
    page.locator("[data-facet=year] li a").first.click()
    page.wait_for_load_state()
    assert "year=" in page.url
    total = int(page.get_attribute("#count b", "data-total"))
    page.click("a.sort[data-column=value]")
    page.click("a.sort[data-column=value]")  # again: largest first
    page.wait_for_load_state()
    assert "sort=-value" in page.url
    page.click("a.size:text-is('25')")
    page.wait_for_load_state()
    shot(page, "table")
    seen = rows_on(page)
    while page.locator("a[rel=next]").count():
        page.click("a[rel=next]")
        page.wait_for_load_state()
        seen += rows_on(page)
    assert len(seen) == total > 25 and len(set(seen)) == total
    name, body = downloaded(page, "#download-csv")
    assert name == "observation.csv"
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [r["iri"] for r in table] == seen
    values = [Decimal(r["value"]) for r in table if r["value"]]
    assert values == sorted(values, reverse=True)
    name, body = downloaded(page, "#download-json")
    assert name == "observation.json"
    assert [r["iri"] for r in json.loads(body)["rows"]] == seen


def test_each_download_button_of_the_sparql_editor(page, site):
    """Regression: the buttons opened the HTML page again (the browser's Accept won)."""
    page.goto(site + "/sparql?example=who-chaired-what")
    readers = {"json": lambda b: json.loads(b)["results"]["bindings"],
               "xml": lambda b: ET.fromstring(b).findall(".//{*}result"),
               "csv": lambda b: list(csv.reader(io.StringIO(b.decode())))[1:],
               "tsv": lambda b: b.decode().splitlines()[1:]}
    for value, read in readers.items():
        name, body = downloaded(page, f"button[value={value}]")
        assert name == f"results.{value}" and not body.lstrip().startswith(b"<!doctype")
        assert len(read(body)) >= 1, value
    name, body = downloaded(page, "button[value=turtle]")
    assert name == "results.json" and json.loads(body)["head"]["vars"]  # a SELECT's answer
    page.fill("textarea[name=query]", "CONSTRUCT { ?m ?p ?o } WHERE { ?m a "
              "<https://data.example.org/vngov/ontology#Conference> ; ?p ?o } LIMIT 20")
    name, body = downloaded(page, "button[value=turtle]")
    assert name == "results.ttl" and b"@prefix" in body
