"""The W3C SHACL test suite (``../shared/conformance/shacl``), read from its manifests and run
through ``kg.validate`` with each engine.

A test passes when the report has the expected ``sh:conforms`` and the same results, each
compared on focus node, path, value, source shape, constraint component and severity (the
suite's rule: the reports are isomorphic once messages are set aside; blank nodes match any
blank node, paths compare by their structure, literals by value). A test whose result is
``sht:Failure`` passes when validation stops with an error.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.errors import DataError
from kg.validate import Report, Unsupported, compile_shapes, load_shapes, validate_file
from kg.validate.report import path_text
from kg.vocab import SH

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "conformance" / "shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
ENGINES = ("auto", "sparql", "pyshacl")
SIMPLE = (int, float, Decimal, bool, date, time, datetime, timedelta, str)  # values by value


@dataclass(frozen=True)
class Case:
    name: str  # the test file, relative to the suite
    label: str
    data: Path
    shapes: Path
    approved: bool
    expected: frozenset | None  # (conforms, results as a Counter's items); None: a failure

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Outcome:
    verdict: str  # "pass", "fail" or "refused"
    detail: str = ""


@cache
def cases() -> tuple[Case, ...]:
    """Every sht:Validate test of the suite's manifests, in manifest order."""
    found: list[Case] = []
    _read(SUITE / "manifest.ttl", found)
    return tuple(found)


def _read(manifest: Path, found: list[Case]) -> None:
    g = Graph()
    g.parse(manifest, format="turtle")
    top = URIRef(manifest.resolve().as_uri())
    for included in g.objects(top, MF.include):
        _read(_file(included), found)
    for entries in g.objects(top, MF.entries):
        for entry in Collection(g, entries):
            found.append(_case(g, entry, manifest))


def _case(g: Graph, entry: Node, manifest: Path) -> Case:
    action, result = g.value(entry, MF.action), g.value(entry, MF.result)
    expected = None if result == SHT.Failure else _expected(g, result)
    return Case(name=str(manifest.relative_to(SUITE)), label=str(g.value(entry, RDF.type)
                and g.value(entry, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
                data=_file(g.value(action, SHT.dataGraph)),
                shapes=_file(g.value(action, SHT.shapesGraph)),
                approved=g.value(entry, MF.status) == SHT.approved, expected=expected)


def _file(iri: Node) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _expected(g: Graph, report: Node) -> frozenset:
    conforms = g.value(report, SH.conforms).toPython()
    rows = [(_term(g, g.value(r, SH.focusNode)), _path(g, g.value(r, SH.resultPath)),
             _term(g, g.value(r, SH.value)), _term(g, g.value(r, SH.sourceShape)),
             _term(g, g.value(r, SH.sourceConstraintComponent)),
             _term(g, g.value(r, SH.resultSeverity))) for r in g.objects(report, SH.result)]
    return _verdict(conforms, rows)


def _verdict(conforms: bool, rows: list[tuple]) -> frozenset:
    return frozenset({("conforms", conforms), *Counter(rows).items()})


def _term(g: Graph | None, term: Node | None):
    if term is None or isinstance(term, BNode):
        return None if term is None else "_:"
    if isinstance(term, Literal):
        with warnings.catch_warnings():  # ill-typed literals: compared by lexical form
            warnings.simplefilter("ignore")
            value = term.toPython() if not term.ill_typed else str(term)
        value = value if isinstance(value, SIMPLE) else str(term)
        datatype = None if term.datatype == XSD.string else term.datatype
        return ("literal", str(datatype), term.language, value)
    return str(term)


def _path(g: Graph | None, path: Node | None):
    return None if path is None else path_text(g, path)


def actual(report: Report) -> frozenset:
    from kg.validate.report import severity_iri

    rows = [(_term(None, r.focus), _path(report.paths, r.path), _term(None, r.value),
             _term(None, r.shape), _term(None, r.component), str(severity_iri(r.severity)))
            for r in report.results]
    return _verdict(report.conforms, rows)


@cache
def outcome(case: Case, engine: str) -> Outcome:
    """Runs one test with one engine ("sparql" refuses what it does not compile)."""
    try:
        if engine == "sparql":
            compile_shapes(load_shapes(case.shapes))
        report = validate_file(case.data, case.shapes, engine)
    except Unsupported as exc:
        return Outcome("refused" if engine == "sparql" else "fail", str(exc))
    except DataError as exc:
        return Outcome("pass" if case.expected is None else "fail", f"error: {exc}")
    if case.expected is None:
        return Outcome("fail", "validated shapes that SHACL rejects")
    got = actual(report)
    if got == case.expected:
        return Outcome("pass")
    missing, extra = sorted(map(str, case.expected - got)), sorted(map(str, got - case.expected))
    return Outcome("fail", f"missing {missing}; unexpected {extra}")


def summary() -> list[str]:
    """One line per engine: how many approved tests pass, fail and are refused."""
    approved = [c for c in cases() if c.approved]
    lines = [f"W3C SHACL suite ({SUITE}): {len(approved)} approved tests; not approved: "
             + (", ".join(c.name for c in cases() if not c.approved) or "none")]
    for engine in ENGINES:
        counts = Counter(outcome(c, engine).verdict for c in approved)
        failed = [c.name for c in approved if outcome(c, engine).verdict == "fail"]
        refused = [f"{c.name} ({outcome(c, engine).detail})" for c in approved
                   if outcome(c, engine).verdict == "refused"]
        lines.append(f"  {engine:8} pass {counts['pass']:3}  fail {counts['fail']:3}  "
                     f"refused {counts['refused']:3}"
                     + (f"  failing: {', '.join(failed)}" if failed else "")
                     + (f"  refused: {'; '.join(refused)}" if refused else ""))
    return lines
