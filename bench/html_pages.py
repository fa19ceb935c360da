"""How well a news page's article is read: paragraphs found, junk let in, title, date, URL.

    python -m bench.html_pages [--old FILE]

The pages are those of ``tests/news_site.py``: five layouts of Vietnamese news and ministry
sites (menus, sapo, related news, comments, share buttons; the date in a meta tag, in
``<time>``, in JSON-LD or only in the text), each around an article of ``tests/articles/``,
in full and cut to its first two paragraphs (a short news item). ``--old FILE`` measures
another extractor beside ``kg.html_text``: a module with ``article_text(page) -> str`` that
writes the headline, a "HH:MM, D/M/YYYY" stamp and a closing "Theo URL" line, as the
hand-written extractor kg used before did (``git show 142949c:kg/html_text.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from news_site import LAYOUTS, STORIES, Story  # noqa: E402

from kg.html_text import Page, read_page  # noqa: E402

URL = "https://bao.example.vn/tin-tuc/bai-viet-102240608.htm"
_STAMP = re.compile(r"^(?:\d{1,2}:\d{2}, )?(\d{1,2})/(\d{1,2})/(\d{4})$")


def pages() -> list[tuple[str, Story, str]]:
    out = []
    for layout, render in LAYOUTS.items():
        story = Story.read(STORIES[layout])
        short = dataclasses.replace(story, paragraphs=story.paragraphs[:2])
        for size, s in (("full", story), ("short", short)):
            # the portal and the HTML5 site name no URL in the page: the fetch record does
            out.append((f"{layout}/{size}", s, render(s, URL)))
    return out


def old_reader(path: Path):
    spec = importlib.util.spec_from_file_location("old_html_text", path)
    module = sys.modules["old_html_text"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def read(html: str) -> Page:
        lines = module.article_text(html).splitlines()
        url = lines.pop()[5:] if lines and lines[-1].startswith("Theo http") else None
        stamp = next((m for m in map(_STAMP.match, lines[1:2]) if m), None)
        if stamp:
            lines.pop(1)
        day, month, year = stamp.groups() if stamp else (0, 0, 0)
        date = f"{year}-{int(month):02d}-{int(day):02d}" if stamp else None
        return Page("\n".join(lines), lines[0] if lines else None, date, None, url)
    return read


def score(found: Page, story: Story) -> tuple[float, float, bool, bool, bool]:
    """Recall and precision of the article's paragraphs; title, date and sapo right."""
    lines = [" ".join(line.split()) for line in found.text.splitlines()]
    body = [line for line in lines if line != story.title]
    want = set(story.paragraphs)
    recall = sum(1 for p in story.paragraphs if p in body) / len(story.paragraphs)
    precision = sum(1 for line in body if line in want) / len(body) if body else 0.0
    return (recall, precision, found.title == story.title, found.published == story.date,
            story.paragraphs[0] in body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="an older extractor module to compare")
    args = parser.parse_args()
    readers = {"kg.html_text (trafilatura)": read_page}
    if args.old:
        readers["old"] = old_reader(args.old)
    print(f"{'page':24} {'extractor':28} recall precision title date sapo")
    totals = {name: [0.0] * 5 for name in readers}
    cases = pages()
    for label, story, html in cases:
        for name, read in readers.items():
            row = score(read(html), story)
            totals[name] = [t + v for t, v in zip(totals[name], row, strict=True)]
            print(f"{label:24} {name:28} {row[0]:6.2f} {row[1]:9.2f} {_yes(row[2]):5} "
                  f"{_yes(row[3]):4} {_yes(row[4])}")
    for name, total in totals.items():
        n = len(cases)
        print(f"{'mean / count':24} {name:28} {total[0] / n:6.2f} {total[1] / n:9.2f} "
              f"{int(total[2]):2d}/{n} {int(total[3]):2d}/{n} {int(total[4]):2d}/{n}")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


if __name__ == "__main__":
    main()
