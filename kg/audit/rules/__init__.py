"""The audit's rules, one module per family; each module has ``RULES`` and ``check(ctx)``."""

from __future__ import annotations

from . import evidence, meetings, notation, people, ratios, restated
from .common import Check, Rule

MODULES = (evidence, meetings, ratios, restated, notation, people)
RULES: tuple[Rule, ...] = tuple(rule for module in MODULES for rule in module.RULES)
CHECKS: tuple[Check, ...] = tuple(module.check for module in MODULES)
BY_NAME = {rule.name: rule for rule in RULES}

__all__ = ["BY_NAME", "CHECKS", "RULES", "Rule"]
