"""The SPARQL validation engine (pyoxigraph) reports exactly what pySHACL reports."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from test_audit import ROOT
from test_audit_shapes import clean, triggering
from test_shapes import BREAKS, M, article_graph, two_values

from kg.audit.context import as_store
from kg.cli import main
from kg.store import load_merged
from kg.validate import Report, validate_file

SHAPES = ROOT / "shapes"


def records(report: Report) -> set[tuple]:
    """Results as comparable rows: values by value (pyoxigraph writes 59847.0 as 59847), and a
    property shape, a blank node, by its path."""
    return {(r.severity, str(r.focus), str(r.path), _value(r.value), r.message,
             str(r.shape) if isinstance(r.shape, URIRef) else "_", str(r.graph))
            for r in report.results}


def _value(term) -> str:
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return str(Decimal(term).normalize())
    return str(term)


def written(ds: Dataset, path) -> object:
    """The dataset as the N-Quads file a build writes."""
    as_store(ds).dump(path, format=ox.RdfFormat.N_QUADS)
    return path


def one_article(breaks=None) -> Dataset:
    ds = Dataset()
    graph = ds.graph(M.graph("001_test.txt"))
    g = article_graph()
    if breaks:
        breaks(g)
    for triple in g:
        graph.add(triple)
    return ds


def both(path, **options) -> tuple[Report, Report]:
    return (validate_file(path, SHAPES, "sparql", **options),
            validate_file(path, SHAPES, "pyshacl", **options))


def test_engines_agree_on_the_seeds(seeds_trig):
    fast, reference = both(seeds_trig)
    assert records(fast) == records(reference)
    assert fast.results, "the seeds have known quality warnings"
    assert fast.conforms == reference.conforms


@pytest.mark.parametrize("case", BREAKS, ids=list(BREAKS))
def test_engines_agree_on_each_broken_fact(case, tmp_path):
    path = written(one_article(BREAKS[case][0]), tmp_path / "kg.nq")
    fast, reference = both(path)
    assert fast.violations and records(fast) == records(reference)
    assert BREAKS[case][1] in "\n".join(r.message for r in fast.violations)


def test_engines_agree_on_every_quality_rule(tmp_path):
    for name, ds in (("triggering", triggering()), ("clean", clean())):
        fast, reference = both(written(ds, tmp_path / f"{name}.nq"))
        assert records(fast) == records(reference), name
    assert len(fast.results) == 0


def test_per_article_results_name_their_graph_in_both_engines(tmp_path):
    ds = Dataset()
    for name in ("001_test.txt", "002_test.txt"):
        graph = ds.graph(M.graph(name))
        g = article_graph(name)
        if name == "001_test.txt":
            two_values(g)
        for triple in g:
            graph.add(triple)
    fast, reference = both(written(ds, tmp_path / "kg.nq"), per_article=True)
    assert records(fast) == records(reference)
    assert {r.graph for r in fast.results} == {M.graph("001_test.txt")}


def test_a_triple_repeated_in_many_graphs_is_one_triple(tmp_path):
    """Shared resources (periods, roles) repeat in each article graph; rules see them once."""
    ds = Dataset()
    for name in ("001_test.txt", "002_test.txt", "003_test.txt"):
        graph = ds.graph(M.graph(name))
        for triple in article_graph(name):
            graph.add(triple)
    path = written(ds, tmp_path / "kg.nq")
    merged = load_merged(path)
    distinct = {(q.subject, q.predicate, q.object) for q in as_store(ds)}
    assert len(merged) == len(distinct) < len(as_store(ds))
    (row,) = merged.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Person> }")
    assert int(row["n"].value) == 1


def test_cli_engine_and_per_article(runner, tmp_path):
    path = written(one_article(two_values), tmp_path / "kg.nq")
    for engine in ("auto", "sparql", "pyshacl"):
        result = runner.invoke(main, ["validate", "--data", str(path), "--engine", engine])
        assert result.exit_code == 1, result.output
        assert "does not conform: 1 violations" in result.output
    result = runner.invoke(main, ["validate", "--data", str(path), "--per-article"])
    assert result.exit_code == 1 and f"in {M.graph('001_test.txt')}" in result.output
    result = runner.invoke(main, ["validate", "--data", str(path), "--engine", "fast"])
    assert result.exit_code == 2 and "Invalid value for '--engine'" in result.output


def test_cli_timings_name_the_slowest_checks(runner, tmp_path):
    path = written(one_article(), tmp_path / "kg.nq")
    result = runner.invoke(main, ["validate", "--data", str(path), "--timings"])
    assert result.exit_code == 0, result.output
    timed = [line for line in result.output.splitlines() if " s  https://" in line]
    assert len(timed) == 10
