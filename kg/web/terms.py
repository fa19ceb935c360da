"""Labels of classes and properties in Vietnamese and English, from the ontology files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from ..vocab import PREFIXES

LABELS_FILE = Path(__file__).with_name("labels.ttl")
LABEL_PROPS = (RDFS.label, SKOS.prefLabel, SH.name)
COMMENT_PROPS = (RDFS.comment, SKOS.definition, SH.description)
KINDS = {
    OWL.Class: "class", RDFS.Class: "class", OWL.ObjectProperty: "property",
    OWL.DatatypeProperty: "property", OWL.AnnotationProperty: "property",
    RDF.Property: "property", SKOS.Concept: "concept", SH.NodeShape: "shape",
    SH.PropertyShape: "shape", OWL.Ontology: "ontology",
}


def read_folder(folder: Path) -> tuple[Graph, list[str]]:
    """Every Turtle file of ``folder`` in one graph, and the files that would not parse."""
    g, problems = Graph(), []
    files = sorted(folder.glob("*.ttl")) if folder.is_dir() else [folder]
    for path in files:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises parser-specific types
            problems.append(f"{path.name}: {str(exc).splitlines()[0]}")
    return g, problems


@dataclass(frozen=True)
class TermDoc:
    """One documented term of the ontology or the shapes."""

    iri: str
    kind: str
    vi: str
    en: str
    comment: str


@dataclass
class Vocabulary:
    """Labels and comments by IRI and language."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    comments: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, *folders: Path) -> Vocabulary:
        vocab = cls()
        vocab.add(read_folder(LABELS_FILE)[0])
        for folder in folders:
            vocab.add(read_folder(folder)[0])
        return vocab

    def add(self, g: Graph) -> None:
        for table, props in ((self.labels, LABEL_PROPS), (self.comments, COMMENT_PROPS)):
            for prop in props:
                for s, text in g.subject_objects(prop):
                    lang = getattr(text, "language", None) or ""
                    table.setdefault(str(s), {})[lang] = str(text)

    def label(self, iri: str, lang: str = "vi") -> str:
        """The label in ``lang``, else in any language, else the prefixed name."""
        found = self.labels.get(iri, {})
        return found.get(lang) or found.get("") or next(iter(found.values()), "") or short(iri)

    def english(self, iri: str) -> str:
        """The English label when it differs from the Vietnamese one, else ''."""
        en = self.labels.get(iri, {}).get("en", "")
        return en if en and en != self.label(iri) else ""

    def comment(self, iri: str, lang: str = "vi") -> str:
        found = self.comments.get(iri, {})
        return found.get(lang) or found.get("en") or next(iter(found.values()), "")


def short(iri: str) -> str:
    """A prefixed name such as kg:chair, or the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def document(g: Graph) -> list[TermDoc]:
    """The terms a graph declares, ontology first, then classes, properties and shapes."""
    vocab = Vocabulary()
    vocab.add(g)
    order = ["ontology", "class", "property", "concept", "shape"]
    seen: dict[str, TermDoc] = {}
    for kind_class, kind in KINDS.items():
        for s in g.subjects(RDF.type, kind_class):
            if isinstance(s, URIRef) and str(s) not in seen:
                iri = str(s)
                seen[iri] = TermDoc(iri, kind, vocab.label(iri), vocab.labels.get(iri, {})
                                    .get("en", ""), vocab.comment(iri))
    # Declared terms with labels are the document's own; bare declarations of borrowed ones last.
    return sorted(seen.values(), key=lambda t: (order.index(t.kind), not t.en, t.iri))
