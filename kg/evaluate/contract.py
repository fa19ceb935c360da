"""The graph side of `kg eval`: the seven contract queries' rows and the quotes of the facts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import KgError
from ..facts import SCORE_NAMES
from ..query import load_query, run_select
from ..settings import Settings
from ..sparql import OxigraphStore, Store

CONTRACT = {kind: f"cq-{kind}" for kind in SCORE_NAMES.values()}  # queries/cq-*.rq


def texts_for(gold_dirs: Sequence[Path], texts: Sequence[Path] = ()) -> list[Path]:
    """The folder of article texts for each gold folder.

    The n-th ``texts`` folder goes with the n-th gold folder; without one, the gold folder's
    sibling ``docs/`` (``<set>/gold`` beside ``<set>/docs``), else for ``…/gold/<name>`` the
    folder ``…/<name>`` (``gold/seeds`` beside ``seeds/``).
    """
    found = []
    for n, gold in enumerate(gold_dirs):
        if n < len(texts):
            if not Path(texts[n]).is_dir():
                raise KgError(f"texts folder not found: {texts[n]}")
            found.append(Path(texts[n]))
            continue
        here = Path(gold).resolve()
        candidates = [here.parent / "docs"]
        if here.parent.name == "gold":
            candidates.append(here.parent.parent / here.name)
        folder = next((c for c in candidates if c.is_dir()), None)
        if folder is None:
            raise KgError(f"{gold}: no article texts found beside it; give them with "
                          "--texts DIR, or a built graph with --data FILE")
        found.append(folder)
    return found


def contract_store(settings: Settings, data: Path | None,
                   texts: Sequence[Path] = ()) -> OxigraphStore:
    """The graph file given, else a fresh in-memory build of the ``texts`` folders."""
    from ..store import load_store

    if data is not None:
        return OxigraphStore(load_store(data))
    import pyoxigraph as ox

    from ..build import dataset_for, extract_all

    articles, _ = extract_all(texts or [settings.seeds])
    store = ox.Store()
    nquads = dataset_for(articles, settings.base).serialize(format="nquads", encoding="utf-8")
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    return OxigraphStore(store)


# The plan period of a share of plan is scored but is not a contract column: read it beside.
PLAN_PERIODS = """
PREFIX kg: <https://data.example.org/vngov/ontology#>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?observation ?plan_start ?plan_end WHERE {
  GRAPH ?g { ?observation a kg:Observation ; kg:planPeriod ?p }
  OPTIONAL { GRAPH ?g { ?p time:hasBeginning/time:inXSDDate ?plan_start } }
  OPTIONAL { GRAPH ?g { ?p time:hasEnd/time:inXSDDate ?plan_end } }
}
"""


def contract_rows(settings: Settings, store: Store) -> dict[str, list[dict]]:
    """The seven contract queries' rows, by fact kind; observations also carry the plan period."""
    rows = {}
    for kind, name in CONTRACT.items():
        label, sparql = load_query(name, settings.queries)
        rows[kind] = run_select(store, sparql, label).records()
    plans = {r["observation"]: r for r in run_select(store, PLAN_PERIODS, "plan periods").records()}
    for row in rows["observations"]:
        plan = plans.get(row["observation"], {})
        row.update(plan_start=plan.get("plan_start", ""), plan_end=plan.get("plan_end", ""))
    return rows


def fact_quotes(settings: Settings, store: Store) -> dict[str, str]:
    """The first quote (by offset) that each fact of the graph was read from."""
    label, sparql = load_query("provenance", settings.queries)
    quotes: dict[str, str] = {}
    for row in run_select(store, sparql, label).records():
        quotes.setdefault(row["fact"], row["quote"])
    return quotes
