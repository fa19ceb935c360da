"""Facts -> RDF quads: one named graph per article, every fact with its evidence."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib import namespace as rdf_ns

from . import facts as f
from . import vocab
from .identity import Minter
from .text.numbers import format_decimal
from .text.units import base_multiplier
from .vocab import (
    FORMATS,
    LEGAL_CLASSES,
    MEETING_CLASSES,
    ORG_CLASSES,
    QUALIFIERS,
    STATUSES,
    STRATEGY_CLASSES,
)

Quad = tuple[URIRef, URIRef, object, URIRef]


class Terms:
    """A namespace whose terms are made once: rdflib mints a new URIRef on every access."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


PROV, RDF, RDFS, SKOS, XSD = (
    Terms(getattr(rdf_ns, n)) for n in ("PROV", "RDF", "RDFS", "SKOS", "XSD"))
ELI, KG, OA, ORG, QB, SCHEMA, TIME = (
    Terms(getattr(vocab, n)) for n in ("ELI", "KG", "OA", "ORG", "QB", "SCHEMA", "TIME"))


# Literals are immutable, and names, dates and amounts recur across an article's facts and
# across articles: making each once saves a tenth of the graph's making.
@lru_cache(maxsize=65_536)
def vi(text: str) -> Literal:
    return Literal(text, lang="vi")


@lru_cache(maxsize=65_536)
def date_literal(value: str) -> Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear by the precision the text gave."""
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.string)
    return Literal(value, datatype=kind)


@lru_cache(maxsize=65_536, typed=True)  # typed: True and 1 are equal keys otherwise
def plain(value: str | int | bool) -> Literal:
    """A literal of the value's own type: xsd:string, xsd:integer or xsd:boolean."""
    return Literal(value)


def decimal_literal(value: Decimal) -> Literal:
    """The XSD 1.1 canonical xsd:decimal form ("7", "1.6"): the one SPARQL stores answer with,
    so every dump and every query result writes a value alike."""
    return _decimal(format_decimal(value))


@lru_cache(maxsize=65_536)
def _decimal(lexical: str) -> Literal:
    return Literal(lexical, datatype=XSD.decimal)


def _dated(period: f.Period | None) -> bool:
    """Whether a period has a start or an end: one without either is not stated."""
    return period is not None and (period.start is not None or period.end is not None)


class ArticleGraph:
    """Writes the quads of one article into its own named graph."""

    def __init__(self, minter: Minter, article: f.ArticleFacts):
        self.m = minter
        self.a = article
        self.name = article.meta.name
        self.g = minter.graph(self.name)
        self.article = minter.article(self.name)
        self.quads: list[Quad] = []
        self.meetings: dict[str, URIRef] = {}

    def add(self, s, p, o) -> None:
        if o is not None:
            self.quads.append((s, p, o, self.g))

    def build(self) -> list[Quad]:
        self._article()
        for meeting in self.a.meetings:
            self._meeting(meeting)
        for org in self.a.organizations:
            self._organization(org)
        for person in self.a.people:
            self._person(person)
        for n, obs in enumerate(self.a.observations, 1):
            self._observation(self.m.observation(self.name, n), obs)
        for n, target in enumerate(self.a.targets, 1):
            self._target(self.m.target(self.name, n), target)
        for doc in self.a.legal_documents:
            self._legal(doc)
        for strategy in self.a.strategies:
            self._strategy(strategy)
        return self.quads

    def _article(self) -> None:
        meta, a = self.a.meta, self.article
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        self.add(a, KG.fileName, Literal(meta.name))
        self.add(a, SCHEMA.name, vi(meta.title) if meta.title else None)
        self.add(a, SCHEMA.headline, vi(meta.title) if meta.title else None)
        self.add(a, SCHEMA.url, Literal(meta.url, datatype=XSD.anyURI) if meta.url else None)
        self.add(a, SCHEMA.publisher, Literal(meta.outlet) if meta.outlet else None)
        self.add(a, SCHEMA.datePublished, date_literal(meta.published) if meta.published else None)
        digest = hashlib.sha256(self.a.text.encode("utf-8")).hexdigest()
        self.add(a, KG.sha256, Literal(digest))
        self.add(a, SCHEMA.text, Literal(self.a.text))
        self.add(self.g, PROV.wasDerivedFrom, a)

    def _provenance(self, node: URIRef, ev: f.Evidence) -> None:
        """Links a fact to its article and to the quote, with offsets, that states it."""
        evidence = self.m.evidence(self.name, ev.start, ev.end)
        selector = self.m.selector(self.name, ev.start, ev.end)
        self.add(node, PROV.wasDerivedFrom, self.article)
        self.add(node, KG.evidence, evidence)
        self.add(node, KG.extractedBy, plain(ev.rule))
        self.add(evidence, RDF.type, OA.SpecificResource)
        self.add(evidence, OA.hasSource, self.article)
        self.add(evidence, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, OA.exact, Literal(ev.quote))
        self.add(selector, OA.start, plain(ev.start))
        self.add(selector, OA.end, plain(ev.end))

    def _period(self, period: f.Period | None) -> URIRef | None:
        if not _dated(period):
            return None
        node = self.m.period(period)
        self.add(node, RDF.type, TIME.ProperInterval)
        if period.label:
            self.add(node, RDFS.label, vi(period.label))
        for prop, day in ((TIME.hasBeginning, period.start), (TIME.hasEnd, period.end)):
            if day:
                instant = self.m.instant(day)
                self.add(node, prop, instant)
                self.add(instant, RDF.type, TIME.Instant)
                self.add(instant, TIME.inXSDDate, date_literal(day))
        return node

    def _org_iri(self, name: str | None) -> URIRef | None:
        return self.m.organization(name) if name else None

    def _person_iri(self, name: str) -> URIRef:
        return self.m.person(name)

    def _meeting(self, mt: f.Meeting) -> None:
        node = self.m.meeting(self.name, mt.key, mt.date, mt.organizer, mt.label)
        self.meetings[mt.key] = node
        self.add(node, RDF.type, MEETING_CLASSES.get(mt.kind, KG.Meeting))
        self.add(node, RDFS.label, vi(mt.label))
        self.add(node, SCHEMA.startDate, date_literal(mt.date) if mt.date else None)
        self.add(node, KG.dateInferred, plain(True) if mt.date_inferred else None)
        self.add(node, SCHEMA.location, vi(mt.location) if mt.location else None)
        self.add(node, SCHEMA.eventAttendanceMode, FORMATS.get(mt.format or ""))
        if mt.connection_points is not None:
            self.add(node, KG.connectionPoints, plain(mt.connection_points))
        self.add(node, SCHEMA.organizer, self._org_iri(mt.organizer))
        for name in mt.chairs:
            self.add(node, KG.chair, self._person_iri(name))
        for name in mt.attendees:
            self.add(node, SCHEMA.attendee, self._person_iri(name))
        self.add(node, KG.reviewsPeriod, self._period(mt.reviews))
        self.add(node, KG.plansPeriod, self._period(mt.plans))
        self._provenance(node, mt.evidence)

    def _organization(self, org: f.Organization) -> None:
        node = self.m.organization(org.name)
        self.add(node, RDF.type, ORG_CLASSES.get(org.kind, ORG.Organization))
        self.add(node, RDFS.label, vi(org.name))
        for alias in org.aliases:
            self.add(node, SKOS.altLabel, vi(alias))
        self._provenance(node, org.evidence)

    def _person(self, person: f.Person) -> None:
        node = self._person_iri(person.name)
        self.add(node, RDF.type, SCHEMA.Person)
        self.add(node, SCHEMA.name, vi(person.name))
        self.add(node, RDFS.label, vi(person.name))
        self._provenance(node, person.evidence)
        for role in person.roles:
            membership = self.m.membership(person.name, role.organization, role.title)
            self.add(membership, RDF.type, ORG.Membership)
            self.add(membership, ORG.member, node)
            self.add(membership, ORG.organization, self._org_iri(role.organization))
            self.add(membership, ORG.role, self.m.role(role.title))
            self.add(membership, KG.title, vi(role.title))
            self.add(self.m.role(role.title), RDF.type, ORG.Role)
            self.add(self.m.role(role.title), SKOS.prefLabel, vi(role.title))
            self._provenance(membership, person.evidence)

    def _figure(self, node: URIRef, fact: f.Observation | f.Target) -> None:
        """What observations and targets share: indicator, value, unit, period."""
        concept = self.m.indicator(fact.concept)
        self.add(node, KG.indicator, concept)
        self.add(concept, RDF.type, SKOS.Concept)
        self.add(concept, SKOS.inScheme, self.m.indicator_scheme())
        series = fact.series
        if series and series.quantity:  # the scheme's concept, narrowed to a scope or as is
            link = SKOS.broader if series.key != series.quantity else SKOS.exactMatch
            self.add(concept, link, vocab.IND[series.quantity])
        if series and series.scope:
            self.add(concept, KG.scope, vi(series.scope))
        self.add(node, KG.indicatorLabel, vi(fact.indicator))
        if fact.value is not None:
            self.add(node, KG.value, decimal_literal(fact.value))
            multiplier = base_multiplier(fact.unit)
            if multiplier is not None:
                self.add(node, KG.valueInBaseUnit, decimal_literal(fact.value * multiplier))
        self.add(node, KG.unit, vi(fact.unit) if fact.unit else None)
        self.add(node, KG.qualifier, QUALIFIERS.get(fact.qualifier))
        self.add(node, KG.period, self._period(fact.period))
        if fact.period is not None and fact.period.inferred:
            self.add(node, KG.periodInferred, plain(True))
        if fact.change_pct is not None:
            self.add(node, KG.changePct, decimal_literal(fact.change_pct))
        self._provenance(node, fact.evidence)

    def _observation(self, node: URIRef, obs: f.Observation) -> None:
        self.add(node, RDF.type, KG.Observation)
        self.add(node, RDF.type, QB.Observation)
        self.add(node, QB.dataSet, self.m.dataset())
        self._figure(node, obs)
        self.add(node, KG.comparedPeriod, self._period(obs.compared))
        if obs.plan_pct is not None:
            self.add(node, KG.planPct, decimal_literal(obs.plan_pct))
        self.add(node, KG.planPeriod, self._period(obs.plan_period))
        self.add(node, KG.reportedAt, self.meetings.get(obs.meeting or ""))
        self.add(node, KG.scope, vi(obs.scope) if obs.scope else None)
        self._series_point(node, obs)

    def _series_point(self, node: URIRef, obs: f.Observation) -> None:
        """The point of its indicator's series that the observation states. Every article
        stating the same figure names the same point, so the merged default graph holds each
        point once: a series reads as its points, not as every article's restatement."""
        if obs.value is None or not _dated(obs.period):
            return
        value = decimal_literal(obs.value)
        point = self.m.series_point(obs.concept, obs.period, str(value), obs.unit,
                                    obs.qualifier)
        self.add(node, KG.seriesPoint, point)
        self.add(point, RDF.type, KG.SeriesPoint)
        self.add(point, KG.inSeries, self.m.indicator(obs.concept))
        self.add(point, KG.period, self.m.period(obs.period))
        self.add(point, KG.value, value)
        self.add(point, KG.unit, vi(obs.unit) if obs.unit else None)
        self.add(point, KG.qualifier, QUALIFIERS.get(obs.qualifier))

    def _target(self, node: URIRef, target: f.Target) -> None:
        self.add(node, RDF.type, KG.Target)
        self._figure(node, target)
        self.add(node, KG.setAt, self.meetings.get(target.meeting or ""))
        self.add(node, KG.setBy, vi(target.document) if target.document else None)

    def _legal(self, doc: f.LegalDocument) -> None:
        node = self.m.legal_document(doc.number, doc.name)
        self.add(node, RDF.type, LEGAL_CLASSES.get(doc.kind, KG.LegalDocument))
        self.add(node, ELI.title, vi(doc.name))
        self.add(node, RDFS.label, vi(doc.name))
        self.add(node, ELI.id_local, Literal(doc.number) if doc.number else None)
        self.add(node, ELI.passed_by, self._org_iri(doc.issuer))
        self.add(node, ELI.date_document, date_literal(doc.date) if doc.date else None)
        self.add(node, KG.status, STATUSES.get(doc.status or ""))
        self._provenance(node, doc.evidence)

    def _strategy(self, st: f.Strategy) -> None:
        node = self.m.strategy(strategy_key(st.name))
        self.add(node, RDF.type, STRATEGY_CLASSES.get(st.kind, KG.Strategy))
        self.add(node, RDFS.label, vi(st.name))
        if st.horizon is not None:
            self.add(node, KG.horizonYear, plain(st.horizon))
        if st.vision is not None:
            self.add(node, KG.visionYear, plain(st.vision))
        self._provenance(node, st.evidence)


def strategy_key(name: str) -> str:
    """Drops wording that varies between reports of one strategy (years, "phát triển", ...)."""
    from .extract.strategies import canonical_key

    return canonical_key(name)


def article_quads(minter: Minter, article: f.ArticleFacts) -> list[Quad]:
    return ArticleGraph(minter, article).build()


def entity_quads(minter: Minter, quads: Iterable[Quad], concepts: dict[str, str]) -> Iterator[Quad]:
    """The shared graph: the indicator scheme and one preferred label per concept."""
    g = minter.entities_graph()
    scheme = minter.indicator_scheme()
    yield scheme, RDF.type, SKOS.ConceptScheme, g
    yield scheme, SKOS.prefLabel, vi("Chỉ tiêu"), g
    yield scheme, SKOS.prefLabel, Literal("Indicators", lang="en"), g
    for key, label in sorted(concepts.items()):
        concept = minter.indicator(key)
        yield concept, RDF.type, SKOS.Concept, g
        yield concept, SKOS.inScheme, scheme, g
        yield concept, SKOS.prefLabel, vi(label), g
        yield scheme, SKOS.hasTopConcept, concept, g


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    ds = Dataset()
    from .vocab import PREFIXES

    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for s, p, o, g in quads:
        ds.add((s, p, o, g))
    return ds


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_TO_ESCAPE = re.compile(r'[\\"\n\r]')
_XSD_STRING = str(rdf_ns.XSD.string)


def nquad_term(term) -> str:
    """One term in N-Quads syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    # Most literals hold nothing to escape: one scan finds that sooner than translate.
    body = str.translate(term, _ESCAPES) if _TO_ESCAPE.search(term) else str.__str__(term)
    language, datatype = term.language, term.datatype
    if language:
        return f'"{body}"@{language}'
    if datatype is not None and datatype != _XSD_STRING:
        return f'"{body}"^^<{datatype}>'
    return f'"{body}"'


def nquads(quads: Iterable[Quad]) -> bytes:
    """The quads as N-Quads, one line each, sorted, no duplicates: same input, same bytes."""
    lines = set()
    add = lines.add
    # The same term objects recur in an article's quads (its subjects, a date, a rule's
    # name): each is written once, found by identity (rdflib hashes terms in Python).
    written: dict[int, tuple[object, str]] = {}
    for s, p, o, g in quads:
        subject = written.get(id(s))
        if subject is None:
            subject = written[id(s)] = (s, nquad_term(s))  # held: its id stays its own
        obj = written.get(id(o))
        if obj is None:
            obj = written[id(o)] = (o, nquad_term(o))
        add(f"{subject[1]} <{p}> {obj[1]} <{g}> .\n")
    return "".join(sorted(lines)).encode("utf-8")


def as_triples(body: bytes, graph: str) -> bytes:
    """N-Quads of the one graph ``graph`` as N-Triples: its name cut from the end of each line.

    A line ends with its graph name: a literal cannot hold a line break, so the cut cannot
    reach into one. Serialising the quads again would cost as much as the first time.
    """
    tail = f" <{graph}> .\n".encode()
    triples = body.replace(tail, b" .\n")
    if len(body) - len(triples) != body.count(b"\n") * (len(tail) - 3):
        raise ValueError(f"not every quad is in the graph <{graph}>")
    return triples
