"""Matching for `kg eval`: value normalising, name similarity, pair scores, one-to-one pairing.

Pure functions over plain values and the records of ``kg.evaluate.records``; no I/O.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from ..text.slugs import fold

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
