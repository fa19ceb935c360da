"""vngov-kg: Vietnamese government reports as a linked-data knowledge graph."""

from .build import BuildReport, build
from .errors import KgError
from .evaluate import evaluate, load_gold
from .export import export
from .extract import extract
from .query import load_query, render, run_select
from .settings import Settings
from .sources import Article, read_article, read_articles
from .sparql import Results, Store, open_store

__all__ = [
    "Article", "BuildReport", "KgError", "Results", "Settings", "Store", "build", "evaluate",
    "export", "extract", "load_gold", "load_query", "open_store", "read_article",
    "read_articles", "render", "run_select",
]
