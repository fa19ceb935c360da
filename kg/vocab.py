"""Namespaces and the ontology's own terms."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://data.example.org/vngov/ontology#")
IND = Namespace("https://data.example.org/vngov/ontology/indicator#")  # ontology/indicators.ttl
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
TIME = Namespace("http://www.w3.org/2006/time#")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

PREFIXES = {
    "kg": KG, "ind": IND, "org": ORG, "schema": SCHEMA, "eli": ELI, "qb": QB, "time": TIME,
    "oa": OA, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS, "rdf": RDF,
    "rdfs": RDFS, "owl": OWL, "xsd": XSD, "sh": SH, "void": VOID, "dcat": DCAT,
}

# Gold-format codes mapped to ontology terms; queries map them back with VALUES tables.
ORG_CLASSES = {
    "ministry": KG.Ministry, "government": KG.Government, "legislature": KG.Legislature,
    "party": KG.PartyBody, "committee": KG.Committee, "provincial": KG.ProvincialBody,
    "agency": KG.Agency, "company": KG.Company, "media": KG.MediaOrganization,
    "international": KG.InternationalOrganization, "other": ORG.Organization,
}
MEETING_CLASSES = {
    "conference": KG.Conference, "committee-session": KG.CommitteeSession,
    "press-conference": KG.PressConference, "legislative-session": KG.LegislativeSession,
    "other": KG.Meeting,
}
LEGAL_CLASSES = {
    "law": KG.Law, "resolution": KG.Resolution, "decree": KG.Decree, "decision": KG.Decision,
    "directive": KG.Directive, "circular": KG.Circular, "other": KG.LegalDocument,
}
STRATEGY_CLASSES = {
    "strategy": KG.Strategy, "programme": KG.Programme, "scheme": KG.Scheme, "plan": KG.Plan,
}
QUALIFIERS = {
    "exact": KG.Exact, "estimate": KG.Estimate, "at-least": KG.AtLeast, "at-most": KG.AtMost,
}
STATUSES = {
    "draft": KG.Draft, "submitted": KG.Submitted, "passed": KG.Passed, "in-force": KG.InForce,
}
FORMATS = {
    "in-person": SCHEMA.OfflineEventAttendanceMode, "online": SCHEMA.OnlineEventAttendanceMode,
    "hybrid": SCHEMA.MixedEventAttendanceMode,
}
