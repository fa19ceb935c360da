"""Checks a SPARQL query before any parser sees it: size, depth, chains, and federation.

SPARQL parsers are recursive: a query nested or chained a few thousand levels deep
(``!!!…true``, ``1+1+…``, thousands of ``UNION`` or ``BIND``, a property path of thousands
of steps) overflows their stack and kills the process. This module reads the query with one
loop over its tokens, lexed as the SPARQL grammar lexes them (codepoint escapes expanded,
strings, IRIs and comments skipped), and refuses a query whose estimated depth, counting
every operator and group keyword that nests the algebra, is past a limit, or that names
``SERVICE`` anywhere a keyword can stand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import QueryError, QueryRefused

MAX_QUERY_CHARS = 256 * 1024
MAX_NESTING = 64  # brackets within brackets
MAX_DEPTH = 500  # brackets plus chained operators and keywords along the deepest path

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[\w.:\-\u00B7]|{_PLX})*(?:[\w:\-\u00B7]|{_PLX}))?"
_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<string>\"\"\"(?:\\[\s\S]|[^\\])*?\"\"\"|'''(?:\\[\s\S]|[^\\])*?'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<comment>\#[^\n\r]*)
    |(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
    |(?P<pname>(?:[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:(?:""" + _LOCAL + r""")?)
    |(?P<number>(?:\d+\.\d*|\.?\d+)(?:[eE][+-]?\d+)?)
    |(?P<word>[@\w][\w\-]*)
    |(?P<op>\^\^|&&|\|\||!=|<=|>=|[(){}\[\]]|\S)""",
    re.VERBOSE,
)
_OPEN, _CLOSE = "({[", ")}]"
# Operators and keywords that nest one algebra node or expression inside the next.
_CHAINING_OPS = frozenset("! && || = != < > <= >= + - * / | ^ ; ,".split())
_CHAINING_WORDS = frozenset(
    "union optional minus bind filter values graph service in not exists".split())
_FEDERATION = "service"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def expand_escapes(sparql: str) -> str:
    r"""The query with its ``\uXXXX`` and ``\UXXXXXXXX`` escapes expanded, as parsers do first."""
    def char(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(char, sparql)


def tokens(sparql: str) -> Iterator[Token]:
    """The query's tokens, spaces and comments left out (unknown characters are one each)."""
    text = expand_escapes(sparql)
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "op"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group())


def check_query(sparql: str, label: str = "query") -> None:
    """Refuse a query that could crash the parser (QueryError) or reach another server
    (QueryRefused)."""
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(f"{label}: {len(sparql)} characters; the limit is {MAX_QUERY_CHARS}")
    chains = [0]  # chaining tokens met at each open bracket level
    total = deepest = 0
    for token in tokens(sparql):
        text = token.text.lower()
        if token.kind in ("word", "op") and _FEDERATION in text:
            raise QueryRefused(f"{label}: federated queries (SERVICE) are not run here")
        if text in _OPEN:
            chains.append(0)
            if len(chains) - 1 > MAX_NESTING:
                raise QueryError(f"{label}: nested more than {MAX_NESTING} levels deep; "
                                 f"the limit is {MAX_NESTING}")
        elif text in _CLOSE:
            if len(chains) > 1:
                total -= chains.pop()
        elif (token.kind == "op" and text in _CHAINING_OPS) or (
                token.kind == "word" and text in _CHAINING_WORDS):
            chains[-1] += 1
            total += 1
        deepest = max(deepest, total + len(chains) - 1)
        if deepest > MAX_DEPTH:
            raise QueryError(f"{label}: too long a chain of operators, groups or path steps "
                             f"(more than {MAX_DEPTH} deep); split the query or use VALUES")


def first_keyword(sparql: str) -> str:
    """The query's first keyword past its prologue (PREFIX and BASE), lower-cased."""
    skip = 0
    for token in tokens(sparql):
        if skip:
            skip -= 1
        elif token.kind == "word" and token.text.lower() in ("prefix", "base"):
            skip = 2 if token.text.lower() == "prefix" else 1
        else:
            return token.text.lower() if token.kind == "word" else ""
    return ""
