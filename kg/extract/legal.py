"""Legal documents: laws, resolutions, decrees, decisions, directives, circulars.

    Nghị quyết số 129/2024/QH15      -> number, issuer from the suffix (QH15 -> Quốc hội)
    Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị   -> date, issuer as written
    Luật Giao dịch điện tử (sửa đổi), Luật Công nghiệp công nghệ số
    dự án Luật / xây dựng -> draft; đã trình -> submitted; thông qua -> passed; cited -> in force
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..facts import LegalDocument
from ..text.letters import LOWER
from ..text.periods import DAY_RE, YEAR, parse_date
from .context import ArticleContext
from .gazetteer import gazetteer
from .organizations import known_mentions

_TYPES = "|".join(sorted(map(re.escape, gazetteer().legal_types), key=len, reverse=True))
_NUMBERED = re.compile(rf"(?<!\w)({_TYPES})\s+(?:số\s+)?(\d+[\w/.-]*[A-ZĐ][\w/.-]*\w)")
_LAW = re.compile(r"(?<!\w)(Luật (?:Sửa đổi, bổ sung )?[A-ZĐ][^\s,.;:()“”\"]*"
                  rf"(?:(?:\s+|,\s+(?=[{LOWER}])|,\s+(?=(?!Luật)[A-ZĐ]\w*(?:\s+\w+)?\s+và\s))"
                  r"(?!(?:được|đã|bộc|dự|trong|để|cho|là|với|của|tại|vào|theo|nhằm|tạo ra|"
                  r"tạo điều kiện|giúp|góp|thì|sẽ|có|như|này|đó|khi|bao|gồm|về|năm|trình|"
                  r"thông qua|ban hành|ra|hoặc|"
                  r"đồng thời|bảo đảm|đảm bảo|quy định|hướng dẫn)\b)"
                  r"(?!và\s+(?:[A-ZĐ]|các|những|một|đã|được|sẽ|đang)\b)"
                  r"[^\s,.;:()“”\"]+){0,10})(\s*\(sửa đổi\))?")
_NAMED = re.compile(r"(?<![\d] )(Nghị quyết (?:Đại hội [IVXLC]+ của Đảng|của (?:Quốc hội|Chính phủ|"
                    r"Bộ Chính trị) về [^.;:()]{5,90}?))(?=[,.;:()]|\s+(?:của|đã|và|với)\b)")
_AGREEMENT = re.compile(r"((?:[Tt]hỏa|[Tt]hoả) thuận hợp tác|[Bb]iên bản ghi nhớ)\s+(?=với|giữa)"
                        r"([^.;]{10,260}?)(?=\s+cho\s|[.;]|$)")
_DRAFT = re.compile(r"dự án|dự thảo|xây dựng|hồ sơ đề nghị|soạn thảo|đang được|sẽ trình|dự kiến")
_SUBMITTED = re.compile(r"đã trình|đã được trình|trình Quốc hội cho ý kiến")
_PASSED = re.compile(r"thông qua|ban hành|được Quốc hội")


def read_legal_documents(ctx: ArticleContext) -> list[LegalDocument]:
    found: dict[str, LegalDocument] = {}
    for m in _LAW.finditer(ctx.text):
        name = (m.group(1) + (m.group(2) or "")).strip()
        if len(name.split()) >= 2 and not _counted(ctx.text, m.start()):
            _keep(found, _law(ctx, m, name))
    for m in _NUMBERED.finditer(ctx.text):
        if _counted(ctx.text, m.start()):
            continue
        _keep(found, _numbered(ctx, m))
    for m in _NAMED.finditer(ctx.text):
        _keep(found, _named(ctx, m))
    for m in _AGREEMENT.finditer(ctx.text):
        _keep(found, _agreement(ctx, m))
    return _coordinated(ctx.text, list(found.values()))


def _coordinated(text: str, docs: list[LegalDocument]) -> list[LegalDocument]:
    """"Luật A (sửa đổi) và Luật B (sửa đổi)" share what the sentence says of A."""
    laws = sorted((d for d in docs if d.kind == "law"), key=lambda d: text.find(d.name))
    for first, second in zip(laws, laws[1:], strict=False):
        a, b = text.find(first.name), text.find(second.name)
        if a >= 0 and b > a and re.fullmatch(r"\s*(?:,|và)\s*", text[a + len(first.name):b]) \
                and second.status in (None, "in-force") and first.status != "in-force":
            laws[laws.index(second)] = replace(second, status=first.status,
                                               issuer=second.issuer or first.issuer,
                                               date=second.date or first.date)
    by_name = {d.name: d for d in laws}
    return [by_name.get(d.name, d) if d.kind == "law" else d for d in docs]


def _agreement(ctx: ArticleContext, m: re.Match) -> LegalDocument:
    """A cooperation agreement or memorandum: not a normative document, kept as "other"."""
    name = m.group(0)[0].upper() + m.group(0)[1:]
    sentence = ctx.sentence_at(m.start())
    before = ctx.text[sentence.start:m.start()]
    drafting = re.search(r"(?:[Xx]ây dựng|[Đđ]àm phán|[Hh]oàn thiện)\s*$", before)
    status = "draft" if drafting else None
    return LegalDocument(name.strip(), "other",
                         ctx.evidence(sentence.start, sentence.end, "legal:agreement"),
                         None, None, None, status)


def _counted(text: str, pos: int) -> bool:
    """"04 Nghị quyết", "các Luật": counts and plurals, not named documents."""
    return bool(re.search(r"(?<!\w)(?:\d+|các|những|một số|hai|ba)\s+$",
                          text[max(0, pos - 12):pos]))


def _keep(found: dict, doc: LegalDocument) -> None:
    key = doc.number or doc.name.lower()
    if key not in found:
        found[key] = doc


def _numbered(ctx: ArticleContext, m: re.Match) -> LegalDocument:
    kind = gazetteer().legal_types[m.group(1)]
    number = m.group(2)
    tail = ctx.text[m.end():m.end() + 160]
    date = _date_after(tail, number, ctx.year)
    issuer = _issuer_after(tail) or gazetteer().issuer_of(number)
    name = f"{m.group(1)} số {number}"
    sentence = ctx.sentence_at(m.start())
    return LegalDocument(name, kind, ctx.evidence(sentence.start, sentence.end, "legal:numbered"),
                         number, issuer, date or _month_before(ctx, m.start()), "in-force")


def _date_after(tail: str, number: str, year: int | None) -> str | None:
    m = re.match(r"\s*(?:(?:được|đã)\s+)?(?:(?:ban hành|ký|có hiệu lực)\s+)?(?:từ\s+)?ngày\s+"
                 + DAY_RE.pattern, tail)  # "ngày 26/12/2026", "ngày 26-12-2026", "ngày 31.12.2026"
    if m:
        return parse_date(m.group(1), m.group(3), m.group(4), year)[0]
    return None


def _month_before(ctx: ArticleContext, pos: int) -> str | None:
    """"Trong tháng 6/2024, Quốc hội đã ban hành Nghị quyết ..." dates the document."""
    sentence = ctx.sentence_at(pos)
    before = ctx.text[sentence.start:pos]
    m = re.search(rf"tháng\s+(\d{{1,2}})/({YEAR}),?[^,.;]*ban hành\s*$", before)
    return f"{m.group(2)}-{int(m.group(1)):02d}" if m else None


def _issuer_after(tail: str) -> str | None:
    m = re.match(r"[^.;]{0,40}?\bcủa\s+", tail)
    if not m:
        return None
    bodies = known_mentions(tail[m.end():m.end() + 60])
    return bodies[0][0] if bodies and bodies[0][1] == 0 else None


def _law(ctx: ArticleContext, m: re.Match, name: str) -> LegalDocument:
    sentence = ctx.sentence_at(m.start())
    before = ctx.text[sentence.start:m.start()]
    after = ctx.text[m.end():sentence.end]
    status, issuer, date = _law_status(before, after, ctx)
    numbered = re.match(r"\s*số\s+(\d+[\w/.-]*[A-ZĐ][\w/.-]*\w)", after)
    number = numbered.group(1) if numbered else None
    if number:
        issuer = issuer or gazetteer().issuer_of(number)
    return LegalDocument(name, "law", ctx.evidence(sentence.start, sentence.end, "legal:law"),
                         number, issuer, date, status)


_DONE = re.compile(r"\bđã\b[^.;]{0,60}?\b(?:trình ban hành|được ban hành|thông qua)\b[^.;]*$")


_APPLIED = re.compile(r"\b(?:triển khai|thi hành|thực hiện)(?:\s+(?:đồng bộ|hiệu quả|các))*"
                      r"(?:\s+[^.;]*?,)?\s*$")


def _law_status(before: str, after: str, ctx: ArticleContext):
    near_before, near_after = before[-60:], after[:80]
    year = re.search(rf"(?:năm|Năm)\s+({YEAR})", before + after)
    if re.search(r"Quốc hội\s+(?:đã\s+)?thông qua", near_before + " " + near_after) or \
            re.search(r"được Quốc hội (?:thông qua|ban hành)", near_after):
        return "passed", "Quốc hội", year.group(1) if year else None
    if _DONE.search(before):  # "Bộ đã chủ trì xây dựng và trình ban hành sáu luật, gồm …"
        return "passed", None, None
    if _APPLIED.search(before):  # "Bộ triển khai đồng bộ Luật X, Luật Y": laws in force
        return "in-force", None, None
    if _SUBMITTED.search(near_after) or _SUBMITTED.search(near_before):
        return "submitted", None, None
    if _DRAFT.search(near_before) or _DRAFT.search(near_after[:40]):
        return "draft", None, None
    return "in-force", None, None


def _named(ctx: ArticleContext, m: re.Match) -> LegalDocument:
    name = m.group(1).strip()
    issuer_m = re.search(r"của (Đảng|Quốc hội|Chính phủ|Bộ Chính trị)", name)
    issuer = None
    if issuer_m:
        known = gazetteer().org(issuer_m.group(1))
        issuer = known.name if known else issuer_m.group(1)
    sentence = ctx.sentence_at(m.start())
    return LegalDocument(name, "resolution", ctx.evidence(sentence.start, sentence.end,
                                                           "legal:named"), None, issuer, None,
                         "in-force")
