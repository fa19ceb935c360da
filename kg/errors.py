"""Errors the library raises; the CLI turns each into a one-line message."""


class KgError(Exception):
    """A user-facing failure: bad input, a missing file, an invalid query."""


class SourceError(KgError):
    """An article could not be read or decoded."""


class QueryError(KgError):
    """A SPARQL query is unknown or invalid."""


class DataError(KgError):
    """A graph file is missing or cannot be parsed."""


class QueryRefused(KgError):
    """A query this place does not run: an update on a read-only endpoint, or federation."""


class WriteError(KgError, OSError):
    """An output file cannot be written (a folder, a device, no permission, a full disk).

    Also an ``OSError`` (``filename``, ``strerror``), as callers that write files expect.
    """

    def __init__(self, path, reason: str, message: str | None = None):
        OSError.__init__(self, None, reason, str(path))
        self.message = message or f"{path}: cannot write ({reason})"

    def __str__(self) -> str:
        return self.message
