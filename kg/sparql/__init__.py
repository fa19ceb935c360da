"""The one store seam: a ``Store`` answers SPARQL with ``Results``, embedded or remote.

``OxigraphStore`` queries a pyoxigraph store in this process, ``kg.worker.QueryPool`` in
worker processes (users' queries), ``RemoteStore`` any SPARQL 1.1 Protocol endpoint; the CLI,
eval, audit and the server use them alike.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import KgError
from .base import Store, form_of, query_form
from .embedded import OxigraphStore
from .errors import Busy, EndpointError, EngineFailure, QueryTimeout, ResultLimitExceeded
from .remote import RemoteStore
from .results import Results, Term, plain

__all__ = ["Busy", "EndpointError", "EngineFailure", "OxigraphStore", "QueryTimeout",
           "RemoteStore", "ResultLimitExceeded", "Results", "Store", "Term", "form_of",
           "open_store", "plain", "query_form"]


def open_store(data: Path | None, endpoint: str | None, timeout: float = 10.0) -> Store:
    """The embedded store of a graph file or store folder, or a remote endpoint."""
    if data is not None and endpoint:
        raise KgError("give either a graph file or an endpoint, not both")
    if endpoint:
        return RemoteStore(endpoint, timeout)
    if data is None:
        raise KgError("no graph file given")
    return OxigraphStore.from_file(data)
