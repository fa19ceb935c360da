"""rdflib terms and graphs as pyoxigraph's, and pyoxigraph terms as rdflib's."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

__all__ = ["ox_quads", "ox_term", "rdflib_term"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def ox_term(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    kind = ox.NamedNode(str(term.datatype)) if term.datatype else None
    return ox.Literal(str(term), datatype=kind)


def ox_quads(data: Graph) -> Iterator[ox.Quad]:
    """The quads of a Dataset (its default graph as pyoxigraph's), or a Graph's triples in the
    default graph."""
    if isinstance(data, Dataset):
        for s, p, o, g in data.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            graph = ox.DefaultGraph() if name in (None, DATASET_DEFAULT_GRAPH_ID) else ox_term(name)
            yield ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph)
    else:
        for s, p, o in data:
            yield ox.Quad(ox_term(s), ox_term(p), ox_term(o))


def rdflib_term(term) -> Node | None:
    """A pyoxigraph term as rdflib reads it (and pySHACL reports it); None stays None."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:  # a plain literal, as rdflib reads it
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
