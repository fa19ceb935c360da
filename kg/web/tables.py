"""Browsable tables, one definition per fact kind: columns, which of them are facets, how to sort.

``table_rows`` reads a table's rows from the store and answers a view of them (filters, a
text query, a sort, a page); every view has a ``.csv`` and a ``.json`` twin with the same
filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lookups import BY_KEY, Collection

PAGE_SIZES = (25, 50, 100, 500)
MAX_CHOSEN = 100  # values of one facet a view may choose
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
        filters = {c.key: params.getlist(c.key)[:MAX_CHOSEN] for c in table.columns
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


def header(table: Table) -> list[str]:
    """The fields of a record, in order: what a CSV download's first line names."""
    out = ["iri", "label"]
    for c in table.columns:
        out += [c.key, f"{c.key}_label"] if c.link else [c.key]
    return out
