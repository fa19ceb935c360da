"""The table of fact kinds for scoring: the columns read, the pair score, the fields checked."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import match as m
from . import records as r

__all__ = ["SPECS", "FieldCheck", "KindSpec"]


@dataclass(frozen=True)
class FieldCheck:
    """A field of matched pairs: its record key and how two values are judged the same."""

    name: str
    key: str
    same: Callable[[Any, Any], bool] = operator.eq
    scored: bool = True
    strict: bool = True  # part of the strict score when the gold states it (and scored)


@dataclass(frozen=True)
class KindSpec:
    """How one fact kind is read from gold and from rows, paired, and checked."""

    iri: str  # the first contract column
    columns: tuple[r.Column, ...]  # values read alike from gold and rows
    gold_extra: Callable[[dict, r.Doc], dict]
    rows_extra: Callable[[list[dict], r.Doc], dict]
    score: Callable[[dict, dict], float]
    fields: tuple[FieldCheck, ...]
    shown: tuple[str, ...]  # record keys that describe a fact in findings

    def from_gold(self, item: dict, doc: r.Doc) -> dict:
        return {**r.read_gold(item, self.columns), **self.gold_extra(item, doc)}

    def from_rows(self, rows: list[dict], doc: r.Doc) -> dict:
        return {**r.read_rows(rows, self.columns), **self.rows_extra(rows, doc)}


_PERIOD = FieldCheck("period", "period")
_CHANGE = FieldCheck("change_pct", "change_pct", m.same_number)
_QUALIFIER = FieldCheck("qualifier", "qualifier", scored=False)  # gold: qualifier is not scored
_MEETING = FieldCheck("meeting", "meeting")
_INDICATOR = FieldCheck("indicator", "indicator", m.same_indicator)
_UNIT = FieldCheck("unit", "unit", m.same_unit)
_TYPE = FieldCheck("type", "type")
_QUANTITY_SHOWN = ("indicator", "value", "unit", "period")

SPECS: dict[str, KindSpec] = {
    "meetings": KindSpec(
        "meeting", r.MEETING_COLUMNS,
        r.gold_meeting_extra, r.rows_meeting_extra, m.meeting_score,
        (FieldCheck("date", "date"), FieldCheck("format", "format"),
         FieldCheck("connection_points", "connection_points", m.same_number),
         FieldCheck("location", "location", m.same_name),
         FieldCheck("chairs", "chairs", m.same_folded_set)),
        ("label", "date"),
    ),
    "people": KindSpec(
        "person", r.PERSON_COLUMNS,
        r.gold_person_extra, r.rows_person_extra, m.person_score,
        (FieldCheck("title", "titles", m.covers),
         FieldCheck("organization", "orgs", m.covers_aliases)),
        ("name",),
    ),
    "organizations": KindSpec(
        "organization", r.ORGANIZATION_COLUMNS,
        r.gold_organization_extra, r.rows_organization_extra, m.organization_score,
        (_TYPE,), ("name",),
    ),
    "observations": KindSpec(
        "observation", r.QUANTITY_COLUMNS,
        r.gold_quantity_extra, r.rows_quantity_extra, m.quantity_score,
        (_INDICATOR, _UNIT, _PERIOD, _CHANGE, FieldCheck("compared", "compared"),
         FieldCheck("plan_pct", "plan_pct", m.same_number),
         FieldCheck("plan_period", "plan_period"), _QUALIFIER,
         FieldCheck("meeting", "meeting", strict=False)),
        _QUANTITY_SHOWN,
    ),
    "targets": KindSpec(
        "target", r.QUANTITY_COLUMNS,
        r.gold_quantity_extra, r.rows_quantity_extra, m.quantity_score,
        (_INDICATOR, _UNIT, _PERIOD, _CHANGE, _QUALIFIER, _MEETING), _QUANTITY_SHOWN,
    ),
    "legal": KindSpec(
        "document", r.LEGAL_COLUMNS,
        r.gold_legal_extra, r.rows_legal_extra, m.legal_score,
        (_TYPE, FieldCheck("number", "number", m.same_number_key),
         FieldCheck("issuer", "issuer", m.same_alias), FieldCheck("date", "date"),
         FieldCheck("status", "status")),
        ("name", "number"),
    ),
    "strategies": KindSpec(
        "strategy", r.STRATEGY_COLUMNS,
        r.no_extra, r.no_extra, m.strategy_score,
        (_TYPE, FieldCheck("horizon", "horizon"), FieldCheck("vision", "vision")),
        ("name",),
    ),
}
