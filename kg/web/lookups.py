"""The queries behind the pages: figures, posts, meetings, articles, collections and counts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..sparql import Store
from ..vocab import (
    KG,
    LEGAL_CLASSES,
    MEETING_CLASSES,
    ORG_CLASSES,
    SCHEMA,
    SKOS,
    STRATEGY_CLASSES,
)
from .describe import (
    TOTALS_TIMEOUT,
    Quote,
    batches,
    evidence_for,
    in_the_graphs,
    iri_ref,
    labels,
    one_of,
    quotes_by_fact,
    select,
    text,
    values,
)
from .terms import short


@dataclass(frozen=True)
class Collection:
    """A list page: the resources of some classes, e.g. every meeting."""

    key: str
    vi: str
    en: str
    classes: tuple[str, ...]


COLLECTIONS: tuple[Collection, ...] = (
    Collection("meeting", "Cuộc họp", "Meetings", tuple(map(str, MEETING_CLASSES.values()))),
    Collection("person", "Nhân vật", "People", (str(SCHEMA.Person),)),
    Collection("organization", "Cơ quan, tổ chức", "Organizations",
               tuple(map(str, ORG_CLASSES.values()))),
    Collection("indicator", "Chỉ tiêu", "Indicators", (str(SKOS.Concept),)),
    Collection("observation", "Số liệu", "Observations", (str(KG.Observation),)),
    Collection("target", "Mục tiêu", "Targets", (str(KG.Target),)),
    Collection("legal", "Văn bản pháp luật", "Legal documents",
               tuple(map(str, LEGAL_CLASSES.values()))),
    Collection("strategy", "Chiến lược, chương trình", "Strategies and programmes",
               tuple(map(str, STRATEGY_CLASSES.values()))),
    Collection("article", "Bài báo nguồn", "Source articles", (str(SCHEMA.NewsArticle),)),
)
BY_KEY = {c.key: c for c in COLLECTIONS}


def decimal(term) -> Decimal | None:
    try:
        return Decimal(term.value) if term is not None else None
    except InvalidOperation:
        return None


@dataclass
class Figure:
    """An observation or a target with the values a table or a chart shows."""

    iri: str
    kind: str  # "observation" or "target"
    concept: str
    indicator: str
    value: Decimal | None
    base_value: Decimal | None
    unit: str
    qualifier: str
    start: str
    end: str
    change: Decimal | None
    plan: Decimal | None
    meeting: str
    article: str
    quotes: list[Quote] = field(default_factory=list)
    scope: str = ""
    progress: Decimal | None = None  # a target: the latest figure reported against it, in %


FIGURES = """SELECT ?fact ?class ?concept ?indicator ?value ?base ?unit ?qualifier ?period
       ?change ?plan ?meeting ?article ?scope WHERE {
  VALUES ?class { kg:Observation kg:Target }
  GRAPH ?g {
    ?fact a ?class ; kg:indicator ?concept ; kg:indicatorLabel ?indicator ;
          prov:wasDerivedFrom ?article .
    %s
    # One pattern to each OPTIONAL: the store reads such an OPTIONAL for each fact found,
    # but a longer one (a path to the period's dates) for every fact it holds, then joins:
    # a minute for any page at 100,000 articles. The periods' dates are read apart.
    OPTIONAL { ?fact kg:value ?value }
    OPTIONAL { ?fact kg:valueInBaseUnit ?base }
    OPTIONAL { ?fact kg:unit ?unit }
    OPTIONAL { ?fact kg:qualifier ?qualifier }
    OPTIONAL { ?fact kg:period ?period }
    OPTIONAL { ?fact kg:changePct ?change }
    OPTIONAL { ?fact kg:planPct ?plan }
    OPTIONAL { ?fact kg:scope ?scope }
    OPTIONAL { ?fact kg:reportedAt ?meeting }
    OPTIONAL { ?fact kg:setAt ?meeting }
  }
}"""

PERIOD_DATES = """SELECT DISTINCT ?period ?start ?end WHERE {
  VALUES ?period { %s }
  { %s } UNION { %s }
}"""


def figures(store: Store, pattern: str, quoted: bool = True) -> list[Figure]:
    """Observations and targets matching a graph pattern over ?fact and ?concept, by the end
    and then the start of their periods; with their quotes unless ``quoted`` is False (see
    ``add_quotes``)."""
    found: dict[str, Figure] = {}
    periods: dict[str, str] = {}
    for row in select(store, FIGURES % pattern):
        iri = row["fact"].value
        if iri in found:
            continue
        kind = "target" if row["class"].value == str(KG.Target) else "observation"
        found[iri] = Figure(
            iri, kind, row["concept"].value, text(row.get("indicator")),
            decimal(row.get("value")), decimal(row.get("base")), text(row.get("unit")),
            text(row.get("qualifier")), "", "",
            decimal(row.get("change")), decimal(row.get("plan")), text(row.get("meeting")),
            row["article"].value, scope=text(row.get("scope")))
        periods[iri] = text(row.get("period"))
    dates = period_dates(store, set(periods.values()) - {""})
    for iri, figure in found.items():
        figure.start, figure.end = dates.get(periods[iri], ("", ""))
    ordered = sorted(found.values(), key=lambda f: (f.end, f.start, f.iri))
    return add_quotes(store, ordered) if quoted else ordered


def add_quotes(store: Store, found: list[Figure]) -> list[Figure]:
    """The figures, each with the quotes that state it."""
    by_fact = quotes_by_fact(evidence_for(store, [f.iri for f in found]))
    for figure in found:
        figure.quotes = by_fact.get(figure.iri, [])
    return found


def period_dates(store: Store, periods: set[str]) -> dict[str, tuple[str, str]]:
    """(start, end) of each period, as xsd:date text ("" where the graph gives none)."""
    dates: dict[str, tuple[str, str]] = {}
    for chunk in batches(sorted(periods)):
        query = PERIOD_DATES % (
            chunk,
            in_the_graphs(store, "?period time:hasBeginning/time:inXSDDate ?start"),
            in_the_graphs(store, "?period time:hasEnd/time:inXSDDate ?end"))
        for row in select(store, query):
            begun, ended = dates.get(row["period"].value, ("", ""))
            dates[row["period"].value] = (begun or text(row.get("start")),
                                          ended or text(row.get("end")))
    return dates


def indicator_figures(store: Store, concept: str, quoted: bool = True) -> list[Figure]:
    return figures(store, f"VALUES ?concept {{ {iri_ref(concept)} }}", quoted)


def meeting_figures(store: Store, meeting: str) -> list[Figure]:
    return figures(store, f"?fact kg:reportedAt|kg:setAt {iri_ref(meeting)} .")


@dataclass(frozen=True)
class Link:
    """A row of a list: a resource, its label and a few plain fields."""

    iri: str
    label: str
    detail: str = ""
    extra: str = ""
    quotes: tuple[Quote, ...] = ()


def person_posts(store: Store, person: str) -> list[Link]:
    rows = select(store, f"""SELECT DISTINCT ?m ?title ?org WHERE {{ GRAPH ?g {{
        ?m org:member {iri_ref(person)} ; kg:title ?title . OPTIONAL {{ ?m org:organization ?org }}
    }} }} ORDER BY ?title""")
    names = labels(store, [r["org"].value for r in rows if "org" in r])
    quotes = quotes_by_fact(evidence_for(store, [r["m"].value for r in rows]))
    return [Link(r["m"].value, r["title"].value, text(r.get("org")),
                 names.get(text(r.get("org")), ""), tuple(quotes.get(r["m"].value, ())))
            for r in rows]


def graph_subjects(store: Store, graph: str) -> list[tuple[str, str]]:
    """(subject, its main type) of the typed IRIs a named graph describes."""
    rows = select(store, f"""SELECT ?s (MIN(?t) AS ?type) WHERE {{ GRAPH {iri_ref(graph)} {{
        ?s a ?t FILTER(isIRI(?s)) }} }} GROUP BY ?s ORDER BY ?s""")
    return [(r["s"].value, r["type"].value) for r in rows]


def organization_posts(store: Store, org: str, limit: int) -> tuple[list[Link], int]:
    """The first ``limit`` posts of an organization (membership, title, holder, holder's
    name, quotes), and how many it has: a ministry has thousands at 100,000 articles."""
    rows = select(store, f"""SELECT DISTINCT ?m ?title ?person WHERE {{ GRAPH ?g {{
        ?m org:organization {iri_ref(org)} ; kg:title ?title ; org:member ?person }} }}
        ORDER BY ?title ?person""")
    shown = rows[:limit]
    names = labels(store, [r["person"].value for r in shown])
    quotes = quotes_by_fact(evidence_for(store, [r["m"].value for r in shown]))
    return [Link(r["m"].value, r["title"].value, r["person"].value,
                 names.get(r["person"].value, ""), tuple(quotes.get(r["m"].value, ())))
            for r in shown], len(rows)


def person_meetings(store: Store, person: str) -> list[Link]:
    rows = select(store, f"""SELECT DISTINCT ?meeting ?role ?date WHERE {{ GRAPH ?g {{
        ?meeting ?role {iri_ref(person)} {one_of("?role", ["kg:chair", "schema:attendee"])}
        OPTIONAL {{ ?meeting schema:startDate ?date }} }} }} ORDER BY ?date ?meeting""")
    names = labels(store, [r["meeting"].value for r in rows])
    return [Link(r["meeting"].value, names.get(r["meeting"].value, r["meeting"].value),
                 text(r.get("date")), "chair" if r["role"].value == str(KG.chair) else "attendee")
            for r in rows]


@dataclass
class Span:
    """A stretch of an article's text; ``marks`` are the evidence IRIs that cover it."""

    text: str
    marks: tuple[str, ...] = ()
    focus: bool = False


def article_spans(store: Store, article: str) -> list[tuple[str, int, int]]:
    rows = select(store, f"""SELECT DISTINCT ?ev ?start ?end WHERE {{ GRAPH ?g {{
        ?ev oa:hasSource {iri_ref(article)} ; oa:hasSelector ?sel .
        ?sel oa:start ?start ; oa:end ?end }} }} ORDER BY ?start""")
    return [(r["ev"].value, int(r["start"].value), int(r["end"].value)) for r in rows]


def split_text(body: str, spans: list[tuple[str, int, int]], focus: str = "") -> list[Span]:
    """The text cut at every evidence boundary, each piece knowing which quotes cover it."""
    cuts = sorted({0, len(body)} | {max(0, min(len(body), p)) for _, s, e in spans
                                    for p in (s, e)})
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        marks = tuple(ev for ev, s, e in spans if s <= a and b <= e)
        pieces.append(Span(body[a:b], marks, focus in marks))
    return pieces


def article_facts(store: Store, article: str) -> list[tuple[str, str]]:
    """(fact, type) for every fact read from the article."""
    rows = select(store, f"""SELECT DISTINCT ?fact ?type WHERE {{ GRAPH ?g {{
        ?fact kg:evidence ?ev ; a ?type . ?ev oa:hasSource {iri_ref(article)} }} }}""")
    return [(r["fact"].value, r["type"].value) for r in rows]


def class_counts(store: Store) -> list[tuple[str, int]]:
    """(class, distinct subjects) for each class, most first. A merged store holds each
    subject–class pair once, so its triples are counted without a set of subjects."""
    counted = "COUNT(*)" if getattr(store, "merged", False) else "COUNT(DISTINCT ?s)"
    rows = select(store, f"""SELECT ?class ({counted} AS ?n) WHERE {{
        {in_the_graphs(store, "?s a ?class")} }} GROUP BY ?class ORDER BY DESC(?n) ?class""",
                  TOTALS_TIMEOUT)
    return [(r["class"].value, int(r["n"].value)) for r in rows]


def counts(store: Store, classes: list[tuple[str, int]] | None = None) -> dict[str, int]:
    """How many resources each collection has; quads, distinct triples, typed subjects, graphs.
    ``classes``: the store's ``class_counts`` where already counted.

    Where the default graph holds the merge of the graphs, each triple once (a store that
    ``kg build`` wrote, or a graph file loaded), the distinct triples and subjects are
    counted there: counting them across the graphs would hold every triple in memory.
    """
    merged = getattr(store, "merged", False)
    per_type = dict(class_counts(store) if classes is None else classes)
    out = {c.key: sum(per_type.get(t, 0) for t in c.classes) for c in COLLECTIONS}
    total = select(store, """SELECT (COUNT(*) AS ?quads) (COUNT(DISTINCT ?g) AS ?graphs)
        WHERE { GRAPH ?g { ?s ?p ?o } }""", TOTALS_TIMEOUT)[0]
    union = select(store, "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }" if merged else
                   """SELECT (COUNT(*) AS ?triples) WHERE {
        SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }""", TOTALS_TIMEOUT)[0]
    entities = select(store, f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        {in_the_graphs(store, "?s a ?type")} FILTER(isIRI(?s)) }}""", TOTALS_TIMEOUT)[0]
    out["quads"], out["graphs"] = int(total["quads"].value), int(total["graphs"].value)
    out["triples"], out["entities"] = int(union["triples"].value), int(entities["n"].value)
    return out


def indicator_summary(store: Store) -> dict[str, tuple[int, int]]:
    """(observations, targets) per indicator concept."""
    rows = select(store, """SELECT ?concept ?class (COUNT(DISTINCT ?f) AS ?n) WHERE {
        VALUES ?class { kg:Observation kg:Target }
        GRAPH ?g { ?f a ?class ; kg:indicator ?concept } } GROUP BY ?concept ?class""")
    out: dict[str, tuple[int, int]] = {}
    for r in rows:
        obs, tgt = out.get(r["concept"].value, (0, 0))
        n = int(r["n"].value)
        is_target = r["class"].value == str(KG.Target)
        out[r["concept"].value] = (obs, tgt + n) if is_target else (obs + n, tgt)
    return out


def fold(label: str) -> str:
    """Lower case without diacritics, so "chuyen doi so" finds "chuyển đổi số"."""
    text_ = unicodedata.normalize("NFD", label.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text_ if not unicodedata.combining(c)).casefold()


def words_of(text_: str) -> str:
    """Folded, with every run of other characters one space: "129/2024/QH15" and the slug
    "129-2024-qh15" both read "129 2024 qh15"."""
    return " ".join(re.split(r"[^0-9a-z]+", fold(text_))).strip()


def label_index(store: Store) -> list[tuple[str, str, str]]:
    """(IRI, its name, the words of one of its labels) of everything that has a name; the
    IRI's last segment and a legal document's number are searchable too."""
    names = ("rdfs:label", "schema:name", "skos:prefLabel", "eli:title")
    rows = select(store, f"""SELECT DISTINCT ?s ?p ?l WHERE {{ GRAPH ?g {{ ?s ?p ?l .
        {one_of("?p", [*names, "skos:altLabel", "eli:id_local"])} }} FILTER(isIRI(?s)) }}""",
                  timeout=60)
    best: dict[str, tuple[int, str]] = {}
    said: dict[str, set[str]] = {}
    for r in rows:
        iri, label, prop = r["s"].value, r["l"].value, short(r["p"].value)
        said.setdefault(iri, set()).add(label)
        rank = (names.index(prop) if prop in names else len(names), label)
        if iri not in best or rank < best[iri]:
            best[iri] = rank
    out = []
    for iri, labels_ in said.items():
        name = best[iri][1]
        out += [(iri, name, words_of(label)) for label in sorted(labels_)]
        out.append((iri, name, words_of(iri.rstrip("/").rsplit("/", 1)[-1])))
    return out


def search(index: list[tuple[str, str, str]], query: str, limit: int = 50) -> list[Link]:
    """Names holding every word of the query: exact matches first, then names that begin with
    it, then names with a word that begins with it, then the rest; shorter names first."""
    wanted = words_of(query)
    words = wanted.split()
    if not words:
        return []
    hits: dict[str, tuple[tuple, Link]] = {}
    for iri, label, said in index:
        if all(w in said for w in words):
            starts = said.startswith(wanted)
            at_word = f" {wanted}" in f" {said}"
            rank = (0 if said == wanted else 1 if starts else 2 if at_word else 3,
                    len(label), fold(label), iri)
            if iri not in hits or rank < hits[iri][0]:
                hits[iri] = (rank, Link(iri, label))
    return [link for _, link in sorted(hits.values(), key=lambda h: h[0])][:limit]


DETAILS = """SELECT ?s (MAX(?t) AS ?type) (MIN(?d) AS ?date) (SAMPLE(?o) AS ?org) WHERE {
  VALUES ?s { %s }
  OPTIONAL { GRAPH ?g { ?s a ?t } }
  OPTIONAL { GRAPH ?g2 { ?s schema:startDate|schema:datePublished|eli:date_document ?d } }
  OPTIONAL { GRAPH ?g3 {
    ?s schema:organizer|eli:passed_by|kg:reportedAt/schema:organizer|kg:setAt/schema:organizer
       |^org:member/org:organization ?o } }
} GROUP BY ?s"""


def hit_details(store: Store, iris: list[str]) -> dict[str, tuple[str, str, str]]:
    """(class, date, organization) of each search hit, to tell two of one name apart."""
    if not iris:
        return {}
    rows = select(store, DETAILS % values(iris))
    return {r["s"].value: (text(r.get("type")), text(r.get("date")), text(r.get("org")))
            for r in rows}
