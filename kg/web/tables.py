"""Browsable tables, one definition per fact kind: columns, which of them are facets, how to sort.

A table's rows are read once per column (one small SPARQL query each, so an entity stated in
many article graphs does not multiply rows) and kept; a view then filters, sorts, counts facets
and cuts a page from them. Every view has a ``.csv`` and a ``.json`` twin with the same filters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..sparql import Store
from .describe import in_the_graphs, labels, select, values
from .lookups import BY_KEY, Collection, fold

PAGE_SIZES = (25, 50, 100, 500)
YEAR = "SUBSTR(STR(?d), 1, 4)"


@dataclass(frozen=True)
class Column:
    """One column: a SPARQL pattern binding ``?v`` for each ``?s`` of the table."""

    key: str
    vi: str
    en: str
    pattern: str
    facet: bool = False
    numeric: bool = False
    link: bool = False  # the values are IRIs, shown by their labels
    shown: bool = True  # False: a facet and a download field, not a column of the page


@dataclass(frozen=True)
class Table:
    collection: Collection
    columns: tuple[Column, ...]

    @property
    def key(self) -> str:
        return self.collection.key

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


def _col(key, vi, en, pattern, **options) -> Column:
    return Column(key, vi, en, pattern, **options)


NAME = _col("name", "Tên", "name", "?s rdfs:label|schema:name|eli:title ?v")
TYPE = _col("type", "Loại", "type", "?s a ?v", facet=True, link=True)
SOURCE = _col("source", "Bài nguồn", "source", "?s prov:wasDerivedFrom ?v", facet=True,
              link=True)
PERIOD = _col("period", "Kỳ", "period", "?s kg:period ?v", facet=True, link=True)
YEAR_OF_PERIOD = _col("year", "Năm", "year",
                      f"?s kg:period/time:hasEnd/time:inXSDDate ?d BIND({YEAR} AS ?v)",
                      facet=True, shown=False)
FIGURE = (
    _col("indicator", "Chỉ tiêu", "indicator", "?s kg:indicator ?v", facet=True,
         link=True, shown=False),
    _col("value", "Giá trị", "value", "?s kg:value ?v", numeric=True),
    _col("unit", "Đơn vị", "unit", "?s kg:unit ?v", facet=True),
    _col("qualifier", "Mức", "qualifier", "?s kg:qualifier ?v", facet=True,
         link=True),
    PERIOD, YEAR_OF_PERIOD,
)
MINISTRY_OF_FIGURE = _col("ministry", "Cơ quan", "ministry",
                          "?s kg:reportedAt|kg:setAt ?m . ?m schema:organizer ?v", facet=True,
                          link=True)

TABLES: tuple[Table, ...] = (
    Table(BY_KEY["observation"], (
        *FIGURE, _col("change", "Thay đổi %", "change %", "?s kg:changePct ?v", numeric=True),
        _col("scope", "Phạm vi", "scope", "?s kg:scope ?v", facet=True),
        MINISTRY_OF_FIGURE,
        _col("meeting", "Cuộc họp", "meeting", "?s kg:reportedAt ?v", link=True),
        SOURCE)),
    Table(BY_KEY["target"], (
        *FIGURE, MINISTRY_OF_FIGURE,
        _col("meeting", "Cuộc họp", "meeting", "?s kg:setAt ?v", link=True),
        SOURCE)),
    Table(BY_KEY["meeting"], (
        NAME, TYPE, _col("date", "Ngày", "date", "?s schema:startDate ?v"),
        _col("year", "Năm", "year", f"?s schema:startDate ?d BIND({YEAR} AS ?v)", facet=True),
        _col("ministry", "Cơ quan chủ trì", "organizer", "?s schema:organizer ?v", facet=True,
             link=True),
        _col("chair", "Chủ trì", "chair", "?s kg:chair ?v", facet=True, link=True),
        SOURCE)),
    Table(BY_KEY["person"], (
        NAME, _col("title", "Chức danh", "title", "?m org:member ?s ; kg:title ?v", facet=True),
        _col("ministry", "Cơ quan", "organization", "?m org:member ?s ; org:organization ?v",
             facet=True, link=True),
        SOURCE)),
    Table(BY_KEY["organization"], (
        NAME, TYPE,
        _col("holders", "Người giữ chức vụ", "post holders",
             "?m org:organization ?s ; org:member ?v", link=True),
        SOURCE)),
    Table(BY_KEY["legal"], (
        NAME, TYPE, _col("number", "Số hiệu", "number", "?s eli:id_local ?v"),
        _col("status", "Tình trạng", "status", "?s kg:status ?v", facet=True, link=True),
        _col("ministry", "Cơ quan ban hành", "issuer", "?s eli:passed_by ?v", facet=True,
             link=True),
        _col("date", "Ngày", "date", "?s eli:date_document ?v"),
        _col("year", "Năm", "year", f"?s eli:date_document ?d BIND({YEAR} AS ?v)", facet=True),
        SOURCE)),
    Table(BY_KEY["strategy"], (
        NAME, TYPE, _col("horizon", "Đến năm", "horizon", "?s kg:horizonYear ?v", facet=True,
                         numeric=True),
        _col("vision", "Tầm nhìn", "vision", "?s kg:visionYear ?v", numeric=True),
        SOURCE)),
    Table(BY_KEY["article"], (
        NAME, _col("outlet", "Cơ quan báo chí", "outlet", "?s schema:publisher ?v", facet=True),
        _col("date", "Ngày đăng", "published", "?s schema:datePublished ?v"),
        _col("year", "Năm", "year", f"?s schema:datePublished ?d BIND({YEAR} AS ?v)",
             facet=True),
        _col("file", "Tệp", "file", "?s kg:fileName ?v"))),
)
TABLES_BY_KEY = {t.key: t for t in TABLES}


@dataclass
class Row:
    iri: str
    cells: dict[str, list[ox.NamedNode | ox.Literal]] = field(default_factory=dict)

    def first(self, key: str) -> str:
        found = self.cells.get(key)
        return found[0].value if found else ""


@dataclass
class Loaded:
    """A table's rows with the labels of every IRI they hold."""

    table: Table
    rows: list[Row]
    labels: dict[str, str]

    def text(self, term) -> str:
        return self.labels.get(term.value, term.value) if isinstance(term, ox.NamedNode) \
            else term.value

    def title(self, row: Row) -> str:
        """The row's own label, else its IRI's last segment."""
        return self.labels.get(row.iri) or row.first("name") or row.iri.rsplit("/", 1)[-1]


def load(store: Store, table: Table, term_label: Callable[[str], str] = str) -> Loaded:
    """Every row of ``table``; IRIs the data does not name (classes, qualifiers) are named by
    ``term_label``, the ontology's labels."""
    classes = values(table.collection.classes)
    # Each subject once before the join: an entity typed in many article graphs would
    # otherwise multiply every column's rows.
    head = (f"{{ SELECT DISTINCT ?s WHERE {{ VALUES ?t {{ {classes} }} "
            f"{in_the_graphs(store, '?s a ?t')} FILTER(isIRI(?s)) }} }}")
    rows = {r["s"].value: Row(r["s"].value) for r in select(
        store, f"SELECT ?s WHERE {{ {head} }}", timeout=60)}
    kept: dict = {}  # one object per distinct term: rows repeat units, periods, sources
    for column in table.columns:
        pattern = in_the_graphs(store, column.pattern, "?h")
        for r in select(store, f"SELECT DISTINCT ?s ?v WHERE {{ {head} {pattern} }}",
                        timeout=60):
            if r["s"].value in rows and "v" in r:
                term = kept.setdefault(r["v"], r["v"])
                rows[r["s"].value].cells.setdefault(column.key, []).append(term)
    for row in rows.values():
        for key, cells in row.cells.items():
            row.cells[key] = sorted(set(cells), key=lambda t: t.value)
    named = {t.value for row in rows.values() for cells in row.cells.values() for t in cells
             if isinstance(t, ox.NamedNode)}
    names = labels(store, [*rows, *named])
    names |= {iri: term_label(iri) for iri in named if iri not in names}
    return Loaded(table, list(rows.values()), names)


@dataclass
class View:
    """What one request asks of a table: filters, a text query, a sort, a page."""

    filters: dict[str, list[str]]
    q: str = ""
    sort: str = ""
    descending: bool = False
    page: int = 1
    size: int = 50

    @classmethod
    def from_params(cls, table: Table, params) -> View:
        filters = {c.key: params.getlist(c.key) for c in table.columns
                   if c.facet and params.getlist(c.key)}
        sort = params.get("sort", "")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        size = _int(params.get("size"), 50)
        return cls(filters, params.get("q", "").strip()[:200],
                   sort if table.column(sort) or sort == "label" else "", descending,
                   max(1, _int(params.get("page"), 1)),
                   size if size in PAGE_SIZES else 50)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default


@dataclass
class Answer:
    """A view's rows (every match, sorted), the page of them and the facet counts."""

    loaded: Loaded
    view: View
    matches: list[Row]
    facets: list[tuple[Column, list[tuple[str, str, int, bool]]]]

    @property
    def page_rows(self) -> list[Row]:
        start = (self.view.page - 1) * self.view.size
        return self.matches[start:start + self.view.size]

    @property
    def columns(self) -> list[Column]:
        """The columns the page draws: shown ones that hold a value in some matching row."""
        return [c for c in self.loaded.table.columns if c.shown and c.key != "name"
                and any(c.key in row.cells for row in self.matches)]

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.matches) // self.view.size))


def answer(loaded: Loaded, view: View) -> Answer:
    matches = [r for r in loaded.rows if _keeps(loaded, r, view, None)]
    matches.sort(key=lambda r: _sort_key(loaded, r, view.sort), reverse=view.descending)
    if view.descending:  # empty cells last either way
        matches.sort(key=lambda r: _sort_key(loaded, r, view.sort)[0])
    facets = [(c, _facet(loaded, view, c)) for c in loaded.table.columns if c.facet]
    return Answer(loaded, view, matches, facets)


def _keeps(loaded: Loaded, row: Row, view: View, skip: str | None) -> bool:
    for key, wanted in view.filters.items():
        if key != skip and not {t.value for t in row.cells.get(key, [])} & set(wanted):
            return False
    return not view.q or fold(view.q) in fold(loaded.title(row))


def _facet(loaded: Loaded, view: View, column: Column) -> list[tuple[str, str, int, bool]]:
    """(value, label, rows, selected) over the rows the other filters keep, biggest first."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for row in loaded.rows:
        if _keeps(loaded, row, view, column.key):
            for term in row.cells.get(column.key, []):
                counts[term.value] = counts.get(term.value, 0) + 1
                shown[term.value] = loaded.text(term)
    chosen = set(view.filters.get(column.key, []))
    return sorted(((v, shown[v], n, v in chosen) for v, n in counts.items()),
                  key=lambda f: (-f[2], fold(f[1])))


def _sort_key(loaded: Loaded, row: Row, key: str) -> tuple:
    if not key or key == "label":
        return (False, 0, fold(loaded.title(row)), row.iri)
    cells = row.cells.get(key)
    if not cells:
        return (True, 0, "", row.iri)
    column = loaded.table.column(key)
    if column and column.numeric:
        try:
            return (False, Decimal(cells[0].value), "", row.iri)
        except InvalidOperation:
            pass
    return (False, 0, fold(loaded.text(cells[0])), row.iri)


def records(result: Answer) -> list[dict]:
    """Every matching row as plain data: the IRI, the label, each column's values."""
    loaded = result.loaded
    out = []
    for row in result.matches:
        record = {"iri": row.iri, "label": loaded.title(row)}
        for column in loaded.table.columns:
            cells = row.cells.get(column.key, [])
            record[column.key] = [t.value for t in cells]
            if column.link:
                record[f"{column.key}_label"] = [loaded.text(t) for t in cells]
        out.append(record)
    return out


def header(table: Table) -> list[str]:
    """The fields of a record, in order: what a CSV download's first line names."""
    out = ["iri", "label"]
    for c in table.columns:
        out += [c.key, f"{c.key}_label"] if c.link else [c.key]
    return out


def csv_bytes(result: Answer) -> bytes:
    """The view as CSV: one line per row, several values of a cell joined by " | "."""
    fields = header(result.loaded.table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records(result):
        writer.writerow([_cell(record[f]) for f in fields])
    return out.getvalue().encode("utf-8")


def _cell(value) -> str:
    return " | ".join(value) if isinstance(value, list) else str(value)
