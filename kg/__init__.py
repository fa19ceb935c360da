"""vngov-kg: Vietnamese government reports as a linked-data knowledge graph."""

from .build import BuildReport, build
from .errors import KgError
from .evaluate import evaluate, load_gold
from .export import export
from .extract import extract
from .query import QueryResult, load_query, render, run_select
from .settings import Settings
from .sources import Article, read_article, read_articles

__all__ = [
    "Article", "BuildReport", "KgError", "QueryResult", "Settings", "build", "evaluate",
    "export", "extract", "load_gold", "load_query", "read_article", "read_articles", "render",
    "run_select",
]
