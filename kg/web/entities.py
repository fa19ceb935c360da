"""What each kind of page shows, as template context: meetings, people, indicators, articles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pyoxigraph as ox

from ..vocab import KG, OA, ORG, PREFIXES, RDF, SCHEMA, SKOS
from .chart import charts, with_progress
from .describe import Description, labels, text
from .lookups import (
    Figure,
    Link,
    add_quotes,
    article_facts,
    article_spans,
    graph_subjects,
    indicator_figures,
    indicator_summary,
    meeting_figures,
    organization_posts,
    person_meetings,
    person_posts,
    split_text,
)
from .site import Site

PROV = PREFIXES["prov"]
# Shown in their own sections, not in the table of statements.
APART = {str(RDF.type), str(KG.evidence), str(SCHEMA.text), str(KG.extractedBy)}
# The order a reader expects: names, then what a figure says, then where it was said.
FIRST = [str(p) for p in (
    SKOS.prefLabel, PREFIXES["rdfs"].label, SCHEMA.name, KG.indicatorLabel, KG.indicator,
    KG.inSeries, KG.value, KG.unit, KG.qualifier, KG.period, KG.changePct, KG.comparedPeriod,
    KG.planPct, KG.planPeriod, KG.scope, KG.valueInBaseUnit, KG.title, ORG.member, ORG.organization,
    ORG.role, SCHEMA.startDate, SCHEMA.organizer, KG.chair, SCHEMA.attendee, KG.reportedAt,
    KG.setAt, KG.setBy)]


def statements(d: Description) -> list[tuple[str, list, int]]:
    """(property, the first ``VALUES_LISTED`` values, how many in all) in a reader's order
    (``FIRST``), then the others by property."""
    order = {p: n for n, p in enumerate(FIRST)}
    return sorted(((p, values, total) for p, (values, total) in d.listed().items()
                   if p not in APART), key=lambda row: (order.get(row[0], len(FIRST)), row[0]))


def inbound(d: Description) -> list[tuple[str, list]]:
    grouped: dict[str, list] = {}
    for s, p, _ in d.inbound:
        if p != str(OA.hasSource) and s not in grouped.setdefault(p, []):
            grouped[p].append(s)
    return sorted(grouped.items())


def generic(site: Site, d: Description) -> dict:
    return {"template": "resource.html"}


def figure_labels(site: Site, found: list) -> dict[str, str]:
    """Labels of the meetings and articles a list of figures points to."""
    return labels(site.store, [i for f in found for i in (f.meeting, f.article) if i])


def meeting(site: Site, d: Description) -> dict:
    found = meeting_figures(site.store, d.iri)
    return {
        "labels": figure_labels(site, found),
        "template": "meeting.html",
        "date": text(d.first(str(SCHEMA.startDate))),
        "chairs": d.objects(str(KG.chair)),
        "attendees": [a for a in d.objects(str(SCHEMA.attendee))
                      if a not in d.objects(str(KG.chair))],
        "observations": [f for f in found if f.kind == "observation"],
        "targets": [f for f in found if f.kind == "target"],
        "sources": d.objects(str(PROV.wasDerivedFrom)),
    }


def quoted_once(posts: list[Link], shown: set[str] | None = None) -> list[Link]:
    """The posts with each quote under the first one it states (one sentence often names
    several posts); ``shown`` gathers the quotes shown."""
    shown = set() if shown is None else shown
    out = []
    for post in posts:
        fresh = tuple(q for q in post.quotes if q.evidence not in shown)
        shown |= {q.evidence for q in fresh}
        out.append(replace(post, quotes=fresh))
    return out


def person(site: Site, d: Description) -> dict:
    shown: set[str] = set()
    posts = quoted_once(person_posts(site.store, d.iri), shown)
    d.quotes = [q for q in d.quotes if q.evidence not in shown]  # each quote once
    return {
        "template": "person.html",
        "posts": posts,
        "meetings": person_meetings(site.store, d.iri),
        "sources": d.objects(str(PROV.wasDerivedFrom)),
    }


LISTED = 200  # observations, and targets, an indicator's page lists with quotes: the latest


def indicator(site: Site, d: Description) -> dict:
    """An indicator's page: its series charted, each figure once however many articles
    restate it, and the latest figures listed with their quotes (an indicator that every
    report restates has thousands; the table view pages through them all)."""
    if d.iri == site.iri("indicator"):
        return indicator_list(site, d)
    found = with_progress(indicator_figures(site.store, d.iri, quoted=False))
    observations = [f for f in found if f.kind == "observation"]
    targets = [f for f in found if f.kind == "target"]
    listed = add_quotes(site.store, observations[-LISTED:] + targets[-LISTED:])
    return {
        "labels": figure_labels(site, listed),
        "template": "indicator.html",
        "charts": [(c.unit, c.svg(site.href)) for c in charts(distinct_figures(found))],
        "observations": [f for f in listed if f.kind == "observation"],
        "targets": [f for f in listed if f.kind == "target"],
        "counts": {"observations": len(observations), "targets": len(targets)},
        "wordings": sorted({f.indicator for f in found}),
    }


def distinct_figures(found: list[Figure]) -> list[Figure]:
    """The first of the figures that state the same value of the same period, unit,
    qualifier and scope: what a chart plots once."""
    first: dict[tuple, Figure] = {}
    for f in found:
        first.setdefault((f.kind, f.start, f.end, f.value, f.unit, f.qualifier, f.scope), f)
    return list(first.values())


def indicator_list(site: Site, d: Description) -> dict:
    summary = indicator_summary(site.store)
    concepts = [o.value for o in d.objects(str(SKOS.hasTopConcept))] or list(summary)
    names = labels(site.store, concepts)
    rows = sorted(((c, names.get(c, c), *summary.get(c, (0, 0))) for c in concepts),
                  key=lambda r: (-r[2] - r[3], r[1]))
    return {"template": "indicators.html", "indicators": rows}


def article(site: Site, d: Description, focus: str = "") -> dict:
    body = text(d.first(str(SCHEMA.text)))
    facts = article_facts(site.store, d.iri)
    names = labels(site.store, [f for f, _ in facts])
    grouped: dict[str, list] = {}
    for fact, kind in _main_types(facts).items():
        if kind != str(ORG.Membership):
            grouped.setdefault(kind, []).append((fact, names.get(fact, "")))
    for items in grouped.values():
        items.sort(key=lambda item: item[1])
    return {
        "template": "article.html",
        "pieces": split_text(body, article_spans(site.store, d.iri), focus),
        "facts": sorted(grouped.items(), key=lambda kv: -len(kv[1])),
        "focus": focus,
        "doc": d,
        "fact_count": sum(len(items) for items in grouped.values()),
    }


def _main_types(facts: list[tuple[str, str]]) -> dict[str, str]:
    """One type per fact, the project's own class before the standard ones it extends."""
    main: dict[str, str] = {}
    for fact, kind in sorted(facts, key=lambda f: not f[1].startswith(str(KG))):
        main.setdefault(fact, kind)
    return main


def evidence(site: Site, d: Description) -> dict:
    """An evidence IRI shows its article with the quote marked."""
    source = d.first(str(OA.hasSource))
    if not isinstance(source, ox.NamedNode):
        return generic(site, d)
    from .describe import describe

    context = article(site, describe(site.store, source.value), focus=d.iri)
    context["article_iri"] = source.value
    context["stated"] = [s for s, p, _ in d.inbound if p == str(KG.evidence)]
    return context


def graph(site: Site, d: Description) -> dict:
    """A named graph: what it describes, by kind, and a query for its triples."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{d.iri}> {{ ?s ?p ?o }} }} LIMIT 500"
    held = graph_subjects(site.store, d.iri)
    names = labels(site.store, [s for s, _ in held])
    grouped: dict[str, list] = {}
    for subject, kind in held:
        grouped.setdefault(kind, []).append((subject, names.get(subject, "")))
    return {"template": "graph.html", "query": query, "labels": names,
            "held": sorted(grouped.items(), key=lambda kv: -len(kv[1]))}


POSTS_LISTED = 100  # posts an organization's page lists; the table of people has them all


def organization(site: Site, d: Description) -> dict:
    posts, count = organization_posts(site.store, d.iri, POSTS_LISTED)
    posts = quoted_once(posts)
    return {"template": "organization.html", "posts": posts, "count": count,
            "labels": labels(site.store, [p.detail for p in posts])}


PAGES: dict[str, Callable[[Site, Description], dict]] = {
    "meeting": meeting, "person": person, "organization": organization,
    "indicator": indicator, "article": article, "graph": graph,
}


def page_context(site: Site, d: Description) -> dict:
    """The template and the data of the page for ``d``, chosen by the IRI's first segment."""
    path = d.iri[len(site.base):] if d.iri.startswith(site.base) else ""
    parts = path.split("/")
    if parts[0] == "article" and len(parts) == 4 and parts[2] == "evidence":
        return evidence(site, d)
    make = PAGES.get(parts[0], generic) if len(parts) <= 2 else generic
    return make(site, d)
