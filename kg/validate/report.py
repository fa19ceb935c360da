"""The validation report as data (``Report``, ``Result``) and as text, JSON or a standard
``sh:ValidationReport`` graph that any SHACL tool reads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..errors import KgError
from ..vocab import SH

__all__ = ["REPORT_FORMATS", "Report", "Result", "path_text", "render_report", "report_graph"]

PATH_KINDS = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult; ``graph`` names the article graph when validated per graph.

    ``severity`` is the local name of an sh: severity ("Violation", "Warning", "Info"), or
    the full IRI of any other; ``component`` the sh:sourceConstraintComponent.
    """

    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    shape: Node | None
    graph: URIRef | None = None
    component: URIRef | None = None


@dataclass(frozen=True)
class Report:
    """SHACL's verdict: ``conforms`` is False once any result exists, whatever its severity.

    ``paths`` holds the triples of the blank-node paths the results name (a sequence, an
    inverse...), for writing them out.
    """

    conforms: bool
    results: tuple[Result, ...]
    paths: Graph | None = field(default=None, compare=False, repr=False)

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")


def severity_iri(severity: str) -> URIRef:
    return URIRef(severity) if ":" in severity else SH[severity]


def severity_name(iri: Node | None) -> str:
    """The form ``Result.severity`` keeps: sh:Violation as "Violation", others as IRIs."""
    if iri is None:
        return "Violation"
    return str(iri)[len(SH):] if str(iri).startswith(str(SH)) else str(iri)


def path_text(graph: Graph | None, path: Node) -> str:
    """A SHACL property path in SPARQL property-path syntax (``^ex:p/ex:q*`` with full IRIs)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if graph is None:
        raise KgError(f"the path {path} has no description")
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(path_text(graph, p) for p in Collection(graph, path)) + ")"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(graph, inverse)}"
    for key, suffix in PATH_KINDS:
        inner = graph.value(path, key)
        if inner is not None:
            return f"({path_text(graph, inner)}){suffix}"
    raise KgError(f"not a SHACL property path: {path}")


def report_graph(report: Report) -> Graph:
    """The report as an ``sh:ValidationReport`` graph (blank-node paths copied whole)."""
    g = Graph()
    g.bind("sh", SH)
    top = BNode()
    g.add((top, RDF.type, SH.ValidationReport))
    g.add((top, SH.conforms, Literal(report.conforms, datatype=XSD.boolean)))
    for r in report.results:
        node = BNode()
        g.add((top, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, r.focus))
        g.add((node, SH.resultSeverity, severity_iri(r.severity)))
        for key, term in ((SH.value, r.value), (SH.sourceShape, r.shape),
                          (SH.sourceConstraintComponent, r.component)):
            if term is not None:
                g.add((node, key, term))
        if r.message:
            g.add((node, SH.resultMessage, Literal(r.message)))
        if r.path is not None:
            g.add((node, SH.resultPath, r.path))
            _copy_path(report.paths, r.path, g)
    return g


def _copy_path(source: Graph | None, node: Node, into: Graph) -> None:
    if not isinstance(node, BNode) or source is None:
        return
    for p, o in source.predicate_objects(node):
        into.add((node, p, o))
        _copy_path(source, o, into)


def _json(report: Report) -> str:
    def term(t: Node | None):
        return None if t is None else t.n3() if isinstance(t, Literal) else str(t)

    rows = [{"severity": r.severity, "focus": term(r.focus),
             "path": None if r.path is None else path_text(report.paths, r.path),
             "value": term(r.value), "message": r.message, "shape": term(r.shape),
             "component": term(r.component), "graph": term(r.graph)} for r in report.results]
    return json.dumps({"conforms": report.conforms, "results": rows}, ensure_ascii=False,
                      indent=2) + "\n"


def _text(report: Report) -> str:
    lines = []
    for r in report.results:
        where = f" in {r.graph}" if r.graph else ""
        path = ("" if r.path is None else f" {r.path}" if isinstance(r.path, URIRef)
                else f" {path_text(report.paths, r.path)}")
        lines.append(f"{r.severity}: {r.message} [{r.focus}{path}]{where}")
    violations = len(report.violations)
    # Warnings (e.g. shapes/quality.ttl: what the sources get wrong) are told apart here.
    lines.append(f"{'does not conform' if violations else 'conforms'}: "
                 f"{violations} violations, {len(report.results) - violations} other results")
    return "\n".join(lines) + "\n"


REPORT_FORMATS = {
    "text": _text,
    "turtle": lambda report: report_graph(report).serialize(format="turtle"),
    "json": _json,
}


def render_report(report: Report, fmt: str) -> str:
    try:
        return REPORT_FORMATS[fmt](report)
    except KeyError:
        raise KgError(f"unknown report format {fmt!r}; choose one of "
                      f"{', '.join(REPORT_FORMATS)}") from None
