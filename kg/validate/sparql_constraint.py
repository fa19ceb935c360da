"""SHACL-SPARQL constraints (``sh:sparql``) and SPARQL targets as checks, with $this pre-bound.

Pre-binding is SHACL's: $this is the focus node everywhere in the query, inner groups and
sub-SELECTs included. Where every $this stands in the query's own group, or in OPTIONAL,
EXISTS or sub-SELECT groups, and the query's own group matches $this in a triple, joining the
target pattern at the start of the WHERE clause gives the same rows, for all focus nodes at
once; otherwise the query runs once per focus node with $this substituted (``substitute``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from .check import Check, ShapesError, Unsupported
from .report import path_text
from .terms import sparql_term

__all__ = ["SHAPES_GRAPH", "component_check", "sparql_check", "sparql_target"]

SHAPES_GRAPH = "urn:kg:validate:shapes"  # the shapes graph in the store, for $shapesGraph

SH = "http://www.w3.org/ns/shacl#"
FORBIDDEN = re.compile(r"\b(MINUS|SERVICE|VALUES)\b", re.I)
REBOUND = re.compile(r"\bAS\s+[?$](this|shapesGraph|currentShape)\b", re.I)
OPENERS = re.compile(r"(\bWHERE|\bOPTIONAL|\bEXISTS)?\s*\{\s*$", re.I)


def sparql_check(shapes: Graph, shape: Node, constraint: Node, target: str, path: Node | None,
                 message: str, severity: str, label: str):
    """The check of one ``sh:sparql`` constraint of ``shape``."""
    select = shapes.value(constraint, URIRef(SH + "select"))
    if select is None:
        raise Unsupported(f"shape {shape}: a SPARQL constraint without sh:select")
    body = _prebound(shapes, shape, str(select), path)
    where = re.search(r"\bWHERE\s*\{", body, re.I)
    if where is None:
        raise ShapesError(f"shape {shape}: sh:select has no WHERE {{")
    own = sorted(str(m) for m in shapes.objects(constraint, URIRef(SH + "message")))
    prologue = _prologue(shapes, constraint)
    substitute = not _joinable(body[where.end():])
    sparql = body if substitute else f"{body[:where.end()]} {target} {body[where.end():]}"
    return Check(shape, path, URIRef(SH + "SPARQLConstraintComponent"), prologue + sparql,
                 "; ".join(own) or message, severity, label, targets=target,
                 substitute=substitute, prologue=prologue)


def component_check(shapes: Graph, shape: Node, component: Node, target: str,
                    path: Node | None, severity: str, label: str):
    """The check of a SPARQL-based constraint component on ``shape``; None when the shape
    lacks one of its mandatory parameters."""
    bound = {}
    for parameter in shapes.objects(component, URIRef(SH + "parameter")):
        key = shapes.value(parameter, URIRef(SH + "path"))
        value = shapes.value(shape, key)
        if value is None and str(shapes.value(parameter, URIRef(SH + "optional"))) != "true":
            return None
        if value is not None:
            bound[re.split(r"[/#]", str(key))[-1]] = value
    validator = _validator(shapes, component, path)
    ask = shapes.value(validator, URIRef(SH + "ask"))
    text = str(ask if ask is not None else shapes.value(validator, URIRef(SH + "select")))
    if ask is not None and re.search(r"\bAS\s+[?$]value\b", text, re.I):
        raise ShapesError(f"component {component}: an ASK validator may not bind ?value")
    for name, value in bound.items():
        text = re.sub(rf"[$?]{name}\b", sparql_term(value), text)
    text = _prebound(shapes, shape, text, path)
    messages = sorted(str(m) for source in (validator, component)
                      for m in shapes.objects(source, URIRef(SH + "message")))[:1]
    message = _filled(messages[0], bound) if messages else f"{shape}: {component} is not met"
    prologue = _prologue(shapes, validator)
    if ask is None:
        where = re.search(r"\bWHERE\s*\{", text, re.I)
        substitute = not _joinable(text[where.end():])
        sparql = text if substitute else f"{text[:where.end()]} {target} {text[where.end():]}"
        return Check(shape, path, component, prologue + sparql, message, severity, label,
                     targets=target, substitute=substitute, prologue=prologue)
    body = text[text.index("{"):]
    values = (f"?this {path_text(shapes, path)} ?value ." if path is not None
              else "BIND (?this AS ?value)")
    sparql = (f"{prologue}SELECT DISTINCT ?this ?value WHERE {{ {target} {values} "
              f"FILTER NOT EXISTS {body.replace('$value', '?value').replace('$this', '?this')} }}")
    return Check(shape, path, component, sparql, message, severity, label, prologue=prologue)


def _validator(shapes: Graph, component: Node, path: Node | None) -> Node:
    kind = "nodeValidator" if path is None else "propertyValidator"
    for key in (kind, "validator"):
        found = shapes.value(component, URIRef(SH + key))
        if found is not None:
            return found
    raise Unsupported(f"component {component} has no validator for a "
                      f"{'node' if path is None else 'property'} shape")


def _filled(message: str, bound: dict) -> str:
    """A message template with the parameters' values written in."""
    return re.sub(r"\{[?$](\w+)\}",
                  lambda m: str(bound[m.group(1)]) if m.group(1) in bound else m.group(0), message)


def sparql_target(shapes: Graph, shape: Node, target: Node) -> str:
    """A SPARQL target (``sh:target [ a sh:SPARQLTarget ; sh:select ... ]``) as a pattern."""
    if (target, URIRef(SH + "select"), None) not in shapes:
        raise Unsupported(f"shape {shape}: sh:target other than a SPARQL target")
    select = str(shapes.value(target, URIRef(SH + "select")))
    return "{ " + re.sub(r"[$]this\b", "?this", select) + " }"


def _prebound(shapes: Graph, shape: Node, query: str, path: Node | None) -> str:
    """The query with $PATH and $currentShape written in; refuses what SHACL forbids."""
    text = _without_comments(query)
    if FORBIDDEN.search(text) or REBOUND.search(text):
        found = (FORBIDDEN.search(text) or REBOUND.search(text)).group(0)
        raise ShapesError(f"shape {shape}: a SPARQL constraint may not use {found}")
    for sub in re.finditer(r"\bSELECT\b(.*?)\bWHERE\b", text, re.I | re.S):
        if not re.search(r"[$?]this\b", sub.group(1)):
            raise ShapesError(f"shape {shape}: a SELECT in a SPARQL constraint must "
                              f"project $this")
    text = re.sub(r"\bbound\s*\(\s*\$(shapesGraph|currentShape)\s*\)", "(true)", text,
                  flags=re.I)
    text = text.replace("$shapesGraph", f"<{SHAPES_GRAPH}>")
    if "$currentShape" in text:
        if not isinstance(shape, URIRef):
            raise Unsupported("$currentShape of a blank-node shape")
        text = text.replace("$currentShape", f"<{shape}>")
    if "$PATH" in text:
        if path is None:
            raise ShapesError(f"shape {shape}: $PATH in a node shape's SPARQL constraint")
        text = text.replace("$PATH", path_text(shapes, path))
    return text


def _prologue(shapes: Graph, constraint: Node) -> str:
    """The prefixes that the constraint's sh:prefixes declare (sh:declare), with those of
    the ontologies these import (owl:imports), as SPARQL."""
    sources = {imported for source in shapes.objects(constraint, URIRef(SH + "prefixes"))
               for imported in shapes.transitive_objects(source, OWL.imports)}
    declared = {(str(shapes.value(d, URIRef(SH + "prefix"))),
                 str(shapes.value(d, URIRef(SH + "namespace"))))
                for source in sources for d in shapes.objects(source, URIRef(SH + "declare"))}
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in sorted(declared))


def _without_comments(query: str) -> str:
    return re.sub(r"(?m)(^|\s)#[^\n]*$", r"\1", query)


def _joinable(where: str) -> bool:
    """True when a target pattern joined at the start of ``where`` pre-binds $this: every
    $this stands in the query's own group or in OPTIONAL, EXISTS or sub-SELECT groups, and
    the query's group and each sub-SELECT that uses $this match it in a triple of their own.
    A sub-SELECT that only projects $this (SHACL asks every one to) does not use it."""
    frames = [_Frame(open=True, where=True)]  # the query's own group
    parens = [0]
    for token in re.finditer(r"[{}()]|[$?]this\b", where):
        text = token.group(0)
        if text == "{":
            opener = OPENERS.search(where[:token.start() + 1])
            keyword = (opener.group(1) or "").upper() if opener else ""
            sub_select = re.match(r"\{\s*SELECT\b", where[token.start():], re.I)
            frames.append(_Frame(open=bool(keyword) or bool(sub_select), where=keyword == "WHERE",
                                 select=bool(sub_select)))
            parens.append(0)
        elif text == "}":
            frame = frames.pop()
            parens.pop()
            if frame.where and frame.used and not frame.bound:
                return False
            if not frames:
                break
            frames[-1].used |= frame.used
        elif text in "()":
            parens[-1] += 1 if text == "(" else -1
        elif not all(f.open for f in frames):
            return False
        elif frames[-1].select and parens[-1] == 0:
            continue  # projected or grouped on, not matched: unbound it joins with any focus node
        else:
            frames[-1].used = True
            frames[-1].bound |= parens[-1] == 0
    return not frames or frames[0].bound or not frames[0].used


@dataclass
class _Frame:
    """A group of a query: whether joining keeps $this bound in it, and how it uses $this."""

    open: bool
    where: bool
    select: bool = False  # a sub-SELECT, outside its WHERE group
    used: bool = False
    bound: bool = False
