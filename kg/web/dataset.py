"""The dataset described for machines: VoID and DCAT, the SPARQL service description, dumps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from ..export import quad_bytes, write_quads, write_triples
from ..formats import FORMATS, RdfFormat
from ..rdflib_ox import ox_quads
from ..sparql import OxigraphStore, Store
from ..vocab import DCAT, KG, ORG, PREFIXES, SCHEMA, VOID
from .describe import TOTALS_TIMEOUT, select
from .serialize import new_graph

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3_FORMATS = Namespace("http://www.w3.org/ns/formats/")
TITLE_VI = "Tri thức từ tin tức Chính phủ Việt Nam"
TITLE_EN = "Vietnamese government news knowledge graph"
SUMMARY_VI = ("Cuộc họp, nhân vật, cơ quan, văn bản, số liệu và mục tiêu đọc từ tin tức của "
              "Chính phủ; mỗi sự kiện kèm đoạn trích nguồn.")
SUMMARY_EN = ("Meetings, people, bodies, legal documents, figures and targets read from "
              "Vietnamese government news; every fact with the quote that states it.")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML")
DUMP_FORMATS: tuple[RdfFormat, ...] = tuple(
    f for f in FORMATS if f.name in ("turtle", "trig", "json-ld", "nt", "nquads"))


def dump_path(fmt: RdfFormat) -> str:
    return f"dumps/kg{fmt.suffix}"


@dataclass
class DatasetFacts:
    """What a description of the dataset states: where it lives, its counts, its files."""

    base: str  # where its IRIs are minted
    public: str  # where this server is reached
    counts: dict[str, int]
    classes: list[tuple[str, int]]
    graphs: list[tuple[str, str, int]]  # (graph, article, triples)
    sizes: dict[str, int]  # dump format name -> bytes
    modified: datetime
    license: str
    publisher: str


def graph_sizes(store: Store) -> list[tuple[str, str, int]]:
    """(graph, the article it was read from, triples) for each named graph. Two grouped scans
    joined here: the engine's join per graph is over ten times slower on a large store."""
    sizes = select(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                          "GROUP BY ?g", TOTALS_TIMEOUT)
    articles = {r["g"].value: r["a"].value for r in select(
        store, "SELECT ?g ?a WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?a } }", TOTALS_TIMEOUT)}
    return sorted((r["g"].value, articles.get(r["g"].value, ""), int(r["n"].value))
                  for r in sizes)


def void_graph(facts: DatasetFacts) -> Graph:
    """VoID and DCAT in one description of ``{base}dataset``."""
    g = new_graph()
    g.bind("foaf", FOAF)
    ds = URIRef(facts.base + "dataset")
    for kind in (VOID.Dataset, DCAT.Dataset):
        g.add((ds, RDF.type, kind))
    for text_, lang in ((TITLE_VI, "vi"), (TITLE_EN, "en")):
        g.add((ds, DCTERMS.title, Literal(text_, lang=lang)))
    for text_, lang in ((SUMMARY_VI, "vi"), (SUMMARY_EN, "en")):
        g.add((ds, DCTERMS.description, Literal(text_, lang=lang)))
    g.add((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/vi")))
    g.add((ds, DCTERMS.license, URIRef(facts.license)))
    publisher = BNode("publisher")
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(facts.publisher)))
    stamp = Literal(facts.modified.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)
    g.add((ds, DCTERMS.issued, stamp))
    g.add((ds, DCTERMS.modified, stamp))
    g.add((ds, VOID.triples, Literal(facts.counts.get("triples", 0))))
    g.add((ds, VOID.entities, Literal(facts.counts.get("entities", 0))))
    g.add((ds, VOID.classes, Literal(len(facts.classes))))
    g.add((ds, VOID.uriSpace, Literal(facts.base)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(facts.public + "sparql")))
    g.add((ds, DCTERMS.conformsTo, URIRef(facts.base + "shapes")))
    _partitions(g, ds, facts.classes)
    _distributions(g, ds, facts)
    return g


def void_quads(facts: DatasetFacts) -> list[ox.Quad]:
    """The VoID and DCAT description with one subset per article graph: the subsets go
    straight to pyoxigraph's terms (an rdflib graph of a hundred thousand would take GBs)."""
    return [*ox_quads(void_graph(facts)), *_subsets(ox.NamedNode(facts.base + "dataset"),
                                                    facts.graphs)]


def _subsets(ds: ox.NamedNode, graphs: list[tuple[str, str, int]]) -> Iterator[ox.Quad]:
    """One void:subset per named graph: its triples and the article it was read from."""
    subset_of, a, dataset = (ox.NamedNode(str(VOID.subset)), ox.NamedNode(str(RDF.type)),
                             ox.NamedNode(str(VOID.Dataset)))
    triples, source = ox.NamedNode(str(VOID.triples)), ox.NamedNode(str(DCTERMS.source))
    integer = ox.NamedNode(str(XSD.integer))
    for name, article, n in graphs:
        subset = ox.NamedNode(name)
        yield ox.Quad(ds, subset_of, subset)
        yield ox.Quad(subset, a, dataset)
        yield ox.Quad(subset, triples, ox.Literal(str(n), datatype=integer))
        if article:
            yield ox.Quad(subset, source, ox.NamedNode(article))


def _partitions(g: Graph, ds: URIRef, classes: list[tuple[str, int]]) -> None:
    for ns in (KG, SCHEMA, ORG, PREFIXES["eli"], PREFIXES["prov"], PREFIXES["qb"],
               PREFIXES["time"], PREFIXES["oa"], PREFIXES["skos"]):
        g.add((ds, VOID.vocabulary, URIRef(str(ns))))
    for cls, n in classes:
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))


def _distributions(g: Graph, ds: URIRef, facts: DatasetFacts) -> None:
    base = facts.base
    for fmt in DUMP_FORMATS:
        dist = URIRef(base + dump_path(fmt))
        url = URIRef(facts.public + dump_path(fmt))
        g.add((ds, VOID.dataDump, url))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCTERMS.license, URIRef(facts.license)))
        if fmt.name in facts.sizes:
            g.add((dist, DCAT.byteSize, Literal(facts.sizes[fmt.name], datatype=XSD.integer)))
        g.add((dist, DCAT.mediaType,
               URIRef(f"https://www.iana.org/assignments/media-types/{fmt.media_type}")))
        g.add((dist, DCTERMS.title, Literal(f"{fmt.name} dump")))
    service = URIRef(facts.public + "sparql")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))


def service_graph(base: str, graphs: list[str], union: bool, timeout: float, limit: int) -> Graph:
    """The SPARQL 1.1 Service Description of ``{base}sparql``."""
    g = new_graph()
    g.bind("sd", SD)
    service = URIRef(base + "sparql")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, W3_FORMATS[name]))
    if union:
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    note = (f"Read-only. Queries stop after {timeout:g} s and may return at most {limit} "
            "results.")
    g.add((service, DCTERMS.description, Literal(note, lang="en")))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, DCTERMS.source, URIRef(base + "dataset")))
    for name in graphs:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, SD.name, URIRef(name)))
    return g


def graph_names(store: Store) -> list[str]:
    rows = select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    return [r["g"].value for r in rows]


def schema_org(facts: DatasetFacts) -> dict:
    """The dataset as a schema.org ``Dataset``, for dataset search engines (JSON-LD)."""
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": facts.base + "dataset",
        "name": TITLE_VI, "alternateName": TITLE_EN,
        "description": f"{SUMMARY_VI} {SUMMARY_EN}",
        "url": facts.public, "inLanguage": "vi",
        "license": facts.license,
        "publisher": {"@type": "Organization", "name": facts.publisher},
        "dateModified": facts.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "isAccessibleForFree": True,
        "keywords": ["Vietnam", "government", "news", "knowledge graph", "linked data"],
        "variableMeasured": [f"{n} {short}" for short, n in (
            ("triples", facts.counts.get("triples", 0)),
            ("entities", facts.counts.get("entities", 0)))],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": fmt.media_type,
             "contentUrl": facts.public + dump_path(fmt),
             **({"contentSize": f"{facts.sizes[fmt.name]} B"} if fmt.name in facts.sizes
                else {})} for fmt in DUMP_FORMATS],
    }


def write_dump(store: Store, fmt: RdfFormat, out: BinaryIO) -> None:
    """The whole dataset to ``out``; quad formats keep one named graph per article. An
    embedded store is streamed; a remote one is read with one query, held, then written."""
    if isinstance(store, OxigraphStore):
        if fmt.quads:
            write_quads(store.quads(), fmt, out)
        else:
            write_triples(store.triples(), fmt, out)
        return
    rows = select(store, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=300)
    out.write(quad_bytes((ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows), fmt))
