"""Organizations: known bodies by name or abbreviation, others by the word that opens them.

    Bộ Thông tin và Truyền thông (TT&TT), Bộ TT&TT, Bộ KH&ĐT, Quốc hội, ITU
    Tập đoàn ..., Công ty ..., Báo ..., Nhà Xuất bản ..., Vụ ..., UBND tỉnh ...
"""

from __future__ import annotations

import re
from collections import Counter

from ..facts import LegalDocument, Meeting, Organization, Person
from ..text.letters import UPPER
from .context import ArticleContext
from .gazetteer import gazetteer

_STOP = re.compile(r"\s+(?:với|vì|đã|được|đang|cho|và các|cùng|là|có|tại|trong|để|về việc|ngày|"
                   r"ghi nhận|tiếp nhận|cho biết|phát hiện|công bố|thực hiện|triển khai|ban hành|"
                   r"tổ chức|chủ trì|đề nghị|yêu cầu|đạt|tăng|giảm|báo cáo|họp báo|họp|"
                   r"thông tin|nêu|nhấn mạnh|khẳng định|phối hợp|ký|chỉ đạo|hướng dẫn|"
                   r"phê duyệt|trình|kiến nghị|dự kiến|ước tính|vừa|sẽ|tham mưu|tham dự|"
                   r"dự|cùng các|nhằm|theo|giao|yêu cầu|quyết định)\s|\s+\d|"
                   r"\s*[,.;:()“”\"–—\n]|\s+-\s")
_NOT_ORG = re.compile(r"Chính phủ (?:điện tử|số)|Đảng (?:và|viên)|Đảng ủy")
_PARTY_TITLE = re.compile(r"(?:(?:Ủy|Uỷ) viên(?: dự khuyết)?(?: Ban Chấp hành| BCH)?|"
                          r"Trung ương)\s+$")
_GENERIC = re.compile(r"(?<!\w)(?:các|những|\d+)\s+$")
HEAD_KIND = {head: kind for kind, heads in gazetteer().org_heads.items() for head in heads}
_HEAD_RE = re.compile(r"(?<![\w&])(" + "|".join(
    map(re.escape, sorted(HEAD_KIND, key=len, reverse=True))) + rf") (?=[{UPPER}0-9])")


def resolve_org_phrase(phrase: str, prefix: bool = False) -> str | None:
    """The canonical name of a known organization written as ``phrase`` (or starting it)."""
    phrase = phrase.strip(" ,")
    g = gazetteer()
    if not prefix:
        org = g.org(phrase)
        return org.name if org else _headed(phrase)
    m = g.org_re.match(phrase)
    if m:
        return g.org(m.group()).name
    head = _HEAD_RE.match(phrase) or _LOCAL_BODY.match(phrase)
    if head:  # "UBND tỉnh Y cùng các …", "HĐND tỉnh;": a body opened by its head word
        stop = _STOP.search(phrase, head.end())
        return phrase[:stop.start() if stop else len(phrase)].strip() or None
    return None


_CITY_HEAD = re.compile(r"^(UBND|HĐND) TP\.?\s+")
_LOCAL_BODY = re.compile(r"(?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân) (?:tỉnh|thành phố)\b")


def _headed(phrase: str) -> str | None:
    m = _HEAD_RE.match(phrase)
    if m and len(phrase.split()) <= 12 and not _STOP.search(phrase):
        return phrase
    return None


def known_mentions(text: str) -> list[tuple[str, int, int]]:
    """(canonical name, start, end) of every known body written in ``text``."""
    g = gazetteer()
    out = []
    for m in g.org_re.finditer(text):
        if _NOT_ORG.match(text, m.start()) or _PARTY_TITLE.search(text, 0, m.start()):
            continue  # "Ủy viên Ban Chấp hành Trung ương Đảng": a Party title, not a body
        out.append((g.org(m.group()).name, m.start(), m.end()))
    return out


def headed_mentions(text: str) -> list[tuple[str, str, int, int]]:
    """(name, kind, start, end) of organizations opened by a head word: "Công ty X"."""
    out = []
    for m in _HEAD_RE.finditer(text):
        if _GENERIC.search(text[max(0, m.start() - 8):m.start()]) or (
                HEAD_KIND[m.group(1)] == "provincial" and text[m.end():m.end() + 1].isdigit()):
            continue  # "UBND tỉnh 32 văn bản": a count, not a body's name
        stop = _STOP.search(text, m.end())
        end = stop.start() if stop else len(text)
        if re.match(r"\s+\d+\s+(?:tỉnh|địa phương|bộ|đơn vị)", text[end:]):
            continue  # "lãnh đạo Sở X 63 tỉnh": every province's, not one body
        name = _CITY_HEAD.sub(r"\1 thành phố ", _before_person(text[m.start():end].strip()))
        if 2 <= len(name.split()) <= 18 and name not in HEAD_KIND and gazetteer().org(name) is None:
            out.append((name, HEAD_KIND[m.group(1)], m.start(), end))
    return out


def _before_person(name: str) -> str:
    """"UBND tỉnh Trần Văn An": the body ends where a personal name begins."""
    words = name.split()
    for i in range(1, len(words) - 1):
        if words[i] in gazetteer().surnames and words[i + 1][:1].isupper() \
                and words[i - 1] not in ("phố", "TP", "TP.", "Tp"):
            return " ".join(words[:i])
    return name


def acting_localities(text: str) -> list[tuple[str, int]]:
    """Provinces named as the subject of an action: "(Cần Thơ, Lào Cai chưa ban hành)"."""
    names = "|".join(map(re.escape, gazetteer().provinces))
    listed = rf"(?:{names})(?:\s*,\s*(?:{names}))*"
    out = []
    for m in re.finditer(rf"(?<![\w ])\s*({listed})\s+(?:chưa|đã|đang|cần|phải)\s", text):
        for p in re.finditer(names, m.group(1)):
            out.append((p.group(), m.start(1) + p.start()))
    return out


def main_ministry(ctx: ArticleContext) -> str | None:
    """The ministry the article is about: the one it names most, counting "ngành X" as "Bộ X"."""
    counts = Counter(name for name, _, _ in known_mentions(ctx.text)
                     if gazetteer().org(name).kind == "ministry")
    lowered = ctx.text.lower()
    for org in gazetteer().orgs:
        if org.kind == "ministry":
            forms = (org.name, *org.aliases)
            sectors = {form[3:].lower() for form in forms if form.startswith("Bộ ")}
            counts[org.name] += sum(lowered.count(f"ngành {s}") for s in sectors)
    counts = +counts
    return counts.most_common(1)[0][0] if counts else None


def read_organizations(ctx: ArticleContext, people: list[Person], meetings: list[Meeting],
                       legal: list[LegalDocument]) -> list[Organization]:
    found: dict[str, Organization] = {}
    spans: list[tuple[int, int]] = []
    known = known_mentions(ctx.text)
    headed = [h for h in headed_mentions(ctx.text)
              if not any(s < h[3] and h[2] < e and e - s >= h[3] - h[2] for _, s, e in known)]
    for name, start, end in known:
        if any(s <= start < e for _, _, s, e in headed):
            continue
        spans.append((start, end))
        _add(found, ctx, name, gazetteer().org(name).kind, start, "organization:gazetteer")
    for name, kind, start, end in headed:
        if any(s <= start < e for s, e in spans):
            continue
        spans.append((start, end))
        _add(found, ctx, name, kind, start, "organization:head-word")
    for name, start in acting_localities(ctx.text):
        _add(found, ctx, name, "provincial", start, "organization:acting-locality")
    for name in _referenced(people, meetings, legal):
        if name not in found:
            pos = ctx.text.find(name.split()[-1])
            kind = "provincial" if name.startswith("UBND") else _kind_of(name)
            _add(found, ctx, name, kind, max(pos, 0), "organization:referenced")
    return list(found.values())


def _kind_of(name: str) -> str:
    known = gazetteer().org(name)
    if known:
        return known.kind
    head = _HEAD_RE.match(name)
    return HEAD_KIND[head.group(1)] if head else "other"


def _add(found: dict, ctx: ArticleContext, name: str, kind: str, pos: int, rule: str) -> None:
    if name in found:
        return
    known = gazetteer().org(name)
    aliases = tuple(a for a in (known.aliases if known else ()) if a in ctx.text)
    found[name] = Organization(name, kind, aliases, ctx.sentence_evidence(pos, rule))


def _referenced(people, meetings, legal) -> list[str]:
    names = [r.organization for p in people for r in p.roles if r.organization]
    names += [m.organizer for m in meetings if m.organizer]
    names += [d.issuer for d in legal if d.issuer]
    return list(dict.fromkeys(names))
