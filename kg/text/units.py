"""Units as stated, and their scale against a base unit (đồng, USD, or a count)."""

from __future__ import annotations

from decimal import Decimal

SCALES = {
    "nghìn": Decimal(10) ** 3, "ngàn": Decimal(10) ** 3, "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9,
}
NON_ADDITIVE = {"%", "hạng", "bậc", "lần", "điểm phần trăm"}


def base_multiplier(unit: str | None) -> Decimal | None:
    """10^9 for "tỷ đồng", 10^15 for "triệu tỷ đồng", 1 for "lao động"; None for ranks and %."""
    if not unit or unit in NON_ADDITIVE:
        return None
    factor = Decimal(1)
    for word in unit.split():
        scale = SCALES.get(word.lower())
        if scale is None:
            break
        factor *= scale
    return factor


def base_unit(unit: str) -> str:
    """The unit without its scale words: "triệu tỷ đồng" -> "đồng"."""
    words = unit.split()
    while words and words[0].lower() in SCALES:
        words.pop(0)
    return " ".join(words) or unit
