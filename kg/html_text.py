"""Article text from an HTML page saved from a news site."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "figure"}
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "tr", "article", "section", "title"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def article_text(page: str) -> str:
    """Visible text of the page's <article> (or <body>), one paragraph a line."""
    match = re.search(r"<article\b.*?</article>", page, re.S | re.I)
    parser = _Text()
    parser.feed(match.group(0) if match else page)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return html.unescape("\n".join(line for line in lines if line))
