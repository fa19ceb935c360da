"""SHACL validation (pySHACL) of a graph against every shape file in a folder; results as data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import DataError
from .vocab import SH

__all__ = ["ENGINES", "Report", "Result", "load_shapes", "validate", "validate_dataset",
           "validate_file"]

ENGINES = ("auto", "sparql", "pyshacl")


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult; ``graph`` names the article graph when validated per graph."""

    severity: str
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    shape: Node | None
    graph: URIRef | None = None


@dataclass(frozen=True)
class Report:
    """SHACL's verdict: ``conforms`` is False once any result exists, whatever its severity."""

    conforms: bool
    results: tuple[Result, ...]

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")


def load_shapes(shapes_dir: Path) -> Graph:
    """Every ``*.ttl`` file of the folder, in name order, as one shapes graph."""
    files = sorted(Path(shapes_dir).glob("*.ttl"))
    if not files:
        raise DataError(f"no SHACL shapes (*.ttl) in {shapes_dir}")
    shapes = Graph()
    for path in files:
        try:
            shapes.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise DataError(f"cannot parse shapes file {path}: {exc}") from exc
    return shapes


def validate_file(path: Path, shapes_dir: Path, engine: str = "auto", per_article: bool = False,
                  timings: list | None = None) -> Report:
    """Validates a graph file with pySHACL or as SPARQL on pyoxigraph (``kg.shacl_sparql``).

    "auto" takes the SPARQL engine unless the shapes use a component it does not cover.
    ``per_article`` validates each article graph on its own: rules across articles then
    find nothing, but an article's report depends on that article alone.
    """
    from . import shacl_sparql
    from .store import load_dataset, load_merged, load_store

    if engine not in ENGINES:
        raise DataError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "auto":
        try:
            shacl_sparql.compile_shapes(load_shapes(shapes_dir))
            engine = "sparql"
        except DataError:
            engine = "pyshacl"
    if engine == "pyshacl":
        return validate_dataset(load_dataset(path), shapes_dir, per_graph=per_article)
    if per_article:
        return shacl_sparql.validate_graphs(load_store(path), shapes_dir)
    return shacl_sparql.validate_store(load_merged(path), shapes_dir, timings=timings)


def validate(data: Graph, shapes_dir: Path) -> Report:
    """Validates one graph (a Dataset: the union of its graphs) against ``shapes_dir``."""
    if isinstance(data, Dataset):
        return validate_dataset(data, shapes_dir)
    return _check(data, load_shapes(shapes_dir))


def validate_dataset(ds: Dataset, shapes_dir: Path, per_graph: bool = False) -> Report:
    """Validates the union of all graphs, or each non-empty graph on its own when ``per_graph``."""
    shapes = load_shapes(shapes_dir)
    if not per_graph:
        union = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        return _check(union, shapes)
    reports = [_check(g, shapes, g.identifier) for g in _graphs(ds)]
    results = tuple(r for report in reports for r in report.results)
    return Report(all(report.conforms for report in reports), results)


def _graphs(ds: Dataset) -> list[Graph]:
    graphs = [g for g in ds.graphs() if len(g)]
    return sorted(graphs, key=lambda g: str(g.identifier))


def _check(data: Graph, shapes: Graph, graph: URIRef | None = None) -> Report:
    conforms, results_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, abort_on_first=False,
    )
    results = tuple(replace(r, graph=graph) for r in _results(results_graph))
    return Report(bool(conforms), results)


def _results(report: Graph) -> tuple[Result, ...]:
    """The top-level results of a SHACL validation report, in a stable order."""
    results = []
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(top, SH.result):
            severity = report.value(node, SH.resultSeverity)
            messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
            results.append(Result(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                message="; ".join(messages),
                shape=report.value(node, SH.sourceShape),
            ))
    return tuple(sorted(results, key=lambda r: (str(r.focus), str(r.path), r.message)))
