"""Score extractor output against gold YAML facts (`kg eval --gold DIR`).

The extractor's output arrives as the rows of the seven contract queries, one list of
string-valued dicts per kind. Gold facts follow /work/shared/gold/SCHEMA.md. Facts are paired
one-to-one within each article (see `kg.evaluate.match`), then counted for precision and
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

from collections import Counter
from collections.abc import Callable
from typing import Any

from ..errors import KgError
from ..facts import SCORE_NAMES
from . import match as m
from . import records as r
from .kinds import SPECS, KindSpec
from .report import DocCount, EvalReport, FieldScore, Finding, SeriesScore, TypeScore

__all__ = ["KINDS", "evaluate", "evaluate_sets"]

KINDS = tuple(SCORE_NAMES.values())

Rows = dict[str, list[dict[str, str]]]


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
    column = SPECS[kind].iri
    by_source: dict[str, dict[str, list[dict]]] = {}
    for row in rows:
        source = m.nfc(row.get("source")).rsplit("/", 1)[-1]
        if source in gold:
            iri = m.nfc(row.get(column))
            by_source.setdefault(source, {}).setdefault(iri, []).append(row)
    return {source: sorted(groups.items()) for source, groups in by_source.items()}


def _score_document(source: str, gold_doc: dict, grouped: dict, tally: _Tally) -> None:
    doc = r.Doc.of(gold_doc)
    for gold_key, kind in SCORE_NAMES.items():  # meetings first: figures link to their pairing
        spec = SPECS[kind]
        items = [i for i in gold_doc.get(gold_key) or [] if isinstance(i, dict)]
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
        self.fields = {(k, f.name): [0, 0] for k in KINDS for f in SPECS[k].fields}
        self.documents: list[DocCount] = []
        self.findings: dict[str, list[Finding]] = {
            "miss": [], "spurious": [], "mismatch": [], "not_strict": [],
        }
        self.concepts: list[tuple[str, str | None]] = []  # (gold concept, predicted IRI)

    def add(self, kind: str, source: str, gold: list, pred: list, pairs: list) -> None:
        for i, n in enumerate((len(gold), len(pred), len(pairs))):
            self.counts[kind][i] += n
        self.documents.append(DocCount(source, kind, len(gold), len(pred), len(pairs)))
        spec = SPECS[kind]
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
        spec = SPECS[kind]
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
        for f in SPECS[kind].fields:
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
    if isinstance(value, r.Span):
        return f"{value.start or '?'}..{value.end or '?'}"
    if isinstance(value, tuple):
        return "; ".join(_show(v[0] if isinstance(v, tuple) else v) for v in value)
    return str(value)


def _describe(spec: KindSpec, record: dict) -> str:
    parts = (_show(record[key]) for key in spec.shown if not _blank(record[key]))
    return " | ".join(parts) or "(unnamed)"
