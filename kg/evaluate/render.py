"""`kg eval`'s scores as a table, a summary line and JSON."""

from __future__ import annotations

from ..sparql import Results
from .report import EvalReport

__all__ = ["report_json", "score_table", "summary_line"]


def score_table(report: EvalReport) -> Results:
    """Counts and scores per fact type, as a result ``kg.query.render`` shows."""
    head = ("type", "gold", "predicted", "matched", "precision", "recall", "F1",
            "strict P", "strict R", "strict F1")
    rows = tuple(
        (t.kind, str(t.gold), str(t.predicted), str(t.matched), f"{t.precision:.2f}",
         f"{t.recall:.2f}", f"{t.f1:.2f}", f"{t.strict_precision:.2f}",
         f"{t.strict_recall:.2f}", f"{t.strict_f1:.2f}")
        for t in report.types.values()
    )
    return Results.of_text(head, rows)


def summary_line(label: str, report: EvalReport) -> str:
    """macro-F1, strict macro-F1, observations' strict F1 and the series F1 on one line."""
    series = report.series
    return (f"{label}: macro-F1 {report.macro_f1:.3f}, strict macro-F1 "
            f"{report.strict_macro_f1:.3f}, observations strict F1 "
            f"{report.types['observations'].strict_f1:.3f}, series F1 {series.f1:.3f}")


def report_json(combined: EvalReport, per_set: dict[str, EvalReport]) -> dict:
    """The combined scores, and each gold folder's under ``folders`` when there are several."""
    out = combined.as_dict()
    if len(per_set) > 1:
        out["folders"] = {name: report.as_dict() for name, report in per_set.items()}
    return out
