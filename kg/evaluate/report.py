"""What `kg eval` finds, as records: scores per fact type and field, series, findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DocCount", "EvalReport", "FieldScore", "Finding", "SeriesScore", "TypeScore"]


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
