"""The linked-data server: dereferenceable IRIs, HTML pages, SPARQL, dumps (`kg serve`)."""

from .app import create_app
from .server import get, running, serve

__all__ = ["create_app", "get", "running", "serve"]
