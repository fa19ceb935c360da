"""What the graph says about one resource: its statements, labels, inbound links, evidence."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from ..sparql import Store, Term
from ..vocab import PREFIXES as VOCAB_PREFIXES

PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in VOCAB_PREFIXES.items())
# Properties that name a thing, in order of preference.
LABEL_PROPERTIES = ("skos:prefLabel", "rdfs:label", "schema:name", "eli:title", "kg:title",
                    "kg:indicatorLabel")
LABEL_IRIS = {str(VOCAB_PREFIXES[p.split(":")[0]]) + p.split(":")[1] for p in LABEL_PROPERTIES}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# What a page shows of the things it links to, besides their labels.
SUMMARY = LABEL_PROPERTIES + ("rdf:type", "schema:startDate", "schema:datePublished",
                              "schema:publisher", "eli:date_document", "kg:title",
                              "org:member", "org:organization", "time:hasBeginning",
                              "time:hasEnd")
# Facts a page shows whole (a figure's value and period, a post's title) when they point to it.
SHOWN_IN_FULL = {str(VOCAB_PREFIXES["kg"]) + c for c in ("Observation", "Target", "SeriesPoint")
                 } | {str(VOCAB_PREFIXES["org"]) + "Membership"}
SCHEMA_TEXT = "schema:text"
SCHEMA_TEXT_IRI = str(VOCAB_PREFIXES["schema"]) + "text"
KG_EVIDENCE = str(VOCAB_PREFIXES["kg"]) + "evidence"
OA_SELECTOR = str(VOCAB_PREFIXES["oa"]) + "hasSelector"
OA_SOURCE = str(VOCAB_PREFIXES["oa"]) + "hasSource"
PERIOD_ENDS = {str(VOCAB_PREFIXES["time"]) + n for n in ("hasBeginning", "hasEnd")}
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
PAGE_TIMEOUT = 10.0
# A law or a ministry that thousands of articles cite: its page lists this many values of a
# property, and of its own quotes the latest ones, and counts the rest.
VALUES_LISTED = 60
QUOTES_LISTED = 100
# The totals of the whole graph are counted in the background, where no request waits for
# them: minutes at 100,000 articles.
TOTALS_TIMEOUT = 1800.0


def iri_ref(iri: str) -> str:
    """``<iri>`` for a SPARQL query; ValueError for text that is not a plain IRI (a malformed
    percent-encoding such as ``%zz``, an undecodable byte: the page is then not found)."""
    if not iri or _BAD_IRI.search(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    ox.NamedNode(iri)  # raises ValueError for what the SPARQL parser would refuse
    return f"<{iri}>"


def one_of(variable: str, terms: Iterable[str]) -> str:
    """``FILTER(?p IN (...))``: pyoxigraph scans every listed predicate for a VALUES placed
    after a triple pattern (seconds on a large graph), but filters a bound one at once."""
    return f"FILTER({variable} IN ({', '.join(terms)}))"


def in_the_graphs(store: Store, pattern: str, graph: str = "?g") -> str:
    """``pattern`` over every graph: a merged store's default graph, where each triple is
    once (no set of them in memory to count or join), else ``GRAPH ?g``."""
    return pattern if getattr(store, "merged", False) else f"GRAPH {graph} {{ {pattern} }}"


def values(iris: Iterable[str]) -> str:
    return " ".join(iri_ref(i) for i in dict.fromkeys(iris))


BATCH = 400  # IRIs one query names: a page may name thousands, and a query text stays short


def batches(iris: Iterable[str]) -> Iterator[str]:
    """The IRIs, each once, as the ``VALUES`` of one query after another."""
    iris = list(dict.fromkeys(iris))
    for start in range(0, len(iris), BATCH):
        yield values(iris[start:start + BATCH])


def select(store: Store, body: str, timeout: float = PAGE_TIMEOUT) -> list[dict[str, Term]]:
    """Rows of a page query (the common prefixes are added)."""
    answer = store.query(PREFIXES + body, deadline=time.monotonic() + timeout)
    return list(answer.rows)


def each(store: Store, body: str, timeout: float = PAGE_TIMEOUT) -> Iterator[dict[str, Term]]:
    """Rows of a query one by one, not held (the common prefixes are added)."""
    return store.solutions(PREFIXES + body, deadline=time.monotonic() + timeout)


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
    day: str = ""  # the article's publication date, as stated


@dataclass
class Description:
    """A resource's statements (with the graph that holds each), inbound links and labels."""

    iri: str
    statements: list[tuple[str, Term, str]] = field(default_factory=list)
    inbound: list[tuple[Term, str, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    label_quads: list[ox.Quad] = field(default_factory=list)
    context: list[ox.Quad] = field(default_factory=list)  # what its page shows around it
    quotes: list[Quote] = field(default_factory=list)  # the latest QUOTES_LISTED
    quote_count: int = 0  # all its own quotes
    graph_size: int = 0  # triples in the named graph of this IRI, if it names one

    @property
    def exists(self) -> bool:
        return bool(self.statements or self.inbound or self.graph_size)

    def objects(self, predicate: str) -> list[Term]:
        return list(dict.fromkeys(o for p, o, _ in self.statements if p == predicate))

    def listed(self) -> dict[str, tuple[list[Term], int]]:
        """Each property's first ``VALUES_LISTED`` distinct values, in the order the store
        gave them, and how many it has."""
        found: dict[str, dict[Term, None]] = {}
        for p, o, _ in self.statements:
            found.setdefault(p, {})[o] = None
        return {p: (list(objects)[:VALUES_LISTED], len(objects)) for p, objects in found.items()}

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

    def quads(self) -> list[ox.Quad]:
        """Its own statements and the links to it, each in its graph; then what its page shows
        around it (the facts that point to it, their quotes, labels and dates)."""
        node = ox.NamedNode(self.iri)
        own = [ox.Quad(node, ox.NamedNode(p), o, _graph(g)) for p, o, g in self.statements]
        links = [ox.Quad(s, ox.NamedNode(p), node, _graph(g)) for s, p, g in self.inbound]
        return list(dict.fromkeys(own + links + self.label_quads + self.context))


def _graph(name: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(name) if name else ox.DefaultGraph()


def describe(store: Store, iri: str, inbound_limit: int = 500) -> Description:
    ref = iri_ref(iri)
    d = Description(iri)
    for row in select(store, f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {ref} ?p ?o }} }}"):
        d.statements.append((row["p"].value, row["o"], text(row.get("g"))))
    for row in select(store, f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {ref} }} }} "
                             f"LIMIT {inbound_limit}"):
        d.inbound.append((row["s"], row["p"].value, text(row.get("g"))))
    named = [o.value for objects, _ in d.listed().values() for o in objects
             if isinstance(o, ox.NamedNode)]
    named += [s.value for s, _, _ in d.inbound if isinstance(s, ox.NamedNode)]
    label = own_label(d)
    # Names without the graphs that state them (a body that every article names would be
    # read once per article); ``with_context`` reads those quads when they are asked for.
    d.labels = labels(store, named if label else [iri, *named])
    if label:
        d.labels[iri] = label
    quotes = read_quotes(store, [iri])
    d.quote_count = len(quotes)
    d.quotes = with_titles(store, latest(quotes, QUOTES_LISTED))
    size = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ref} {{ ?s ?p ?o }} }}")
    d.graph_size = int(size[0]["n"].value) if size else 0
    return d


def with_context(store: Store, d: Description, graphs: bool = True) -> Description:
    """``d`` with the quads of what its page shows: a named graph's content; the figures and posts
    that point to it, whole, and the names and dates of the rest; the quotes of those facts and
    the ones of its own it lists; labels and dates of everything they name.

    Without ``graphs`` (for a format without them), what is around it is read from the merge,
    each triple once: the name of a body that every article states, not once per article.
    """
    d.label_quads = label_lookup(store, [x for x in d.labels if x != d.iri], graphs)[1]
    if d.graph_size:
        ref = iri_ref(d.iri)
        d.context += quads_of(store, f"GRAPH {ref} {{ ?s ?p ?o }} BIND({ref} AS ?g)")
    pointing = [s.value for s, _, _ in d.inbound if isinstance(s, ox.NamedNode)]
    summaries = _about(store, pointing, one_of("?p", SUMMARY), graphs)
    facts = {q.subject.value for q in summaries
             if q.predicate.value == RDF_TYPE and q.object.value in SHOWN_IN_FULL}
    d.context += summaries + _about(store, facts, f"FILTER(?p != {SCHEMA_TEXT})", graphs)
    # Of its own statements, the values its page lists and the quotes it shows: a law that
    # thousands of articles cite keeps every triple of its own, not their articles' context.
    around = [q for q in d.quads() if q.subject.value != d.iri]
    named = {o.value for objects, _ in d.listed().values() for o in objects
             if isinstance(o, ox.NamedNode)}
    named |= {q.object.value for q in around if isinstance(q.object, ox.NamedNode)}
    named |= {q.subject.value for q in around if isinstance(q.subject, ox.NamedNode)}
    d.context += _about(store, named - {d.iri}, one_of("?p", SUMMARY), graphs)
    evidence = {o.value for p, o, _ in d.statements if p == KG_EVIDENCE}
    if d.quote_count > len(d.quotes):
        evidence = {q.evidence for q in d.quotes}
    evidence |= {q.object.value for q in around if q.predicate.value == KG_EVIDENCE}
    annotations = _about(store, evidence, "", graphs)
    selectors = [q.object.value for q in annotations if q.predicate.value == OA_SELECTOR]
    d.context += annotations + _about(store, selectors, "", graphs)
    instants = [q.object.value for q in d.context if q.predicate.value in PERIOD_ENDS]
    d.context += _about(store, instants, one_of("?p", ["time:inXSDDate"]), graphs)
    source = d.first(OA_SOURCE)
    if isinstance(source, ox.NamedNode):  # a quote's page is its article's
        d.context += with_context(store, describe(store, source.value), graphs).quads()
    unnamed = {q.object.value for q in d.context if isinstance(q.object, ox.NamedNode)}
    d.context += label_lookup(store, unnamed - set(d.labels), graphs)[1]
    return d


def _about(store: Store, subjects: Iterable[str], restriction: str,
           graphs: bool = True) -> list[ox.Quad]:
    """The statements of ``subjects`` (in chunks), limited by a FILTER on ?p: each in its
    graph, or without ``graphs`` each once, in the default graph."""
    out = []
    for chunk in batches(subjects):
        graph, where = _where_stated(store, f"?s ?p ?o {restriction}", graphs)
        rows = select(store, f"SELECT DISTINCT ?s ?p ?o {graph} WHERE {{ "
                             f"VALUES ?s {{ {chunk} }} {where} }}")
        out += [_quad(r, "s", "p", "o") for r in rows]
    return out


def _quad(row: dict[str, Term], s: str, p: str, o: str) -> ox.Quad:
    """A row's statement, in its graph ``?g`` or, where none was asked for, the default one."""
    return ox.Quad(row[s], row[p], row[o], row.get("g") or ox.DefaultGraph())


def quads_of(store: Store, pattern: str) -> list[ox.Quad]:
    rows = select(store, f"SELECT ?s ?p ?o ?g WHERE {{ {pattern} }}")
    return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]


def label_lookup(store: Store, iris: Iterable[str],
                 graphs: bool = True) -> tuple[dict[str, str], list[ox.Quad]]:
    """The best label of each IRI (Vietnamese first), and the label quads themselves (each
    in its graph, or without ``graphs`` each once in the default graph)."""
    quads: list[ox.Quad] = []
    return _names(store, iris, quads, graphs=graphs), quads


def labels(store: Store, iris: Iterable[str], timeout: float = PAGE_TIMEOUT) -> dict[str, str]:
    """The best label of each IRI, without the quads that state it: a table names a hundred
    thousand articles, and their texts are not to be held for their first words. ``timeout``
    bounds each of its queries."""
    return _names(store, iris, None, timeout)


def _names(store: Store, iris: Iterable[str], quads: list[ox.Quad] | None,
           timeout: float = PAGE_TIMEOUT, graphs: bool = True) -> dict[str, str]:
    """The best label of each IRI; the quads that state them added to ``quads`` if given."""
    iris = list(dict.fromkeys(iris))
    best: dict[str, tuple[int, str]] = {}
    for chunk in batches(iris):
        graph, where = _where_stated(store, f"?x ?p ?l {one_of('?p', LABEL_PROPERTIES)}",
                                     graphs and quads is not None)
        rows = select(store, f"SELECT DISTINCT ?x ?p ?l {graph} WHERE {{ "
                             f"VALUES ?x {{ {chunk} }} {where} }}", timeout)
        for row in rows:
            if quads is not None:
                quads.append(_quad(row, "x", "p", "l"))
            _rank(best, row["x"].value, row["p"].value, row["l"])
    found = {x: label for x, (_, label) in best.items()}
    return found | _outlet_and_date(store, [i for i in iris if i not in found], quads, timeout,
                                    graphs)


def _rank(best: dict[str, tuple[int, str]], x: str, predicate: str, label: Term) -> None:
    """Keeps in ``best`` the better of ``x``'s label so far and this one."""
    rank = _label_rank(predicate, label)
    if x not in best or (rank, label.value) < best[x]:  # ties: the same one always
        best[x] = (rank, label.value)


def own_label(d: Description) -> str | None:
    """The best label among a resource's own statements: a law that thousands of articles
    name need not be looked up again in each of them."""
    best: dict[str, tuple[int, str]] = {}
    for p, o, _ in d.statements:
        if p in LABEL_IRIS:
            _rank(best, d.iri, p, o)
    return best[d.iri][1] if best else None


def _where_stated(store: Store, pattern: str, graphs: bool) -> tuple[str, str]:
    """(projection, pattern) for statements over every graph; with ``graphs``, each one's
    graph as ``?g``, else each statement once (a law cited by a thousand articles is named in
    a thousand graphs)."""
    if graphs:
        return "?g", f"GRAPH ?g {{ {pattern} }}"
    return "", in_the_graphs(store, pattern)


def _outlet_and_date(store: Store, iris: list[str], quads: list[ox.Quad] | None,
                     timeout: float = PAGE_TIMEOUT, graphs: bool = True) -> dict[str, str]:
    """Articles without a title named "outlet, 30/06/2024"; the quads that say so added to
    ``quads`` if given."""
    parts: dict[str, dict[str, str]] = {}
    for chunk in batches(iris):
        graph, where = _where_stated(
            store, f"?s ?p ?o {one_of('?p', ['schema:publisher', 'schema:datePublished'])}",
            graphs and quads is not None)
        for r in select(store, f"SELECT DISTINCT ?s ?p ?o {graph} WHERE {{ "
                               f"VALUES ?s {{ {chunk} }} {where} }}", timeout):
            parts.setdefault(r["s"].value, {})[r["p"].value.rsplit("/", 1)[-1]] = r["o"].value
            if quads is not None:
                quads.append(_quad(r, "s", "p", "o"))
    names = {iri: ", ".join(filter(None, (p.get("publisher"), _day(p.get("datePublished")))))
             for iri, p in parts.items()}
    return names | _opening_words(store, [i for i in iris if i not in names], quads, timeout)


def _opening_words(store: Store, iris: list[str], quads: list[ox.Quad] | None,
                   timeout: float = PAGE_TIMEOUT) -> dict[str, str]:
    """Articles with neither title, outlet nor date: their first words (and their text)."""
    out = {}
    for chunk in batches(iris):
        rows = select(store, f"""SELECT ?s ?text ?g WHERE {{
            VALUES ?s {{ {chunk} }}
            GRAPH ?g {{ ?s a schema:NewsArticle ; schema:text ?text }} }}""", timeout)
        for r in rows:
            head = " ".join(r["text"].value[:80].split())
            out[r["s"].value] = (head.rsplit(" ", 1)[0] if len(head) >= 80 else head) + "…"
            if quads is not None:
                quads.append(ox.Quad(r["s"], ox.NamedNode(SCHEMA_TEXT_IRI), r["text"], r["g"]))
    return out


def _day(value: str | None) -> str:
    return "/".join(reversed(value[:10].split("-"))) if value else ""


def _label_rank(predicate: str, literal: ox.Literal) -> int:
    names = [p.split(":")[1] for p in LABEL_PROPERTIES]
    local = re.split(r"[#/]", predicate)[-1]
    order = names.index(local) if local in names else len(names)
    return order * 2 + (0 if getattr(literal, "language", None) in ("vi", None) else 1)


# Each pattern names the graph on its own: given a group of them, the store starts the join
# from the pattern it thinks smallest, not from the facts given, and at 100,000 articles
# reads every quote (over a minute; a few milliseconds so).
QUOTED = """VALUES ?fact { %s }
  GRAPH ?g { ?fact kg:evidence ?ev }
  GRAPH ?g { ?ev oa:hasSource ?article }
  GRAPH ?g { ?ev oa:hasSelector ?sel }
  GRAPH ?g { ?sel oa:exact ?quote }
  GRAPH ?g { ?sel oa:start ?start }
  GRAPH ?g { ?sel oa:end ?end }"""
EVIDENCE = ("SELECT ?fact ?ev ?article ?quote ?start ?end ?rule ?title ?day WHERE {\n  "
            + QUOTED + """
  OPTIONAL { GRAPH ?g { ?fact kg:extractedBy ?rule } }
  OPTIONAL { GRAPH ?h { ?article schema:name ?title } }
  OPTIONAL { GRAPH ?i { ?article schema:datePublished ?day } }
} ORDER BY ?article ?start ?fact ?ev ?rule ?title ?day""")


def quotes_query(iri: str) -> str:
    """The query of every quote of ``iri``, each with its article and offsets: what a page
    that lists the latest ones links to (without the titles and dates of ``EVIDENCE``,
    which a SPARQL endpoint's time limit does not allow for thousands of quotes)."""
    return (f"PREFIX kg: <{VOCAB_PREFIXES['kg']}>\nPREFIX oa: <{VOCAB_PREFIXES['oa']}>\n"
            "SELECT ?article ?start ?end ?quote WHERE {\n  " + QUOTED % iri_ref(iri)
            + "\n} ORDER BY ?article ?start\n")


def evidence_for(store: Store, facts: Iterable[str]) -> list[Quote]:
    """The quotes that state each fact, in article and text order."""
    return with_titles(store, read_quotes(store, facts))


def read_quotes(store: Store, facts: Iterable[str]) -> list[Quote]:
    """The quotes of ``facts``, in article and text order, untitled articles unnamed."""
    quotes: dict[tuple[str, str], Quote] = {}
    for chunk in batches(facts):
        for row in select(store, EVIDENCE % chunk):
            quote = Quote(row["fact"].value, row["ev"].value, row["article"].value,
                          row["quote"].value, int(row["start"].value), int(row["end"].value),
                          text(row.get("rule")), text(row.get("title")), text(row.get("day")))
            quotes.setdefault((quote.fact, quote.evidence), quote)
    return list(quotes.values())


def latest(quotes: list[Quote], limit: int) -> list[Quote]:
    """The ``limit`` quotes of the most recently published articles, in their order."""
    if len(quotes) <= limit:
        return quotes
    kept = set(sorted(quotes, key=lambda q: (q.day, q.article, q.start), reverse=True)[:limit])
    return [q for q in quotes if q in kept]


def with_titles(store: Store, quotes: list[Quote]) -> list[Quote]:
    """Quotes whose article has no title named by its outlet and date (or first words)."""
    untitled = {q.article for q in quotes if not q.title}
    names = _outlet_and_date(store, sorted(untitled), None) if untitled else {}
    return [replace(q, title=names.get(q.article, "")) if not q.title else q for q in quotes]


def quotes_by_fact(quotes: Iterable[Quote]) -> dict[str, list[Quote]]:
    out: dict[str, list[Quote]] = {}
    for q in quotes:
        out.setdefault(q.fact, []).append(q)
    return out
