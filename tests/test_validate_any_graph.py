"""`kg validate` on a user's own graph and shapes: report formats, engine choice, refusals."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.validate import Unsupported, compile_shapes, load_shapes, validate_file
from kg.validate.pyshacl_engine import _results
from kg.vocab import SH

EX = "http://example.org/library#"
PREFIXES = f"""@prefix ex: <{EX}> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
DATA = PREFIXES + """
ex:dune a ex:Book ; ex:title "Dune" ; ex:pages "412"^^xsd:integer ; ex:author ex:frank .
ex:notes a ex:Book ; ex:pages "many"^^xsd:integer ; ex:author ex:nobody .
ex:frank ex:name "Frank" .
"""
# ex:Book is a shape and a class (an implicit class target); the second shape follows a
# sequence path from a target node.
SHAPES = PREFIXES + """
ex:Book a rdfs:Class, sh:NodeShape ;
    sh:property [ sh:path ex:title ; sh:minCount 1 ; sh:datatype xsd:string ] ;
    sh:property [ sh:path ex:pages ; sh:datatype xsd:integer ] .
ex:AuthorsNamed a sh:PropertyShape ;
    sh:targetNode ex:notes ;
    sh:path ( ex:author ex:name ) ;
    sh:minCount 1 .
"""


@pytest.fixture
def files(tmp_path):
    data, shapes = tmp_path / "books.ttl", tmp_path / "book-shapes.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes.write_text(SHAPES, encoding="utf-8")
    return data, shapes


def rows(report) -> set[tuple]:
    return {(str(r.focus), str(r.component).rsplit("#", 1)[-1], str(r.value)) for r in
            report.results}


EXPECTED = {
    (EX + "notes", "MinCountConstraintComponent", "None"),  # no title
    (EX + "notes", "DatatypeConstraintComponent", "many"),  # an ill-formed integer
    (EX + "notes", "MinCountConstraintComponent", "None"),  # no author with a name
}


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_users_graph_and_shapes_give_every_violation(files, engine):
    report = validate_file(*files, engine=engine)
    assert not report.conforms
    assert rows(report) == EXPECTED
    assert len(report.results) == 3


def test_turtle_report_is_a_standard_validation_report(runner, files):
    """The report reads back as SHACL's own vocabulary, with the sequence path whole."""
    data, shapes = files
    result = runner.invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes),
                                  "--format", "turtle", "--engine", "sparql"])
    assert result.exit_code == 1, result.output
    g = Graph().parse(data=result.output, format="turtle")
    report = next(g.subjects(None, SH.ValidationReport))
    assert g.value(report, SH.conforms) == Literal(False)
    read = _results(g)  # as pySHACL's report is read
    reference = validate_file(data, shapes, engine="pyshacl")
    assert {(r.focus, r.component, r.value, r.severity) for r in read} == \
        {(r.focus, r.component, r.value, r.severity) for r in reference.results}
    sequence = [r.path for r in read if isinstance(r.path, URIRef) is False and r.path]
    assert len(sequence) == 1
    assert list(g.items(sequence[0])) == [URIRef(EX + "author"), URIRef(EX + "name")]


def test_json_report_names_paths_in_sparql_syntax(runner, files):
    data, shapes = files
    result = runner.invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes),
                                  "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["conforms"] is False
    paths = sorted(r["path"] for r in report["results"])
    assert paths == [f"(<{EX}author>/<{EX}name>)", f"<{EX}pages>", f"<{EX}title>"]


def test_a_conforming_graph_exits_0(runner, tmp_path, files):
    data, shapes = files
    data.write_text(PREFIXES + 'ex:notes a ex:Book ; ex:title "Notes" ; ex:author ex:frank .\n'
                    'ex:frank ex:name "Frank" .\n', encoding="utf-8")
    result = runner.invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "conforms: 0 violations, 0 other results"


SPARQL_REFUSES = PREFIXES + """
ex:Small a sh:NodeShape ; sh:targetClass ex:Book ;
    sh:property [ sh:path ex:copies ; sh:datatype xsd:byte ] .
"""


def test_sparql_engine_refuses_what_it_does_not_cover_by_name(runner, files):
    data, shapes = files
    shapes.write_text(SPARQL_REFUSES, encoding="utf-8")
    with pytest.raises(Unsupported, match="XMLSchema#byte"):
        compile_shapes(load_shapes(shapes))
    result = runner.invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes),
                                  "--engine", "sparql"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "XMLSchema#byte" in result.output.strip().splitlines()[-1]


def test_auto_hands_refused_shapes_to_pyshacl(runner, files):
    data, shapes = files
    shapes.write_text(SPARQL_REFUSES, encoding="utf-8")
    data.write_text(PREFIXES + 'ex:dune a ex:Book ; ex:copies "300"^^xsd:byte .\n',
                    encoding="utf-8")
    result = runner.invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes)])
    assert result.exit_code == 1, result.output  # 300 is not a byte
    assert "1 violations" in result.output


def test_shapes_in_another_syntax_give_the_same_report(files, tmp_path):
    data, shapes = files
    as_xml = tmp_path / "book-shapes.rdf"
    as_xml.write_text(Graph().parse(shapes).serialize(format="xml"), encoding="utf-8")
    assert rows(validate_file(data, as_xml, engine="sparql")) == EXPECTED


PREBOUND_IN_SUBSELECT = PREFIXES + f"""
ex:Titled a sh:NodeShape ; sh:targetClass ex:Book ;
    sh:sparql [ sh:select \"\"\"SELECT $this WHERE {{
        $this <{EX}title> ?title .
        {{ SELECT $this WHERE {{ FILTER ($this = <{EX}dune>) }} }}
    }}\"\"\" ] .
"""


def test_this_is_prebound_inside_a_sub_select(files):
    """SHACL pre-binds $this in sub-SELECTs too: joining the focus nodes outside is not enough."""
    data, shapes = files
    shapes.write_text(PREBOUND_IN_SUBSELECT, encoding="utf-8")
    report = validate_file(data, shapes, engine="sparql")
    assert [str(r.focus) for r in report.results] == [EX + "dune"]


SHARED_AUTHOR = PREFIXES + f"""
ex:SharedAuthor a sh:NodeShape ; sh:targetClass ex:Book ;
    sh:sparql [ sh:message "{{$this}} shares {{?name}} with {{?other}}" ;
                sh:select \"\"\"SELECT $this ?other ?name WHERE {{
        $this <{EX}author> ?author .
        {{ SELECT $this ?other ?author ?name WHERE {{
            ?other a <{EX}Book> ; <{EX}author> ?author .
            OPTIONAL {{ SELECT $this ?author ?name WHERE {{ ?author <{EX}name> ?name }} }}
        }} }}
        FILTER ($this != ?other)
    }}\"\"\" ] .
"""


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_sub_select_that_only_projects_this_joins_once(tmp_path, engine):
    """A sub-SELECT that projects $this without matching it (as SHACL asks of every
    sub-SELECT) leaves the check joined with its focus nodes, run once rather than once per
    node, and the answer is the reference engine's."""
    data, shapes = tmp_path / "books.ttl", tmp_path / "shapes.ttl"
    data.write_text(PREFIXES + """
ex:a a ex:Book ; ex:author ex:frank .
ex:b a ex:Book ; ex:author ex:frank .
ex:c a ex:Book ; ex:author ex:ursula .
ex:frank ex:name "Frank" .
""", encoding="utf-8")
    shapes.write_text(SHARED_AUTHOR, encoding="utf-8")
    assert [c.substitute for c in compile_shapes(load_shapes(shapes))] == [False]
    report = validate_file(data, shapes, engine=engine)
    assert sorted(r.message for r in report.results) == [
        f"{EX}a shares Frank with {EX}b", f"{EX}b shares Frank with {EX}a"]


SPARQL_TARGET = PREFIXES + f"""
ex:ShortBook a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:select \"\"\"SELECT ?this WHERE {{
        ?this <{EX}pages> ?pages . FILTER (isNumeric(?pages) && ?pages < 500) }}\"\"\" ] ;
    sh:sparql [ sh:message "{{$this}} has {{?pages}} pages" ;
                sh:select \"\"\"SELECT $this ?pages WHERE {{
                    $this <{EX}pages> ?pages ; <{EX}author> ?author . }}\"\"\" ] .
"""


@pytest.mark.parametrize("few", [1_000, 0])
def test_a_sparql_target_gives_the_same_results_node_by_node_or_joined(files, monkeypatch, few):
    """A SPARQL target that selects few nodes is checked one node at a time (its query is
    not run a second time over the whole graph); past the limit, joined with the check."""
    from kg.validate import sparql

    data, shapes = files
    shapes.write_text(SPARQL_TARGET, encoding="utf-8")
    monkeypatch.setattr(sparql, "FEW_FOCUS_NODES", few)
    report = validate_file(data, shapes, engine="sparql")
    assert [(str(r.focus), r.message) for r in report.results] == [
        (EX + "dune", f"{EX}dune has 412 pages")]


PREFIXED_TARGET = PREFIXES + f"""
<{EX}> sh:declare [ sh:prefix "ex" ; sh:namespace "{EX}"^^xsd:anyURI ] .
ex:ManyPages a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes <{EX}> ;
                sh:select "SELECT ?this WHERE {{ ?this ex:pages ?pages }}" ] ;
    sh:sparql [ sh:prefixes <{EX}> ; sh:message "too long" ;
                sh:select \"\"\"SELECT $this WHERE {{
                    FILTER (EXISTS {{ $this ex:pages ?p FILTER (isNumeric(?p) && ?p > 400) }})
                }}\"\"\" ] .
"""


def test_a_sparql_target_with_prefixes_checked_node_by_node(files):
    """A check run once per focus node (here $this is only in a FILTER) reads its SPARQL
    target's prefixed names: its focus query carries the shape's prefixes."""
    data, shapes = files
    shapes.write_text(PREFIXED_TARGET, encoding="utf-8")
    report = validate_file(data, shapes, engine="sparql")
    assert [(str(r.focus), r.message) for r in report.results] == [(EX + "dune", "too long")]


def test_missing_shapes_is_one_line(runner, files, tmp_path):
    data, _ = files
    result = runner.invoke(main, ["validate", "--data", str(data), "--shapes",
                                  str(tmp_path / "nowhere.ttl")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "nowhere.ttl: no such shapes file or folder" in result.output


def test_shapes_that_break_shacl_are_one_line(runner, files):
    data, shapes = files
    shapes.write_text(PREFIXES + """
ex:S a sh:NodeShape ; sh:targetNode ex:dune ;
    sh:sparql [ sh:select "SELECT $this WHERE { MINUS { $this ex:title ?t } }" ] .
""", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--data", str(data), "--shapes", str(shapes)])
    assert result.exit_code != 0
    assert "MINUS" in result.output and "Traceback" not in result.output
