"""SHACL validation as SPARQL on an embedded pyoxigraph store: the fast engine for big graphs.

Each constraint of the shapes becomes one SELECT (``kg.validate.compile``) that returns its
results, run over the default graph of a merged store (``kg.store.load_merged``: every triple
once, as SHACL's data graph is a set). Values are the store's terms: pyoxigraph keeps XSD values
in canonical form (``1250.0`` as ``1250``).
"""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ..rdflib_ox import rdflib_term
from ..sparql_guard import check_query
from .check import Check, ShapesError
from .compile import compile_shapes
from .report import Report, Result
from .sparql_constraint import SHAPES_GRAPH
from .terms import ILL_FORMED

__all__ = ["subclasses", "validate_database", "validate_graphs", "validate_store"]

SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
SPARQL_COMPONENT = URIRef("http://www.w3.org/ns/shacl#SPARQLConstraintComponent")
Timings = list[tuple[float, Check]]
SPARQL_TARGET = re.compile(r"\{\s*SELECT\b(?:(?!\bUNION\b).)*\}\s*$", re.I | re.S)
FEW_FOCUS_NODES = 1_000


def validate_store(store: ox.Store, shapes: Graph, graph: ox.NamedNode | None = None,
                   timings: Timings | None = None) -> Report:
    """Validates the default graph of ``store`` (or only ``graph``) against ``shapes``.

    ``timings``, when given, receives (seconds, check) for every check run.
    """
    checks = compile_shapes(shapes, subclasses(store, graph))
    _prepare(store, checks, shapes)
    results = _run(store, checks, graph, timings)
    return Report(not results, tuple(results), shapes)


def validate_database(root: Path, shapes: Graph, timings: Timings | None = None,
                      jobs: int | None = None) -> Report:
    """Validates the default graph of a store folder (the merge of its graphs) in place.

    The helper graphs go to a scratch copy of the store (``kg.database.scratch_copy``), which
    ``jobs`` processes then read, each running its share of the checks. The ill-formed
    literals are those the build recorded. A store folder that cannot be written to is read
    into memory instead.
    """
    from ..database import Manifest, scratch_copy
    from ..store import load_merged

    with scratch_copy(root) as folder:
        if folder is None:
            return validate_store(load_merged(root), shapes, timings=timings)
        store = ox.Store(str(folder))
        checks = compile_shapes(shapes, subclasses(store))
        manifest = Manifest.read(root)
        marks = None if manifest is None else [
            ox.Literal(value, datatype=ox.NamedNode(datatype))
            for value, datatype in manifest.ill_formed()]
        _prepare(store, checks, shapes, marks)
        store.flush()
        del store  # closed: the processes open it read-only
        results = _run_in(folder, checks, timings, jobs)
    return Report(not results, tuple(results), shapes)


def validate_graphs(store: ox.Store, shapes: Graph) -> Report:
    """Validates each named graph of a quad store on its own (one article at a time)."""
    compiled: dict[tuple, list[Check]] = {}  # graphs rarely declare classes: compile once
    results = []
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        hierarchy = subclasses(store, graph)
        key = tuple(sorted((c, tuple(sorted(subs))) for c, subs in hierarchy.items()))
        if key not in compiled:
            compiled[key] = compile_shapes(shapes, hierarchy)
            _prepare(store, compiled[key], shapes, named_graphs=True)
        results.extend(_run(store, compiled[key], graph))
    return Report(not results, tuple(results), shapes)


def subclasses(store: ox.Store, graph: ox.NamedNode | None = None) -> dict[str, set[str]]:
    """Each class of the data graph with its subclasses (``rdfs:subClassOf+``), as SHACL reads
    class targets and sh:class: computed once, rather than as a path in every check."""
    found: dict[str, set[str]] = {}
    query = f"SELECT ?sub ?sup WHERE {{ ?sub {SUBCLASS_OF}+ ?sup }}"
    for row in store.query(query, **_scope(graph)):
        if not isinstance(row["sub"], ox.Literal) and not isinstance(row["sup"], ox.Literal):
            found.setdefault(row["sup"].value, set()).add(row["sub"].value)
    return found


def _prepare(store: ox.Store, checks: list[Check], shapes: Graph,
             ill_formed: list[ox.Literal] | None = None, named_graphs: bool = False) -> None:
    """Adds what the checks read besides the data: ill-formed literals (found by a scan of
    the default graph, or of the ``named_graphs``, unless given), the shapes graph."""
    _mark_ill_formed(store, checks, ill_formed, named_graphs)
    graph = ox.NamedNode(SHAPES_GRAPH)
    if any(SHAPES_GRAPH in check.sparql for check in checks) and graph not in store.named_graphs():
        store.load(shapes.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=graph)


def _mark_ill_formed(store: ox.Store, checks: list[Check],
                     known: list[ox.Literal] | None = None, named_graphs: bool = False) -> None:
    """Marks the ill-formed literals of the datatypes that sh:datatype checks and SPARQL cannot
    test (``kg.validate.terms``), in a graph of their own that the checks read."""
    mark = ox.NamedNode(ILL_FORMED)
    for datatype in sorted({d for check in checks for d in check.datatypes}):
        bad = (_scan_ill_formed(store, datatype, named_graphs) if known is None else
               [o for o in known if o.datatype.value == str(datatype)])
        store.extend(ox.Quad(mark, mark, o, mark) for o in bad)


def _scan_ill_formed(store: ox.Store, datatype: URIRef, named_graphs: bool) -> list[ox.Literal]:
    query = f"SELECT DISTINCT ?o WHERE {{ ?s ?p ?o FILTER (DATATYPE(?o) = <{datatype}>) }}"
    rows = store.query(query, use_default_graph_as_union=named_graphs)
    with warnings.catch_warnings():  # rdflib warns of each ill-typed literal it builds
        warnings.simplefilter("ignore")
        return [r["o"] for r in rows if Literal(r["o"].value, datatype=datatype).ill_typed]


def _scope(graph: ox.NamedNode | None) -> dict:
    """Query options: the default graph, or only ``graph``."""
    return {"default_graph": graph} if graph is not None else {}


def _run(store: ox.Store, checks: list[Check], graph: ox.NamedNode | None,
         timings: Timings | None = None) -> list[Result]:
    """The results of ``checks``, in a stable order."""
    results = []
    for check in checks:
        seconds, found = _timed(store, check, graph)
        results += found
        if timings is not None:
            timings.append((seconds, check))
    return _in_order(results)


def _timed(store: ox.Store, check: Check, graph: ox.NamedNode | None,
           ) -> tuple[float, list[Result]]:
    start = time.perf_counter()
    found = [_result(check, bound, graph) for bound in _rows(store, check, graph)]
    return time.perf_counter() - start, found


def _in_order(results: list[Result]) -> list[Result]:
    return sorted(results, key=lambda r: (str(r.focus), str(r.path), r.message, str(r.value)))


def _run_in(folder: Path, checks: list[Check], timings: Timings | None,
            jobs: int | None) -> list[Result]:
    """``_run`` over a store folder, the checks shared among ``jobs`` processes that each
    open it read-only (default: one per CPU)."""
    from ..processes import cpus, worker_pool

    jobs = min(jobs or cpus(), len(checks))
    if jobs <= 1:
        return _run(ox.Store.read_only(str(folder)), checks, None, timings)
    results = []
    with worker_pool(jobs, _open_checked, (str(folder),)) as pool:
        # SPARQL constraints, the slow ones, first: no process is left with one at the end.
        ordered = sorted(checks, key=lambda c: c.component != SPARQL_COMPONENT)
        for seconds, check, found in pool.imap_unordered(_check_in_worker, ordered):
            results += found
            if timings is not None:
                timings.append((seconds, check))
    return _in_order(results)


_checked: dict[str, ox.Store] = {}  # the store a checking process reads


def _open_checked(folder: str) -> None:
    _checked["store"] = ox.Store.read_only(folder)


def _check_in_worker(check: Check) -> tuple[float, Check, list[Result]]:
    seconds, found = _timed(_checked["store"], check, None)
    return seconds, check, found


def _rows(store: ox.Store, check: Check, graph: ox.NamedNode | None):
    """Each solution of a check as {variable: term}; $this pre-bound per focus node when the
    check asks for it, or when its SPARQL target selects few nodes."""
    if check.substitute:
        focus = (row["this"] for row in store.query(_focus(check), **_scope(graph)))
    else:
        focus = _few_focus_nodes(store, check, graph)
        if focus is None:
            yield from _solutions(_query(store, check, graph))
            return
    for node in focus:
        for bound in _solutions(_query(store, check, graph, node)):
            yield bound | {"this": node}


def _focus(check: Check, limit: int | None = None) -> str:
    """The query of the check's focus nodes, under the check's prefixes."""
    return (f"{check.prologue}SELECT DISTINCT ?this WHERE {{ {check.targets} }}"
            + (f" LIMIT {limit}" if limit else ""))


def _few_focus_nodes(store: ox.Store, check: Check, graph: ox.NamedNode | None) -> list | None:
    """The focus nodes of a SPARQL target, when it selects no more than ``FEW_FOCUS_NODES``.

    Such a target is mostly a test that few nodes fail (a quote that is not the text at its
    offsets); joined with the check, the store would run it a second time over every node
    (half of the slowest check's time at 10,000 articles).
    """
    if not SPARQL_TARGET.match(check.targets):
        return None
    nodes = [row["this"] for row in
             store.query(_focus(check, FEW_FOCUS_NODES + 1), **_scope(graph))]
    return nodes if len(nodes) <= FEW_FOCUS_NODES else None


def prebind(sparql: str, focus) -> str:
    """The query with $this replaced by the focus node (an IRI or literal), as SHACL pre-binds
    it: written in everywhere but the projections, which drop it (the caller knows the focus
    node). pyoxigraph's own substitution misses $this in BIND and bound(): it serves only for
    blank nodes, which query text cannot name."""
    sparql = re.sub(r"\bbound\s*\(\s*[$?]this\s*\)", "(true)", sparql, flags=re.I)
    if isinstance(focus, ox.BlankNode):
        return sparql

    def projection(m: re.Match) -> str:
        kept = re.sub(r"[$?]this\b", "", m.group(2))
        return f"{m.group(1)}{kept if kept.strip() else ' * '}"
    sparql = re.sub(r"(\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)(.*?)(?=\bWHERE\b|\{)",
                    projection, sparql, flags=re.I | re.S)
    return re.sub(r"[$?]this\b", str(focus), sparql)


def _query(store: ox.Store, check: Check, graph: ox.NamedNode | None, focus=None):
    sparql, options = check.sparql, _scope(graph)
    if focus is not None:
        sparql = prebind(sparql, focus)
        if isinstance(focus, ox.BlankNode):
            options["substitutions"] = {ox.Variable("this"): focus}
    check_query(sparql, "shape check")  # shapes may come from users
    try:
        return store.query(sparql, **options)
    except SyntaxError as exc:
        raise ShapesError(f"shape {check.shape}: invalid SPARQL: "
                          f"{str(exc).splitlines()[0]}") from None


def _solutions(solutions):
    names = [v.value for v in solutions.variables]
    for row in solutions:
        yield {name: row[name] for name in names if row[name] is not None}


def _result(check: Check, bound: dict, graph: ox.NamedNode | None) -> Result:
    # SHACL-SPARQL: a node shape's result has the focus node as its value when none is given.
    value = bound.get("value") or (bound["this"] if check.path is None and
                                   check.component == SPARQL_COMPONENT else None)
    path = rdflib_term(bound["path"]) if "path" in bound else check.path
    return Result(check.severity, rdflib_term(bound["this"]), path, rdflib_term(value),
                  _fill(check.message, bound), check.shape, rdflib_term(graph), check.component)


def _fill(message: str, bound: dict) -> str:
    """SHACL-SPARQL message templates: {?var} and {$var} become the values found."""
    def value(m: re.Match) -> str:
        term = bound.get(m.group(1))  # as computed: pyoxigraph and rdflib agree on these
        return "" if term is None else term.value
    return re.sub(r"\{[?$](\w+)\}", value, message)
