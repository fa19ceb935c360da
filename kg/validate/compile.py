"""SHACL shapes compiled to SPARQL: one SELECT per constraint, whose rows are its results.

Covers the SHACL Core targets (class, implicit class, node, subjects-of, objects-of; SPARQL
targets) and constraint components, every property path, nested shapes (sh:node, sh:not,
sh:and, sh:or, sh:xone, sh:qualifiedValueShape, sh:property) as EXISTS expressions, and
SHACL-SPARQL constraints (``sh:sparql``, see ``kg.validate.sparql_constraint``).
Whatever it does not cover raises ``Unsupported`` naming the feature, so that no shape is ever
skipped in silence; ``kg validate --engine auto`` then runs pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from .check import Check, ShapesError, Unsupported
from .report import path_text, severity_name
from .sparql_constraint import component_check, sparql_check
from .targets import deactivated, instances, is_true, target_pattern, targeted_shapes
from .terms import datatype_test, sparql_term, string

__all__ = ["compile_shapes"]

SH_NS = "http://www.w3.org/ns/shacl#"
SH = {name: URIRef(SH_NS + name) for name in (
    "class datatype nodeKind minExclusive minInclusive maxExclusive maxInclusive minLength "
    "maxLength pattern flags languageIn uniqueLang in hasValue node not and or xone property "
    "minCount maxCount equals disjoint lessThan lessThanOrEquals closed ignoredProperties "
    "qualifiedValueShape qualifiedMinCount qualifiedMaxCount qualifiedValueShapesDisjoint "
    "sparql path deactivated severity message targetClass targetNode targetSubjectsOf "
    "targetObjectsOf target NodeShape PropertyShape parameter IRI Literal BlankNode "
    "BlankNodeOrIRI BlankNodeOrLiteral IRIOrLiteral Violation").split()}
# Parameters that are read with their component, and sh: terms that constrain nothing.
NOT_COMPONENTS = {SH_NS + n for n in (
    "flags ignoredProperties qualifiedValueShapesDisjoint qualifiedMinCount qualifiedMaxCount "
    "path deactivated severity message targetClass targetNode targetSubjectsOf targetObjectsOf "
    "target name description order group defaultValue declare prefixes property select ask "
    "labelTemplate").split()}
NODE_KINDS = {
    "IRI": "isIRI({v})", "Literal": "isLiteral({v})", "BlankNode": "isBlank({v})",
    "BlankNodeOrIRI": "!isLiteral({v})", "BlankNodeOrLiteral": "!isIRI({v})",
    "IRIOrLiteral": "!isBlank({v})",
}
COMPARISONS = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">",
               "maxExclusive": "<"}
LOGICAL = ("node", "not", "and", "or", "xone")
VALUE_TESTS = ("class", "datatype", "nodeKind", *COMPARISONS, "minLength", "maxLength",
               "pattern", "languageIn", "in", *LOGICAL)
HOLE = "?value_node"  # the value a condition tests, replaced by the variable counted
NESTED_COUNT_LIMIT = 3  # nested min/max counts pair values up; beyond this, refuse


def compile_shapes(shapes: Graph, hierarchy: dict[str, set[str]] | None = None) -> list[Check]:
    """Every constraint of every shape with a target, as SPARQL checks.

    ``hierarchy`` gives each class of the data graph with its subclasses, for class targets
    and sh:class; without it a class is its own instances only.
    """
    compiler = _Compiler(shapes, hierarchy or {})
    checks = []
    for shape in targeted_shapes(shapes):
        if deactivated(shapes, shape):
            continue
        target = target_pattern(shapes, shape, compiler.hierarchy)
        checks.extend(compiler.checks(shape, target))
    return checks


def _name(term: Node) -> str:
    return str(term).rsplit("#", 1)[-1]


class _Compiler:
    """Compiles shapes with fresh variable names for nested patterns."""

    def __init__(self, shapes: Graph, hierarchy: dict[str, set[str]]) -> None:
        self.g = shapes
        self.hierarchy = hierarchy
        self.count = 0
        self.stack: list[Node] = []
        self.datatypes: set[URIRef] = set()
        self.focus_pattern = ""
        components = set(shapes.subjects(SH["parameter"], None))
        self.parameters = {self.g.value(p, SH["path"]): c for c in components
                           for p in shapes.objects(c, SH["parameter"])
                           if not str(c).startswith(SH_NS)}  # SHACL's own: compiled here

    def var(self) -> str:
        self.count += 1
        return f"?v{self.count}"

    def instances(self, var: str, classes: list[Node]) -> list[str]:
        return instances(var, classes, self.hierarchy)

    # --- checks of a shape with a target ---------------------------------------------------

    def checks(self, shape: Node, target: str, keys: str = "",
               owner: Node | None = None) -> Iterator[Check]:
        """The checks of a shape whose focus nodes ``target`` binds to ?this; ``keys`` are
        the variables that tell apart the routes to a focus node (sh:property below a
        property shape reports a value reached twice twice); ``owner``, the shape with the
        target, names the checks in timings."""
        path, owner = self.g.value(shape, SH["path"]), owner or shape
        severity = severity_name(self.g.value(shape, SH["severity"]) or SH["Violation"])
        for key, obj in self.constraints(shape):
            label, message = _label(owner, path, key), self.message(shape, key, obj)
            if key == "sparql":
                if deactivated(self.g, obj):
                    continue
                yield sparql_check(self.g, shape, obj, target, path, message, severity, label)
                continue
            if key == "component":
                check = component_check(self.g, shape, obj, target, path, severity, label)
                if check is not None:
                    yield check
                continue
            self.datatypes, self.focus_pattern = set(), target
            pattern = self.violation(shape, key, obj, "?this", "?value")
            select = f"?this ?value ?path ?key {keys}".strip()
            sparql = f"SELECT DISTINCT {select} WHERE {{ {target} {pattern} }}"
            yield Check(shape, path, URIRef(SH_NS + _component(key)), sparql, message, severity,
                        label, datatypes=tuple(sorted(self.datatypes)))
        for prop in sorted(self.g.objects(shape, SH["property"]), key=str):
            if deactivated(self.g, prop):
                continue
            if path is None:
                yield from self.checks(prop, target, keys, owner)
                continue
            parent = self.var()
            inner = re.sub(r"\?this\b", parent, target)
            values = f"{inner} {parent} {path_text(self.g, path)} ?this ."
            yield from self.checks(prop, values, f"{keys} {parent}", owner)

    def constraints(self, shape: Node) -> list[tuple[str, Node]]:
        """The (component parameter, value) pairs of a shape; refuses what it cannot check."""
        found = []
        components = {self.parameters[p] for p in self.g.predicates(shape) if p in self.parameters}
        found += [("component", c) for c in sorted(components, key=str)]
        for predicate, obj in sorted(self.g.predicate_objects(shape)):
            if predicate in self.parameters:
                continue
            if not str(predicate).startswith(SH_NS) or str(predicate) in NOT_COMPONENTS:
                continue
            key = str(predicate)[len(SH_NS):]
            if key == "qualifiedValueShape":
                found += self.qualified(shape, obj)
                continue
            if key not in COMPONENT_KEYS:
                raise Unsupported(f"shape {shape}: sh:{key} is not supported")
            found.append((key, obj))
        return found

    def qualified(self, shape: Node, qualified: Node) -> list[tuple[str, Node]]:
        """sh:qualifiedValueShape as its min and max count components (their shape: ``obj``)."""
        keys = [k for k in ("qualifiedMinCount", "qualifiedMaxCount")
                if self.g.value(shape, SH[k]) is not None]
        if not keys:
            raise ShapesError(f"shape {shape}: sh:qualifiedValueShape without a count")
        return [(k, qualified) for k in keys]

    def message(self, shape: Node, key: str, obj: Node) -> str:
        """The shape's sh:message, or one naming the constraint."""
        messages = sorted(str(m) for m in self.g.objects(shape, SH["message"]))
        name = self.g.value(shape, URIRef(SH_NS + "name")) or shape
        shown = str(obj) if isinstance(obj, Literal) else f"<{obj}>" if isinstance(obj, URIRef) \
            else "(...)"
        return "; ".join(messages) or f"{name}: sh:{key} {shown} is not met"

    # --- value nodes and violations ----------------------------------------------------------

    def path(self, shape: Node) -> str | None:
        path = self.g.value(shape, SH["path"])
        return None if path is None else path_text(self.g, path)

    def values(self, shape: Node, focus: str, value: str) -> str:
        """A pattern binding ``value`` to each value node of ``focus`` for the shape."""
        path = self.path(shape)
        return f"BIND ({focus} AS {value})" if path is None else f"{focus} {path} {value} ."

    def has_value(self, shape: Node, focus: str, value: str) -> str:
        """An expression: ``value`` (bound) is a value node of ``focus``."""
        path = self.path(shape)
        return f"sameTerm({focus}, {value})" if path is None else \
            f"EXISTS {{ {focus} {path} {value} }}"

    def violation(self, shape: Node, key: str, obj: Node, focus: str, value: str) -> str:
        """A group pattern with a solution (``value`` bound when there is one) per violation."""
        if key in VALUE_TESTS:
            test = self.test(key, obj, value, shape)
            return f"{self.values(shape, focus, value)} FILTER (!COALESCE({test}, false))"
        if key in ("sparql", "component"):
            what = "sh:sparql" if key == "sparql" else f"component {obj}"
            raise Unsupported(f"shape {shape}: SHACL-SPARQL ({what}) in a nested shape")
        return getattr(self, f"v_{key}")(shape, obj, focus, value)

    # --- value tests: an expression on ``v`` that holds when the value conforms ----------

    def test(self, key: str, obj: Node, v: str, shape: Node) -> str:
        if key == "class":
            return f"EXISTS {{ {' UNION '.join(self.instances(v, [obj]))} }}"
        if key == "datatype":
            test, scanned = datatype_test(obj, v)
            self.datatypes |= scanned
            return test
        if key == "nodeKind":
            if _name(obj) not in NODE_KINDS or not str(obj).startswith(SH_NS):
                raise ShapesError(f"shape {shape}: sh:nodeKind {obj} is not a node kind")
            return NODE_KINDS[_name(obj)].format(v=v)
        if key in COMPARISONS:
            return f"COALESCE({v} {COMPARISONS[key]} {sparql_term(obj)}, false)"
        if key in ("minLength", "maxLength"):
            op = ">=" if key == "minLength" else "<="
            return f"!isBlank({v}) && STRLEN(STR({v})) {op} {int(obj)}"
        if key == "pattern":
            flags = self.g.value(shape, SH["flags"])
            extra = f", {string(str(flags))}" if flags is not None else ""
            return f"!isBlank({v}) && REGEX(STR({v}), {string(str(obj))}{extra})"
        if key == "languageIn":
            ranges = [f"langMatches(LANG({v}), {string(str(t))})" for t in self.list(obj)]
            return f"LANG({v}) != '' && ({' || '.join(ranges) or 'false'})"
        if key == "in":
            return " || ".join(f"sameTerm({v}, {sparql_term(m)})" for m in self.list(obj)) \
                or "false"
        return self.logical(key, obj, v)

    def logical(self, key: str, obj: Node, v: str) -> str:
        if key == "node":
            return self.conforms(obj, v)
        if key == "not":
            return f"!({self.conforms(obj, v)})"
        tests = [f"({self.conforms(s, v)})" for s in self.list(obj)]
        if key == "and":
            return " && ".join(tests) or "true"
        if key == "or":
            return " || ".join(tests) or "false"
        counted = " + ".join(f"IF({t}, 1, 0)" for t in tests) or "0"
        return f"({counted}) = 1"

    def list(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def conforms(self, shape: Node, v: str) -> str:
        """An expression that holds when the node ``v`` conforms to ``shape``."""
        if shape in self.stack:
            raise Unsupported(f"shape {shape}: recursive shapes")
        if deactivated(self.g, shape):
            return "true"
        self.stack.append(shape)
        tests, patterns = [], []
        own_path = self.g.value(shape, SH["path"]) is not None
        for key, obj in self.constraints(shape):
            if key in VALUE_TESTS and not own_path:
                tests.append(f"COALESCE({self.test(key, obj, v, shape)}, false)")
            else:
                patterns.append(self.violation(shape, key, obj, v, self.var()))
        for prop in sorted(self.g.objects(shape, SH["property"]), key=str):
            patterns.append(self.v_property(shape, prop, v, self.var()))
        self.stack.pop()
        tests += [f"NOT EXISTS {{ {p} }}" for p in patterns]
        return " && ".join(tests) or "true"

    # --- components over all value nodes ----------------------------------------------------

    def v_property(self, shape: Node, prop: Node, focus: str, value: str) -> str:
        if deactivated(self.g, prop):
            return "FILTER (false)"
        return (f"{self.values(shape, focus, value)} "
                f"FILTER (!COALESCE({self.conforms(prop, value)}, false))")

    def v_hasValue(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        return f"FILTER (!({self.has_value(shape, focus, sparql_term(obj))}))"

    def v_minCount(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        return self.count_check(shape, focus, "", int(obj), at_least=True)

    def v_maxCount(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        return self.count_check(shape, focus, "", int(obj), at_least=False)

    def v_qualifiedMinCount(self, shape: Node, obj: Node, focus: str, value: str,
                            at_least: bool = True) -> str:
        tests = [self.conforms(obj, HOLE)]
        if is_true(self.g.value(shape, SH["qualifiedValueShapesDisjoint"])):
            tests += [f"!({self.conforms(other, HOLE)})" for other in self.siblings(shape, obj)]
        key = "qualifiedMinCount" if at_least else "qualifiedMaxCount"
        return self.count_check(shape, focus, " && ".join(f"({t})" for t in tests),
                                int(self.g.value(shape, SH[key])), at_least)

    def v_qualifiedMaxCount(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        return self.v_qualifiedMinCount(shape, obj, focus, value, at_least=False)

    def siblings(self, shape: Node, qualified: Node) -> list[Node]:
        """The other qualified value shapes of the property shapes beside ``shape``."""
        found = set()
        for parent in self.g.subjects(SH["property"], shape):
            for prop in self.g.objects(parent, SH["property"]):
                found |= set(self.g.objects(prop, SH["qualifiedValueShape"]))
        return sorted(found - {qualified}, key=str)

    def count_check(self, shape: Node, focus: str, condition: str, limit: int,
                    at_least: bool) -> str:
        """A violation when ``focus`` has fewer (``at_least``) or more than ``limit`` value
        nodes meeting ``condition`` (an expression on ``HOLE``; empty for every value)."""
        if at_least and limit == 0:
            return "FILTER (false)"
        if focus == "?this" and (limit > 1 or condition):
            v = self.var()
            met = f"FILTER ({condition.replace(HOLE, v)})" if condition else ""
            op = "<" if at_least else ">"
            n = self.var()
            return (f"{{ SELECT ?this (COUNT(DISTINCT {v}) AS {n}) WHERE {{ "
                    f"{self.focus_pattern} OPTIONAL {{ {self.values(shape, '?this', v)} {met} }}"
                    f" }} GROUP BY ?this }} FILTER ({n} {op} {limit})")
        needed = limit if at_least else limit + 1
        if needed > NESTED_COUNT_LIMIT:
            raise Unsupported(f"shape {shape}: a count above {NESTED_COUNT_LIMIT - 1} in a "
                              f"nested shape")
        found = [self.var() for _ in range(needed)]
        pattern = " ".join(self.values(shape, focus, v) for v in found)
        tests = [condition.replace(HOLE, v) for v in found if condition]
        tests += [f"!sameTerm({a}, {b})" for i, a in enumerate(found) for b in found[i + 1:]]
        inner = f"{pattern} FILTER ({' && '.join(tests)})" if tests else pattern
        return f"FILTER NOT EXISTS {{ {inner} }}" if at_least else inner

    def v_equals(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        other = sparql_term(obj)
        # Both sides' values in one pattern: the path or, for a node shape, the node itself
        # (a zero-length path), then those on one side only.
        path = self.path(shape)
        either = f"({path}|{other})" if path is not None else f"{other}?"
        return (f"{focus} {either} {value} FILTER (({self.has_value(shape, focus, value)}) != "
                f"EXISTS {{ {focus} {other} {value} }})")

    def v_disjoint(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        return f"{self.values(shape, focus, value)} {focus} {sparql_term(obj)} {value} ."

    def v_lessThan(self, shape: Node, obj: Node, focus: str, value: str, op: str = "<") -> str:
        other = "?key" if focus == "?this" else self.var()
        return (f"{self.values(shape, focus, value)} {focus} {sparql_term(obj)} {other} "
                f"FILTER (!COALESCE({value} {op} {other}, false))")

    def v_lessThanOrEquals(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        return self.v_lessThan(shape, obj, focus, value, "<=")

    def v_closed(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        if not is_true(obj):
            return "FILTER (false)"
        allowed = {p for prop in self.g.objects(shape, SH["property"])
                   for p in self.g.objects(prop, SH["path"]) if isinstance(p, URIRef)}
        ignored = self.g.value(shape, SH["ignoredProperties"])
        allowed |= set(self.list(ignored)) if ignored is not None else set()
        node, predicate = self.var(), "?path" if focus == "?this" else self.var()
        listed = ", ".join(sparql_term(p) for p in sorted(allowed))
        test = f"FILTER ({predicate} NOT IN ({listed}))" if listed else ""
        return f"{self.values(shape, focus, node)} {node} {predicate} {value} {test}"

    def v_uniqueLang(self, shape: Node, obj: Node, focus: str, value: str) -> str:
        if not is_true(obj):
            return "FILTER (false)"
        if self.path(shape) is None:
            raise ShapesError(f"shape {shape}: sh:uniqueLang on a node shape")
        one, other = self.var(), self.var()
        lang = "?key" if focus == "?this" else self.var()
        return (f"{self.values(shape, focus, one)} {self.values(shape, focus, other)} "
                f"FILTER (LANG({one}) != '' && !sameTerm({one}, {other}) && "
                f"LCASE(LANG({one})) = LCASE(LANG({other}))) BIND (LCASE(LANG({one})) AS {lang})")


COMPONENT_KEYS = set(VALUE_TESTS) | {n[2:] for n in dir(_Compiler) if n.startswith("v_")} | \
    {"sparql"}


def _component(key: str) -> str:
    return f"{key[0].upper()}{key[1:]}ConstraintComponent"


def _label(owner: Node, path: Node | None, key: str) -> str:
    where = f" {path}" if isinstance(path, URIRef) else " (path)" if path is not None else ""
    return f"{owner}{where} sh:{key}"

