"""vngov-kg: Vietnamese government reports as a linked-data knowledge graph.

The public names are imported on first use (PEP 562), so that ``kg query`` and the other
commands do not pay for the extractor and rdflib when they do not need them.
"""

from importlib import import_module

_PUBLIC = {
    "Article": "sources", "BuildReport": "build", "KgError": "errors", "Results": "sparql",
    "Settings": "settings", "Store": "sparql", "build": "build", "evaluate": "evaluate",
    "export": "export", "extract": "extract", "load_gold": "evaluate", "load_query": "query",
    "open_store": "sparql", "read_article": "sources", "read_articles": "sources",
    "render": "query", "run_select": "query",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value
