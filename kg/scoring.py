"""Runs the contract queries for `kg eval` and shapes the scores as a table."""

from __future__ import annotations

from pathlib import Path

from .query import QueryResult, load_query, run_select
from .settings import Settings

CONTRACT = {
    "meetings": "cq-meetings", "people": "cq-people", "organizations": "cq-organizations",
    "observations": "cq-observations", "targets": "cq-targets", "legal": "cq-legal",
    "strategies": "cq-strategies",
}


def contract_store(settings: Settings, data: Path | None):
    """The graph file given, else a fresh in-memory build of the seeds."""
    from .store import load_store

    if data is not None:
        return load_store(data)
    import pyoxigraph as ox

    from .build import dataset_for, extract_all

    articles, _ = extract_all([settings.seeds])
    store = ox.Store()
    nquads = dataset_for(articles, settings.base).serialize(format="nquads", encoding="utf-8")
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def contract_rows(settings: Settings, data: Path | None, gold: dict) -> dict[str, list[dict]]:
    store = contract_store(settings, data)
    rows = {}
    for kind, name in CONTRACT.items():
        label, sparql = load_query(name, settings.queries)
        rows[kind] = run_select(store, sparql, label).records()
    return rows


def score_table(report) -> QueryResult:
    head = ("type", "gold", "predicted", "matched", "precision", "recall", "F1")
    rows = tuple(
        (kind, str(g), str(p), str(m), f"{pr:.2f}", f"{rc:.2f}", f"{f1:.2f}")
        for kind, g, p, m, pr, rc, f1 in report.as_rows()
    )
    return QueryResult(head, rows)
