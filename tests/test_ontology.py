"""The OWL ontology declares, labels and anchors every kg: term the builder writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.vocab import ELI, KG, OA, ORG, PROV, QB, QUALIFIERS, SCHEMA, STATUSES, TIME

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "vngov.ttl"
ONTOLOGY_IRI = URIRef("https://data.example.org/vngov/ontology")
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}


def used_terms() -> list[str]:
    """Every ``KG.name`` that the builder and the vocabulary tables use."""
    names: set[str] = set()
    for module in ("graph.py", "vocab.py"):
        names |= set(re.findall(r"\bKG\.(\w+)", (ROOT / "kg" / module).read_text("utf-8")))
    return sorted(names)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def own_terms(g: Graph) -> list[URIRef]:
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))})


def test_ontology_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert dict(onto.namespaces())["kg"] == URIRef(str(KG))


def test_builder_uses_kg_terms():
    assert len(used_terms()) > 50


@pytest.mark.parametrize("name", used_terms())
def test_every_used_term_is_declared(onto, name):
    kinds = set(onto.objects(KG[name], RDF.type))
    assert kinds & KINDS, f"kg:{name} is used by the builder but not declared in {ONTOLOGY.name}"


@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment])
def test_every_term_is_described_in_vietnamese_and_english(onto, predicate):
    missing = []
    for term in [ONTOLOGY_IRI, *own_terms(onto)]:
        langs = {getattr(o, "language", None) for o in onto.objects(term, predicate)}
        missing += [f"{term} {lang}" for lang in ("vi", "en") if lang not in langs]
    assert not missing, f"missing {predicate.n3()}: {missing}"


CODE_LISTS = [(QUALIFIERS, KG.Qualifier), (STATUSES, KG.DocumentStatus)]


@pytest.mark.parametrize(("table", "kind"), CODE_LISTS)
def test_code_lists_carry_their_gold_codes(onto, table, kind):
    for code, term in table.items():
        assert (term, RDF.type, kind) in onto
        assert (term, RDF.type, SKOS.Concept) in onto
        assert str(onto.value(term, SKOS.notation)) == code
    assert set(onto.subjects(RDF.type, kind)) == set(table.values())


def test_reuses_standard_vocabularies(onto):
    imports = {str(o) for o in onto.objects(ONTOLOGY_IRI, OWL.imports)}
    for namespace in (ORG, PROV, OA):
        assert str(namespace) in imports
    assert "http://purl.org/linked-data/cube" in imports
    assert "http://www.w3.org/2006/time" in imports
    anchors = {
        KG.Ministry: ORG.FormalOrganization, KG.Meeting: SCHEMA.Event,
        KG.LegalDocument: ELI.LegalResource, KG.Strategy: PROV.Plan,
        KG.Observation: QB.Observation,
    }
    for term, parent in anchors.items():
        assert (term, RDFS.subClassOf, parent) in onto
    assert (KG.chair, RDFS.subPropertyOf, SCHEMA.attendee) in onto
    assert (KG.evidence, RDFS.range, OA.SpecificResource) in onto
    assert (KG.period, RDFS.range, TIME.ProperInterval) in onto
    assert (KG.indicator, RDF.type, QB.DimensionProperty) in onto
    assert (KG.value, RDF.type, QB.MeasureProperty) in onto


def test_every_kg_class_reaches_a_standard_class(onto):
    """No kg: class floats free: each climbs rdfs:subClassOf to a term outside kg:."""
    for cls in onto.subjects(RDF.type, OWL.Class):
        if not (isinstance(cls, URIRef) and cls.startswith(str(KG))):
            continue
        ancestors = set(onto.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert any(not a.startswith(str(KG)) for a in ancestors), f"{cls} has no standard parent"
