"""Matching helpers for `kg.evaluate`: value normalising, name similarity, one-to-one pairing.

Pure functions over plain values and the record dicts that `kg.evaluate` builds; no I/O.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kg.text.slugs import fold

MEETING_LABEL_MIN = 0.5  # word overlap for two meeting labels to pair
LEGAL_NAME_MIN = 0.6  # word overlap for two document names to pair
STRATEGY_NAME_MIN = 0.5  # word Jaccard for two strategy names to pair
CHANGE_ONLY_INDICATOR_MIN = 0.3  # word overlap when only change_pct is there to pair on
INDICATOR_SAME_MIN = 0.75  # shared words (of the larger name) for two indicator names to agree

# A folded word; "tt&tt", "129/2024/qh15", "57-nq/tw" and "1.6" stay one token each.
_TOKEN = re.compile(r"[a-z0-9]+(?:[&./-][a-z0-9]+)*")
_YEAR = re.compile(r"\s*(\d{4})")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+(?:[&./-]\w+)*")

Record = dict[str, Any]


class Span(NamedTuple):
    """A period as ISO date strings; either end may be unknown."""

    start: str | None
    end: str | None


def nfc(value: Any) -> str:
    """A stripped NFC string; None becomes ''."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def norm(value: Any) -> str:
    """Case-folded NFC with single spaces; diacritics kept."""
    return " ".join(nfc(value).casefold().split())


def tokens(value: Any) -> list[str]:
    """Diacritic-folded lower-case words, in order."""
    return _TOKEN.findall(fold(nfc(value)))


def name_key(value: Any) -> str:
    """A name with diacritics, case and punctuation folded away."""
    return " ".join(tokens(value))


def overlap(a: Any, b: Any) -> float:
    """Share of the longer text's distinct folded words that the other text also has."""
    wa, wb = set(tokens(a)), set(tokens(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def jaccard(a: Any, b: Any) -> float:
    """Jaccard index of the two texts' folded word sets."""
    wa, wb = set(tokens(a)), set(tokens(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def contains(a: Any, b: Any) -> bool:
    """True when one text's folded words occur as a whole-word run inside the other's."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    return f" {ka} " in f" {kb} " or f" {kb} " in f" {ka} "


def same_name(a: Any, b: Any) -> bool:
    """Loose name equality: equal after folding, or one name contained in the other."""
    return contains(a, b)


def same_alias(names: tuple[str, ...], predicted: Any) -> bool:
    """A predicted name loosely equal to any name of a gold organization."""
    return any(same_name(name, predicted) for name in names)


def covers(gold: Sequence[Any], predicted: Sequence[Any], same: Callable = same_name) -> bool:
    """Every gold item has a loosely equal predicted item."""
    return all(any(same(g, p) for p in predicted) for g in gold)


def covers_aliases(gold: Sequence[tuple[str, ...]], predicted: Sequence[Any]) -> bool:
    """Every gold organization (as its tuple of names) is loosely named by a prediction."""
    return covers(gold, predicted, same_alias)


def same_folded_set(gold: Sequence[Any], predicted: Sequence[Any]) -> bool:
    """The two name lists hold the same names once case and diacritics are folded."""
    return {name_key(g) for g in gold} == {name_key(p) for p in predicted}


def number(value: Any) -> float | None:
    """A float from a YAML number or a plain decimal string; None when absent or unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(nfc(value).replace(" ", ""))
    except ValueError:
        return None


def same_number(a: float | None, b: float | None) -> bool:
    """Both present and equal within a relative tolerance of 1e-9."""
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9)


def year(value: Any) -> int | None:
    """The leading four-digit year of 2030, "2030" or "2030-12-31"."""
    found = _YEAR.match(nfc(value))
    return int(found.group(1)) if found else None


def iso_date(value: Any) -> str | None:
    """An ISO date (or year-month, year) string without any time part; None when blank."""
    text = nfc(value).split("T", 1)[0]
    return text or None


def term(value: Any) -> str:
    """An enum value or vocabulary IRI as folded letters: "in-force", "…#InForce" -> "inforce"."""
    local = re.split(r"[/#]", nfc(value))[-1]
    return _NON_ALNUM.sub("", fold(local))


def unit_key(value: Any) -> str:
    """A unit lower-cased with whitespace folded and "tỉ" spelt "tỷ": "Tỉ  đồng" -> "tỷ đồng"."""
    return " ".join("tỷ" if w == "tỉ" else w for w in nfc(value).lower().split())


def same_unit(a: Any, b: Any) -> bool:
    """Units equal after `unit_key`."""
    return unit_key(a) == unit_key(b)


def indicator_words(value: Any) -> set[str]:
    """The words of an indicator name: NFC, case-folded, punctuation dropped, diacritics kept."""
    return set(_WORD.findall(norm(value)))


def same_indicator(gold: Any, predicted: Any) -> bool:
    """Two indicator names for the same thing.

    Compared as sets of words (`indicator_words`, so "tỷ lệ" and "tỉ lệ" differ but case,
    punctuation and word order do not): equal when one set contains the other, or when the
    words they share are at least `INDICATOR_SAME_MIN` of the larger set.
    """
    wa, wb = indicator_words(gold), indicator_words(predicted)
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    return shared == min(len(wa), len(wb)) or shared >= INDICATOR_SAME_MIN * max(len(wa), len(wb))


def number_key(value: Any) -> str:
    """A document number without case or spaces: "129/2024/QH15" -> "129/2024/qh15"."""
    return "".join(norm(value).split())


def same_number_key(a: Any, b: Any) -> bool:
    """Document numbers equal without case or spaces."""
    return number_key(a) == number_key(b)


def greedy_match(
    gold: Sequence[Record], predicted: Sequence[Record], score: Callable[[Record, Record], float]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best score first, ties by position."""
    candidates = sorted(
        (-s, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if (s := score(g, p)) > 0
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


# ---------------------------------------------------------------- records
# Gold facts and grouped contract rows become records of the same shape, so that one score
# function and one field check serve both sides.

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


# ---------------------------------------------------------------- pair scores
# Pair scores: 0 means "not a candidate"; higher is a better match.


def meeting_score(gold: Record, pred: Record) -> float:
    """Same day, or labels sharing at least half their words."""
    similarity = overlap(gold["label"], pred["label"])
    day = gold["date"]
    same_day = day is not None and len(day) == 10 and day == pred["date"]
    if not same_day and similarity < MEETING_LABEL_MIN:
        return 0.0
    return similarity + (1.0 if same_day else 0.0)


def person_score(gold: Record, pred: Record) -> float:
    """Same name, case-insensitively."""
    return 1.0 if norm(gold["name"]) and norm(gold["name"]) == norm(pred["name"]) else 0.0


def organization_score(gold: Record, pred: Record) -> float:
    """Any predicted label equal to the gold name or an alias (diacritics kept scores higher)."""
    labels = (pred["name"], *pred["aliases"])
    return max((_organization_label_score(gold, label) for label in labels), default=0.0)


def _organization_label_score(gold: Record, label: str) -> float:
    name = norm(label)
    if not name:
        return 0.0
    if name == norm(gold["name"]):
        return 3.0
    if name in {norm(alias) for alias in gold["aliases"]}:
        return 2.0
    names = (gold["name"], *gold["aliases"])
    return 1.0 if name_key(label) in {name_key(n) for n in names} else 0.0


def quantity_score(gold: Record, pred: Record) -> float:
    """Equal value and unit; with no value on either side, equal change_pct and a similar name."""
    similarity = overlap(gold["indicator"], pred["indicator"])
    if gold["value"] is None and pred["value"] is None:
        paired = same_number(gold["change_pct"], pred["change_pct"])
        paired = paired and similarity >= CHANGE_ONLY_INDICATOR_MIN
    else:
        paired = same_number(gold["value"], pred["value"])
        paired = paired and same_unit(gold["unit"], pred["unit"])
    if not paired:
        return 0.0
    return 1.0 + similarity + (0.5 if gold["period"] == pred["period"] else 0.0)


def legal_score(gold: Record, pred: Record) -> float:
    """Equal numbers when both have one; otherwise similar or contained names."""
    gold_number, pred_number = number_key(gold["number"]), number_key(pred["number"])
    if gold_number and pred_number:
        return 2.0 if gold_number == pred_number else 0.0
    similarity = overlap(gold["name"], pred["name"])
    if contains(gold["name"], pred["name"]):
        similarity = max(similarity, LEGAL_NAME_MIN)
    return similarity if similarity >= LEGAL_NAME_MIN else 0.0


def strategy_score(gold: Record, pred: Record) -> float:
    """Names with a word Jaccard of at least 0.5, or one contained in the other."""
    similarity = jaccard(gold["name"], pred["name"])
    if contains(gold["name"], pred["name"]):
        similarity = max(similarity, STRATEGY_NAME_MIN)
    return similarity if similarity >= STRATEGY_NAME_MIN else 0.0
