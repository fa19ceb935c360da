"""RDF terms written into SPARQL, and sh:datatype as a SPARQL test, ill-formed literals included.

pyoxigraph keeps the XSD values it understands in canonical form and an ill-formed literal as
written: a cast of the lexical form gives the same term back only when the literal is
well-formed. Other XSD types (gYear, anyURI...) have their ill-formed literals marked in a
graph of their own before the checks run (``ILL_FORMED``, filled by ``kg.validate.sparql``).
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .check import Unsupported

__all__ = ["ILL_FORMED", "datatype_test", "sparql_term", "string"]

ILL_FORMED = "urn:kg:validate:ill-formed"  # graph, subject and predicate of the marks
CASTS = {XSD[t] for t in ("integer decimal double float boolean date dateTime time "
                          "duration").split()}
# pyoxigraph stores these as xsd:integer: their datatype cannot be told apart in the store.
FOLDED = {XSD[t] for t in ("byte short int long unsignedByte unsignedShort unsignedInt "
                           "unsignedLong positiveInteger nonNegativeInteger negativeInteger "
                           "nonPositiveInteger").split()}


def datatype_test(datatype: Node, v: str) -> tuple[str, set[URIRef]]:
    """An expression on ``v`` that holds when it is a well-formed literal of ``datatype``, and
    the datatypes whose ill-formed literals it needs marked."""
    if datatype == RDF.langString:
        return f"isLiteral({v}) && LANG({v}) != ''", set()
    if datatype in FOLDED:
        raise Unsupported(f"sh:datatype {datatype}: pyoxigraph stores its values as xsd:integer")
    test = f"isLiteral({v}) && DATATYPE({v}) = <{datatype}>"
    if datatype in CASTS:
        return f"{test} && COALESCE(sameTerm(<{datatype}>(STR({v})), {v}), false)", set()
    if str(datatype).startswith(str(XSD)) and datatype != XSD.string:
        marked = f"<{ILL_FORMED}>"
        return (f"{test} && NOT EXISTS {{ GRAPH {marked} {{ {marked} {marked} {v} }} }}",
                {URIRef(datatype)})
    return test, set()


def sparql_term(term: Node) -> str:
    if isinstance(term, Literal):
        return term.n3().replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise Unsupported(f"the blank node {term} as a value in a shape")


def string(text: str) -> str:
    """A SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
