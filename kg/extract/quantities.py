"""Figures in a clause: number, unit as stated, qualifier, and what the figure is.

    ước đạt 1.234.567 tỷ đồng    -> value, "tỷ đồng", estimate
    hơn 2,4 triệu tỷ đồng         -> value, "triệu tỷ đồng", at-least
    tăng 12% / giảm 3,25%         -> change +12 / -3.25
    đạt 45% kế hoạch năm 2031     -> plan share
    vị trí thứ 42/193, tăng 9 bậc  -> rank ("hạng") and move ("bậc")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from ..text.letters import LOWER
from ..text.numbers import NUMBER_RE, parse_number
from .gazetteer import gazetteer

_SCALE = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)"
_MONEY = r"(?:đồng|USD|VNĐ|VND|đô la)"
_AFTER_UNIT = re.compile(rf"\s*((?:{_SCALE}\s+)*)({_MONEY})?", re.I)
_FILLER = r"(?:\s+(?:phải|có|là|đạt|lên|được))*"
_QUALIFIERS = (
    (re.compile(rf"(?<!\w)(?:hơn|trên|ít nhất|tối thiểu|vượt){_FILLER}\s*$"), "at-least"),
    (re.compile(rf"(?<!\w)(?:gần|dưới|tới|tối đa|chưa đến){_FILLER}\s*$"), "at-most"),
    (re.compile(r"(?<!\w)(?:ước|khoảng|ước tính|ước đạt|dự kiến|xấp xỉ|chừng)"
                r"(?:\s+(?:đạt|là|khoảng|có))?\s*$"), "estimate"),
)
# Numbers that name, not measure: durations, "khách sạn 5 sao", "3 đột phá, 4 trọng tâm".
# Words between "tăng"/"giảm" and its rate: "tăng bình quân 4%", "giảm nhẹ 0,3%"
_CHANGE_FILLER = r"(?:\s+(?:khoảng|gần|hơn|trên|nhẹ|mạnh|thêm|bình quân|trung bình))*"
_SKIP_AFTER = re.compile(r"\s*(?:tháng|năm|ngày|giờ|tuần|trụ cột|lần thứ|sao|đột phá|trọng tâm|"
                         r"khâu|điểm phần trăm)(?!\w)|[A-Za-z]|\.\d"
                         r"|-\d{1,2}-(?:19|20)\d\d\b")  # "30-6-2031": a date's day
# "người dưới 6 tuổi", "từ 18 tuổi trở lên": an age that bounds a group, not a figure
_AGE_BOUND = re.compile(r"(?:dưới|trên|từ|đủ)\s*$")
_SKIP_BEFORE = re.compile(r"(?:năm|tháng|quý|ngày|thứ|số|Đề án|giai đoạn|Kỳ họp|khóa|lần|phần)\s*$"
                          r"|[-–/A-Za-z]\Z"
                          r"|(?:công nghiệp|điện tử|Web|web)\s+$")


@dataclass(frozen=True)
class Figure:
    """One number in a clause and the role it plays there."""

    role: str  # value | change | plan | rank | move | ratio
    value: Decimal
    unit: str
    qualifier: str
    start: int
    end: int
    raw: str


def qualifier_before(text: str) -> str:
    """The qualifier written just before a figure; "ước" earlier in the clause makes an estimate."""
    for pattern, name in _QUALIFIERS:
        if pattern.search(text[-30:]):
            return name
    since = re.split(r"\d", text)[-1]
    return "estimate" if re.search(r"\bước\b", since) else "exact"


_OF_GDP = re.compile(r"%\s+(?:so với\s+)?(GDP|GRDP)\b")
_PER = re.compile(rf"\s*/\s*((?:\d+\s+)?[{LOWER}\w]+(?:\s+dân)?)(?![\w/])|\s+trên\s+(100 dân)\b")


def _unit_after(text: str) -> tuple[str, int]:
    """The unit that follows a number, as written, and where it ends: "% GDP", "tỷ đồng/năm"."""
    unit, end = _plain_unit(text)
    if unit == "%":
        m = _OF_GDP.match(text)
        return (f"% {m.group(1)}", m.end()) if m else (unit, end)
    m = _PER.match(text[end:])
    if unit and m and not re.match(r"\s*/\s*(?:19|20)\d\d", text[end:]):
        return f"{unit}/{m.group(1) or m.group(2)}", end + m.end()
    if not unit and m and m.group(2):  # "đạt 93,4 trên 100 dân": a density, its noun implied
        return f"/{m.group(2)}", end + m.end()
    return unit, end


def _plain_unit(text: str, generic: bool = True) -> tuple[str, int]:
    if text.startswith("%"):
        return "%", 1
    m = _AFTER_UNIT.match(text)
    scale, money = (m.group(1) or "").strip(), m.group(2)
    pos = m.end() if (scale or money) else 0
    if money:
        return f"{scale} {money}".strip(), pos
    rest = text[pos:].lstrip()
    gap = len(text[pos:]) - len(rest)
    noun = count_noun(rest)
    if noun:
        return f"{scale} {noun}".strip(), pos + gap + len(noun)
    for noun in ("bậc", "hạng", "lần", "điểm phần trăm", "điểm"):
        if re.match(rf"{noun}(?!\w)", rest):
            return noun, pos + gap + len(noun)
    word = re.match(rf"([{LOWER}]+(?:\s+[{LOWER}]+){{0,2}}?)(?=\s*[,.;()]|\s+(?:tăng|giảm|so với|"
                    rf"đạt|và|với|của|trong|được|đã|đang|thuộc|tại)\b)", rest)
    if generic and word and not set(word.group(1).split()) & _NOT_UNIT:
        return f"{scale} {word.group(1)}".strip(), pos + gap + len(word.group(1))
    return scale, pos


_NOT_UNIT = {"ước", "khoảng", "tăng", "giảm", "so", "với", "của", "là", "đạt", "và", "trong", "tại",
             "năm", "tháng", "người", "ngày", "kế", "hoạch", "cùng", "kỳ", "trước", "nay", "đó",
             "này", "nhưng", "thì", "mà", "nên", "cũng", "vẫn", "sẽ", "đã", "đang", "bị", "do",
             "vì", "nếu", "khi", "như", "để", "từ", "đến", "lên", "xuống", "ra", "vào", "còn",
             "chỉ", "rất", "hơn", "trên", "dưới", "gần", "được", "có", "đặt", "các", "những"}


@cache
def _count_nouns() -> re.Pattern:
    """Count nouns, longest first, then document types: one pattern, matched at the start."""
    nouns = (*gazetteer().count_units, *gazetteer().legal_types)
    return re.compile("(?:" + "|".join(map(re.escape, nouns)) + r")(?!\w)")


def count_noun(rest: str) -> str | None:
    """The counted noun, with the nouns coordinated to it: "cơ quan, đơn vị"."""
    m = _count_nouns().match(rest)
    if m is None:
        return None
    first = m.group()
    if first in gazetteer().classifiers:  # "lượt khách", "lượt dự án": the classifier and its noun
        counted = count_noun(rest[len(first):].lstrip())
        if counted and counted not in gazetteer().classifiers:
            return f"{first} {counted}"
    m = re.match(r"(?:,\s*|\s+và\s+)", rest[len(first):])
    if m:
        more = count_noun(rest[len(first) + m.end():])
        if more:
            return f"{first}{m.group()}{more}"
    return first


def figures_in(clause: str) -> list[Figure]:
    """Every number of a clause with its unit, qualifier and role."""
    out = _ranks(clause) + _ranges(clause)
    taken = [(f.start, f.end) for f in out]
    for m in NUMBER_RE.finditer(clause):
        if any(s <= m.start() < e for s, e in taken) or (out and out[-1].start < m.start()
                                                            < out[-1].end):
            continue  # inside a figure already read ("93,4 trên 100 dân")
        before, after = clause[:m.start()], clause[m.end():]
        if _SKIP_BEFORE.search(before) and not re.search(r"(?:vị trí|xếp|đứng|và) thứ\s*$", before):
            continue
        if _SKIP_AFTER.match(after) and not after.startswith(("%", " %")):
            continue
        if re.match(r"\s*tuổi\b", after) and _AGE_BOUND.search(before):
            continue
        value = parse_number(m.group())
        if value is None:
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m.group()) and not after.startswith(("%", " %")):
            unit, _ = _plain_unit(after, generic=False)
            if not unit:
                continue  # a year, unless a known unit follows
        unit, length = _unit_after(after.lstrip() if after.startswith(" %") else after)
        role = _role(before, after[length:], unit)
        if role is None or (role == "bare" and "." in m.group() and "," not in m.group()
                            and len(m.group().split(".")[-1]) < 3):
            continue  # "Kiến trúc 3.0": a version, not a figure
        if role == "change" and re.search(rf"giảm{_CHANGE_FILLER}\s*$", before):
            value = -value
        out.append(Figure(role, value, unit, qualifier_before(before), m.start(),
                          m.end() + length, m.group()))
    return _shares_of_gdp(sorted(out, key=lambda f: f.start))


def _shares_of_gdp(figures: list[Figure]) -> list[Figure]:
    """"44,1%, 40,2% và 37,6% so với GDP": the list's last unit is the unit of each share."""
    for i in range(len(figures) - 1, 0, -1):
        last, prev = figures[i], figures[i - 1]
        if last.unit.startswith("% ") and prev.unit == "%" and prev.role == "value":
            figures[i - 1] = replace(prev, unit=last.unit)
    return figures


_LEADING_GROUP = re.compile(r"nhóm\s+(\d+)\s+(?:nước|quốc gia)(?:[^,.;]{0,20})dẫn đầu")


def _ranks(clause: str) -> list[Figure]:
    """"xếp thứ 5/11 nước", "vị trí thứ 17/194": a rank out of a field; "nhóm 30 nước dẫn đầu"."""
    ranks = [Figure("rank", Decimal(m.group(1)), "hạng", "exact", m.start(1), m.end(), m.group(1))
             for m in re.finditer(r"(?:vị trí|xếp|đứng) thứ\s*(\d+)/(\d+)", clause)]
    ranks += [Figure("rank", Decimal(m.group(1)), "hạng", "at-most", m.start(1), m.end(),
                     m.group(1))
              for m in _LEADING_GROUP.finditer(clause)]
    return ranks


def _ranges(clause: str) -> list[Figure]:
    """"tăng 8-9%": a range keeps its lower bound, as an at-least figure."""
    out = []
    for m in re.finditer(r"(?<![\d.,])(\d+(?:,\d+)?)\s*[-–]\s*(\d+(?:,\d+)?)\s*%"
                         r"(?:\s+(?:so với\s+)?(GDP|GRDP)\b)?", clause):
        before = clause[:m.start()]
        role = "change" if re.search(r"(?:tăng|giảm|tăng trưởng)\s*$", before[-20:]) else "value"
        value = parse_number(m.group(1))
        if role == "change" and re.search(r"giảm\s*$", before[-10:]):
            value = -value
        unit = f"% {m.group(3)}" if m.group(3) else "%"  # "31 - 32% GDP": a share of GDP
        out.append(Figure(role, value, unit, "at-least", m.start(), m.end(), m.group()))
    return out


def unchanged(clause: str) -> list[int]:
    """Positions of "không đổi so với ...": a change of zero."""
    return [m.start() for m in re.finditer(r"không (?:đổi|thay đổi)(?= so với)", clause)]


def _role(before: str, after: str, unit: str) -> str | None:
    tail = before[-40:]
    if re.search(r"(?:vị trí|xếp|đứng|và) thứ\s*$", tail):
        return "rank"
    if unit == "bậc" or (unit == "hạng" and re.search(r"(?:tăng|giảm)\s*$", tail)):
        return "move"  # "tăng 3 hạng": a move, counted in places
    if unit == "%":
        if re.match(r"\s*(?:so với\s+)*(?:vốn\s+)?(?:kế hoạch|KH\b|chỉ tiêu)", after):
            return "plan"
        if re.search(r"hoàn thành\s*$", tail):
            return None
        if re.search(r"(?<!\w)bằng(?:\s+(?:khoảng|gần|hơn|trên))?\s*$", tail) and \
                re.match(r"\s*so với\s+(?!kế hoạch|KH\b|dự toán|chỉ tiêu)", after):
            return None  # "bằng 88,4% so với cùng kỳ": a ratio to an earlier period, no change
        if re.search(rf"(?:tăng|giảm|tăng trưởng){_CHANGE_FILLER}\s*$", tail):
            return "change"
        return "value"
    if re.search(r"(?:tăng|giảm)\s*$", tail) and unit in ("", "lần"):
        return None
    if not unit:
        return "bare"
    return "value"


def ratio_figures(clause: str) -> list[tuple[int, int, int, int]]:
    """"63/63 tỉnh", "52/63 địa phương": (part, whole, start, end)."""
    out = []
    for m in re.finditer(r"(?<![\d/.,])(\d{1,3})/(\d{1,3})(?![\d/])", clause):
        part, whole = int(m.group(1)), int(m.group(2))
        if whole >= part and whole > 12 or whole > 31:
            out.append((part, whole, m.start(), m.end()))
    return out
