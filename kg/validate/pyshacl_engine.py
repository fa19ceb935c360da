"""The reference engine: pySHACL over an rdflib graph, its report read back as ``Report``."""

from __future__ import annotations

from dataclasses import replace

import pyshacl
from pyshacl.errors import ReportableRuntimeError, ValidationFailure
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from ..errors import DataError
from ..vocab import SH
from .report import Report, Result, severity_name

__all__ = ["validate_dataset", "validate_graph"]


def validate_dataset(ds: Dataset, shapes: Graph, per_graph: bool = False) -> Report:
    """Validates the union of all graphs, or each non-empty graph on its own when ``per_graph``."""
    if not per_graph:
        union = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        return validate_graph(union, shapes)
    graphs = sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier))
    reports = [validate_graph(g, shapes, g.identifier) for g in graphs]
    paths = Graph()
    for report in reports:
        paths += report.paths
    results = tuple(r for report in reports for r in report.results)
    return Report(all(report.conforms for report in reports), results, paths)


def validate_graph(data: Graph, shapes: Graph, graph: URIRef | None = None) -> Report:
    try:
        _, results_graph, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=True, abort_on_first=False)
    except ReportableRuntimeError as exc:  # shapes that break a rule of SHACL
        raise DataError(f"pySHACL: {_first_line(exc)}") from None
    except Exception as exc:  # pySHACL's own limits (NotImplementedError, SPARQL prefixes...)
        raise DataError(f"pySHACL cannot validate with these shapes: {_first_line(exc)}") from None
    if isinstance(results_graph, ValidationFailure):  # returned, not raised, for some shapes
        raise DataError(f"pySHACL: {_first_line(results_graph)}")
    results = tuple(replace(r, graph=graph) for r in _results(results_graph))
    return Report(not results, results, results_graph)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip() or type(exc).__name__).splitlines()[0]


def _results(report: Graph) -> tuple[Result, ...]:
    """The top-level results of a SHACL validation report, in a stable order."""
    results = []
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(top, SH.result):
            messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
            results.append(Result(
                severity=severity_name(report.value(node, SH.resultSeverity)),
                focus=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                message="; ".join(messages),
                shape=report.value(node, SH.sourceShape),
                component=report.value(node, SH.sourceConstraintComponent),
            ))
    return tuple(sorted(results, key=lambda r: (str(r.focus), str(r.path), r.message)))
