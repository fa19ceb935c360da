"""Article text from an HTML page saved from a news site.

The page becomes text in the shape of the plain-text articles in ``seeds/``:

    headline
    10:28, 30/12/2023          (from <meta article:published_time> or <time datetime>)
    sapo and body paragraphs, one a line
    Theo https://host/path     (the page's canonical URL)

The body is the first of: an element marked ``itemprop="articleBody"`` or with a content
class (``detail-content``, ``fck_detail``...), the largest ``<article>``, the element whose
``<p>`` children hold the most text, the whole ``<body>``. Menus, scripts, share buttons
and "related news" boxes are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_IGNORED = {"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas",
            "select", "button", "figure", "picture", "video", "audio"}
# Not <header>: an <article> keeps its headline there, and a site header's links are in <nav>.
_BOILERPLATE = {"nav", "footer", "aside", "form", "menu", "dialog"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "param", "source", "track", "wbr"}
_BLOCK = {"address", "article", "blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3",
          "h4", "h5", "h6", "li", "main", "ol", "p", "pre", "section", "table", "tbody",
          "thead", "tfoot", "tr", "ul", "figcaption", "center"}
_CELL = {"td", "th"}
# An open <p> or <li> is closed by the start of these (the HTML "implied end tag" rules).
_CLOSES = {"p": _BLOCK, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
           "tr": {"tr"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}}
_CONTENT = re.compile(r"detail[-_]?(?:content|body|__content)|article[-_]?(?:content|body)"
                      r"|content[-_]?detail|fck_detail|entry[-_]content|post[-_]content"
                      r"|news[-_]?content|maincontent|cms-body|singular-content", re.I)
_SAPO = re.compile(r"sapo|detail[-_]?summary|article[-_]?(?:lead|summary)|lead[-_]?text"
                   r"|(?:^|\s)description(?:$|\s)", re.I)
_NOISE = re.compile(r"(?:^|[\s_-])(?:relate\w*|(?:tin[-_]?)?lien[-_]?quan\w*|share\w*|social\w*"
                    r"|comments?|binh[-_]?luan|banners?|ads?|adv\w*|breadcrumbs?|tags?|toolbar"
                    r"|print|author[-_]?box|rating)(?=$|[\s_-])", re.I)
_SPACE = re.compile(r"\s+")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
MAX_DEPTH = 200  # deeper elements are flattened into their ancestor: no runaway recursion


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def marks(self) -> str:
        return f"{self.attrs.get('class', '')} {self.attrs.get('id', '')}"

    def walk(self, visible: bool = False):
        """This node and its descendants; with ``visible``, not inside menus or scripts."""
        if visible and (self.tag in _IGNORED or self.tag in _BOILERPLATE):
            return
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk(visible)


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: unclosed tags are closed by their parent, stray end tags ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.meta: dict[str, str] = {}
        self.last = self.root

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name") or ""
            self.meta.setdefault(key.lower(), attributes.get("content", ""))
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower():
            self.meta.setdefault("canonical", attributes.get("href", ""))
        while self.stack[-1].tag in _CLOSES and tag in _CLOSES[self.stack[-1].tag]:
            self.stack.pop()
        node = self.last = Node(tag, attributes)
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack[-1] is self.last:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder


def lines_of(node: Node, skip_noise: bool = True) -> list[str]:
    """The visible text of ``node``, one block a line, whitespace collapsed."""
    out: list[str] = [""]
    _render(node, out, skip_noise, top=node)
    return [line for line in (_SPACE.sub(" ", line).strip() for line in out) if line]


def _render(node: Node, out: list[str], skip_noise: bool, top: Node) -> None:
    if node.tag in _IGNORED or node.tag in _BOILERPLATE:
        return
    if skip_noise and node is not top and _NOISE.search(node.marks()):
        return
    if node.tag in _BLOCK or node.tag == "br":
        out.append("")
    for child in node.children:
        if isinstance(child, str):
            out[-1] += child
        else:
            _render(child, out, skip_noise, top)
            if child.tag in _CELL:
                out[-1] += " | "
    if node.tag in _BLOCK:
        out.append("")


def text_length(node: Node) -> int:
    return sum(len(line) for line in lines_of(node))


def _marked_body(root: Node) -> Node | None:
    marked = [n for n in root.walk(visible=True) if n.attrs.get("itemprop") == "articleBody"
              or _CONTENT.search(n.marks())]
    marked = [n for n in marked if text_length(n) >= 80]
    return max(marked, key=text_length) if marked else None


def _largest_article(root: Node) -> Node | None:
    articles = [n for n in root.walk(visible=True) if n.tag in ("article", "main")]
    return max(articles, key=text_length) if articles else None


def _densest_parent(root: Node) -> Node | None:
    """The element whose direct <p> children hold the most text (readability's idea)."""
    best, best_score = None, 0
    for node in root.walk(visible=True):
        score = sum(text_length(c) for c in node.children
                    if isinstance(c, Node) and c.tag == "p")
        if score > best_score:
            best, best_score = node, score
    return best if best_score >= 140 else None


def find_body(root: Node) -> Node:
    for finder in (_marked_body, _largest_article, _densest_parent):
        found = finder(root)
        if found is not None:
            return found
    return next((n for n in root.walk() if n.tag == "body"), root)


def _first(root: Node, tag: str, pattern: re.Pattern | None = None) -> Node | None:
    return next((n for n in root.walk(visible=True)
                 if n.tag == tag or (pattern and pattern.search(n.marks()))), None)


def _stamp(page: _TreeBuilder) -> str | None:
    """"10:28, 30/12/2023" from the page's publication time, the way seeds write it."""
    times = [n.attrs.get("datetime", "") for n in page.root.walk() if n.tag == "time"]
    for value in (page.meta.get("article:published_time"), page.meta.get("pubdate"), *times):
        m = _ISO.match(value or "")
        if m:
            year, month, day, hour, minute = m.groups()
            clock = f"{hour}:{minute}, " if hour else ""
            return f"{clock}{int(day)}/{int(month)}/{year}"
    return None


def article_text(page: str) -> str:
    """Headline, publication stamp, sapo and body paragraphs, source URL; one a line."""
    doc = parse(page)
    body = find_body(doc.root)
    lines = lines_of(body)
    head: list[str] = []
    for node in (_first(doc.root, "h1"), _first(doc.root, "", _SAPO)):
        head += [line for line in (lines_of(node) if node else []) if line not in lines]
    if not head and doc.meta.get("og:title"):
        head.append(_SPACE.sub(" ", doc.meta["og:title"]).strip())
    lines = head + lines
    stamp = _stamp(doc)
    lines[1:1] = [stamp] if stamp else []  # below the headline, as in seeds/
    url = doc.meta.get("canonical") or doc.meta.get("og:url")
    tail = [f"Theo {url.strip()}"] if url and url.strip().startswith("http") else []
    return "\n".join(lines + tail)
