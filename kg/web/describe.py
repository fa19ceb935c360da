"""What the graph says about one resource: its statements, labels, inbound links, evidence."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..vocab import PREFIXES as VOCAB_PREFIXES
from .backends import Store, Term

PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in VOCAB_PREFIXES.items())
# Properties that name a thing, in order of preference.
LABEL_PROPERTIES = ("skos:prefLabel", "rdfs:label", "schema:name", "eli:title", "kg:title",
                    "kg:indicatorLabel")
LABEL_PATH = "|".join(LABEL_PROPERTIES)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
PAGE_TIMEOUT = 10.0


def iri_ref(iri: str) -> str:
    """``<iri>`` for a SPARQL query; ValueError for text that is not a plain IRI."""
    if not iri or _BAD_IRI.search(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def values(iris: Iterable[str]) -> str:
    return " ".join(iri_ref(i) for i in dict.fromkeys(iris))


def select(store: Store, body: str, timeout: float = PAGE_TIMEOUT) -> list[dict[str, Term]]:
    """Rows of a page query (the common prefixes are added)."""
    answer = store.query(PREFIXES + body, deadline=time.monotonic() + timeout)
    return list(answer.rows)


def text(term: Term | None) -> str:
    return "" if term is None else term.value


@dataclass(frozen=True)
class Quote:
    """The evidence of a fact: the article, the quote and its offsets, the rule that read it."""

    fact: str
    evidence: str
    article: str
    quote: str
    start: int
    end: int
    rule: str = ""
    title: str = ""


@dataclass
class Description:
    """A resource's statements (with the graph that holds each), inbound links and labels."""

    iri: str
    statements: list[tuple[str, Term, str]] = field(default_factory=list)
    inbound: list[tuple[Term, str, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    label_triples: list[ox.Triple] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    graph_size: int = 0  # triples in the named graph of this IRI, if it names one

    @property
    def exists(self) -> bool:
        return bool(self.statements or self.inbound or self.graph_size)

    def objects(self, predicate: str) -> list[Term]:
        return list(dict.fromkeys(o for p, o, _ in self.statements if p == predicate))

    def first(self, predicate: str) -> Term | None:
        found = self.objects(predicate)
        return found[0] if found else None

    @property
    def types(self) -> list[str]:
        return [t.value for t in self.objects(RDF_TYPE)]

    @property
    def label(self) -> str:
        return self.labels.get(self.iri) or self.iri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def graphs(self) -> list[str]:
        return list(dict.fromkeys(g for _, _, g in self.statements if g))

    def triples(self) -> list[ox.Triple]:
        """Its own triples in every graph, then the labels of what it points to."""
        node = ox.NamedNode(self.iri)
        own = [ox.Triple(node, ox.NamedNode(p), o) for p, o, _ in self.statements]
        return list(dict.fromkeys(own + self.label_triples))


def describe(store: Store, iri: str, inbound_limit: int = 500) -> Description:
    ref = iri_ref(iri)
    d = Description(iri)
    for row in select(store, f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {ref} ?p ?o }} }}"):
        d.statements.append((row["p"].value, row["o"], text(row.get("g"))))
    for row in select(store, f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {ref} }} }} "
                             f"LIMIT {inbound_limit}"):
        d.inbound.append((row["s"], row["p"].value, text(row.get("g"))))
    named = [iri] + [o.value for _, o, _ in d.statements if isinstance(o, ox.NamedNode)]
    named += [s.value for s, _, _ in d.inbound if isinstance(s, ox.NamedNode)]
    d.labels, d.label_triples = label_lookup(store, named)
    d.quotes = evidence_for(store, [iri])
    size = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ref} {{ ?s ?p ?o }} }}")
    d.graph_size = int(size[0]["n"].value) if size else 0
    return d


def label_lookup(store: Store, iris: Iterable[str]) -> tuple[dict[str, str], list[ox.Triple]]:
    """The best label of each IRI (Vietnamese first), and the label triples themselves."""
    iris = list(dict.fromkeys(iris))
    best: dict[str, tuple[int, str]] = {}
    triples = []
    for start in range(0, len(iris), 400):
        chunk = values(iris[start:start + 400])
        rows = select(store, f"SELECT DISTINCT ?x ?p ?l WHERE {{ VALUES ?x {{ {chunk} }} "
                             f"GRAPH ?g {{ ?x ?p ?l . VALUES ?p {{ {' '.join(LABEL_PROPERTIES)} }}"
                             " } }")
        for row in rows:
            x, p, lit = row["x"].value, row["p"], row["l"]
            triples.append(ox.Triple(row["x"], p, lit))
            rank = _label_rank(p.value, lit)
            if x not in best or rank < best[x][0]:
                best[x] = (rank, lit.value)
    return {x: label for x, (_, label) in best.items()}, triples


def _label_rank(predicate: str, literal: ox.Literal) -> int:
    names = [p.split(":")[1] for p in LABEL_PROPERTIES]
    local = re.split(r"[#/]", predicate)[-1]
    order = names.index(local) if local in names else len(names)
    return order * 2 + (0 if getattr(literal, "language", None) in ("vi", None) else 1)


def labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    return label_lookup(store, iris)[0]


EVIDENCE = """SELECT ?fact ?ev ?article ?quote ?start ?end ?rule ?title WHERE {
  VALUES ?fact { %s }
  GRAPH ?g {
    ?fact kg:evidence ?ev . ?ev oa:hasSource ?article ; oa:hasSelector ?sel .
    ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end .
    OPTIONAL { ?fact kg:extractedBy ?rule }
  }
  OPTIONAL { GRAPH ?h { ?article schema:name ?title } }
} ORDER BY ?article ?start"""


def evidence_for(store: Store, facts: Iterable[str]) -> list[Quote]:
    """The quotes that state each fact, in article and text order."""
    facts = list(dict.fromkeys(facts))
    quotes: dict[tuple[str, str], Quote] = {}
    for start in range(0, len(facts), 400):
        for row in select(store, EVIDENCE % values(facts[start:start + 400])):
            quote = Quote(row["fact"].value, row["ev"].value, row["article"].value,
                          row["quote"].value, int(row["start"].value), int(row["end"].value),
                          text(row.get("rule")), text(row.get("title")))
            quotes.setdefault((quote.fact, quote.evidence), quote)
    return list(quotes.values())


def quotes_by_fact(quotes: Iterable[Quote]) -> dict[str, list[Quote]]:
    out: dict[str, list[Quote]] = {}
    for q in quotes:
        out.setdefault(q.fact, []).append(q)
    return out
