"""Which shapes have targets, and their focus nodes as a SPARQL pattern binding ?this."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .check import Unsupported
from .sparql_constraint import sparql_target
from .terms import sparql_term

__all__ = ["deactivated", "instances", "is_true", "target_pattern", "targeted_shapes"]

SH = "http://www.w3.org/ns/shacl#"
TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target")
RDF_TYPE = f"<{RDF.type}>"


def targeted_shapes(shapes: Graph) -> list[Node]:
    """The shapes with a target, explicit or implicit (a shape that is also an rdfs:Class)."""
    found = {s for key in TARGETS for s in shapes.subjects(URIRef(SH + key), None)}
    found |= {node for node in _class_shapes(shapes)}
    return sorted(found, key=str)


def _class_shapes(shapes: Graph) -> set[Node]:
    classes = set(shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class))
    return {node for cls in classes for node in shapes.subjects(RDF.type, cls)
            if _is_shape(shapes, node)}


def _is_shape(shapes: Graph, node: Node) -> bool:
    types = set(shapes.objects(node, RDF.type))
    return bool(types & {URIRef(SH + "NodeShape"), URIRef(SH + "PropertyShape")}) or \
        (node, URIRef(SH + "path"), None) in shapes or \
        (node, URIRef(SH + "property"), None) in shapes


def deactivated(shapes: Graph, shape: Node) -> bool:
    return is_true(shapes.value(shape, URIRef(SH + "deactivated")))


def is_true(term: Node | None) -> bool:
    """SHACL's true: "true"^^xsd:boolean, not "1" (the shapes keep literals as written)."""
    return isinstance(term, Literal) and term.datatype == XSD.boolean and str(term) == "true"


def target_pattern(shapes: Graph, shape: Node, hierarchy: dict[str, set[str]]) -> str:
    """A graph pattern binding ?this to each focus node of the shape."""
    def each(key):
        return sorted(shapes.objects(shape, URIRef(SH + key)), key=str)

    classes = each("targetClass") + ([shape] if shape in _class_shapes(shapes) else [])
    parts = instances("?this", classes, hierarchy)
    parts += [f"{{ [] {sparql_term(p)} ?this }}" for p in each("targetObjectsOf")]
    parts += [f"{{ ?this {sparql_term(p)} [] }}" for p in each("targetSubjectsOf")]
    parts += [f"{{ VALUES ?this {{ {sparql_term(n)} }} }}" for n in each("targetNode")]
    parts += [sparql_target(shapes, shape, t) for t in each("target")]
    return " UNION ".join(parts)


def instances(var: str, classes: list[Node], hierarchy: dict[str, set[str]]) -> list[str]:
    """Patterns (one per class, for a UNION) matching the SHACL instances of ``classes``.

    Plain rdf:type patterns over the data graph's subclasses rather than the path
    rdf:type/rdfs:subClassOf*, which stores evaluate from every typed node: a hundred times
    slower on a large graph.
    """
    if any(not isinstance(c, URIRef) for c in classes):
        raise Unsupported(f"a class that is not an IRI: {[str(c) for c in classes]}")
    names = sorted({str(c) for c in classes}
                   | {sub for c in classes for sub in hierarchy.get(str(c), ())})
    return [f"{{ {var} {RDF_TYPE} <{name}> }}" for name in names]
