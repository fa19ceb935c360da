"""SHACL validation of any graph against any shapes, by one of two engines; results as data.

``sparql`` (``kg.validate.sparql``) compiles the shapes to SPARQL and runs them on pyoxigraph;
``pyshacl`` is the reference; ``auto`` takes ``sparql`` unless the compiler refuses a feature
of the shapes (``Unsupported``), and then ``pyshacl``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from ..errors import DataError
from .check import Check, ShapesError, Unsupported
from .compile import compile_shapes
from .report import REPORT_FORMATS, Report, Result, render_report, report_graph
from .shapes import load_shapes

__all__ = ["ENGINES", "REPORT_FORMATS", "Check", "Report", "Result", "ShapesError",
           "Unsupported", "choose_engine", "compile_shapes", "load_shapes", "render_report",
           "report_graph", "validate", "validate_dataset", "validate_file"]

ENGINES = ("auto", "sparql", "pyshacl")  # pySHACL is imported when it runs: it is slow to load


def choose_engine(engine: str, shapes: Graph) -> str:
    """The engine that runs: ``auto`` becomes ``sparql`` when it compiles every shape."""
    if engine not in ENGINES:
        raise DataError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    try:
        compile_shapes(shapes)
    except Unsupported:
        return "pyshacl"
    return "sparql"


def validate_file(path: Path, shapes: Path | Graph, engine: str = "auto",
                  per_article: bool = False, timings: list | None = None) -> Report:
    """Validates a graph file against a shapes file or folder (or graph).

    ``per_article`` validates each named graph on its own: rules across graphs then find
    nothing, but a graph's report depends on that graph alone. ``timings`` receives
    (seconds, check) per check of the SPARQL engine.
    """
    from ..database import is_database
    from ..store import load_dataset, load_merged, load_store
    from . import sparql
    from .pyshacl_engine import validate_dataset as _pyshacl_dataset

    shapes = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    if choose_engine(engine, shapes) == "pyshacl":
        return _pyshacl_dataset(load_dataset(path), shapes, per_graph=per_article)
    if per_article:
        return sparql.validate_graphs(load_store(path), shapes)
    if is_database(path):
        return sparql.validate_database(path, shapes, timings=timings)
    return sparql.validate_store(load_merged(path), shapes, timings=timings)


def validate(data: Graph, shapes: Path) -> Report:
    """Validates one graph (a Dataset: the union of its graphs) with pySHACL."""
    from .pyshacl_engine import validate_graph as _pyshacl_graph

    if isinstance(data, Dataset):
        return validate_dataset(data, shapes)
    return _pyshacl_graph(data, load_shapes(shapes))


def validate_dataset(ds: Dataset, shapes: Path, per_graph: bool = False) -> Report:
    """Validates the union of all graphs with pySHACL, or each graph on its own (``per_graph``)."""
    from .pyshacl_engine import validate_dataset as _pyshacl_dataset

    return _pyshacl_dataset(ds, load_shapes(shapes), per_graph=per_graph)
