"""Officials, found by pattern as TITLE [ORGANIZATION] NAME, never from a list of names.

    Bộ trưởng Bộ TT&TT Phạm Văn Bình         Phó Thủ tướng Chính phủ Đỗ Minh Khoa
    Phó Chủ tịch UBND tỉnh Lý Thu Hà          ông Vũ Đức Long, Chủ nhiệm Ủy ban ...
A name is a family name from the gazetteer followed by one to three capitalised words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import Person, Role
from .context import ArticleContext
from .gazetteer import gazetteer
from .organizations import resolve_org_phrase

_WORD = re.compile(r"[^\W\d_]+")
_NOT_NAME = {"Bộ", "Ủy", "Uỷ", "Sở", "Tỉnh", "UBND", "Báo", "Tập", "Ban", "Cục", "Vụ"}
GOVERNMENT_TITLES = {"Thủ tướng", "Phó Thủ tướng", "Phó Thủ tướng Thường trực"}
MINISTRY_TITLES = {"Bộ trưởng", "Thứ trưởng", "Thứ trưởng Thường trực"}


@dataclass(frozen=True)
class NameMention:
    name: str
    start: int
    end: int
    title: str | None
    org: str | None


def find_names(text: str) -> list[tuple[str, int, int]]:
    """Family name + 1..3 capitalised words, e.g. "Ngô Thị Lan"."""
    words = list(_WORD.finditer(text))
    found, i = [], 0
    while i < len(words):
        w = words[i]
        if w.group() in gazetteer().surnames and not _after_city(text, w.start()):
            j = i
            while (j + 1 < len(words) and j - i < 3 and words[j + 1].group()[0].isupper()
                   and text[words[j].end():words[j + 1].start()] == " "
                   and words[j + 1].group() not in _NOT_NAME):
                j += 1
            if j > i:
                found.append((text[w.start():words[j].end()], w.start(), words[j].end()))
                i = j + 1
                continue
        i += 1
    return found


def _after_city(text: str, pos: int) -> bool:
    return bool(re.search(r"(?:Thành phố|thành phố|TP\.?|Tp\.?)\s*$", text[max(0, pos - 12):pos]))


def _title_before(ctx: ArticleContext, start: int) -> tuple[str | None, str | None]:
    """(title, organization phrase) written just before a name; ("", None) for ông/bà."""
    window = re.split(r"[.;:!?\n(]", ctx.text[max(0, start - 110):start])[-1]
    candidates = sorted(
        ((m.end(), -m.start(), title) for title, pattern in gazetteer().title_res
         if title in window for m in pattern.finditer(window)),
        reverse=True,
    )
    for end, _, title in candidates:
        between = window[end:].strip(" ,")
        if re.search(r"(?<!\w)(?:ông|bà|Ông|Bà)(?!\w)|,\s*và\b", between):
            continue  # "A, Chủ tịch X, và bà B": the title is A's
        if not between or between.startswith(("UBND", "Ủy ban nhân dân", "HĐND")) \
                or resolve_org_phrase(between) or resolve_org_phrase("Bộ " + between):
            return title, between or None
    if re.search(r"(?<!\w)(?:ông|bà|Ông|Bà)\s*$", window):
        return "", None
    return None, None


# "… có các đồng chí: A - Thứ trưởng Bộ X; B - …": a list of officials, each with a dash.
_LISTED = re.compile(r"(?:[:;]|(?<!\w)(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Tt]hượng tướng|[Tt]rung tướng))"
                     r"\s*$")


def _title_after(ctx: ArticleContext, start: int, end: int) -> tuple[str | None, str | None]:
    """", Chủ nhiệm Ủy ban ..." or " - Thứ trưởng Bộ ..." written just after a name.

    After a dash the posts may be listed ("NAME - Ủy viên …, Thứ trưởng Bộ X"): the first post
    whose body is known wins, else the first title with the words after it.
    """
    m = re.match(r"\s*(,|\s[-–])\s*([^.;:()\n]{2,160})", ctx.text[end:end + 180])
    if not m:
        return None, None
    dashed = m.group(1) != ","
    if dashed and not _LISTED.search(ctx.text[max(0, start - 30):start]):
        return None, None
    parts = [p.strip() for p in m.group(2).split(",")][:3 if dashed else 2]
    first = None
    for i, part in enumerate(parts):
        for title in gazetteer().titles:
            if part == title or part.startswith(title + " "):
                rest = ", ".join([part[len(title) + 1:], *parts[i + 1:]]).strip(" ,")
                org = resolve_org_phrase(rest, prefix=True)
                if org:
                    return title, org
                inner = gazetteer().org_re.search(part)  # "Thường trực Ban X": the body is Ban X
                first = first or (title, gazetteer().org(inner.group()).name if inner else
                                  part[len(title) + 1:] or None)
    return first if dashed else (None, None)


def read_people(ctx: ArticleContext) -> list[Person]:
    mentions = _mentions(ctx)
    known = {m.name for m in mentions if m.title is not None}
    people: dict[str, Person] = {}
    for m in mentions:
        if m.name not in known:
            continue
        role = _role(ctx, m)
        person = people.get(m.name)
        if person is None:
            evidence = ctx.sentence_evidence(m.start, "person:title-name")
            people[m.name] = Person(m.name, (role,) if role else (), evidence)
        elif role and role not in person.roles:
            people[m.name] = Person(m.name, person.roles + (role,), person.evidence)
    return [Person(p.name, _merge_roles(p.roles, ctx), p.evidence) for p in people.values()]


def _mentions(ctx: ArticleContext) -> list[NameMention]:
    out = []
    for name, start, end in find_names(ctx.text):
        title, org = _title_before(ctx, start)
        out.append(NameMention(name, start, end, title, org))
        after_title, after_org = _title_after(ctx, start, end)
        if after_title:
            out.append(NameMention(name, start, end, after_title, after_org))
    return out


def _role(ctx: ArticleContext, m: NameMention) -> Role | None:
    if not m.title:
        return None
    org = _role_org(ctx, m)
    return Role(m.title, org)


def _role_org(ctx: ArticleContext, m: NameMention) -> str | None:
    if m.org:
        if m.org.startswith(("UBND", "Ủy ban nhân dân", "HĐND", "Hội đồng nhân dân")):
            return _province_body(ctx, m)
        if m.title in MINISTRY_TITLES and not m.org.startswith("Bộ"):
            resolved = resolve_org_phrase("Bộ " + m.org)
            if resolved:
                return resolved
        return resolve_org_phrase(m.org) or m.org
    if m.title in GOVERNMENT_TITLES:
        return "Chính phủ"
    return None


def _province_body(ctx: ArticleContext, m: NameMention) -> str:
    sentence = ctx.sentence_at(m.start).text
    body = "HĐND" if (m.org or "").startswith(("HĐND", "Hội đồng")) else "UBND"
    for province in gazetteer().provinces:  # the post's own province first, then the sentence's
        if province in (m.org or ""):
            kind = "thành phố" if province in gazetteer().cities else "tỉnh"
            return f"{body} {kind} {province}"
    for province in gazetteer().provinces:
        if province in sentence:
            kind = "thành phố" if province in gazetteer().cities else "tỉnh"
            return f"{body} {kind} {province}"
    return m.org or body


def _merge_roles(roles: tuple[Role, ...], ctx: ArticleContext) -> tuple[Role, ...]:
    """"Bộ trưởng" alone is the same role as "Bộ trưởng Bộ X" in the same article."""
    with_org = {r.title for r in roles if r.organization}
    kept = [r for r in roles if r.organization or r.title not in with_org]
    if not kept:
        return ()
    return tuple(dict.fromkeys(_default_org(r, ctx) for r in kept))


def _default_org(role: Role, ctx: ArticleContext) -> Role:
    if role.organization or role.title not in MINISTRY_TITLES:
        return role
    from .organizations import main_ministry

    return Role(role.title, main_ministry(ctx))
