"""Answers as bytes: the four SPARQL 1.1 results formats, and RDF through the FORMATS table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import Graph

from ..export import quad_bytes
from ..formats import RdfFormat
from ..rdflib_ox import ox_quads
from ..sparql import Results, Term
from ..vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
BARE_TSV = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean"}


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def results_json(results: Results) -> bytes:
    if results.form == "ask":
        return json.dumps({"head": {}, "boolean": results.boolean}).encode()
    bindings = [{k: _json_term(v) for k, v in row.items()} for row in results.rows]
    body = {"head": {"vars": list(results.variables)}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{p}>{_xml_term(getattr(term, p))}</{p}>"
                        for p in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def results_xml(results: Results) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if results.form == "ask":
        out.append(f"<head/><boolean>{str(results.boolean).lower()}</boolean>")
    else:
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>"
                                      for v in results.variables) + "</head><results>")
        for row in results.rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(k)}>{_xml_term(v)}"
                                            "</binding>" for k, v in row.items()) + "</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term) if isinstance(term, ox.Triple) else term.value


def results_csv(results: Results) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if results.form == "ask":
        writer.writerows([["boolean"], [str(results.boolean).lower()]])
    else:
        writer.writerow(results.variables)
        for row in results.rows:
            writer.writerow([_csv_value(row.get(v)) for v in results.variables])
    return out.getvalue().encode("utf-8")


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in BARE_TSV and not term.language:
        return term.value if "\t" not in term.value else str(term)
    return str(term)  # pyoxigraph writes terms in N-Triples syntax, escapes included


def results_tsv(results: Results) -> bytes:
    if results.form == "ask":
        return f"?boolean\n{str(results.boolean).lower()}\n".encode()
    lines = ["\t".join(f"?{v}" for v in results.variables)]
    lines += ["\t".join(_tsv_value(row.get(v)) for v in results.variables)
              for row in results.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    write: Callable[[Results], bytes]


RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", results_json),
    ResultFormat("xml", "application/sparql-results+xml", results_xml),
    ResultFormat("csv", "text/csv", results_csv),
    ResultFormat("tsv", "text/tab-separated-values", results_tsv),
)


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def rdf_bytes(triples: Iterable[ox.Triple], fmt: RdfFormat) -> bytes:
    """Triples in any format of the table (quad formats get them in the default graph)."""
    return quad_bytes((ox.Quad(t.subject, t.predicate, t.object) for t in triples), fmt)


def graph_bytes(g: Graph, fmt: RdfFormat) -> bytes:
    """An rdflib graph, written like every other answer (see ``kg.export.quad_bytes``)."""
    return quad_bytes(ox_quads(g), fmt)
