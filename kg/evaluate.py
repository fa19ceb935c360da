"""Score extractor output against gold YAML facts (`kg eval --gold DIR`).

The extractor's output arrives as the rows of the seven contract queries, one list of
string-valued dicts per kind. Gold facts follow /work/shared/gold/SCHEMA.md. Facts are paired
one-to-one within each article (see `kg.evaluate_match`), then counted for precision and
recall, and each matched pair is checked field by field.

Three further scores say how far a user can rely on the graph:

- strict: a matched pair counts only when every strict field its gold states (not null) is
  right, by the same comparisons as field accuracy; strict P = strict matches / predicted,
  strict R = strict matches / gold. Qualifiers are never scored (gold convention 2).
- series: over every unordered pair of matched observations and targets whose gold names a
  `concept`, gold-same (same concept slug) against predicted-same (same indicator concept IRI);
  P = both / predicted-same, R = both / gold-same.
- macro-F1 and strict macro-F1: the mean over the seven fact types.
"""

from __future__ import annotations

import datetime as dt
import operator
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg import evaluate_match as m
from kg.errors import KgError

__all__ = [
    "KINDS",
    "DocCount",
    "EvalReport",
    "FieldScore",
    "Finding",
    "SeriesScore",
    "TypeScore",
    "evaluate",
    "evaluate_sets",
    "load_gold",
]

KINDS = ("meetings", "people", "organizations", "observations", "targets", "legal", "strategies")

Rows = dict[str, list[dict[str, str]]]


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class FieldScore:
    """How often a field of matched facts agrees; `scored=False` marks informational fields."""

    correct: int
    total: int
    accuracy: float
    scored: bool = True


@dataclass(frozen=True)
class TypeScore:
    """Counts and scores for one fact type over all gold articles."""

    kind: str
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    fields: dict[str, FieldScore]
    strict_matched: int = 0
    strict_precision: float = 0.0
    strict_recall: float = 0.0
    strict_f1: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "strict_matched": self.strict_matched, "strict_precision": self.strict_precision,
            "strict_recall": self.strict_recall, "strict_f1": self.strict_f1,
        }


@dataclass(frozen=True)
class SeriesScore:
    """Pairs of matched figures: same gold concept against same predicted concept IRI."""

    gold_pairs: int
    predicted_pairs: int
    both: int
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, Any]:
        return {"gold_pairs": self.gold_pairs, "predicted_pairs": self.predicted_pairs,
                "both": self.both, "precision": self.precision, "recall": self.recall,
                "f1": self.f1}


@dataclass(frozen=True)
class DocCount:
    """Counts for one fact type in one article."""

    source: str
    kind: str
    gold: int
    predicted: int
    matched: int


@dataclass(frozen=True)
class Finding:
    """A missed, spurious or mismatched fact, described for a developer."""

    kind: str
    source: str
    description: str
    quote: str = ""  # the quote that produced the predicted fact, when there is one


@dataclass(frozen=True)
class EvalReport:
    """Scores per fact type, their macro-F1, and what was missed, invented or got wrong."""

    types: dict[str, TypeScore]
    macro_f1: float
    documents: tuple[DocCount, ...] = ()
    misses: tuple[Finding, ...] = ()
    spurious: tuple[Finding, ...] = ()
    mismatches: tuple[Finding, ...] = ()
    strict_macro_f1: float = 0.0
    series: SeriesScore | None = None
    not_strict: tuple[Finding, ...] = ()  # matched pairs with the strict fields that differ

    def as_dict(self) -> dict[str, Any]:
        """The scores as plain JSON-ready values."""
        return {
            "types": {kind: t.as_dict() for kind, t in self.types.items()},
            "fields": {kind: {name: {"correct": s.correct, "total": s.total,
                                     "accuracy": s.accuracy, "scored": s.scored}
                              for name, s in t.fields.items()}
                       for kind, t in self.types.items()},
            "macro_f1": self.macro_f1,
            "strict_macro_f1": self.strict_macro_f1,
            "series": self.series.as_dict() if self.series else None,
        }

    def as_rows(self) -> list[tuple[str, int, int, int, float, float, float]]:
        """(kind, gold, predicted, matched, precision, recall, f1) per fact type."""
        return [
            (t.kind, t.gold, t.predicted, t.matched, t.precision, t.recall, t.f1)
            for t in self.types.values()
        ]

    def field_rows(self) -> list[tuple[str, str, int, int, float]]:
        """(kind, field, correct, total, accuracy) per scored or informational field."""
        return [
            (t.kind, name, s.correct, s.total, s.accuracy)
            for t in self.types.values()
            for name, s in t.fields.items()
        ]


# ---------------------------------------------------------------- gold files


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Read every *.yaml gold file in a folder, keyed by the article file name (`doc:`)."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise KgError(f"gold directory not found: {gold_dir}")
    paths = sorted(p for p in gold_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    if not paths:
        raise KgError(f"no gold files (*.yaml) in {gold_dir}")
    gold: dict[str, dict] = {}
    for path in paths:
        doc = _read_gold_file(path)
        if doc["doc"] in gold:
            raise KgError(f"{path}: a second gold file for article {doc['doc']}")
        gold[doc["doc"]] = doc
    return gold


def _read_gold_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: invalid YAML{_yaml_where(exc)}") from exc
    if not isinstance(data, dict):
        raise KgError(f"{path}: expected a mapping with 'doc:' and fact lists")
    data = _normalise(data)
    data["doc"] = m.nfc(data.get("doc") or f"{path.stem}.txt").rsplit("/", 1)[-1]
    return data


def _yaml_where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or ""
    if mark is None:
        return f": {' '.join(str(exc).split())}"
    return f" at line {mark.line + 1}, column {mark.column + 1}: {problem}"


def _normalise(value: Any) -> Any:
    """Dates as ISO strings, strings in NFC, recursively."""
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


# ---------------------------------------------------------------- the kind table


@dataclass(frozen=True)
class _Field:
    name: str
    key: str
    same: Callable[[Any, Any], bool] = operator.eq
    scored: bool = True
    strict: bool = True  # part of the strict score when the gold states it (and scored)


@dataclass(frozen=True)
class _Kind:
    iri: str  # the first contract column
    gold_key: str  # the gold file's list
    columns: tuple[m.Column, ...]  # values read alike from gold and rows
    gold_extra: Callable[[dict, m.Doc], dict]
    rows_extra: Callable[[list[dict], m.Doc], dict]
    score: Callable[[dict, dict], float]
    fields: tuple[_Field, ...]
    shown: tuple[str, ...]  # record keys that describe a fact in findings

    def from_gold(self, item: dict, doc: m.Doc) -> dict:
        return {**m.read_gold(item, self.columns), **self.gold_extra(item, doc)}

    def from_rows(self, rows: list[dict], doc: m.Doc) -> dict:
        return {**m.read_rows(rows, self.columns), **self.rows_extra(rows, doc)}


_PERIOD = _Field("period", "period")
_CHANGE = _Field("change_pct", "change_pct", m.same_number)
_QUALIFIER = _Field("qualifier", "qualifier", scored=False)  # gold: qualifier is not scored
_MEETING = _Field("meeting", "meeting")
_INDICATOR = _Field("indicator", "indicator", m.same_indicator)
_UNIT = _Field("unit", "unit", m.same_unit)
_TYPE = _Field("type", "type")
_QUANTITY_SHOWN = ("indicator", "value", "unit", "period")

# Meetings come first: observations and targets use the meeting pairing for their linkage.
_KINDS: dict[str, _Kind] = {
    "meetings": _Kind(
        "meeting", "meetings", m.MEETING_COLUMNS,
        m.gold_meeting_extra, m.rows_meeting_extra, m.meeting_score,
        (_Field("date", "date"), _Field("format", "format"),
         _Field("connection_points", "connection_points", m.same_number),
         _Field("location", "location", m.same_name),
         _Field("chairs", "chairs", m.same_folded_set)),
        ("label", "date"),
    ),
    "people": _Kind(
        "person", "people", m.PERSON_COLUMNS,
        m.gold_person_extra, m.rows_person_extra, m.person_score,
        (_Field("title", "titles", m.covers),
         _Field("organization", "orgs", m.covers_aliases)),
        ("name",),
    ),
    "organizations": _Kind(
        "organization", "organizations", m.ORGANIZATION_COLUMNS,
        m.gold_organization_extra, m.rows_organization_extra, m.organization_score,
        (_TYPE,), ("name",),
    ),
    "observations": _Kind(
        "observation", "observations", m.QUANTITY_COLUMNS,
        m.gold_quantity_extra, m.rows_quantity_extra, m.quantity_score,
        (_INDICATOR, _UNIT, _PERIOD, _CHANGE, _Field("compared", "compared"),
         _Field("plan_pct", "plan_pct", m.same_number), _Field("plan_period", "plan_period"),
         _QUALIFIER,
         _Field("meeting", "meeting", strict=False)),
        _QUANTITY_SHOWN,
    ),
    "targets": _Kind(
        "target", "targets", m.QUANTITY_COLUMNS,
        m.gold_quantity_extra, m.rows_quantity_extra, m.quantity_score,
        (_INDICATOR, _UNIT, _PERIOD, _CHANGE, _QUALIFIER, _MEETING), _QUANTITY_SHOWN,
    ),
    "legal": _Kind(
        "document", "legal_documents", m.LEGAL_COLUMNS,
        m.gold_legal_extra, m.rows_legal_extra, m.legal_score,
        (_TYPE, _Field("number", "number", m.same_number_key),
         _Field("issuer", "issuer", m.same_alias), _Field("date", "date"),
         _Field("status", "status")),
        ("name", "number"),
    ),
    "strategies": _Kind(
        "strategy", "strategies", m.STRATEGY_COLUMNS,
        m.no_extra, m.no_extra, m.strategy_score,
        (_TYPE, _Field("horizon", "horizon"), _Field("vision", "vision")),
        ("name",),
    ),
}


# ---------------------------------------------------------------- scoring


def evaluate(rows: Rows, gold: dict[str, dict], quotes: dict[str, str] | None = None) -> EvalReport:
    """Score contract-query rows against gold facts; rows for articles without gold are ignored.

    ``quotes`` maps a predicted fact's IRI to the quote it was read from, for the findings.
    """
    grouped = {kind: _group_rows(kind, rows.get(kind) or [], gold) for kind in KINDS}
    tally = _Tally(quotes or {})
    for source in sorted(gold):
        _score_document(source, gold[source], grouped, tally)
    return tally.report()


def evaluate_sets(
    rows: Rows, sets: dict[str, dict[str, dict]], quotes: dict[str, str] | None = None
) -> tuple[EvalReport, dict[str, EvalReport]]:
    """Scores over several gold sets together, and set by set (keyed like ``sets``).

    Matching is per article, so the combined counts are the sums of the sets'; the series score
    is not, since series join articles of different sets.
    """
    merged: dict[str, dict] = {}
    where: dict[str, str] = {}
    for name, gold in sets.items():
        for doc, facts in gold.items():
            if doc in merged:
                raise KgError(f"article {doc} has gold in both {where[doc]} and {name}")
            merged[doc], where[doc] = facts, name
    return evaluate(rows, merged, quotes), {
        name: evaluate(rows, gold, quotes) for name, gold in sets.items()
    }


def _group_rows(kind: str, rows: list[dict], gold: dict) -> dict[str, list[tuple[str, list]]]:
    """Per source article, (IRI, rows) pairs sorted by IRI so that matching is deterministic."""
    column = _KINDS[kind].iri
    by_source: dict[str, dict[str, list[dict]]] = {}
    for row in rows:
        source = m.nfc(row.get("source")).rsplit("/", 1)[-1]
        if source in gold:
            iri = m.nfc(row.get(column))
            by_source.setdefault(source, {}).setdefault(iri, []).append(row)
    return {source: sorted(groups.items()) for source, groups in by_source.items()}


def _score_document(source: str, gold_doc: dict, grouped: dict, tally: _Tally) -> None:
    doc = m.Doc.of(gold_doc)
    for kind, spec in _KINDS.items():
        items = [i for i in gold_doc.get(spec.gold_key) or [] if isinstance(i, dict)]
        gold_recs = [spec.from_gold(item, doc) for item in items]
        groups = grouped[kind].get(source, [])
        pred_recs = [{**spec.from_rows(group, doc), "iri": iri} for iri, group in groups]
        pairs = m.greedy_match(gold_recs, pred_recs, spec.score)
        if kind == "meetings":
            doc.meeting_ids.update({groups[pi][0]: gold_recs[gi]["id"] for gi, pi in pairs})
        tally.add(kind, source, gold_recs, pred_recs, pairs)


class _Tally:
    """Running counts over all articles, turned into an `EvalReport` at the end."""

    def __init__(self, quotes: dict[str, str]) -> None:
        self.quotes = quotes
        self.counts = {kind: [0, 0, 0, 0] for kind in KINDS}  # gold, predicted, matched, strict
        self.fields = {(k, f.name): [0, 0] for k in KINDS for f in _KINDS[k].fields}
        self.documents: list[DocCount] = []
        self.findings: dict[str, list[Finding]] = {
            "miss": [], "spurious": [], "mismatch": [], "not_strict": [],
        }
        self.concepts: list[tuple[str, str | None]] = []  # (gold concept, predicted IRI)

    def add(self, kind: str, source: str, gold: list, pred: list, pairs: list) -> None:
        for i, n in enumerate((len(gold), len(pred), len(pairs))):
            self.counts[kind][i] += n
        self.documents.append(DocCount(source, kind, len(gold), len(pred), len(pairs)))
        spec = _KINDS[kind]
        paired_gold, paired_pred = {g for g, _ in pairs}, {p for _, p in pairs}
        for i, rec in enumerate(gold):
            if i not in paired_gold:
                self.findings["miss"].append(Finding(kind, source, _describe(spec, rec)))
        for i, rec in enumerate(pred):
            if i not in paired_pred:
                self.findings["spurious"].append(
                    Finding(kind, source, _describe(spec, rec), self._quote(rec)))
        for gi, pi in pairs:
            self._compare(kind, source, gold[gi], pred[pi])
            if gold[gi].get("concept"):
                self.concepts.append((gold[gi]["concept"], pred[pi].get("concept")))

    def _quote(self, pred: dict) -> str:
        return self.quotes.get(pred.get("iri", ""), "")

    def _compare(self, kind: str, source: str, gold: dict, pred: dict) -> None:
        spec = _KINDS[kind]
        wrong = []
        for f in spec.fields:
            verdict = _judge(gold[f.key], pred[f.key], f.same)
            if verdict is None:
                continue
            self.fields[(kind, f.name)][0] += verdict
            self.fields[(kind, f.name)][1] += 1
            if not verdict:
                text = f"{f.name} gold {_show(gold[f.key])}, predicted {_show(pred[f.key])}"
                self.findings["mismatch"].append(
                    Finding(kind, source, f"{_describe(spec, gold)}: {text}"))
                if f.scored and f.strict and not _blank(gold[f.key]):
                    wrong.append(text)
        if wrong:
            self.findings["not_strict"].append(Finding(
                kind, source, f"{_describe(spec, gold)}: {'; '.join(wrong)}", self._quote(pred)))
        else:
            self.counts[kind][3] += 1

    def report(self) -> EvalReport:
        types = {kind: self._type_score(kind) for kind in KINDS}
        return EvalReport(
            types=types,
            macro_f1=sum(t.f1 for t in types.values()) / len(types),
            documents=tuple(self.documents),
            misses=tuple(self.findings["miss"]),
            spurious=tuple(self.findings["spurious"]),
            mismatches=tuple(self.findings["mismatch"]),
            strict_macro_f1=sum(t.strict_f1 for t in types.values()) / len(types),
            series=_series(self.concepts),
            not_strict=tuple(self.findings["not_strict"]),
        )

    def _type_score(self, kind: str) -> TypeScore:
        gold, pred, matched, strict = self.counts[kind]
        fields = {}
        for f in _KINDS[kind].fields:
            correct, total = self.fields[(kind, f.name)]
            fields[f.name] = FieldScore(correct, total, correct / total if total else 1.0, f.scored)
        return TypeScore(kind, gold, pred, matched, *_prf(matched, pred, gold), fields,
                         strict, *_prf(strict, pred, gold))


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1; with nothing to find and nothing found, all three are 1."""
    precision = hits / predicted if predicted else float(gold == 0)
    recall = hits / gold if gold else float(predicted == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _same_pairs(keys: list) -> int:
    """Unordered pairs of positions holding equal keys."""
    return sum(n * (n - 1) // 2 for n in Counter(keys).values())


def _series(concepts: list[tuple[str, str | None]]) -> SeriesScore:
    """Pairs of matched figures in one gold series against pairs given one concept IRI."""
    gold = _same_pairs([g for g, _ in concepts])
    predicted = _same_pairs([p for _, p in concepts if p])
    both = _same_pairs([(g, p) for g, p in concepts if p])
    return SeriesScore(gold, predicted, both, *_prf(both, predicted, gold))


def _blank(value: Any) -> bool:
    if isinstance(value, tuple | list):
        return all(_blank(v) for v in value)
    return value is None or value == ""


def _judge(gold: Any, pred: Any, same: Callable[[Any, Any], bool]) -> bool | None:
    """True/False for a field of a matched pair; None when neither side states it."""
    gold_blank, pred_blank = _blank(gold), _blank(pred)
    if gold_blank and pred_blank:
        return None
    if gold_blank or pred_blank:
        return False
    return bool(same(gold, pred))


def _show(value: Any) -> str:
    if _blank(value):
        return "-"
    if isinstance(value, float):
        return f"{value:.12g}"
    if isinstance(value, m.Span):
        return f"{value.start or '?'}..{value.end or '?'}"
    if isinstance(value, tuple):
        return "; ".join(_show(v[0] if isinstance(v, tuple) else v) for v in value)
    return str(value)


def _describe(spec: _Kind, record: dict) -> str:
    parts = (_show(record[key]) for key in spec.shown if not _blank(record[key]))
    return " | ".join(parts) or "(unnamed)"
