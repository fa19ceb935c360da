"""What every rule reads: the store, the tolerances, and figures and quotes loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import DataError
from ..rdflib_ox import ox_quads
from ..sparql import OxigraphStore
from ..sparql_guard import check_query
from ..store import load_merged, load_store, merge_graphs
from ..vocab import PREFIXES
from .bounds import Interval, stated
from .model import Figure, Quote
from .text import period_text, value_text, vn_number

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
COMMA_NUMBER = re.compile(r"(?<![\d.,])\d{1,3},\d{3}(?!\d|[.,]\d)")
QUALIFIER_CODES = {"Exact": "exact", "Estimate": "estimate", "AtLeast": "at-least",
                   "AtMost": "at-most"}


@dataclass(frozen=True)
class Tolerances:
    """How far apart figures may be before the audit reports them (shares, not percents)."""

    agree: Decimal = Decimal("0.01")  # within 1 %: rounding and routine revision
    contradiction: Decimal = Decimal("0.03")  # beyond 3 %: a contradiction, not a revision
    title_window_months: int = 6  # titles of one person compared within half a year


def has_comma_digits(lexical: str) -> bool:
    """Up to three digits, a comma and exactly three more: the comma may group thousands."""
    whole, dot, fraction = lexical.lstrip("-").partition(".")
    return bool(dot) and len(fraction) == 3 and len(whole) <= 3


@dataclass(frozen=True)
class Fig:
    """An observation or target as the rules need it; ``lexical`` keeps the stated digits."""

    node: str
    kind: str
    concept: str
    label: str
    lexical: str
    unit: str
    qualifier: str
    begin: str | None
    end: str | None
    source: str
    article: str
    scope: str = ""
    change: str = ""
    plan_pct: str = ""
    quote: Quote | None = None

    @property
    def interval(self) -> Interval:
        return stated(self.lexical, self.qualifier)

    @property
    def comma_form(self) -> str | None:
        """The number as written with a comma and three digits ("35,250"), if it was.

        Read from the quote: the store keeps decimals canonical, so 35,250 comes back 35.25.
        """
        if self.quote is None:
            return vn_number(self.lexical) if has_comma_digits(self.lexical) else None
        for match in COMMA_NUMBER.finditer(self.quote.text):
            if Decimal(match.group().replace(",", ".")) == Decimal(self.lexical):
                return match.group()
        return None

    @property
    def estimate(self) -> bool:
        return self.qualifier == "estimate"

    @property
    def period(self) -> str:
        return period_text(self.begin, self.end)

    def figure(self, role: str, lexical: str | None = None, unit: str | None = None) -> Figure:
        """This figure as a finding shows it; ``lexical``/``unit`` give a corrected reading."""
        text = value_text(lexical or self.lexical, self.unit if unit is None else unit,
                          self.qualifier)
        return Figure(role, self.node, self.label, text, self.period, self.source, self.quote)


FIGURES = """
SELECT DISTINCT ?node ?type ?concept ?label ?value ?unit ?q ?begin ?end ?scope ?change ?plan
       ?article ?source WHERE {
  VALUES ?type { kg:Observation kg:Target }
  ?node a ?type ; kg:indicator ?concept ; kg:value ?value ; prov:wasDerivedFrom ?article .
  ?article kg:fileName ?source .
  OPTIONAL { ?node kg:indicatorLabel ?label }
  OPTIONAL { ?node kg:unit ?unit }
  OPTIONAL { ?node kg:qualifier ?q }
  OPTIONAL { ?node kg:period/time:hasBeginning/time:inXSDDate ?begin }
  OPTIONAL { ?node kg:period/time:hasEnd/time:inXSDDate ?end }
  OPTIONAL { ?node kg:scope ?scope }
  OPTIONAL { ?node kg:changePct ?change }
  OPTIONAL { ?node kg:planPct ?plan }
}"""

QUOTES = """
SELECT DISTINCT ?node ?exact ?start ?end ?article ?source WHERE {
  ?node kg:evidence ?evidence .
  ?evidence oa:hasSelector ?selector ; oa:hasSource ?article .
  ?selector oa:exact ?exact .
  OPTIONAL { ?selector oa:start ?start }
  OPTIONAL { ?selector oa:end ?end }
  OPTIONAL { ?article kg:fileName ?source }
} ORDER BY ?node ?source ?start"""

ARTICLE_DATES = """
SELECT ?article ?source ?published (MAX(STR(?held)) AS ?latest) WHERE {
  ?article a schema:NewsArticle .
  OPTIONAL { ?article kg:fileName ?source }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?meeting prov:wasDerivedFrom ?article ; schema:startDate ?held
             FILTER (STRLEN(STR(?held)) = 10) }
} GROUP BY ?article ?source ?published"""


def as_store(data) -> ox.Store:
    """A pyoxigraph store for a store, a graph file path, or an rdflib Graph or Dataset."""
    if isinstance(data, ox.Store):
        return data
    if isinstance(data, (str, Path)):
        return load_store(Path(data))
    if isinstance(data, Graph):
        store = ox.Store()
        store.extend(ox_quads(data))
        return store
    raise DataError(f"cannot audit a {type(data).__name__}: give a store, a graph or a file")


def as_merged(data) -> ox.Store:
    """``as_store``, with the triples of every graph once in the default graph (for the rules)."""
    if isinstance(data, (str, Path)):
        return load_merged(Path(data))
    return merge_graphs(as_store(data))


@dataclass
class Context:
    """The merged store (``as_merged``) and the tolerances, plus lookups the rules share."""

    store: ox.Store
    tolerances: Tolerances = field(default_factory=Tolerances)

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Rows of lexical values (unbound variables left out) over the merged graph."""
        check_query(sparql, "audit rule")
        results = OxigraphStore(self.store).query(SPARQL_PREFIXES + sparql)
        return [{n: term.value for n, term in row.items()} for row in results.rows]

    @cached_property
    def quotes(self) -> dict[str, tuple[Quote, ...]]:
        """Every node's evidence quotes, in source order."""
        found: dict[str, list[Quote]] = {}
        for row in self.select(QUOTES):
            quote = Quote(row["exact"], row.get("source", ""), row["article"],
                          _int(row.get("start")), _int(row.get("end")))
            found.setdefault(row["node"], []).append(quote)
        return {node: tuple(items) for node, items in found.items()}

    def quote(self, node: str) -> Quote | None:
        return next(iter(self.quotes.get(node, ())), None)

    @cached_property
    def figures(self) -> dict[str, Fig]:
        """Every observation and target that states a value, by IRI."""
        figures: dict[str, Fig] = {}
        for row in self.select(FIGURES):
            if row["node"] not in figures:
                figures[row["node"]] = self._fig(row)
        return figures

    def _fig(self, row: dict[str, str]) -> Fig:
        return Fig(
            node=row["node"], kind=row["type"].rsplit("#", 1)[-1].lower(),
            concept=row["concept"], label=row.get("label", ""), lexical=row["value"],
            unit=row.get("unit", ""),
            qualifier=QUALIFIER_CODES.get(row.get("q", "").rsplit("#", 1)[-1], ""),
            begin=row.get("begin"), end=row.get("end"), source=row["source"],
            article=row["article"], scope=row.get("scope", ""), change=row.get("change", ""),
            plan_pct=row.get("plan", ""), quote=self.quote(row["node"]),
        )

    @cached_property
    def article_dates(self) -> dict[str, str]:
        """Each article's date (by IRI and by file name): published, else its latest meeting."""
        dates = {}
        for row in self.select(ARTICLE_DATES):
            day = row.get("published") or row.get("latest")
            if day:
                dates[row["article"]] = day
                dates[row.get("source", row["article"])] = day
        return dates


def _int(text: str | None) -> int | None:
    return int(text) if text else None
