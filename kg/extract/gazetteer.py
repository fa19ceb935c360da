"""The stable vocabulary in ``kg/data/gazetteer.yaml``, loaded once and indexed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ..text.slugs import fold

DATA = Path(__file__).resolve().parent.parent / "data" / "gazetteer.yaml"


@dataclass(frozen=True)
class KnownOrg:
    name: str
    kind: str
    aliases: tuple[str, ...]


class Gazetteer:
    def __init__(self, data: dict):
        self.orgs = tuple(KnownOrg(o["name"], o["type"], tuple(o.get("aliases", ())))
                          for o in data["organizations"])
        self.by_form = {form: org for org in self.orgs for form in (org.name, *org.aliases)}
        self.by_fold = {fold(form): org for form, org in self.by_form.items()}
        self.org_heads = data["org_heads"]
        self.titles = tuple(sorted(data["titles"], key=len, reverse=True))
        self.title_res = tuple((title, re.compile(rf"(?<!\w){re.escape(title)}(?!\w)"))
                               for title in self.titles)
        self.surnames = frozenset(data["surnames"])
        self.provinces = tuple(sorted(data["provinces"], key=len, reverse=True))
        self.cities = frozenset(data["cities"])
        self.legal_types = data["legal_types"]
        self.number_issuers = [(re.compile(rf"(?:^|[/-]){k}$"), v)
                               for k, v in data["number_issuers"].items()]
        self.strategy_types = data["strategy_types"]
        self.sectors = {key: tuple(labels) if isinstance(labels, list) else (labels,)
                        for key, labels in data["sectors"].items()}
        self.count_units = tuple(sorted(data["count_units"], key=len, reverse=True))
        self.abbreviations = data["abbreviations"]
        self.stock_units_re = re.compile(r"\b(?:" + "|".join(
            re.escape(fold(noun)) for noun in data["stock_units"]) + r")\b")
        self.classifiers = frozenset(data["classifiers"])
        self.flow_words = re.compile(r"\b(?:" + "|".join(map(re.escape, data["flow_words"]))
                                     + r")\b")
        forms = sorted(self.by_form, key=len, reverse=True)
        self.org_re = re.compile(r"(?<![\w&])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w&])")

    def org(self, form: str) -> KnownOrg | None:
        return self.by_form.get(form) or self.by_fold.get(fold(form))

    def issuer_of(self, number: str) -> str | None:
        for pattern, issuer in self.number_issuers:
            if pattern.search(number):
                return issuer
        return None


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(yaml.safe_load(DATA.read_text(encoding="utf-8")))
