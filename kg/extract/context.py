"""An article split into paragraphs, sentences and clauses with offsets, and its years."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..facts import ArticleMeta, Evidence
from ..text.letters import LOWER, UPPER
from ..text.periods import YEAR
from .metadata import DATE_MARK

_SENTENCE_END = re.compile(rf"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[{UPPER}0-9])"
                           rf"|\n+(?![{LOWER}0-9%])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def split_spans(text: str, offset: int, pattern: re.Pattern) -> list[Span]:
    spans, pos = [], 0
    for m in pattern.finditer(text):
        spans.append(_trimmed(text, offset, pos, m.start()))
        pos = m.end()
    spans.append(_trimmed(text, offset, pos, len(text)))
    return [s for s in spans if s.text]


def _trimmed(text: str, offset: int, start: int, end: int) -> Span:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    return Span(offset + start + left, offset + start + left + len(piece), piece)


def _without_date_mark(sentences: list[Span]) -> list[Span]:
    """A leading " date 2024-03" marker is the page's, not the first sentence's."""
    if sentences and (m := DATE_MARK.match(sentences[0].text)):
        first = sentences[0]
        rest = first.text[m.end():]
        gap = len(rest) - len(rest.lstrip())
        sentences[0] = Span(first.start + m.end() + gap, first.end, rest.lstrip())
    return [s for s in sentences if s.text]


@dataclass
class ArticleContext:
    """What every extractor needs: the text, its sentences and the article's years."""

    text: str
    meta: ArticleMeta
    sentences: list[Span] = field(default_factory=list)
    year: int | None = None

    @classmethod
    def of(cls, text: str, meta: ArticleMeta) -> ArticleContext:
        ctx = cls(text, meta, _without_date_mark(split_spans(text, 0, _SENTENCE_END)))
        ctx.year = ctx._main_year()
        return ctx

    def _main_year(self) -> int | None:
        """The publication year, else the most mentioned year (latest on a tie).

        A year named as a comparison base ("so với năm 2029") speaks for the year after it.
        """
        if self.meta.published:
            return int(self.meta.published[:4])
        years = Counter(int(m.group(2)) + (1 if m.group(1) else 0) for m in re.finditer(
            rf"((?:so với|cùng kỳ)\s+(?:năm\s+)?)?(?<!\d)({YEAR})(?!\d)", self.text, re.I))
        if not years:
            return None
        return max(years, key=lambda y: (years[y], y))

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        return Evidence(start, end, self.text[start:end], rule)

    def sentence_at(self, pos: int) -> Span:
        for s in self.sentences:
            if pos < s.end:
                return s  # a position between sentences belongs to the next one
        return Span(pos, pos, "")

    def sentence_evidence(self, pos: int, rule: str) -> Evidence:
        s = self.sentence_at(pos)
        return self.evidence(s.start, s.end, rule)
