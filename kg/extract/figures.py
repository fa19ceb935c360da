"""Observations and targets: the figures of each clause, with period, change and plan share.

    doanh thu toàn ngành ước đạt 1.234.567 tỷ đồng, tăng 12% so với cùng kỳ năm 2030
        và ước đạt 45% kế hoạch năm 2031                   -> one observation
    so với cùng kỳ năm 2029 (1.402 tỷ đồng)                -> the compared figure, observed
    đạt 38% kế hoạch năm 2030 (740 triệu giao dịch)        -> the plan figure, a target
    phấn đấu ..., mục tiêu, chỉ tiêu, a period after the one reviewed -> targets
A figure without a period takes the period the paragraph is about, else the meeting's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..facts import Evidence, Meeting, Observation, Period, Target
from ..text.periods import (
    DATE_RE,
    find_periods,
    parse_date,
    previous_span,
    shift_year,
    with_year,
    year_span,
)
from ..text.units import base_unit
from .context import ArticleContext, Span, split_spans
from .gazetteer import gazetteer
from .indicators import (
    implied_unit,
    is_flow,
    is_stock,
    keep_restated,
    list_item_name,
    name_indicator,
    names_a_subject,
    rank_name,
    scope_of,
    sector_of,
    share_name,
    share_of_entities,
)
from .organizations import main_ministry
from .quantities import Figure, count_noun, figures_in, ratio_figures, unchanged
from .series import ArticleScope, article_scope, series_of

_CLAUSE = re.compile(r";\s*")
_TARGET_WORDS = re.compile(r"phấn đấu|mục tiêu|chỉ tiêu|nhiệm vụ trọng tâm|ít nhất phải|"
                           r"phải đạt|tăng ít nhất|lên ít nhất|nhóm \d+ nước", re.I)
# "vượt mục tiêu kế hoạch", "đạt 11/12 chỉ tiêu": a result measured against goals, not a goal
_REACHED = re.compile(r"(?<![Đđ]ể )(?<!nhằm )(?<!đấu )(?:vượt|đạt|hoàn thành|so với)"
                      r"[^.;(),]{0,40}?\s(?:mục tiêu|chỉ tiêu)"
                      r"|(?:mục tiêu|chỉ tiêu)\s+(?:đã\s+)?(?:đạt|vượt|hoàn thành)"
                      r"|đã\s+(?:nỗ lực\s+)?phấn đấu")


def _sets_goals(text: str) -> bool:
    """Goal words outside brackets and outside a result reached against goals."""
    return bool(_TARGET_WORDS.search(_REACHED.sub("", re.sub(r"\([^()]*\)", "", text))))
# A figure for a period still ahead, "dự kiến" or budgeted ("dự toán"), is a plan: a target.
_PLANNED = re.compile(r"dự kiến|dự toán|kế hoạch")
# "Bộ X dự kiến, năm 2031, … Đến cuối năm 2031, nợ công …": the plan governs its paragraph
_DRAFTING = re.compile(r"dự kiến|dự toán")
# "… công tác 6 tháng đầu năm vẫn đạt kết quả …": a part of the year names the paragraph's span
_PART_OF_YEAR = {"first_months", "last_months", "quarter"}
_LOCAL = re.compile(r"\s*(?:Đối với|Riêng)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s+)?("
                    + "|".join(map(re.escape, gazetteer().provinces)) + r")\s*,")
_FORECAST = re.compile(r"dự báo|dự kiến|có thể")
_PLAN_RATE = re.compile(r"(?:kế hoạch(?: năm \d{4})?(?:\s+(?:là|đề ra|giao|đặt ra|được giao))?"
                        r"(?:\s+tăng)?|\(mục tiêu\s+tăng)(?:\s+(?:khoảng|từ))?\s*$")
# "…, chiếm 51,7% tổng vốn đăng ký": the share of the subject in a whole
_SHARE = re.compile(r"chiếm(?:\s+(?:tỷ lệ|tỉ lệ|tỷ trọng|khoảng|gần|hơn|trên|tới|đến))*\s*$")
_SHARE_NAME = re.compile(r"(?i)(?:tỷ|tỉ) trọng\b")
_NOT_SUBJECT = re.compile(r"(?i)(?:chiếm|số %|tỷ lệ$|tỉ lệ$)")
# "kế hoạch đưa 120.500 lao động đi làm việc": a plan value is a target
_PLAN_VALUE = re.compile(r"(?i)kế hoạch\b(?! và Đầu tư)")
# A rate of growth written as a level: "tốc độ tăng trưởng … đạt 8%" is a change of 8 %.
_GROWTH = re.compile(r"(?i)(?:tốc độ )?tăng trưởng\b|tốc độ tăng\b|mức tăng\b")


def _as_growth(d: Draft) -> None:
    if d.unit == "%" and d.value is not None and d.change is None and _GROWTH.match(d.indicator):
        d.value, d.change, d.unit = None, d.value, ""
        if not d.target and d.period:
            d.compared = shift_year(d.period, -1)
_ABSOLUTE_CHANGE = re.compile(r"(?:tăng|giảm)(?:\s+(?:thêm|nhẹ|mạnh|khoảng|gần|hơn|trên))*\s*$")
_FIELD_LEAD = re.compile(r"(?:Trong|Về|Đối với) lĩnh vực ([^,.;]{3,60}),")
# "… kết quả nổi bật của lĩnh vực viễn thông: Lũy kế doanh thu …": a sub-field header
_FIELD_HEADER = re.compile(r"\blĩnh vực ([^,.;:]{3,60}):")
PARAGRAPH_KINDS = {"first_months", "last_months", "quarter", "year"}
_MEETING_SCOPE = re.compile(r"điểm cầu|tỉnh\b|Sở\b")
_SECTOR_HEADING = re.compile(r"Lĩnh vực\s+(.+?)"
                             r"(?:\s+(?:tăng|tiếp tục|ghi nhận|đạt|có|vẫn|giảm)\b|$)")
_AS_OF = re.compile(r"(?:đến nay|[Hh]iện nay|[Hh]iện có|(?:^|[,;]\s*)[Hh]iện\b|đang xây dựng|"
                    r"đang chỉ đạo)")
_PRICE_NOW = re.compile(r"\b[Hh]iện(?: nay)?,? giá\b")
_EVERY_YEAR = re.compile(r"hàng năm|hằng năm|mỗi năm")
_LISTED_PERIOD = re.compile(r"[(,]\s*(?:quý|tháng)\s+[IV\d]+(?:/\d{4})?\s+(?:ước\s+)?(?:tăng|giảm)"
                            r"\s*$")
_AS_OF_LEAD = re.compile(r"[^.;0-9]{0,40}?(?=[Tt]ính đến (?:hết )?(?:ngày|tháng))")
_WITH_COUNT = re.compile(r"\bvới(?:\s+(?:khoảng|gần|hơn|trên))?\s*$")
_SINCE = re.compile(r"\b(?:từ|kể từ)\s*$")
_UNTIL_NOW = re.compile(r"\s*(?:đến|tới) (?:nay|hiện nay|thời điểm này)\b")


@dataclass
class Draft:
    """A figure being assembled from one clause."""

    value: Decimal | None
    unit: str
    qualifier: str
    indicator: str
    start: int
    end: int
    period: Period | None
    rule: str
    change: Decimal | None = None
    compared: Period | None = None
    plan_pct: Decimal | None = None
    plan_period: Period | None = None
    target: bool = False
    level: bool = False
    scope: str | None = None
    local: ArticleScope | None = None
    extra: list = field(default_factory=list)
    depth: int = 0  # brackets open around the figure: a breakdown "(trong đó: …)" is deeper


def _depth(text: str) -> int:
    """Brackets open at the end of ``text``."""
    return max(text.count("(") - text.count(")"), 0)


def _owner(drafts: list[Draft], depth: int) -> Draft | None:
    """The figure a change or plan share belongs to: the last one not in a closed bracket."""
    return next((d for d in reversed(drafts) if d.depth <= depth), None)


def read_figures(ctx: ArticleContext, meetings: list[Meeting]):
    """(observations, targets) of the article, each with its clause as evidence."""
    reader = FigureReader(ctx, meetings)
    for sentence in ctx.sentences:
        reader.sentence(sentence)
    return reader.results()


class FigureReader:
    def __init__(self, ctx: ArticleContext, meetings: list[Meeting]):
        self.ctx = ctx
        self.meeting = meetings[0] if meetings else None
        reviews = self.meeting.reviews if self.meeting else None
        self.reviewed = reviews
        self.period = reviews or (year_span(ctx.year) if ctx.year else None)
        self.scope: str | None = None
        self.sentence_scope: str | None = None
        self.drafts: list[Draft] = []
        self.last_indicator = ""
        self.target_mode = False
        self.future: Period | None = None
        self.reference = reference_date(ctx, self.meeting)
        self.article = article_scope(ctx.text, main_ministry(ctx))
        self.local: ArticleScope | None = None
        self.sentence_period: Period | None = None
        self.as_of: Period | None = None
        self.cut_off: str | None = None  # the day a report counts to ("tính đến 25/10")
        self.drafting = False  # the paragraph drafts a plan: its figures ahead are targets

    def _explicit(self, text: str) -> Period | None:
        for mention in find_periods(text[:40]):
            if mention.year:
                return mention.resolve(None)
        return None

    # -- sentences and clauses -------------------------------------------------------
    def sentence(self, s: Span) -> None:
        self.sentence_scope = None
        field_lead = _FIELD_LEAD.match(s.text) or _FIELD_HEADER.search(s.text)
        if field_lead:
            self.scope = field_lead.group(1)
        if self._heading(s):
            return
        self.sentence_period = None
        if s.start == 0 or self.ctx.text[s.start - 1] == "\n":
            self.as_of = None
            self.local = None
            self.drafting = False
            if not self._horizon(self.future):
                self.target_mode = False  # goals for the next months end with their paragraph
        local = _LOCAL.match(s.text)
        if local:  # "Đối với Thái Nguyên, …": the province's own figures, to the paragraph's end
            self.local = ArticleScope(self.article.ministry, local.group(1))
        self.as_of = self._as_of(s.text) or self.as_of
        self.drafting = self.drafting or bool(_DRAFTING.search(s.text))
        target_sentence = _sets_goals(s.text)
        if target_sentence:
            self.target_mode = True
        elif re.match(r"\s*(?:Năm|Trong năm|Trong \d+ tháng)", s.text) and not self._future(
                self._explicit(s.text)):
            self.target_mode = False
        goals = False  # a goal word governs its clause and the clauses after it, not before
        for clause in split_spans(s.text, s.start, _CLAUSE):
            goals = goals or _sets_goals(clause.text)
            self.clause(clause, goals)

    def _as_of(self, text: str) -> Period | None:
        """"Tính đến ngày 15/5/2031, …", "Về viễn thông, tính đến tháng 2/2031, …": the day
        the paragraph's stocks are counted to."""
        lead = _AS_OF_LEAD.match(text)
        day = lead and find_periods(text[lead.end():lead.end() + 40])
        if day and day[0].start == 0 and day[0].kind in ("as_of_day", "as_of_month"):
            return day[0].resolve(self.ctx.year)
        return None

    def _heading(self, s: Span) -> bool:
        """A short line without a full stop: a section title that scopes what follows."""
        line_end = self.ctx.text.find("\n", s.start)
        whole_line = (line_end == -1 or line_end == s.end) and (
            s.start == 0 or self.ctx.text[s.start - 1] == "\n")
        if not whole_line or s.text.endswith((".", "…", ":", ";")) or len(s.text.split()) > 25:
            return False
        m = _SECTOR_HEADING.match(s.text)
        if m:
            self.scope = m.group(1).strip()
        return True

    def clause(self, c: Span, target_sentence: bool) -> None:
        figures = figures_in(c.text)
        period = _cumulative(c.text, self._clause_period(c.text, figures))
        drafts: list[Draft] = []
        pos = 0
        for fig in figures:
            pos = self._place(c, fig, drafts, period, pos)
        for part, _whole, start, end in ratio_figures(c.text):
            if not any(f.start <= start < f.end for f in figures):
                drafts.append(self._ratio(c, part, start, end, period))
        for pos in unchanged(c.text):
            owner = [d for d in drafts if d.start - c.start < pos and d.change is None]
            if owner:
                owner[-1].change = Decimal(0)
                owner[-1].compared = self._compared(c.text[pos + 9:], owner[-1].period)
        planned = self.drafting or bool(_PLANNED.search(self.ctx.sentence_at(c.start).text))
        for d in drafts:
            past = re.search(r"\bđã\b", self.ctx.text[c.start:d.end])
            ahead = self._future(d.period) or bool(
                d.period and self.future and d.period.end == self.future.end)
            d.target = d.target or target_sentence or _PLAN_VALUE.match(d.indicator) or (
                (self.target_mode or planned) and ahead and not past)
            _as_growth(d)
        self.drafts.extend(drafts)

    # -- one figure ------------------------------------------------------------------
    def _place(self, c: Span, fig: Figure, drafts: list[Draft], period, pos: int) -> int:
        before = c.text[pos:fig.start]
        if pos:  # "…, trong đó giá trị xuất khẩu điện thoại và linh kiện đạt": the part named
            part = re.split(r"\b(?:trong đó|riêng)\b[,:]?\s+", before)
            if len(part) == 1:
                part = re.split(r",\s+|\s+và\s+", before, maxsplit=1)
            before = part[-1]
        after = c.text[fig.end:fig.end + 80]
        current = _owner(drafts, _depth(c.text[:fig.start]))
        # "kế hoạch năm (14 dự án)": a bracket opened for the figure is outside the breakdown
        before_bracket = re.sub(r"\(\s*$", "", c.text[:fig.start])
        if fig.role in ("value", "change") and fig.unit == "%" and current is not None \
                and _PLAN_RATE.search(before):
            # "(kế hoạch là 5,2-5,8%)", "(mục tiêu tăng 7-7,5%)": the planned growth of the
            # figure just read, a target
            d = self._new(c, None, "", fig.qualifier, before, fig, period, drafts, "planned-rate")
            d.indicator, d.change, d.target = current.indicator, fig.value, True
            d.period = current.period
            return fig.end
        if fig.role == "change":
            grown = current is not None and current.value is not None and current.unit == "%" \
                and _GROWTH.match(current.indicator)
            if current is None or current.change is not None or grown or (
                    pos and names_a_subject(before)):
                current = self._new(c, None, "", fig.qualifier, before, fig, period, drafts,
                                    "change-only")
            current.change = fig.value
            current.compared = self._compared(_comparison(before, after), current.period)
            current.end = c.start + fig.end
        elif fig.role == "plan":
            if current is not None and current.plan_pct is not None:
                # "đạt 41% kế hoạch giao và đạt 39% kế hoạch HĐND giao": one record per plan
                current = replace(current, extra=[])
                drafts.append(current)
            if current is not None:
                current.plan_pct = fig.value
                current.plan_period = self._plan_period(after, current.period)
                current.end = c.start + fig.end
        elif fig.unit == "lần" and current is not None and re.fullmatch(
                r"[\s,]*(?:\S+\s+){0,3}?gấp(?:\s+(?:khoảng|gần|hơn|trên))?\s*", before):
            pass  # "đạt 1,2 triệu hồ sơ, gấp 2,5 lần …": a multiple that qualifies the figure
        elif fig.role == "move" or (fig.unit == "lần" and re.search(r"gấp\s*$", before)):
            rule = "rank-move" if fig.role == "move" else "multiple"
            unit = "bậc" if fig.role == "move" else fig.unit
            d = self._new(c, fig.value, unit, fig.qualifier, before, fig, period, drafts, rule)
            if current is not None and len(before.split()) <= 4:
                d.indicator = current.indicator  # "…, tăng 2 bậc", "…, gấp 1,5 lần": same indicator
            d.compared = self._move_compared(after, d.period)
        elif fig.role == "rank":
            self._new(c, fig.value, "hạng", fig.qualifier, before, fig, period, drafts, "rank")
        elif self._parenthetical(c.text, fig, _owner(drafts, _depth(before_bracket))):
            pass
        elif _converted(c.text[:fig.start], fig, _owner(drafts, _depth(before_bracket))):
            pass  # "312 nghìn tỷ đồng (khoảng 12,6 tỷ USD)": one figure in two currencies
        elif current is not None and _ABSOLUTE_CHANGE.search(before):
            pass  # "54,1 triệu người, tăng 530 nghìn người": the level's note, not a figure
        else:
            unit = fig.unit or implied_unit(before, self.last_indicator)
            if unit and unit.startswith("/"):  # a density of what the clause counts
                subject = self.last_indicator
                counted = count_noun(re.sub(r"(?i)^(?:tổng )?số(?: lượng)?\s+", "", subject))
                if not counted:
                    return pos
                d = self._new(c, fig.value, f"{counted}{unit}", fig.qualifier, before, fig,
                              period, drafts, "figure")
                d.indicator = self.last_indicator = f"{subject} trên {unit[1:]}"
                return fig.end
            if unit is None or _meeting_scope(c.text, fig, unit):
                return pos
            self._new(c, fig.value, unit, fig.qualifier, before, fig, period, drafts, "figure")
        return fig.end

    def _new(self, c, value, unit, qualifier, before, fig, period, drafts, rule) -> Draft:
        previous = self.last_indicator
        indicator = self._indicator(before, unit, c.text[fig.end:])
        if drafts:  # a list inside one clause
            indicator = list_item_name(indicator, previous)
            if re.fullmatch(r"(?i)đóng góp", indicator):  # "khu vực X tăng 3%, đóng góp 9%"
                indicator = f"đóng góp của {previous}"
            elif _WITH_COUNT.search(before) and previous.startswith("số ") and unit:
                # "42 khách sạn 4 sao với 3.180 buồng": the rooms of those hotels
                indicator = f"số {base_unit(unit)} {previous[3:]}"
        density = re.search(r"/\s*((?:100|1\.000) dân|vạn dân)", indicator)
        if density and unit and "/" not in unit and not unit.startswith("%"):
            unit = f"{unit}/{density.group(1)}"  # "Mật độ điện thoại/100 dân đạt 152 thuê bao"
        if unit == "%" and rule == "figure":  # "đạt 100% học sinh tiểu học được học 2 buổi"
            indicator = share_of_entities(indicator, before, c.text[fig.end:])
        if unit.startswith("% ") and (_SHARE.search(before) or _SHARE_NAME.match(indicator)):
            # "chiếm 16% GDP", "tỷ trọng kinh tế số đạt 22% GDP": a share in GDP
            unit, indicator = "%", share_name(indicator, unit[1:])
        elif unit == "%" and _SHARE.search(before):
            indicator = share_name(previous if _NOT_SUBJECT.match(indicator) else indicator,
                                   c.text[fig.end:])
        if rule.startswith("rank") or unit == "hạng":
            indicator = rank_name(indicator, self.ctx.sentence_at(c.start).text,
                                  move=rule == "rank-move", before=before,
                                  after=c.text[fig.end:])
        self.last_indicator = indicator
        lead = self.ctx.text[self.ctx.sentence_at(c.start).start:c.start + fig.start]
        if drafts:  # "…, riêng trong tháng 7/2030 đạt …": a later figure's own period
            period = self._own_period(before) or period
        elif _LISTED_PERIOD.search(before):  # "(quý I tăng 3%, …": the period it is listed by
            period = self._own_period(re.split(r"[(,]", before)[-1]) or period
        if rule in ("figure", "change-only") and unit != "lần":
            period = self._trailing_period(c.text[fig.end:]) or period
        period = self._to_cut_off(period)
        stock = is_stock(indicator, unit, before)
        flow = not stock and is_flow(indicator, unit, before)
        period = None if _EVERY_YEAR.search(lead) else self._stock(lead, period, stock, flow)
        d = Draft(value, unit, qualifier, indicator, c.start + fig.start - len(before),
                  c.start + fig.end, period, f"figure:{rule}")
        d.level = stock
        d.local = self.local
        d.depth = _depth(c.text[:fig.start])
        if _sets_goals(before) or (rule.startswith("rank") and "ít nhất" in before) \
                or re.search(r"(?:mục tiêu|chỉ tiêu)(?:\s+(?:là|đề ra|đặt ra))?\s*$", before):
            d.target = True
        d.scope = scope_of(indicator, self.sentence_scope, self.scope)
        if sector_of(indicator):
            self.sentence_scope = indicator
        drafts.append(d)
        return d

    def _parenthetical(self, text: str, fig: Figure, current: Draft | None) -> bool:
        """"(1.915 tỷ đồng)" after a comparison or a plan: the base or the plan figure."""
        if current is None or not text[:fig.start].rstrip().endswith("("):
            if current is None or not re.search(r"mục tiêu năm \d{4} là\s*$", text[:fig.start]):
                return False
        before = text[:fig.start]
        if re.search(r"(?:kế hoạch|mục tiêu)[^()]*(?:\(|là)\s*$", before):
            current.extra.append(("target", fig, current.plan_period or current.period))
            return True
        base = re.search(r"(?:cùng kỳ|so với)([^()]*)\(\s*$", before)
        if base:  # "tăng mạnh so với năm 2026 (81.000 tỷ đồng)": the base, observed then
            named = find_periods(base.group(1))
            period = current.compared or (named[-1].resolve(None) if named and named[-1].year
                                          else None)
            if period:
                current.extra.append(("observation", fig, period))
                return True
        return False

    def _ratio(self, c: Span, part: int, start: int, end: int, period) -> Draft:
        tail = c.text[end:end + 60].strip()
        unit = count_noun(tail) or re.split(
            r"\s+(?:đã|đang|xây dựng|hoàn thành|thành lập|có|được|tham gia|với)\b|\s+và\s+\d|[.;(]",
            tail)[0].strip(" ,")
        verb = c.text[end:].strip()
        indicator = f"số {unit} {verb[len(unit):].strip(' ,')}".strip(" .")[:140]
        lead = self.ctx.text[self.ctx.sentence_at(c.start).start:c.start + start]
        return Draft(Decimal(part), unit, "exact", indicator, c.start + start, c.start + end,
                     self._stock(lead, period, ratio=True), "figure:ratio")

    # -- periods ----------------------------------------------------------------------
    def _clause_period(self, text: str, figures: list[Figure]) -> Period | None:
        """The period a clause reports on: its own, else the paragraph's."""
        first = figures[0].start if figures else len(text)
        cut = re.search(r"(?<!^)(?:so với|kế hoạch|cùng kỳ)", text, re.I)
        limit = min(first, cut.start()) if cut else first
        # The period written nearest the figure wins: "quý IV/2023, ... phấn đấu cả năm 2023 ..."
        for mention in reversed(find_periods(text[:limit])):
            if re.search(r"(?:so với|cùng kỳ|kế hoạch)\s*$", text[:mention.start], re.I):
                continue  # "So với năm 2029, ...": the base of a comparison
            if mention.kind == "month" and mention.start < 3 and text[mention.end:].startswith(","):
                continue  # a dateline ("Tháng 9/2024, ITU công bố ..."), not the figure's period
            if _SINCE.search(text[:mention.start]) and _UNTIL_NOW.match(text[mention.end:]):
                continue  # "từ năm 2027 đến nay": counted up to now, not in 2027
            context = int(self.period.end[:4]) if self.period and self.period.end else self.ctx.year
            period = mention.resolve(context)
            if period and mention.kind == "as_of_month" and "đến hết" in text[:limit] \
                    and "kế hoạch" in text:
                # a flow counted "to the end of June" against a yearly plan is year-to-date
                period = replace(period, start=f"{period.end[:4]}-01-01")
            if period:
                paragraph = mention.kind in PARAGRAPH_KINDS and (mention.year and (
                    figures or mention.start < 4) or mention.kind in _PART_OF_YEAR)
                goal_year = _TARGET_WORDS.search(text) and re.search(
                    r"(?:đến|tới) (?:hết )?$", text[:mention.start])
                if mention.year and (self._future(period) or goal_year) and (
                        paragraph or _TARGET_WORDS.search(text)):
                    self.future = period  # "mục tiêu cụ thể đến năm 2030": the goals' year
                elif paragraph and not self._future(period) \
                        and not self._before_review(period) and not _FORECAST.search(text):
                    self.period = period
                elif mention.kind in ("as_of_day", "as_of_month") and mention.start < 30 \
                        and re.match(r"[^.;]{0,20}?\btính đến", text) and period.end:
                    # "Tính đến 22/11, …" opens a report: what follows is counted to that day
                    self.period = Period(f"{period.end[:4]}-01-01", period.end, period.label,
                                         period.inferred)
                    self.cut_off = period.end if mention.kind == "as_of_day" else None
                self.sentence_period = period
                return period
        if self.sentence_period:
            return self.sentence_period
        if self.target_mode and self.future and not re.search(r"\bđã\b", text):
            return self.future
        return self.period

    def _to_cut_off(self, period: Period | None) -> Period | None:
        """"11 tháng năm 2030" in a report counted "tính đến 25/11" runs to 25 November; a
        quarter stays whole."""
        cut = self.cut_off
        if not (cut and period and period.start and period.end) or period.start[5:] != "01-01" \
                or not period.label.endswith(f"tháng đầu năm {period.end[:4]}") \
                or period.end[5:7] != cut[5:7] or period.end[5:] == cut[5:]:
            return period
        return replace(period, end=f"{period.end[:4]}-{cut[5:]}")

    def _trailing_period(self, after: str) -> Period | None:
        """"2,6 triệu tỷ đồng năm 2026", "26,1% trong 11 tháng năm 2030": the figure's own."""
        m = re.match(r"\s*\(?\s*(?:trong|vào|của)?\s*", after)  # "418.500 (tính đến ngày …)"
        mentions = find_periods(after[m.end():m.end() + 40])
        if mentions and mentions[0].start == 0 and mentions[0].year:
            return mentions[0].resolve(None)
        return None

    def _own_period(self, before: str) -> Period | None:
        """A period written between the previous figure and this one, not a comparison's."""
        context = int(self.period.end[:4]) if self.period and self.period.end else self.ctx.year
        for mention in reversed(find_periods(before)):
            if not re.search(r"(?:so với|cùng kỳ|kế hoạch)(?:[^()]*\()?\s*$",
                             before[:mention.start], re.I):
                return mention.resolve(context)
        return None

    def _before_review(self, period: Period) -> bool:
        """A year before the one under review speaks for its own sentence only."""
        return bool(self.reviewed and self.reviewed.start and period.end
                    and period.end < self.reviewed.start)

    def _stock(self, before: str, period: Period | None, level: bool = False,
               flow: bool = False, ratio: bool = False) -> Period | None:
        """"đến nay", "hiện" make a figure a stock at the meeting date or the period's end.

        A quantity that is a level, not a flow (subscribers, a coverage rate), is measured at
        the end of the period it is reported for; a flow counted "tính đến 22/11" runs from
        the start of that year.
        """
        if period is None:
            return period
        if period.start is None:
            if flow and period.end and not _AS_OF.search(before) \
                    and re.search(r"tính (?:đến|tới)|(?:đến|tới) (?:hết|ngày)", before, re.I):
                return Period(f"{period.end[:4]}-01-01", period.end, period.label, period.inferred)
            return period
        if not _AS_OF.search(before) and not ratio:
            if level and self.as_of is not None:
                return self.as_of  # a stock of a paragraph counted "tính đến tháng 2/2031"
            return Period(None, period.end, period.label, period.inferred) if level else period
        if self.as_of is not None and not re.search(r"đến nay|hiện nay", before, re.I):
            return self.as_of
        end = period.end
        if (self.reviewed is None or _PRICE_NOW.search(before)) and self.reference:
            end = self.reference  # "Hiện giá lợn hơi …": a price now is the meeting day's
        return Period(None, end, f"đến {end}", inferred=True)

    def _compared(self, after: str, period: Period | None) -> Period | None:
        if period is None:
            return None
        if re.match(r"\s*so với\s+(?:tháng|quý) trước", after):
            return previous_span(period)
        explicit = re.match(r"\s*so với\s+((?:cuối |hết )?(?:tháng|quý|năm) [^,;]{1,12})", after)
        if explicit:
            mentions = find_periods(explicit.group(1))
            if mentions and mentions[0].start <= 5 and mentions[0].year:
                compared = mentions[0].resolve(None)
                if compared and mentions[0].kind != "year" or period.start is not None:
                    return compared
                return with_year(period, mentions[0].year)
        m = re.match(r"\s*so với\s+(cùng kỳ|năm|kế hoạch)?\s*(?:năm\s+)?(\d{4}|trước)?", after)
        if not m or m.group(1) == "kế hoạch":
            return shift_year(period, -1)
        year = m.group(2)
        if m.group(1) == "cùng kỳ" or (m.group(1) is None and year is None):
            if year and year != "trước":
                return with_year(period, int(year))
            return shift_year(period, -1)
        if year and year != "trước":
            return year_span(int(year)) if period.start else with_year(period, int(year))
        return shift_year(period, -1)

    def _move_compared(self, after: str, period: Period | None = None) -> Period | None:
        same = re.match(r"\s*(?:so với\s+)?cùng kỳ(?:\s+năm\s+(\d{4}))?", after)
        if same and period:
            year = same.group(1)
            return with_year(period, int(year)) if year else shift_year(period, -1)
        m = re.match(r"\s*(?:(?:so với|kể từ)[^,.;]*?)?năm\s+(\d{4})", after)
        return year_span(int(m.group(1))) if m else None

    def _plan_period(self, after: str, period: Period | None) -> Period | None:
        m = re.match(r"\s*(?:so với\s+)*(?:kế hoạch|KH|chỉ tiêu)(?:\s+năm)?\s*(\d{4})?", after)
        if m and m.group(1):
            return year_span(int(m.group(1)))
        if period and period.end:
            return year_span(int(period.end[:4]))
        return None

    def _horizon(self, period: Period | None) -> bool:
        """A goal year at least two years ahead ("đến năm 2030"): a strategy's, not a plan's."""
        now = self.reference or (f"{self.ctx.year}-12-31" if self.ctx.year else None)
        return bool(period and period.end and now and int(period.end[:4]) >= int(now[:4]) + 2)

    def _future(self, period: Period | None) -> bool:
        """After the period under review, else after the article's own date."""
        now = self.reviewed.end if self.reviewed and self.reviewed.end else self.reference
        if period is None or now is None:
            return False
        return (period.start or period.end) > now

    def _indicator(self, before: str, unit: str, after: str) -> str:
        text = name_indicator(before, unit, after, self.scope, self.last_indicator)
        self.last_indicator = text
        return text

    # -- results -----------------------------------------------------------------------
    def results(self) -> tuple[list[Observation], list[Target]]:
        kept: dict[tuple, list] = {}
        meeting = self.meeting.key if self.meeting else None
        for d in self.drafts:
            for fact in self._facts(d, meeting):
                key = (type(fact).__name__, fact.value, fact.unit, fact.change_pct,
                       fact.period and (fact.period.start, fact.period.end), _plan(fact))
                keep_restated(kept.setdefault(key, []), fact)
        facts = _without_bare_restatements(
            sorted((f for group in kept.values() for f in group), key=lambda f: f.evidence.start))
        return ([f for f in facts if isinstance(f, Observation)],
                [f for f in facts if isinstance(f, Target)])

    def _facts(self, d: Draft, meeting: str | None):
        evidence = self._evidence(d)
        series = series_of(d.indicator, d.scope, d.local or self.article)
        concept = series.key
        if d.target:
            document = None if meeting else setting_document(self.ctx.text)
            period = d.period
            if period and d.level and period.start is None and period.end:
                period = year_span(int(period.end[:4]))  # a level set as a goal for a year
            if period and period.start and period.end and period.start[:4] == period.end[:4] \
                    and not _explicit_span(self.ctx.text[evidence.start:evidence.end]) \
                    and d.rule != "figure:planned-rate":
                period = year_span(int(period.end[:4]))
            yield Target(d.indicator, concept, d.value, d.unit, d.qualifier, period, evidence,
                         d.change, meeting, document, series)
        else:
            yield Observation(d.indicator, concept, d.value, d.unit, d.qualifier, d.period,
                              evidence, d.change, d.compared, d.plan_pct, d.plan_period, meeting,
                              d.scope, series)
        for kind, fig, period in d.extra:
            if kind == "target":
                yield Target(d.indicator, concept, fig.value, fig.unit or d.unit, "exact", period,
                             evidence, None, meeting, series=series)
            else:
                yield Observation(d.indicator, concept, fig.value, fig.unit or d.unit, "exact",
                                  period, evidence, meeting=meeting, scope=d.scope, series=series)

    def _evidence(self, d: Draft) -> Evidence:
        sentence = self.ctx.sentence_at(d.start)
        start = max(sentence.start, d.start)
        end = max(d.end, min(sentence.end, d.end))
        clause_start = self.ctx.text.rfind(";", sentence.start, start)
        start = clause_start + 1 if clause_start != -1 else sentence.start
        while start < end and self.ctx.text[start].isspace():
            start += 1
        return self.ctx.evidence(start, end, d.rule)


def _plan(fact) -> Decimal | None:
    return getattr(fact, "plan_pct", None)


def _without_bare_restatements(facts: list) -> list:
    """A level stated once more fully (with its change, its plan share) is one fact: keep the
    fuller statement."""
    def key(f):
        return type(f), f.value, f.unit, f.concept, f.period and (f.period.start, f.period.end)

    def covered(f, g) -> bool:  # g says all f says, and more
        mine, theirs = (f.change_pct, _plan(f)), (g.change_pct, _plan(g))
        return all(a is None or a == b for a, b in zip(mine, theirs, strict=True)) and \
            sum(a is not None for a in theirs) > sum(a is not None for a in mine)

    return [f for f in facts if f.value is None or not any(
        key(g) == key(f) and covered(f, g) for g in facts)]


_SETTING_DOCUMENT = re.compile(r"(?:Quyết định|Nghị quyết|Chỉ thị) số [\w/.-]+|"
                               r"(?:Chiến lược|Chương trình|Đề án|Kế hoạch) [^,.;()]{5,120}")


def setting_document(text: str) -> str | None:
    """Targets of an article that reports no meeting are set by the document it reports."""
    m = _SETTING_DOCUMENT.search(text)
    return m.group().strip() if m else None


def reference_date(ctx: ArticleContext, meeting: Meeting | None) -> str | None:
    """The article's "now": the meeting date, the publication date, else its latest full date."""
    if meeting and meeting.date and len(meeting.date) == 10:
        return meeting.date
    if ctx.meta.published:
        return ctx.meta.published
    days = [parse_date(d, m, y, None)[0] for d, m, y in DATE_RE.findall(ctx.text) if y]
    days = [d for d in days if d]
    if days:
        return max(days)
    # "so với ước thực hiện năm 2030": the year whose outturn is still estimated is the present
    estimated = re.findall(r"ước (?:tính )?thực hiện (?:cả )?năm ((?:19|20)\d\d)", ctx.text)
    return f"{max(estimated)}-12-31" if estimated else None


# "IIP tháng 11 tăng 5%; lũy kế tăng 10%": the total since the start of the month's year
_CUMULATIVE = re.compile(r"\s*(?:[Ll]ũy kế|[Ll]uỹ kế|[Cc]ộng dồn)\b(?! tính đến)")


def _cumulative(text: str, period: Period | None) -> Period | None:
    """A cumulative clause after a month's figure runs from January to that month's end."""
    if period is None or not period.start or not period.end or not _CUMULATIVE.match(text):
        return period
    if period.start[:4] != period.end[:4] or period.start[5:7] != period.end[5:7]:
        return period
    return Period(f"{period.end[:4]}-01-01", period.end, period.label, period.inferred)


def _explicit_span(text: str) -> bool:
    return any(m.kind != "year" for m in find_periods(text))


_CONVERSION = re.compile(r"\(\s*(?:khoảng|tương đương|tương ứng|xấp xỉ|gần|hơn|trên)?\s*$")


def _comparison(before: str, after: str) -> str:
    """What a change is compared with: written after it, else before it ("So với tháng
    12/2030, CPI tháng 9 tăng 3,1%", "và so với cùng kỳ năm trước tăng 3,7%")."""
    ahead = list(re.finditer(r"(?i)\bso với ([^,;]{3,30}?)(?=,|\s+(?:\S+\s+){0,3}(?:tăng|giảm))",
                             before))
    if re.match(r"\s*so với", after) or not ahead:
        return after
    return f" so với {ahead[-1].group(1)}"


def _converted(before: str, fig: Figure, owner: Draft | None) -> bool:
    """A sum in brackets right after a sum in another currency restates it."""
    bracket = _CONVERSION.search(before)
    if owner is None or not bracket or not owner.unit \
            or not before[:bracket.start()].rstrip().endswith(owner.unit):
        return False
    return _currency(fig.unit) not in (None, _currency(owner.unit))


def _currency(unit: str) -> str | None:
    m = re.search(r"(?:đồng|USD|VNĐ|VND)$", unit or "")
    return m.group().replace("VNĐ", "đồng").replace("VND", "đồng") if m else None


def _meeting_scope(text: str, fig: Figure, unit: str) -> bool:
    """"tại 66 điểm cầu", "Giám đốc 63 Sở": the reach of a meeting, not a reported figure."""
    if _MEETING_SCOPE.match(unit) or unit.startswith("điểm cầu"):
        return True
    return bool(re.search(r"(?:trực tuyến|trực tiếp|Giám đốc|tham dự)\s+(?:tới|đến|tại|của)?\s*"
                          r"(?:hơn\s+)?$", text[:fig.start]))
