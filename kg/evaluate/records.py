"""Gold facts and grouped contract rows as records of one shape, so that one score function
and one field check serve both sides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .match import Record, iso_date, name_key, nfc, number, term, year


class Span(NamedTuple):
    """A period as ISO date strings; either end may be unknown."""

    start: str | None
    end: str | None


# (key, converter) for values that the gold file and the contract query name alike.
Column = tuple[str, Callable[[Any], Any]]
MEETING_COLUMNS: tuple[Column, ...] = (
    ("label", nfc), ("date", iso_date), ("location", nfc), ("format", term),
    ("connection_points", number),
)
PERSON_COLUMNS: tuple[Column, ...] = (("name", nfc),)
ORGANIZATION_COLUMNS: tuple[Column, ...] = (("name", nfc), ("type", term))
QUANTITY_COLUMNS: tuple[Column, ...] = (
    ("indicator", nfc), ("value", number), ("unit", nfc), ("qualifier", term),
    ("change_pct", number), ("plan_pct", number),
)
LEGAL_COLUMNS: tuple[Column, ...] = (
    ("name", nfc), ("number", nfc), ("type", term), ("date", iso_date), ("status", term),
)
STRATEGY_COLUMNS: tuple[Column, ...] = (
    ("name", nfc), ("type", term), ("horizon", year), ("vision", year),
)


@dataclass(frozen=True)
class Doc:
    """What record building needs from one article: org aliases and the meeting pairing."""

    org_names: dict[str, tuple[str, ...]]  # name_key of any name -> all names of that org
    meeting_ids: dict[str, str] = field(default_factory=dict)  # predicted IRI -> gold id

    @classmethod
    def of(cls, gold_doc: dict) -> Doc:
        table: dict[str, tuple[str, ...]] = {}
        for org in gold_doc.get("organizations") or []:
            names = (nfc(org.get("name")), *(nfc(a) for a in org.get("aliases") or []))
            names = tuple(n for n in names if n)
            for name in names:
                table.setdefault(name_key(name), names)
        return cls(table)

    def expand(self, name: Any) -> tuple[str, ...]:
        """A gold org name followed by the other names of that organization."""
        name = nfc(name)
        if not name:
            return ()
        others = self.org_names.get(name_key(name), ())
        return (name, *(n for n in others if n != name))

    def meeting_id(self, iri: str) -> str | None:
        """The gold meeting a predicted meeting IRI was paired with (a sentinel if none)."""
        return self.meeting_ids.get(iri, f"unmatched <{iri}>") if iri else None


def read_gold(item: dict, columns: tuple[Column, ...]) -> Record:
    """The plain values of a gold fact."""
    return {key: convert(item.get(key)) for key, convert in columns}


def read_rows(rows: list[dict], columns: tuple[Column, ...]) -> Record:
    """The plain values of a predicted fact, from the rows that share its IRI."""
    return {key: convert(_pick(rows, key)) for key, convert in columns}


def _pick(rows: list[dict], column: str) -> str:
    """The first non-empty value; for a type, the first one more specific than "other"."""
    values = distinct(rows, column)
    if column == "type":
        values = tuple(v for v in values if term(v) != "other") or values
    return values[0] if values else ""


def first(rows: list[dict], column: str) -> str:
    """The first non-empty value of a column over the rows of one resource."""
    return next((v for r in rows if (v := nfc(r.get(column)))), "")


def distinct(rows: list[dict], column: str) -> tuple[str, ...]:
    """The distinct non-empty values of a column, in row order."""
    return tuple(dict.fromkeys(v for r in rows if (v := nfc(r.get(column)))))


def _span(value: Any) -> Span:
    value = value if isinstance(value, dict) else {}
    return Span(iso_date(value.get("start")), iso_date(value.get("end")))


def _row_span(rows: list[dict], prefix: str) -> Span:
    return Span(iso_date(first(rows, f"{prefix}_start")), iso_date(first(rows, f"{prefix}_end")))


def _id(value: Any) -> str | None:
    return None if value is None else nfc(value)


def no_extra(_: Any, __: Doc) -> Record:
    return {}


def gold_meeting_extra(item: dict, doc: Doc) -> Record:
    return {"id": _id(item.get("id")), "chairs": tuple(nfc(c) for c in item.get("chairs") or [])}


def rows_meeting_extra(rows: list[dict], doc: Doc) -> Record:
    return {"chairs": distinct(rows, "chair_name")}


def gold_person_extra(item: dict, doc: Doc) -> Record:
    roles = [r for r in item.get("roles") or [] if isinstance(r, dict)]
    return {
        "titles": tuple(t for r in roles if (t := nfc(r.get("title")))),
        "orgs": tuple(names for r in roles if (names := doc.expand(r.get("org")))),
    }


def rows_person_extra(rows: list[dict], doc: Doc) -> Record:
    return {"titles": distinct(rows, "title"), "orgs": distinct(rows, "organization")}


def gold_organization_extra(item: dict, doc: Doc) -> Record:
    return {"aliases": tuple(a for a in (nfc(x) for x in item.get("aliases") or []) if a)}


def rows_organization_extra(rows: list[dict], doc: Doc) -> Record:
    return {"aliases": distinct(rows, "name")[1:]}


def gold_quantity_extra(item: dict, doc: Doc) -> Record:
    extra = {
        "period": _span(item.get("period")),
        "compared": _span(item.get("compared_to")),
        "plan_period": _span(item.get("plan_period")),
        "meeting": _id(item.get("reported_at", item.get("set_at"))),
        "concept": nfc(item.get("concept")) or None,
    }
    share = number(item.get("plan_pct"))
    level, change = number(item.get("value")), number(item.get("change_pct"))
    if share is not None and level is None and change is None:
        # A share of plan without a level is the share as a value in % (gold convention 28).
        extra.update(value=share, unit="%", plan_pct=None, plan_period=Span(None, None))
    return extra


def rows_quantity_extra(rows: list[dict], doc: Doc) -> Record:
    return {
        "period": _row_span(rows, "period"),
        "compared": _row_span(rows, "compared"),
        "plan_period": _row_span(rows, "plan"),
        "meeting": doc.meeting_id(first(rows, "meeting")),
        "concept": first(rows, "indicator_concept") or None,
    }


def gold_legal_extra(item: dict, doc: Doc) -> Record:
    return {"issuer": doc.expand(item.get("issuer"))}


def rows_legal_extra(rows: list[dict], doc: Doc) -> Record:
    return {"issuer": first(rows, "issuer")}
