"""On the built seeds: every quote matches its article, every fact cites its article, one IRI
per real-world thing, and builds that are reproducible and follow the base IRI."""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import BASE, SEEDS
from rdflib import Dataset, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.build import build
from kg.cli import main
from kg.vocab import (
    KG,
    LEGAL_CLASSES,
    MEETING_CLASSES,
    OA,
    ORG_CLASSES,
    SCHEMA,
    STRATEGY_CLASSES,
)

FACT_CLASSES = {
    KG.Observation, KG.Target, SCHEMA.Person, *MEETING_CLASSES.values(), *ORG_CLASSES.values(),
    *LEGAL_CLASSES.values(), *STRATEGY_CLASSES.values(),
}
OTHER_BASE = "https://kg.example.com/gov/"


def article_graphs(ds: Dataset):
    """The named graph of each article, with the article node it describes."""
    for _, _, article, graph in ds.quads((None, PROV.wasDerivedFrom, None, None)):
        if (article, RDF.type, SCHEMA.NewsArticle, graph) in ds and \
                (graph, PROV.wasDerivedFrom, article, graph) in ds:
            yield graph, article


def test_every_article_has_its_graph(seeds_dataset):
    names = {str(ds_name) for _, a in article_graphs(seeds_dataset)
             for ds_name in seeds_dataset.objects(a, KG.fileName)}
    assert names == {p.name for p in SEEDS.glob("*.txt")}


def test_every_quote_is_the_article_text_at_its_offsets(seeds_dataset):
    ds = seeds_dataset
    checked, wrong = 0, []
    for selector, _, _, graph in ds.quads((None, RDF.type, OA.TextQuoteSelector, None)):
        exact = ds.value(selector, OA.exact)
        start, end = ds.value(selector, OA.start).toPython(), ds.value(selector, OA.end).toPython()
        for evidence in ds.subjects(OA.hasSelector, selector):
            article = ds.value(evidence, OA.hasSource)
            text = str(ds.value(article, SCHEMA.text))
            checked += 1
            if text[start:end] != str(exact):
                wrong.append((str(selector), str(graph), text[start:end][:60], str(exact)[:60]))
    assert checked > 0
    assert not wrong, wrong[:5]


def test_every_fact_cites_its_article_and_evidence_in_its_own_graph(seeds_dataset):
    ds = seeds_dataset
    checked, missing = 0, []
    for graph, article in article_graphs(ds):
        facts = {s for cls in FACT_CLASSES for s, _, _, _ in ds.quads((None, RDF.type, cls, graph))}
        for fact in sorted(facts):
            checked += 1
            if (fact, PROV.wasDerivedFrom, article, graph) not in ds:
                missing.append((str(graph), str(fact), "prov:wasDerivedFrom"))
            evidence = [o for _, _, o, _ in ds.quads((fact, KG.evidence, None, graph))]
            if not evidence:
                missing.append((str(graph), str(fact), "kg:evidence"))
            for ev in evidence:
                if (ev, OA.hasSource, article, graph) not in ds:
                    missing.append((str(graph), str(fact), f"{ev} oa:hasSource"))
    assert checked > 0
    assert not missing, missing[:10]


def iris_by_name(ds: Dataset, cls: URIRef, name_property: URIRef) -> dict[str, set]:
    """Name -> the IRIs carrying it, and IRI -> the article graphs it occurs in."""
    by_name, graphs = defaultdict(set), defaultdict(set)
    for node, _, _, graph in ds.quads((None, RDF.type, cls, None)):
        for _, _, name, _ in ds.quads((node, name_property, None, graph)):
            by_name[str(name)].add(node)
        graphs[node].add(graph)
    return by_name, graphs


def test_one_iri_per_person_across_articles(seeds_dataset):
    by_name, graphs = iris_by_name(seeds_dataset, SCHEMA.Person, SCHEMA.name)
    assert {n: i for n, i in by_name.items() if len(i) > 1} == {}
    shared = {str(node) for node, gs in graphs.items() if len(gs) > 1}
    assert shared, "no person is named in two articles under one IRI"
    hung = by_name["Nguyễn Mạnh Hùng"]
    assert len(hung) == 1 and len(graphs[next(iter(hung))]) >= 3


def organization_iris(ds: Dataset) -> tuple[dict, dict]:
    by_name, graphs = defaultdict(set), defaultdict(set)
    for cls in ORG_CLASSES.values():
        names, where = iris_by_name(ds, cls, RDFS.label)
        for name, nodes in names.items():
            by_name[name] |= nodes
        for node, gs in where.items():
            graphs[node] |= gs
    return by_name, graphs


def test_one_iri_per_organization_across_articles(seeds_dataset):
    by_name, graphs = organization_iris(seeds_dataset)
    assert {n: i for n, i in by_name.items() if len(i) > 1} == {}
    ministry = by_name["Bộ Thông tin và Truyền thông"]
    assert len(ministry) == 1
    # 002 writes only the abbreviation "Bộ TT&TT": the alias must resolve to the same IRI.
    in_002 = {g for g in graphs[next(iter(ministry))] if str(g).endswith("002_e2ac143d6a7916c9")}
    assert in_002 and len(graphs[next(iter(ministry))]) == len(list(SEEDS.glob("*.txt")))


def test_each_organization_has_one_label(seeds_dataset):
    _, graphs = organization_iris(seeds_dataset)
    labels = {node: {str(o) for o in seeds_dataset.objects(node, RDFS.label)} for node in graphs}
    assert {str(n): ls for n, ls in labels.items() if len(ls) != 1} == {}


def test_building_twice_gives_identical_bytes(tmp_path, seeds_trig):
    again = build([SEEDS], tmp_path / "again.trig", BASE)
    assert again.out.read_bytes() == seeds_trig.read_bytes()


def minted(ds: Dataset) -> set[str]:
    """Every subject and graph name: all of these are minted by the builder."""
    nodes = set()
    for s, _, _, g in ds.quads((None, None, None, None)):
        nodes.update(str(n) for n in (s, g) if isinstance(n, URIRef))
    return nodes


def test_another_base_changes_every_minted_iri(tmp_path, seeds_dataset):
    report = build([SEEDS], tmp_path / "other.trig", OTHER_BASE)
    ds = Dataset()
    ds.parse(report.out, format="trig")
    nodes = minted(ds)
    assert nodes and all(n.startswith(OTHER_BASE) for n in nodes), \
        sorted(n for n in nodes if not n.startswith(OTHER_BASE))[:5]
    assert len(list(ds.quads())) == len(list(seeds_dataset.quads()))


@pytest.mark.parametrize("how", ["option", "env"])
def test_cli_base_from_option_or_environment(runner, tmp_path, how):
    out = tmp_path / "kg.trig"
    args = ["build", str(SEEDS), "--out", str(out)]
    if how == "option":
        result = runner.invoke(main, ["--base", OTHER_BASE, *args], env={"KG_BASE": None})
    else:
        result = runner.invoke(main, args, env={"KG_BASE": OTHER_BASE})
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format="trig")
    nodes = minted(ds)
    assert nodes and all(n.startswith(OTHER_BASE) for n in nodes)
