"""The errors a store raises beside ``kg.errors``' QueryError and QueryRefused.

A remote store's errors also carry ``line``: the failure in one line naming the endpoint,
as the CLI says it (``kg.query.run_select``); their message is what the server answers.
"""

from __future__ import annotations

from ..errors import KgError


class QueryTimeout(KgError):
    """A query ran past the time limit."""


class ResultLimitExceeded(KgError):
    """A query's answer is longer than the result limit."""


class EndpointError(KgError):
    """The remote SPARQL endpoint failed or could not be reached."""


class Busy(KgError):
    """Every query worker is taken, or enough long queries already run: retry later."""


class EngineFailure(KgError):
    """The query engine crashed, panicked or ran out of memory on a query."""
