"""SHACL validation as SPARQL on the embedded pyoxigraph store: the fast path for big graphs.

Each constraint of the shapes becomes one SELECT that returns its violations, run over the
default graph of a merged store (``kg.store.load_merged``: every triple once, as SHACL's data
graph is a set; pyoxigraph's union default graph repeats a triple once per graph).
Covers the SHACL Core components the shapes use (targetClass, targetObjectsOf; class,
datatype, nodeKind, pattern, in, min/maxCount, min/maxInclusive, lessThan, lessThanOrEquals,
or, node) and SHACL-SPARQL constraints (``sh:sparql``).
A shape using any other component raises ``DataError`` naming it, rather than passing quietly.
The results are ``kg.validate`` records, as pySHACL's are; tests compare the two. Values are
the same terms, but for the lexical form of decimals: pyoxigraph writes 1250.0 as 1250.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import DataError
from .sparql_guard import check_query
from .validate import Report, Result, load_shapes
from .vocab import SH

__all__ = ["Check", "compile_shapes", "validate_graphs", "validate_store"]

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
NODE_KINDS = {
    SH.IRI: "isIRI(?value)", SH.Literal: "isLiteral(?value)", SH.BlankNode: "isBlank(?value)",
    SH.BlankNodeOrIRI: "!isLiteral(?value)", SH.BlankNodeOrLiteral: "!isIRI(?value)",
    SH.IRIOrLiteral: "!isBlank(?value)",
}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
               SH.maxExclusive: "<"}
PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}
IGNORED = {RDF.type, SH.name, SH.description, SH.message, SH.severity, SH.path, SH.property,
           SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode, SH.order,
           SH.group, SH.deactivated, SH.declare, SH.defaultValue, SH.target}


@dataclass(frozen=True)
class Check:
    """One constraint as a query whose rows (?this, ?value) are its violations."""

    shape: Node
    path: Node | None
    sparql: str
    message: str
    severity: str = "Violation"
    label: str = ""  # the node shape, the path and the constraint, for timings


def validate_store(store: ox.Store, shapes_dir: Path, graph: ox.NamedNode | None = None,
                   timings: list[tuple[float, Check]] | None = None) -> Report:
    """Validates the default graph of ``store`` (or only ``graph``) against ``shapes_dir``.

    ``timings``, when given, receives (seconds, check) for every check run.
    """
    checks = compile_shapes(load_shapes(shapes_dir), subclasses(store, graph))
    results = _run(store, checks, graph, timings)
    return Report(not results, tuple(results))


def validate_graphs(store: ox.Store, shapes_dir: Path) -> Report:
    """Validates each named graph of a quad store on its own (one article at a time)."""
    shapes = load_shapes(shapes_dir)
    compiled: dict[tuple, list[Check]] = {}  # graphs rarely declare classes: compile once
    results = []
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        hierarchy = subclasses(store, graph)
        key = tuple(sorted((c, tuple(sorted(subs))) for c, subs in hierarchy.items()))
        if key not in compiled:
            compiled[key] = compile_shapes(shapes, hierarchy)
        results.extend(_run(store, compiled[key], graph))
    return Report(not results, tuple(results))


def subclasses(store: ox.Store, graph: ox.NamedNode | None = None) -> dict[str, set[str]]:
    """Each class of the data graph with its subclasses (``rdfs:subClassOf+``), as SHACL reads
    class targets and sh:class: computed once, rather than as a path in every check."""
    found: dict[str, set[str]] = {}
    query = f"SELECT ?sub ?sup WHERE {{ ?sub {SUBCLASS_OF}+ ?sup }}"
    for row in store.query(query, **_scope(graph)):
        if isinstance(row["sub"], ox.NamedNode) and isinstance(row["sup"], ox.NamedNode):
            found.setdefault(row["sup"].value, set()).add(row["sub"].value)
    return found


def _scope(graph: ox.NamedNode | None) -> dict:
    """Query options: the default graph, or only ``graph``."""
    return {"default_graph": graph} if graph is not None else {}


def _run(store: ox.Store, checks: list[Check], graph: ox.NamedNode | None,
         timings: list[tuple[float, Check]] | None = None) -> list[Result]:
    """The results of ``checks``, in a stable order."""
    results = []
    for check in checks:
        start = time.perf_counter()
        check_query(check.sparql, "shape check")  # shapes may come from users
        solutions = store.query(check.sparql, **_scope(graph))
        names = {v.value for v in solutions.variables}
        for row in solutions:
            bound = {name: row[name] for name in names}
            # SHACL: with no ?value, a node shape's result has the focus node as its value.
            value = bound.get("value") or (bound["this"] if check.path is None else None)
            results.append(Result(check.severity, _rdflib(bound["this"]), check.path,
                                  _rdflib(value), _fill(check.message, bound),
                                  check.shape, _rdflib(graph)))
        if timings is not None:
            timings.append((time.perf_counter() - start, check))
    results.sort(key=lambda r: (str(r.focus), str(r.path), r.message))
    return results


def _fill(message: str, bound: dict) -> str:
    """SHACL-SPARQL message templates: {?var} and {$var} become the values found."""
    def value(m: re.Match) -> str:
        term = bound.get(m.group(1))  # as computed: pyoxigraph and rdflib agree on these
        return "" if term is None else term.value
    return re.sub(r"\{[?$](\w+)\}", value, message)


def compile_shapes(shapes: Graph, hierarchy: dict[str, set[str]] | None = None) -> list[Check]:
    """Every constraint of every targeted node shape, as a SPARQL check.

    ``hierarchy`` (see ``subclasses``) gives the subclasses of the data graph, for class
    targets and sh:class; without it a class is its own instances only.
    """
    checks = []
    hierarchy = hierarchy or {}
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        target = _target(shapes, shape, hierarchy)
        if target is None or shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        checks.extend(_checks(shapes, shape, None, target, hierarchy, shape))
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            checks.extend(_checks(shapes, prop, shapes.value(prop, SH.path), target,
                                  hierarchy, shape))
    return checks


def _instances(var: str, classes: list[Node], hierarchy: dict[str, set[str]]) -> list[str]:
    """Patterns (one per class, for a UNION) matching the instances of ``classes``.

    Plain rdf:type patterns rather than the path rdf:type/rdfs:subClassOf*, which stores
    evaluate from every typed node: a hundred times slower on a large graph.
    """
    names = sorted({str(c) for c in classes}
                   | {sub for c in classes for sub in hierarchy.get(str(c), ())})
    return [f"{{ ?{var} {RDF_TYPE} <{name}> }}" for name in names]


def _target(shapes: Graph, shape: Node, hierarchy: dict[str, set[str]]) -> str | None:
    """A graph pattern binding ?this to each focus node of the shape."""
    def each(key):
        return sorted(shapes.objects(shape, key))

    parts = _instances("this", each(SH.targetClass), hierarchy)
    parts += [f"{{ [] {_iri(p)} ?this }}" for p in each(SH.targetObjectsOf)]
    parts += [f"{{ ?this {_iri(p)} [] }}" for p in each(SH.targetSubjectsOf)]
    parts += [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in each(SH.targetNode)]
    for target in each(SH.target):
        if (target, RDF.type, SH.SPARQLTarget) not in shapes:
            raise DataError(f"shape {shape_name(shapes, shape)}: only SPARQL targets are "
                            f"supported as sh:target")
        select = re.sub(r"\$this\b", "?this", str(shapes.value(target, SH.select)))
        parts.append(f"{{ {select} }}")
    return " UNION ".join(parts) or None


def _prologue(shapes: Graph) -> str:
    """Every prefix the shapes declare (sh:declare), for the SHACL-SPARQL queries."""
    declared = {(str(shapes.value(d, SH.prefix)), str(shapes.value(d, SH.namespace)))
                for d in shapes.objects(None, SH.declare)}
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in sorted(declared))


def _checks(shapes: Graph, shape: Node, path: Node | None, target: str,
            hierarchy: dict[str, set[str]], owner: Node) -> Iterator[Check]:
    """The checks of one shape (of node shape ``owner``); ``path`` None for its own."""
    message = _message(shapes, shape)
    severity = str(shapes.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    values = (f"?this {_path(shapes, path)} ?value ." if path is not None
              else "BIND (?this AS ?value)")
    for predicate, obj in sorted(shapes.predicate_objects(shape)):
        if predicate in IGNORED:
            continue
        if predicate == SH.sparql:
            own = _message(shapes, obj) if (obj, SH.message, None) in shapes else message
            sparql = _prologue(shapes) + _sparql_constraint(shapes, obj, target)
            yield Check(shape, path, sparql, own, severity, _label(owner, path, predicate))
            continue
        sparql = _constraint(shapes, predicate, obj, path, target, values, hierarchy)
        yield Check(shape, path, sparql, message, severity, _label(owner, path, predicate))


def _label(owner: Node, path: Node | None, component: Node) -> str:
    where = f" {path}" if isinstance(path, URIRef) else " (path)" if path is not None else ""
    return f"{owner}{where} sh:{str(component).rsplit('#', 1)[-1]}"


def _constraint(shapes, predicate, obj, path, target, values, hierarchy) -> str:
    select = f"SELECT DISTINCT ?this ?value WHERE {{ {target} {values} FILTER ({{}}) }}"
    if predicate in (SH.minCount, SH.maxCount) and path is not None:
        return _count(predicate, int(obj), _path(shapes, path), target, values)
    if predicate in PAIRS and path is not None:
        return (f"SELECT DISTINCT ?this ?value WHERE {{ {target} {values} ?this {_iri(obj)} ?other"
                f" FILTER (!COALESCE(?value {PAIRS[predicate]} ?other, false)) }}")
    test = _test(shapes, predicate, obj, hierarchy)
    if test is None:
        raise DataError(f"shape {shape_name(shapes, obj)}: {predicate} is not supported by the "
                        f"SPARQL validator; use pySHACL (kg validate) for these shapes")
    return select.replace("{}", f"!({test})", 1)


def _count(predicate: Node, limit: int, path: str, target: str, values: str) -> str:
    """min/maxCount; the usual bounds (at least one, at most one) without grouping every node."""
    if predicate == SH.minCount and limit == 1:
        return f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ {values} }} }}"
    if predicate == SH.maxCount and limit == 1:
        return (f"SELECT DISTINCT ?this WHERE {{ {target} ?this {path} ?value, ?other . "
                f"FILTER (!sameTerm(?value, ?other)) }}")
    test = "<" if predicate == SH.minCount else ">"
    return (f"SELECT ?this WHERE {{ {target} OPTIONAL {{ {values} }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {test} {limit})")


def _test(shapes: Graph, predicate: Node, obj: Node, hierarchy: dict[str, set[str]]) -> str | None:
    """A SPARQL expression on ?value that holds when the value conforms; None if unsupported."""
    if predicate == SH["class"]:
        return f"EXISTS {{ {' UNION '.join(_instances('value', [obj], hierarchy))} }}"
    if predicate == SH.datatype:
        if obj == RDF.langString:
            return "isLiteral(?value) && LANG(?value) != ''"
        return f"isLiteral(?value) && LANG(?value) = '' && DATATYPE(?value) = {_iri(obj)}"
    if predicate == SH.nodeKind:
        return NODE_KINDS.get(obj)
    if predicate == SH.pattern:
        return f"!isBlank(?value) && REGEX(STR(?value), {_string(str(obj))})"
    if predicate == SH["in"]:
        members = [f"sameTerm(?value, {_term(m)})" for m in Collection(shapes, obj)]
        return " || ".join(members) or "false"
    if predicate in COMPARISONS:
        return f"COALESCE(?value {COMPARISONS[predicate]} {_term(obj)}, false)"
    if predicate == SH["or"]:
        tests = [_shape_test(shapes, member, hierarchy) for member in Collection(shapes, obj)]
        return None if None in tests else " || ".join(f"({t})" for t in tests) or "false"
    if predicate == SH.node:
        return _shape_test(shapes, obj, hierarchy)
    return None


def _shape_test(shapes: Graph, shape: Node, hierarchy: dict[str, set[str]]) -> str | None:
    """A shape without a path whose constraints are all expressions, as one expression."""
    tests = [_test(shapes, p, o, hierarchy) for p, o in shapes.predicate_objects(shape)
             if p not in IGNORED]
    return None if not tests or None in tests else " && ".join(f"({t})" for t in tests)


def _sparql_constraint(shapes: Graph, constraint: Node, target: str) -> str:
    """A SHACL-SPARQL SELECT with $this bound to each focus node of the target."""
    body = re.sub(r"\$this\b", "?this", str(shapes.value(constraint, SH.select)))
    where = re.search(r"\bWHERE\s*\{", body, re.I)
    if where is None:
        raise DataError(f"shape {shape_name(shapes, constraint)}: sh:select has no WHERE {{")
    return f"{body[:where.end()]} {target} {body[where.end():]}"


def _path(shapes: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return _iri(path)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(shapes, p) for p in Collection(shapes, alternatives)) + ")"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path(shapes, inverse)}"
    if shapes.value(path, RDF.first) is not None:
        return "(" + "/".join(_path(shapes, p) for p in Collection(shapes, path)) + ")"
    for key, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, key)
        if inner is not None:
            return f"({_path(shapes, inner)}){suffix}"
    raise DataError(f"unsupported SHACL path {path}")


def _message(shapes: Graph, shape: Node) -> str:
    messages = sorted(str(m) for m in shapes.objects(shape, SH.message))
    return "; ".join(messages) or f"{shape_name(shapes, shape)} is not met"


def shape_name(shapes: Graph, shape: Node) -> str:
    return str(shapes.value(shape, SH.name) or shape)


def _iri(term: Node) -> str:
    return f"<{term}>"


def _term(term: Node) -> str:
    if isinstance(term, Literal):
        return term.n3().replace("\n", "\\n")
    return _iri(term) if isinstance(term, URIRef) else f"_:{term}"


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rdflib(term) -> Node | None:
    """A pyoxigraph term as the rdflib term pySHACL would report."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
