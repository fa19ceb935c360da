"""A compiled SHACL constraint (``Check``) and the errors the compiler raises."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from ..errors import DataError

__all__ = ["Check", "ShapesError", "Unsupported"]


class Unsupported(DataError):
    """The shapes use a SHACL feature that the SPARQL engine does not implement."""


class ShapesError(DataError):
    """The shapes break a rule of SHACL (a SPARQL constraint that may not be pre-bound...)."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query whose rows (?this, and ?value, ?path when bound) are its
    results; ``substitute`` runs it once per focus node with $this pre-bound instead."""

    shape: Node
    path: Node | None
    component: URIRef
    sparql: str
    message: str
    severity: str = "Violation"
    label: str = ""
    targets: str = ""
    substitute: bool = False
    prologue: str = ""  # the PREFIX lines that ``sparql`` starts with, for its targets too
    datatypes: tuple[URIRef, ...] = ()  # whose ill-formed literals the store must mark
