"""Naming a figure's indicator, and one shared concept for the ways articles name it.

    "Theo Bộ TT&TT, trong 6 tháng đầu năm 2024, doanh thu toàn ngành TT&TT ước đạt"
        -> "doanh thu toàn ngành TT&TT" -> concept "doanh-thu-toan-nganh"
    "Doanh thu lĩnh vực ước đạt" under the heading "Lĩnh vực báo chí"
        -> "Doanh thu lĩnh vực báo chí"
"""

from __future__ import annotations

import re

from ..text.slugs import fold, slugify
from .gazetteer import gazetteer

_LEAD = re.compile(r"^(?:(?:Theo|Tại|Về|Trong đó|Ngoài ra|Dù vậy|Đồng thời|Cụ thể|Bên cạnh đó|"
                   r"Trong lĩnh vực|Riêng|Tính chung)[^,]*"
                   r"|[^,]*\b(?:năm|tháng|quý|kỳ|đến nay|hiện nay|cho biết|báo cáo)\b[^,]*),\s*"
                   r"|^.*?\b(?:phấn đấu|mục tiêu(?: là)?|chỉ tiêu(?: là)?)\s+|^trong đó\s+", re.I)
_TRAIL = re.compile(r"(?:\s+|^)(?:ước tính|ước đạt|ước khoảng|ước|đạt|là|có|khoảng|gần|hơn|trên|"
                    r"vẫn|đã|được|chiếm|với|tới|lên|ghi nhận|đến nay|hiện nay|hiện|cả nước|"
                    r"và|thì|phải|ít nhất|tối thiểu|tối đa|tăng|giảm|nâng|Nâng|dự kiến|"
                    r"xếp thứ|xếp|đứng thứ|vị trí thứ|vươn lên)$", re.I)
_PERIOD_TAIL = re.compile(r"\s*(?:trong|tính|đến|vào)?\s*"
                          r"(?:\d+ tháng(?: (?:đầu|cuối) năm)?|năm \d{4}"
                          r"|quý [IV\d]+(?:/\d{4})?|tháng \d+(?:/\d{4})?"
                          r"|đến (?:hết )?(?:ngày|tháng)? ?[\d/]+)(?:\s*(?:\d{4}))?", re.I)


def name_indicator(before: str, unit: str, after: str, scope: str | None, last: str) -> str:
    """The indicator as the clause names it, without lead-ins, verbs and periods."""
    text = before.strip(" ,.:()")
    while True:
        stripped = _LEAD.sub("", text, count=1)
        if stripped == text or not stripped:
            break
        text = stripped
    for _ in range(6):
        text = _PERIOD_TAIL.sub("", text) if _PERIOD_TAIL.search(text + "$") else text
        new = _TRAIL.sub("", text).strip(" ,")
        if new == text:
            break
        text = new
    text = re.sub(r"\s+", " ", text).strip(" ,")
    if scope and re.search(r"lĩnh vực$", text):
        text = f"{text} {scope}"
    if len(text.split()) < 2 or not re.search(r"[^\W\d_]", text):
        text = _counted(unit, after) or last or unit
    return text


def implied_unit(before: str, last: str) -> str | None:
    """"ước khoảng 71.830" in a sentence about workers: the unit is "lao động"."""
    for noun in gazetteer().count_units:
        if re.search(rf"(?:số|Số)(?: lượng)? {re.escape(noun)}\b", before + " " + last):
            return noun
    return None


def _counted(unit: str, after: str) -> str | None:
    if not unit or unit in ("%", "bậc", "hạng"):
        return None
    tail = re.split(r"[,.;()]", after, maxsplit=1)[0].strip()
    words = " ".join(tail.split()[:6])
    return f"số {unit} {words}".strip()


def concept_key(indicator: str, scope: str | None) -> str:
    """One indicator concept across articles: the gazetteer's wording, else the name's slug."""
    key = gazetteer().indicator_key(indicator)
    if key is None:
        return slugify(indicator, 60)
    for sector_key, sector in gazetteer().sectors.items():
        if sector.lower() in indicator.lower() and sector_key not in key:
            return f"{key}-{sector_key}"
    return key


def keep_restated(group: list, fact) -> None:
    """A figure stated twice is one fact; keep the wording that names a known indicator."""
    known = gazetteer().indicator_key(fact.indicator)
    for i, other in enumerate(group):
        other_known = gazetteer().indicator_key(other.indicator)
        if other.concept == fact.concept or known or other_known or _alike(fact, other):
            if known and not other_known:
                group[i] = fact
            return
    group.append(fact)


_FUNCTION_WORDS = {"so", "cua", "va", "cho", "duoc", "da", "cac", "trong", "tai", "voi"}


def _alike(a, b) -> bool:
    """Two wordings of one figure share most of their content words."""
    def words(fact) -> set[str]:
        return set(fold(fact.indicator).split()) - set(fold(fact.unit).split()) - _FUNCTION_WORDS

    x, y = words(a), words(b)
    return bool(x and y) and len(x & y) / len(x | y) >= 0.3
