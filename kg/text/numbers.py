"""Vietnamese number notation: "." groups thousands, "," marks decimals.

    1.234.567 -> 1234567    2,4 -> 2.4    07 -> 7    3,50 -> 3.50    4.0 -> 4.0
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?![.,]?\d)|\d+\.\d{1,2}(?!\d)"
NUMBER_RE = re.compile(rf"(?<![\d.,/])(?:{NUMBER})(?![\d/])")

_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10,
}


def parse_number(text: str) -> Decimal | None:
    """A Decimal for Vietnamese notation, or None when ``text`` is not a number."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d+", text):
        text = text.replace(",", ".")
    elif not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return _WORDS.get(text.lower()) and Decimal(_WORDS[text.lower()])
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def is_ambiguous(text: str) -> bool:
    """A comma followed by exactly three digits may be a misused thousands separator."""
    return bool(re.fullmatch(r"\d{1,3},\d{3}", text.strip()))


def format_decimal(value: Decimal) -> str:
    """Plain decimal text without exponent or trailing zeros: 1234567, 2.4, -3.25."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
