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


class WriteError(KgError):
    """An output file cannot be written (a folder, a device, no permission, a full disk)."""
