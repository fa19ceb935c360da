"""Meetings: review conferences, committee sessions, legislative sessions.

    Hội nghị sơ kết ... 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2031
    phiên họp lần thứ 5 của Ủy ban Quốc gia về ...      Kỳ họp thứ 9 (tháng 5/2031)
    bằng hình thức trực tiếp kết hợp trực tuyến tại 40 điểm cầu; Ngày 14/3; tại Cần Thơ; X chủ trì
A later bare "Hội nghị" is the meeting already introduced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..facts import Meeting, Period, Person
from ..text.periods import DAY_RE, find_periods, parse_date, year_span
from .context import ArticleContext
from .gazetteer import gazetteer
from .organizations import headed_mentions, known_mentions, main_ministry

_KINDS = (("hội nghị", "conference"), ("phiên họp", "committee-session"),
          ("cuộc họp", "committee-session"),
          ("kỳ họp", "legislative-session"), ("họp báo", "press-conference"))
_MEETING = re.compile(r"(?<!\w)(Hội nghị|hội nghị|Phiên họp|phiên họp|Kỳ họp|kỳ họp|Họp báo|"
                      r"họp báo|Cuộc họp|cuộc họp)"
                      r"(?!\s+(?:được|là|này|đã)\b)")
_LABEL_END = re.compile(r"\s+(?:bằng|theo|tại|do|với|vào|diễn ra|được|nhằm|ngày|sáng|chiều)\b"
                        r"|[.;:\n(“\"]|,\s+(?!triển khai)")
_AGENDA = re.compile(r"(?:chương trình|sẽ trình[^.;]{0,30}?(?:tại|vào)|dự kiến[^.;]{0,30}?tại)\s*$")
_QUOTED = re.compile(r"\s*[“\"]([^”\"\n]{5,200})[”\"]")
_ORGANIZED_BY = (
    re.compile(r"([^,.;]{3,80}?)\s+(?:đã\s+)?tổ chức\s+"
               r"(?:Hội nghị|hội nghị|[Hh]ọp báo|[Pp]hiên họp)"),
    re.compile(r"\bdo\s+([^,.;]{3,80}?)\s+(?:chủ trì|tổ chức)"),
)
_HYBRID = re.compile(r"trực tiếp,? kết hợp (?:với )?trực tuyến|kết hợp trực tiếp và trực tuyến"
                     r"|trực tuyến kết hợp trực tiếp", re.I)
_POINTS = re.compile(r"(?:tới|đến|tại|với)\s+(hơn\s+|gần\s+)?(\d+)\s+(điểm cầu|tỉnh, thành phố)")
_CHAIR = re.compile(r"\s*(?:,[^,.;]{0,80}?,?\s*)?(?:đã\s+|cùng(?:\s+(?:các|với))?[^,.;]{0,40}?\s+)?"
                    r"(?:đồng\s+)?chủ trì(?!(?:\s+(?:hội nghị|phiên họp|cuộc họp|họp))?\s+tại\s+"
                    r"(?:các\s+)?điểm cầu)", re.I)
_ATTEND = re.compile(r"dự|chỉ đạo|phát biểu|trình bày|chia sẻ|chủ trì|nhận định|cho biết|đề nghị",
                     re.I)
_CHAIRED_BY = re.compile(r"(?:chủ trì của|[Cc]hủ trì (?:[Hh]ội nghị|phiên họp|họp báo)?"
                         r"\s*(?:có|là))\s+[^.;]{0,80}$")
_POINT_CHAIR = re.compile(r"[Đđ]iểm cầu [^,.;]{1,40}? do\s+[^,.;]{0,80}$")


def read_meetings(ctx: ArticleContext, people: list[Person]) -> list[Meeting]:
    mentions = _mentions(ctx.text)
    if not mentions:
        return []
    main = _main_mention(mentions, ctx)
    meetings = [_main_meeting(ctx, main, people)]
    for start, label, kind in mentions:
        if start != main[0] and _is_distinct(label, kind, meetings):
            meetings.append(_other_meeting(ctx, start, label, kind, len(meetings) + 1))
    return meetings


def _mentions(text: str) -> list[tuple[int, str, str]]:
    out = []
    for m in _MEETING.finditer(text):
        quoted = _QUOTED.match(text, m.end())
        if quoted:  # hội nghị “Tổng kết công tác năm 2031, …”: the title is the quote
            label = f"{m.group(1)} {quoted.group(1).strip()}"
        else:
            end = _LABEL_END.search(text, m.end())
            label = text[m.start():end.start() if end else len(text)].strip()
        kind = dict(_KINDS)[m.group(1).lower()]
        agenda = _AGENDA.search(text[max(0, m.start() - 40):m.start()])
        if kind == "legislative-session" and (not re.match(r"Kỳ họp thứ", label, re.I) or agenda):
            continue  # "bổ sung … vào chương trình Kỳ họp thứ 10": a session still ahead
        out.append((m.start(), label, kind))
    return out


def _main_mention(mentions, ctx: ArticleContext):
    """The first described meeting whose sentence dates it, else the first described one."""
    described = [m for m in mentions if m[2] != "legislative-session" and len(m[1].split()) > 3]
    dated = [m for m in described if _date(ctx.sentence_at(m[0]).text, ctx.year)[0]]
    return (dated or described or mentions)[0]


def _is_distinct(label: str, kind: str, meetings: list[Meeting]) -> bool:
    """A legislative session, or a meeting of another body ("Hội nghị ... của Ủy ban ...")."""
    if kind == "legislative-session":
        return not any(m.kind == kind and _ordinal(m.label) == _ordinal(label) for m in meetings)
    if any(m.kind == kind and _ordinal(m.label) and _ordinal(m.label) == _ordinal(label)
           for m in meetings):
        return False
    return " của " in label and not any(m.label.lower() == label.lower() for m in meetings)


def _ordinal(label: str) -> str | None:
    m = re.search(r"thứ\s+(\d+)", label)
    return m.group(1) if m else None


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _main_meeting(ctx: ArticleContext, mention, people: list[Person]) -> Meeting:
    start, label, kind = mention
    label = _expand_body(ctx, start, label)
    reviews, plans = _label_periods(label, ctx.year)
    stated = reviews is not None and plans is not None  # a label that names both: as written
    if reviews is None and kind == "conference":
        reviews, plans, label = _implied_periods(ctx, label)
    intro = _intro(ctx, start)
    date, inferred = _date(intro, ctx.year)
    if inferred:
        date = _resolve_year(date, ctx.meta.published, reviews, plans)
    if not stated:
        reviews, plans = _not_ahead(reviews, plans, date)
    chairs, attendees = _participants(ctx, people)
    return Meeting(
        key="m1", kind=kind, label=_capital(label), date=date, date_inferred=inferred,
        location=_location(intro), format=_format(intro), connection_points=_points(intro),
        organizer=_organizer(ctx, kind, label, intro, people, chairs), chairs=chairs,
        attendees=attendees, reviews=reviews, plans=plans,
        evidence=ctx.evidence(*_span(ctx, start, intro), "meeting:intro"),
    )


def _other_meeting(ctx: ArticleContext, start: int, label: str, kind: str, n: int) -> Meeting:
    sentence = ctx.sentence_at(start)
    tail = ctx.text[start:sentence.end]
    date, inferred = _date(tail, ctx.year)
    if date is None and kind == "legislative-session":
        date = _month(tail, ctx.year)
    organizer = "Quốc hội" if kind == "legislative-session" else _body_in(label)
    reviews, plans = _label_periods(label, ctx.year)
    if kind == "conference" and "tổng kết" in label and date and reviews is None:
        reviews, plans = year_span(int(date[:4])), year_span(int(date[:4]) + 1)
    return Meeting(key=f"m{n}", kind=kind, label=_capital(label), date=date, date_inferred=inferred,
                   organizer=organizer, reviews=reviews, plans=plans,
                   evidence=ctx.evidence(sentence.start, sentence.end, "meeting:mention"))


def _expand_body(ctx: ArticleContext, start: int, label: str) -> str:
    """"phiên họp ... của Ủy ban" names the body written earlier in the sentence."""
    if not re.search(r"của (Ủy|Uỷ) ban$", label):
        return label
    before = ctx.text[ctx.sentence_at(start).start:start]
    bodies = [n for n, _, _ in known_mentions(before) if gazetteer().org(n).kind == "committee"]
    return label[: label.rfind("của ") + 4] + bodies[-1] if bodies else label


def _label_periods(label: str, year: int | None) -> tuple[Period | None, Period | None]:
    mentions = find_periods(label)
    years = [m.year for m in mentions if m.year]
    context = years[-1] if years else year
    resolved = [(m, m.resolve(context)) for m in mentions]
    resolved = [(m, p) for m, p in resolved if p]
    split = re.search(r"triển khai|nhiệm vụ|kế hoạch|phương hướng", label)
    reviews = [p for m, p in resolved if not split or m.start < split.start()]
    plans = [p for m, p in resolved if split and m.start > split.start()]
    return (reviews[0] if reviews else None), (plans[0] if plans else None)


def _implied_periods(ctx: ArticleContext, label: str):
    """A bare "Hội nghị" reviews the first period the report covers."""
    for m in find_periods(ctx.text):
        if m.year and m.kind in ("first_months", "year", "quarter"):
            reviews = m.resolve(None)
            if m.kind == "first_months" and m.a == 6:
                plans = Period(f"{m.year}-07-01", f"{m.year}-12-31", f"6 tháng cuối năm {m.year}")
                return reviews, plans, f"Hội nghị sơ kết 6 tháng đầu năm {m.year}"
            if m.kind == "year":
                return reviews, year_span(m.year + 1), f"Hội nghị tổng kết năm {m.year}"
            return reviews, None, label
    return None, None, label


def _not_ahead(reviews: Period | None, plans: Period | None, date: str | None):
    """A meeting early in a year cannot review that year: "hội nghị … năm 2031" held in
    January 2031 reviews 2030 and plans 2031."""
    if not (reviews and date and reviews.start and reviews.end):
        return reviews, plans
    year = int(date[:4])
    whole = reviews.start == f"{year}-01-01" and reviews.end == f"{year}-12-31"
    if whole and date[5:7] <= "03":
        return year_span(year - 1), reviews
    return reviews, plans


def _intro(ctx: ArticleContext, start: int) -> str:
    """The sentence that introduces the meeting and the one after it."""
    first = ctx.sentence_at(start)
    idx = next((i for i, s in enumerate(ctx.sentences) if s.start == first.start), 0)
    return " ".join(s.text for s in ctx.sentences[idx:idx + 2])


def _span(ctx: ArticleContext, start: int, intro: str) -> tuple[int, int]:
    s = ctx.sentence_at(start)
    return s.start, s.end


def _resolve_year(day: str, published: str | None, reviews: Period | None,
                  plans: Period | None) -> str:
    """The year of a date written without one: the publication's, else just after the review."""
    month_day = day[4:]
    if published:
        year = int(published[:4])
        later = f"{year}{month_day}"[:len(published)] > published
        return f"{year - 1 if later else year}{month_day}"
    if reviews and reviews.end:
        year = int(reviews.end[:4])
        # a review meets near or after the end of its period: "tổng kết năm 2022 ... 5/1"
        return f"{year if f'{year}{month_day}' >= _minus_days(reviews.end, 60) else year + 1}" \
               f"{month_day}"
    if plans and plans.start:
        return f"{plans.start[:4]}{month_day}"
    return day


def _minus_days(day: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=days)).isoformat()


def _date(text: str, year: int | None) -> tuple[str | None, bool]:
    for m in DAY_RE.finditer(text):
        before = text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(ngày|sáng|chiều|tối|trưa|hôm|nay)\s*\(?$", before) or (
                m.start() < 3 and m.group(2) == "/"):
            return parse_date(m.group(1), m.group(3), m.group(4), year)
    return None, False


def _month(text: str, year: int | None) -> str | None:
    m = re.search(r"tháng\s+(\d{1,2})/(\d{4})", text)
    return f"{m.group(2)}-{int(m.group(1)):02d}" if m else None


def _format(text: str) -> str | None:
    if _HYBRID.search(text):
        return "hybrid"
    if re.search(r"(?:hình thức|họp|[Hh]ội nghị|[Hh]ội thảo|[Pp]hiên họp|kết nối) trực tuyến",
                 text):
        return "online"
    if re.search(r"(?:hình thức|họp|[Hh]ội nghị|[Pp]hiên họp) trực tiếp", text):
        return "in-person"
    return None


def _points(text: str) -> int | None:
    m = _POINTS.search(text)
    return int(m.group(2)) if m else None


def _location(text: str) -> str | None:
    m = re.search(r"\btại\s+([Tt]rụ sở [^,.;]+|" + "|".join(map(re.escape, gazetteer().provinces))
                  + r")(?=[,.;\s])", text)
    return m.group(1) if m else None


def _body_in(label: str) -> str | None:
    names = [n for n, _, _ in known_mentions(label)]
    return names[-1] if names else None


def _organizer(ctx, kind, label, intro, people, chairs) -> str | None:
    for pattern in _ORGANIZED_BY:  # "Bộ X tổ chức Hội nghị", "Hội nghị do Sở Y chủ trì"
        m = pattern.search(intro)
        names = [n for n, _, _ in known_mentions(m.group(1))] if m else []
        names = names or ([n for n, _, _, _ in headed_mentions(m.group(1))] if m else [])
        if names:
            return names[-1]
    if kind in ("committee-session", "legislative-session") or " của " in label:
        body = _body_in(label)
        if body:
            return body
    for person in people:
        if person.name in chairs:
            for role in person.roles:
                if role.organization and gazetteer().org(role.organization):
                    return role.organization
    return main_ministry(ctx)


def _co_chair(text: str, end: int, people: list[Person]) -> bool:
    """"A và B đồng chủ trì": A chairs too."""
    m = re.match(r"\s+và\s+([^.;]{0,140}?)\s+(?:cùng\s+|đồng\s+)+chủ trì", text[end:])
    return bool(m) and any(m.group(1).endswith(p.name) for p in people)


def _participants(ctx: ArticleContext, people: list[Person]) -> tuple[tuple, tuple]:
    chairs, attendees = [], []
    for person in people:
        for start in _occurrences(ctx.text, person.name):
            sentence = ctx.sentence_at(start)
            before = ctx.text[sentence.start:start]
            end = start + len(person.name)
            chaired_by = _CHAIRED_BY.search(before)
            if (_CHAIR.match(ctx.text, end) or _co_chair(ctx.text, end, people)
                    or chaired_by) and not _POINT_CHAIR.search(before):
                chairs.append(person.name)
                break
        else:
            if any(_ATTEND.search(ctx.sentence_at(start).text)
                   for start in _occurrences(ctx.text, person.name)):
                attendees.append(person.name)
    return tuple(chairs), tuple(attendees)


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Where ``word`` starts in ``text``, left to right, without overlaps (as a regex
    would find it, without compiling one per name)."""
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + len(word))
