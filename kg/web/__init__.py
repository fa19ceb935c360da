"""The linked-data server: dereferenceable IRIs, HTML pages, SPARQL, dumps (`kg serve`)."""

from .app import create_app
from .backends import OxigraphStore, RemoteStore, Results, Store, open_store
from .server import get, running, serve

__all__ = ["OxigraphStore", "RemoteStore", "Results", "Store", "create_app", "get", "open_store",
           "running", "serve"]
