"""Imported by the query workers' fork server only: it loads the graph once, and every worker
forked from it shares that memory (copy on write) instead of loading its own copy."""

from .worker import preload

preload()
