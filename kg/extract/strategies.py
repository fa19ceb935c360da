"""Strategies, national programmes, schemes and plans, with horizon and vision years.

    Chiến lược phát triển ... đến năm 2030 và tầm nhìn đến năm 2050   -> horizon 2030, vision 2050
    Đề án “Phát triển nguồn nhân lực ... định hướng đến năm 2045”     -> quoted name
    Chương trình chuyển đổi số quốc gia; ba Chiến lược: Về A; Về B    -> one strategy each
"""

from __future__ import annotations

import re

from ..facts import Strategy
from ..text.letters import UPPER
from ..text.periods import YEAR
from ..text.slugs import slugify
from .context import ArticleContext
from .gazetteer import gazetteer

_HEADS = "|".join(map(re.escape, gazetteer().strategy_types))
_QUOTED = re.compile(rf"({_HEADS})\s+[“\"]([^”\"]{{5,200}})[”\"]")
_PLAIN = re.compile(rf"(?<![\w/])(?=({_HEADS}|chiến lược)\s+(?![“\"])([^.;:()\n“”\"]{{2,220}}))")
_END = re.compile(r"\s+(?:cho|được|để|của Bộ|của Thủ tướng|với|nhằm|đã|đang|sẽ|là|theo|do|thì|"
                  r"nêu|đặt ra|đề ra|xác định|gồm|"
                  r"trong đó|điều chỉnh|tại|trên|vào|mang|Bộ|phải|hàng năm|xây dựng cơ sở|trình|"
                  r"phê duyệt)\b"
                  rf"|,\s+(?=[{UPPER}0-9“\"]|(?:được|đã|là|sẽ|cần|phải|nhằm|với|trong|để|và|theo|"
                  r"tạo|góp|giúp|đồng thời|trình|ban hành|hoàn thiện|triển khai|xây dựng|bảo đảm|"
                  r"đảm bảo|chiến lược|chương trình|đề án|kế hoạch)\b)"
                  r"|\s+và\s+(?!tầm nhìn|xã hội số|đổi mới|định hướng)")
_HORIZON = re.compile(rf"(?:đến|tới) năm ({YEAR})|(?:năm|giai đoạn) (?:{YEAR}\s*[-–]\s*)?({YEAR})$"
                      rf"|\b({YEAR})\)?$|\({YEAR}\s*[-–]\s*({YEAR})\)")
_VISION = re.compile(rf"(?:tầm nhìn|định hướng)\s+(?:đến\s+)?(?:năm\s+)?({YEAR})")
_SPAN_AFTER = re.compile(rf"\s*\(\s*{YEAR}\s*[-–]\s*({YEAR})\s*\)")
_LIST = re.compile(r"(?:ba|hai|bốn|các)\s+Chiến lược:\s*((?:Về [^;.]+;?\s*)+)")
_GENERIC = re.compile(r"^(?:năm|kế hoạch năm|hành động$|này|đó|trên|của|là\b|về CĐS|/|"
                      r"và Đầu tư|vốn|thu|chi|giao|đề ra|đặt ra|nêu|xác định|gồm|có\b|được)", re.I)
# A plan of money or work for a year ("Kế hoạch vốn đầu tư công năm 2030") names no strategy;
# "Sở Kế hoạch và Đầu tư" is a body.


def read_strategies(ctx: ArticleContext) -> list[Strategy]:
    found: dict[str, Strategy] = {}
    spans: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(ctx.text):
        name = f"{m.group(1)} “{m.group(2)}”"
        _keep(found, ctx, name, m.group(1), m.group(2), m.start(), "strategy:quoted")
        spans.append((m.start(), m.end()))
    for m in _LIST.finditer(ctx.text):
        for item in re.split(r";\s*", m.group(1).strip()):
            item = item.strip(" .")
            if item:
                name = f"Chiến lược {item[0].lower()}{item[1:]}"
                _keep(found, ctx, name, "Chiến lược", item, m.start(), "strategy:list")
        spans.append((m.start(), m.end()))
    for m in _PLAIN.finditer(ctx.text):
        if any(s <= m.start() < e for s, e in spans) or not _named_here(ctx.text, m):
            continue
        body = _END.split(m.group(2), maxsplit=1)[0].strip()
        if len(body.split()) < 1 or _GENERIC.match(body):
            continue
        head = m.group(1)
        kind_head = head[0].upper() + head[1:]
        span = _SPAN_AFTER.match(ctx.text, m.start() + len(head) + 1 + len(body))
        years = f"{body} {span.group(1)}" if span else body  # "… 5 năm (2026 - 2030)"
        _keep(found, ctx, f"{head} {body}", kind_head, years, m.start(), "strategy:head-word")
    return list(found.values())


def _named_here(text: str, m: re.Match) -> bool:
    """Capitalised head word, or a lower-case one continuing a list of strategies."""
    if m.group(1)[0].isupper():
        return not re.search(r"(?<!\w)(?:\d+|các|những)\s+$", text[max(0, m.start() - 8):m.start()])
    return bool(re.search(r"Chiến lược[^.;]*,\s*$", text[max(0, m.start() - 120):m.start()]))


def _keep(found, ctx, name, head, body, pos, rule) -> None:
    kind = gazetteer().strategy_types.get(head, "strategy")
    if kind == "plan" and not re.search(YEAR, body) and "phát triển" not in body:
        return
    key = canonical_key(name)
    if key in found or len(key) < 3:
        return
    horizon, vision = _years(body)
    sentence = ctx.sentence_at(pos)
    found[key] = Strategy(name.strip(), kind, ctx.evidence(sentence.start, sentence.end, rule),
                          horizon, vision)


def _years(body: str) -> tuple[int | None, int | None]:
    vision_m = _VISION.search(body)
    head = body[:vision_m.start()] if vision_m else body
    horizon_m = _HORIZON.search(head.strip(" ,và"))
    horizon = next((int(g) for g in horizon_m.groups() if g), None) if horizon_m else None
    return horizon, int(vision_m.group(1)) if vision_m else None


def canonical_key(name: str) -> str:
    """One key for the ways reports name one strategy: drops years, "phát triển", "Việt Nam"."""
    text = re.sub(r"(?:,?\s*(?:và\s+)?(?:tầm nhìn|định hướng)|(?:đến|tới)\s+năm|giai đoạn)"
                  r"[^“”\"]*$", "", name, flags=re.I)
    text = re.sub(r"\b(?:phát triển|ngành|Việt Nam|quốc gia|về)\b", " ", text, flags=re.I)
    return slugify(text, 70)
