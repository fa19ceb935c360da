"""A table's rows in a SQLite file of the server's own, where each view filters, counts,
sorts and pages them: a table is not held in memory (as Python objects, the 266,427
observations of 100,000 articles took over 880 MB).

The rows are read once per column (one SPARQL query each, so an entity stated in many article
graphs does not multiply rows). The file holds the distinct terms (with the label a page shows
and its folded form), the rows (title, and per column the key it sorts by) and the cells.
SQLite comes with Python, keeps its pages on disk and sorts, groups and counts with indexes.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ..sparql import Store
from .describe import each, in_the_graphs, labels, values
from .lookups import fold
from .tables import Column, Table, View, header

FACET_SHOWN = 8  # values a facet lists, biggest first
CELLS_SHOWN = 5  # values a page shows in one cell
BATCH = 500  # rows read from the file at a time
LABELS_AT_ONCE = 4000  # IRIs named per call while loading
QUERY_TIMEOUT = 600.0  # seconds for each of a table's queries: minutes at 100,000 articles
# One table loads at a time: each keeps its rows' IRIs and its terms while it is written.
LOADING = threading.Lock()


@dataclass(frozen=True)
class Cell:
    value: str
    label: str  # what a page shows: an IRI's label, else the value


@dataclass(frozen=True)
class Row:
    iri: str
    title: str  # its label, else its name, else its IRI's last segment
    cells: dict[str, list[Cell]]  # on a page, the first CELLS_SHOWN of each column
    sizes: dict[str, int]  # how many values each column holds

    def more(self, key: str) -> int:
        """The values of column ``key`` a page does not show."""
        return self.sizes.get(key, 0) - len(self.cells.get(key, []))

    def first(self, key: str) -> str:
        found = self.cells.get(key)
        return found[0].value if found else ""


@dataclass(frozen=True)
class Loaded:
    """A table's rows, written down in ``path``."""

    table: Table
    path: Path
    size: int

    def connect(self) -> sqlite3.Connection:
        # A streamed download reads on whichever worker thread draws its next part.
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)


@dataclass(frozen=True)
class Facet:
    column: Column
    values: list[tuple[str, str, int, bool]]  # (value, label, rows, chosen), biggest first
    distinct: int  # values in all


@dataclass(frozen=True)
class Answer:
    """What a page shows of a view: how many rows match, the page of them, the facets."""

    loaded: Loaded
    view: View
    total: int
    page_rows: list[Row]
    facets: list[Facet]
    columns: list[Column]  # shown columns holding a value in some matching row
    chosen: dict[str, str]  # the label of each chosen facet value

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.view.size))


def load(store: Store, table: Table, path: Path,
         term_label: Callable[[str], str] = str) -> Loaded:
    """Every row of ``table`` written to ``path``; IRIs the data does not name (classes,
    qualifiers) are named by ``term_label``, the ontology's labels."""
    with LOADING:
        part = path.with_name(path.name + ".part")
        part.unlink(missing_ok=True)
        with closing(sqlite3.connect(part)) as db:
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                             + _schema(table))
            size = _write(db, store, table, term_label)
            db.commit()
        part.replace(path)
    return Loaded(table, path, size)


def _schema(table: Table) -> str:
    keys = "".join(f", n{i} REAL, t{i} TEXT" for i in range(len(table.columns)))
    return f"""
        CREATE TABLE terms (id INTEGER PRIMARY KEY, value TEXT NOT NULL, iri INTEGER NOT NULL,
                            label TEXT, folded TEXT);
        CREATE TABLE rows (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, title TEXT,
                           folded TEXT{keys});
        CREATE TABLE cells (col INTEGER NOT NULL, term INTEGER NOT NULL, row INTEGER NOT NULL,
                            PRIMARY KEY (col, term, row)) WITHOUT ROWID;
    """


def _write(db: sqlite3.Connection, store: Store, table: Table,
           term_label: Callable[[str], str]) -> int:
    classes = values(table.collection.classes)
    # Each subject once before the join: an entity typed in many article graphs would
    # otherwise multiply every column's rows.
    head = (f"{{ SELECT DISTINCT ?s WHERE {{ VALUES ?t {{ {classes} }} "
            f"{in_the_graphs(store, '?s a ?t')} FILTER(isIRI(?s)) }} }}")
    rows: dict[str, int] = {}
    with closing(each(store, f"SELECT ?s WHERE {{ {head} }}", QUERY_TIMEOUT)) as found:
        for r in found:
            rows.setdefault(r["s"].value, len(rows) + 1)
    db.executemany("INSERT INTO rows (id, iri, title) VALUES (?, ?, ?)",
                   ((n, iri, iri.rsplit("/", 1)[-1]) for iri, n in rows.items()))
    terms: dict[ox.NamedNode | ox.Literal, int] = {}
    for col, column in enumerate(table.columns):
        pattern = in_the_graphs(store, column.pattern, "?h")
        cells = []
        # Closed on this thread whatever happens: pyoxigraph's answer may not leave it.
        with closing(each(store, f"SELECT DISTINCT ?s ?v WHERE {{ {head} {pattern} }}",
                          QUERY_TIMEOUT)) as found:
            for r in found:
                row = rows.get(r["s"].value)
                if row is not None and "v" in r:
                    cells.append((col, terms.setdefault(r["v"], len(terms) + 1), row))
                if len(cells) >= 10_000:
                    db.executemany("INSERT OR IGNORE INTO cells VALUES (?, ?, ?)", cells)
                    cells.clear()
        db.executemany("INSERT OR IGNORE INTO cells VALUES (?, ?, ?)", cells)
    db.executemany("INSERT INTO terms (id, value, iri) VALUES (?, ?, ?)",
                   ((n, t.value, isinstance(t, ox.NamedNode)) for t, n in terms.items()))
    del terms
    db.executescript("""
        CREATE INDEX terms_by_value ON terms (value);
        CREATE INDEX cells_by_row ON cells (row, col);
    """)
    _name(db, store, table, term_label, rows)
    _sort_keys(db, table)
    db.execute("CREATE TABLE top (col INTEGER, rank INTEGER, value TEXT, label TEXT, n INTEGER, "
               "distinct_values INTEGER)")
    for col, column in enumerate(table.columns):
        if column.facet:
            db.executemany("INSERT INTO top VALUES (?, ?, ?, ?, ?, ?)",
                           ((col, rank, *found) for rank, found in enumerate(_top(db, col))))
    return len(rows)


def _name(db: sqlite3.Connection, store: Store, table: Table,
          term_label: Callable[[str], str], rows: dict[str, int]) -> None:
    """Each IRI's label, for the terms and the rows' titles; fold them for the text filter."""
    named = [v for (v,) in db.execute("SELECT value FROM terms WHERE iri")]
    for start in range(0, len(named), LABELS_AT_ONCE):
        chunk = named[start:start + LABELS_AT_ONCE]
        found = labels(store, chunk, QUERY_TIMEOUT)
        db.executemany("UPDATE terms SET label = ? WHERE iri AND value = ?",
                       ((found.get(v) or term_label(v), v) for v in chunk))
    db.execute("UPDATE terms SET label = value WHERE NOT iri")
    name = next((i for i, c in enumerate(table.columns) if c.key == "name"), None)
    if name is not None:  # a row's name is its first by value, as its cells are listed
        db.execute(f"""UPDATE rows SET title = (SELECT t.value FROM cells c JOIN terms t
                                                ON t.id = c.term WHERE c.row = rows.id
                                                AND c.col = {name} ORDER BY t.value LIMIT 1)
                       WHERE EXISTS (SELECT 1 FROM cells WHERE row = rows.id AND col = {name})""")
    iris = list(rows)
    for start in range(0, len(iris), LABELS_AT_ONCE):
        found = labels(store, iris[start:start + LABELS_AT_ONCE], QUERY_TIMEOUT)
        db.executemany("UPDATE rows SET title = ? WHERE id = ?",
                       ((label, rows[iri]) for iri, label in found.items() if label))
    db.create_function("fold", 1, fold, deterministic=True)
    db.execute("UPDATE terms SET folded = fold(label)")
    db.execute("UPDATE rows SET folded = fold(title)")
    db.execute("CREATE INDEX rows_by_title ON rows (folded, iri)")


def _sort_keys(db: sqlite3.Connection, table: Table) -> None:
    """Per column, the key a row sorts by: its first value's number (numeric columns) or
    folded label; none when the row has no value there (it comes last either way)."""
    db.create_function("number", 1, _number, deterministic=True)
    for col, column in enumerate(table.columns):
        first = ("(SELECT t.{} FROM cells c JOIN terms t ON t.id = c.term "
                 f"WHERE c.row = rows.id AND c.col = {col} ORDER BY t.value LIMIT 1)")
        if column.numeric:
            db.execute(f"UPDATE rows SET n{col} = number({first.format('value')})")
            db.execute(f"UPDATE rows SET t{col} = CASE WHEN n{col} IS NULL "
                       f"THEN {first.format('folded')} ELSE '' END")
            db.execute(f"UPDATE rows SET n{col} = 0 WHERE n{col} IS NULL")
        else:
            db.execute(f"UPDATE rows SET n{col} = 0, t{col} = {first.format('folded')}")


def _number(text: str | None) -> float | None:
    try:
        return None if text is None else float(Decimal(text))
    except (InvalidOperation, ValueError, OverflowError):
        return None


class _Query:
    """The SQL of one view: the rows it keeps and their order."""

    def __init__(self, table: Table, view: View):
        self.table, self.view = table, view
        self.cols = {c.key: i for i, c in enumerate(table.columns)}

    def where(self, skip: str | None = None) -> tuple[str, list]:
        """``WHERE`` over ``rows r`` for the view's filters (but ``skip``) and text query."""
        parts: list[str] = []
        params: list = []
        for key, wanted in self.view.filters.items():
            if key != skip:
                marks = ", ".join("?" * len(wanted))
                parts.append("r.id IN (SELECT c.row FROM cells c JOIN terms t ON t.id = c.term "
                             f"WHERE c.col = ? AND t.value IN ({marks}))")
                params += [self.cols[key], *wanted]
        if self.view.q:
            parts.append("instr(r.folded, ?) > 0")
            params.append(fold(self.view.q))
        return (" WHERE " + " AND ".join(parts) if parts else ""), params

    def order(self) -> str:
        down = " DESC" if self.view.descending else ""
        if self.view.sort in self.cols:
            col = self.cols[self.view.sort]
            return f"t{col} IS NULL, n{col}{down}, t{col}{down}, r.iri{down}"
        return f"r.folded{down}, r.iri{down}"

    def count(self, db: sqlite3.Connection) -> int:
        where, params = self.where()
        return db.execute(f"SELECT COUNT(*) FROM rows r{where}", params).fetchone()[0]

    def rows(self, db: sqlite3.Connection, page: tuple[int, int] | None = None) -> Iterator[Row]:
        """The matching rows in order with every value, or one (offset, size) page of them
        with the first ``CELLS_SHOWN`` values of each cell (an organization is the source of
        a hundred thousand figures)."""
        where, params = self.where()
        sql = f"SELECT r.id, r.iri, r.title FROM rows r{where} ORDER BY {self.order()}"
        if page is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, page[1], page[0]]
        found = db.execute(sql, params)
        while batch := found.fetchmany(BATCH):
            yield from self._with_cells(db, batch, CELLS_SHOWN if page else None)

    def _with_cells(self, db: sqlite3.Connection, batch: list[tuple],
                    shown: int | None) -> list[Row]:
        cells: dict[int, dict[str, list[Cell]]] = {n: {} for n, _, _ in batch}
        sizes: dict[int, dict[str, int]] = {n: {} for n, _, _ in batch}
        ids = [n for n, _, _ in batch]
        marks = ", ".join("?" * len(batch))
        each = ("SELECT c.row, c.col, t.value, t.label, "
                "ROW_NUMBER() OVER (PARTITION BY c.row, c.col ORDER BY t.value) AS k, "
                "COUNT(*) OVER (PARTITION BY c.row, c.col) AS n "
                f"FROM cells c JOIN terms t ON t.id = c.term WHERE c.row IN ({marks})")
        if shown is not None:
            each = f"SELECT * FROM ({each}) WHERE k <= ?"
            ids.append(shown)
        for row, col, value, label, _, n in db.execute(each + " ORDER BY 1, 2, 3", ids):
            key = self.table.columns[col].key
            cells[row].setdefault(key, []).append(Cell(value, label))
            sizes[row][key] = n
        return [Row(iri, title, cells[n], sizes[n]) for n, iri, title in batch]

    def facet(self, db: sqlite3.Connection, column: Column) -> Facet:
        """The values of ``column`` over the rows the other filters keep, biggest first."""
        col = self.cols[column.key]
        others = self.view.q or any(k != column.key for k in self.view.filters)
        if not others:  # the same for every view: counted once, when the table was loaded
            top = db.execute("SELECT value, label, n, distinct_values FROM top WHERE col = ? "
                             "ORDER BY rank", [col]).fetchall()
        elif column.key in self.view.filters:
            where, params = self.where(skip=column.key)
            top = _top(db, col, f" AND c.row IN (SELECT r.id FROM rows r{where})", params)
        else:
            top = _top(db, col, " AND c.row IN (SELECT id FROM kept)")
        chosen = set(self.view.filters.get(column.key, []))
        return Facet(column, [(v, label, n, v in chosen) for v, label, n, _ in top],
                     top[0][3] if top else 0)

    def holds(self, db: sqlite3.Connection, column: Column) -> bool:
        among = " AND c.row IN (SELECT id FROM kept)" if self.narrowed else ""
        return db.execute(f"SELECT 1 FROM cells c WHERE c.col = ?{among} LIMIT 1",
                          [self.cols[column.key]]).fetchone() is not None

    @property
    def narrowed(self) -> bool:
        return bool(self.view.filters or self.view.q)

    def keep(self, db: sqlite3.Connection) -> None:
        """The rows the view keeps, as the temporary table ``kept`` the facets count in."""
        where, params = self.where()
        db.execute("CREATE TEMP TABLE kept (id INTEGER PRIMARY KEY)")
        db.execute(f"INSERT INTO kept SELECT r.id FROM rows r{where}", params)


def _top(db: sqlite3.Connection, col: int, among: str = "", params: Iterable = ()) -> list:
    """(value, label, rows, values in all) of the biggest values of column ``col``."""
    grouped = f"SELECT c.term, COUNT(*) AS n FROM cells c WHERE c.col = ?{among} GROUP BY c.term"
    return db.execute(f"SELECT t.value, t.label, g.n, COUNT(*) OVER () FROM ({grouped}) g "
                      "JOIN terms t ON t.id = g.term ORDER BY g.n DESC, t.folded, t.value "
                      "LIMIT ?", [col, *params, FACET_SHOWN]).fetchall()


def count(loaded: Loaded, view: View) -> int:
    """How many rows ``view`` keeps."""
    with closing(loaded.connect()) as db:
        return _Query(loaded.table, view).count(db)


def answer(loaded: Loaded, view: View) -> Answer:
    """The page of ``view``: its rows, how many match, the facets and the columns to draw."""
    query = _Query(loaded.table, view)
    with closing(loaded.connect()) as db:
        if query.narrowed:
            query.keep(db)
            (total,) = db.execute("SELECT COUNT(*) FROM kept").fetchone()
        else:
            total = query.count(db)
        page = list(query.rows(db, ((view.page - 1) * view.size, view.size)))
        facets = [query.facet(db, c) for c in loaded.table.columns if c.facet]
        columns = [c for c in loaded.table.columns
                   if c.shown and c.key != "name" and query.holds(db, c)]
        chosen = _labels_of(db, [v for vs in view.filters.values() for v in vs])
    return Answer(loaded, view, total, page, facets, columns, chosen)


def _labels_of(db: sqlite3.Connection, chosen: list[str]) -> dict[str, str]:
    if not chosen:
        return {}
    marks = ", ".join("?" * len(chosen))
    return dict(db.execute(f"SELECT value, label FROM terms WHERE value IN ({marks})", chosen))


def records(loaded: Loaded, view: View) -> Iterator[dict]:
    """Every matching row in order as plain data: the IRI, the label, each column's values."""
    with closing(loaded.connect()) as db:
        for row in _Query(loaded.table, view).rows(db):
            record = {"iri": row.iri, "label": row.title}
            for column in loaded.table.columns:
                cells = row.cells.get(column.key, [])
                record[column.key] = [c.value for c in cells]
                if column.link:
                    record[f"{column.key}_label"] = [c.label for c in cells]
            yield record


def csv_chunks(loaded: Loaded, view: View) -> Iterator[bytes]:
    """The view as CSV: one line per row, several values of a cell joined by " | "."""
    fields = header(loaded.table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for n, record in enumerate(records(loaded, view), 1):
        writer.writerow([_cell(record[f]) for f in fields])
        if n % BATCH == 0:
            yield _drain(out)
    yield _drain(out)


def json_chunks(head: dict, rows: Iterable[dict]) -> Iterator[bytes]:
    """``head`` with a last member "rows" holding ``rows``, written as they come."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    out = io.StringIO()
    out.write(dump(head)[:-1] + ',"rows":[')
    for n, row in enumerate(rows):
        out.write(("," if n else "") + dump(row))
        if n % BATCH == BATCH - 1:
            yield _drain(out)
    out.write("]}")
    yield _drain(out)


def _drain(out: io.StringIO) -> bytes:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text.encode("utf-8")


def _cell(value) -> str:
    return " | ".join(value) if isinstance(value, list) else str(value)
