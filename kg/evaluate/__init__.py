"""Scores of the graph against gold facts (`kg eval`): the public API.

``gold`` reads the gold files, ``contract`` the graph's side (the contract queries' rows),
``records`` turns both into records of one shape, ``match`` pairs them, ``kinds`` says how each
fact kind is paired and checked, ``score`` counts, ``report`` holds the results and ``render``
shows them.
"""

from .gold import load_gold
from .report import DocCount, EvalReport, FieldScore, Finding, SeriesScore, TypeScore
from .score import KINDS, evaluate, evaluate_sets

__all__ = ["KINDS", "DocCount", "EvalReport", "FieldScore", "Finding", "SeriesScore",
           "TypeScore", "evaluate", "evaluate_sets", "load_gold"]
