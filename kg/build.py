"""The pipeline: read articles, extract facts, write the graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .errors import KgError
from .extract import extract
from .facts import ArticleFacts
from .formats import for_path
from .graph import article_quads, entity_quads, to_dataset
from .identity import Minter
from .sources import Article, find_files, read_article
from .store import write_atomic


@dataclass(frozen=True)
class Failure:
    source: str
    message: str


@dataclass(frozen=True)
class BuildReport:
    out: Path | None
    articles: tuple[ArticleFacts, ...]
    failures: tuple[Failure, ...] = ()
    counts: dict = field(default_factory=dict)
    triples: int = 0


def extract_all(sources: Iterable[Path]) -> tuple[list[ArticleFacts], list[Failure]]:
    """Extract every readable article; unreadable ones become failures, not crashes."""
    done, failures = [], []
    for path in find_files(sources):
        try:
            article = read_article(path)
        except KgError as exc:
            failures.append(Failure(str(path), str(exc)))
            continue
        done.append(extract(article))
    return done, failures


def dataset_for(articles: Iterable[ArticleFacts], base: str) -> Dataset:
    minter = Minter(base)
    quads = []
    concepts: dict[str, str] = {}
    for article in articles:
        quads.extend(article_quads(minter, article))
        for fact in (*article.observations, *article.targets):
            concepts.setdefault(fact.concept, fact.indicator)
    quads.extend(entity_quads(minter, quads, concepts))
    return to_dataset(quads)


def build(sources: Iterable[Path], out: Path, base: str) -> BuildReport:
    """Build the graph of ``sources`` into ``out`` (TriG, N-Quads, JSON-LD... by suffix)."""
    fmt = for_path(out)
    articles, failures = extract_all(sources)
    ds = dataset_for(articles, base)
    data = ds.serialize(format=fmt.rdflib, encoding="utf-8")
    write_atomic(out, data)
    counts = count_facts(articles)
    return BuildReport(out, tuple(articles), tuple(failures), counts, len(ds))


def count_facts(articles: Iterable[ArticleFacts]) -> dict[str, int]:
    kinds = ("meetings", "people", "organizations", "observations", "targets",
             "legal_documents", "strategies")
    counts = dict.fromkeys(kinds, 0)
    for article in articles:
        for kind in kinds:
            counts[kind] += len(getattr(article, kind))
    return counts


def extract_text(name: str, text: str) -> ArticleFacts:
    """Extract one article given as text (for tests and the explain command)."""
    return extract(Article(name, text))
