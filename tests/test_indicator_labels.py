"""Indicator labels read as an analyst writes them, over every real article the project has.

A label is the noun phrase of the measured quantity: it never opens with an outlet's byline or
a discourse word, and never carries the figure it labels.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract import extract
from kg.sources import read_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"
SOURCES = [SHARED / "seeds", *sorted((SHARED / "dev").glob("*/docs"))]

BYLINE = re.compile(r"^\(?[A-ZĐ][A-ZĐa-z.&]{1,12}\)\s*[-–]?|^[A-ZĐ]{2,8}\s*[-–]\s|^date\b")
DISCOURSE = re.compile(
    r"(?i)^(?:theo|dù vậy|tuy nhiên|ngoài ra|đồng thời|bên cạnh đó|cụ thể|ví dụ|trong đó|"
    r"trong khi|so với|mặt khác|như vậy|do đó|vì vậy|từ đó|cùng với đó|đáng chú ý|riêng|"
    r"tính chung|xét về|chúng ta|điều này|đây là)\b")


def spellings(value: Decimal) -> set[str]:
    """The ways an article writes a value: 3.397.492 / 3397492, 2,7 / 2.7."""
    whole, _, fraction = format(value.normalize(), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return {w + ("," + fraction if fraction else "") for w in {whole, grouped}}


@pytest.fixture(scope="module")
def figures():
    if not all(path.is_dir() for path in SOURCES[:1]):
        pytest.skip("the shared development corpus is not beside the project")
    facts = [extract(article) for article in read_articles(SOURCES)]
    return [(a.meta.name, f) for a in facts for f in (*a.observations, *a.targets)]


def test_the_corpus_has_figures(figures):
    assert len(figures) > 300


def test_no_label_opens_with_a_byline_or_a_discourse_word(figures):
    bad = [(name, f.indicator) for name, f in figures
           if BYLINE.search(f.indicator) or DISCOURSE.search(f.indicator)]
    assert not bad, bad


def test_no_label_carries_its_own_figure(figures):
    bad = []
    for name, f in figures:
        if f.value is None or abs(f.value) < 10:
            continue  # "2" or "5" also stands in names ("5G", "quý 2"); "/100 dân" is a unit
        if any(re.search(rf"(?<![\d.,/]){re.escape(s)}(?![\d,]|\.\d)", f.indicator)
               for s in spellings(f.value)):
            bad.append((name, f.indicator, f.value))
    assert not bad, bad
