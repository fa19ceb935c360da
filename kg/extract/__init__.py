"""Vietnamese text -> facts. One module per fact type; ``extract`` runs them in order."""

from __future__ import annotations

from ..facts import ArticleFacts
from ..sources import Article
from .context import ArticleContext
from .figures import read_figures
from .legal import read_legal_documents
from .meetings import read_meetings
from .metadata import read_metadata
from .organizations import read_organizations
from .people import read_people
from .strategies import read_strategies


def extract(article: Article) -> ArticleFacts:
    """Every fact the article states, each with the quote and offsets that state it."""
    meta = read_metadata(article)
    ctx = ArticleContext.of(article.text, meta)
    people = read_people(ctx)
    meetings = read_meetings(ctx, people)
    observations, targets = read_figures(ctx, meetings)
    legal = read_legal_documents(ctx)
    strategies = read_strategies(ctx)
    organizations = read_organizations(ctx, people, meetings, legal)
    return ArticleFacts(
        meta=meta, text=article.text, meetings=tuple(meetings), people=tuple(people),
        organizations=tuple(organizations), observations=tuple(observations),
        targets=tuple(targets), legal_documents=tuple(legal), strategies=tuple(strategies),
    )
