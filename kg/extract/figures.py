"""Observations and targets: the figures of each clause, with period, change and plan share.

    doanh thu toàn ngành ước đạt 1.234.567 tỷ đồng, tăng 12% so với cùng kỳ năm 2030
        và ước đạt 45% kế hoạch năm 2031                   -> one observation
    so với cùng kỳ năm 2029 (1.402 tỷ đồng)                -> the compared figure, observed
    đạt 38% kế hoạch năm 2030 (740 triệu giao dịch)        -> the plan figure, a target
    phấn đấu ..., mục tiêu, chỉ tiêu, a period after the one reviewed -> targets
A figure without a period takes the period the paragraph is about, else the meeting's
(``figure_periods``); which words make a figure a goal is ``figure_goals``; the drafts read
here become facts in ``figure_facts``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..facts import Meeting, Observation, Target
from ..text.periods import find_periods, shift_year
from ..text.units import base_unit
from .context import ArticleContext, Span, split_spans
from .figure_facts import Draft, facts_of
from .figure_goals import DRAFTING, PLAN_RATE, PLAN_VALUE, PLANNED, sets_goals
from .figure_periods import Periods, comparison, cumulative, leading_period
from .gazetteer import gazetteer
from .indicators import (
    implied_unit,
    is_flow,
    is_stock,
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
from .series import ArticleScope, article_scope

_CLAUSE = re.compile(r";\s*")
_LOCAL = re.compile(r"\s*(?:Đối với|Riêng)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s+)?("
                    + "|".join(map(re.escape, gazetteer().provinces)) + r")\s*,")
# "…, chiếm 51,7% tổng vốn đăng ký": the share of the subject in a whole
_SHARE = re.compile(r"chiếm(?:\s+(?:tỷ lệ|tỉ lệ|tỷ trọng|khoảng|gần|hơn|trên|tới|đến))*\s*$")
_SHARE_NAME = re.compile(r"(?i)(?:tỷ|tỉ) trọng\b")
_NOT_SUBJECT = re.compile(r"(?i)(?:chiếm|số %|tỷ lệ$|tỉ lệ$)")
# A rate of growth written as a level: "tốc độ tăng trưởng … đạt 8%" is a change of 8 %.
_GROWTH = re.compile(r"(?i)(?:tốc độ )?tăng trưởng\b|tốc độ tăng\b|mức tăng\b")
_ABSOLUTE_CHANGE = re.compile(r"(?:tăng|giảm)(?:\s+(?:thêm|nhẹ|mạnh|khoảng|gần|hơn|trên))*\s*$")
_FIELD_LEAD = re.compile(r"(?:Trong|Về|Đối với) lĩnh vực ([^,.;]{3,60}),")
# "… kết quả nổi bật của lĩnh vực viễn thông: Lũy kế doanh thu …": a sub-field header
_FIELD_HEADER = re.compile(r"\blĩnh vực ([^,.;:]{3,60}):")
_MEETING_SCOPE = re.compile(r"điểm cầu|tỉnh\b|Sở\b")
_SECTOR_HEADING = re.compile(r"Lĩnh vực\s+(.+?)"
                             r"(?:\s+(?:tăng|tiếp tục|ghi nhận|đạt|có|vẫn|giảm)\b|$)")
_WITH_COUNT = re.compile(r"\bvới(?:\s+(?:khoảng|gần|hơn|trên))?\s*$")
_CONVERSION = re.compile(r"\(\s*(?:khoảng|tương đương|tương ứng|xấp xỉ|gần|hơn|trên)?\s*$")


def read_figures(ctx: ArticleContext, meetings: list[Meeting]):
    """(observations, targets) of the article, each with its clause as evidence."""
    reader = FigureReader(ctx, meetings)
    for sentence in ctx.sentences:
        reader.sentence(sentence)
    return reader.results()


class FigureReader:
    """Reads an article's sentences in order into drafts, keeping what each paragraph sets:
    its field, its province, whether it sets goals, and its periods."""

    def __init__(self, ctx: ArticleContext, meetings: list[Meeting]):
        self.ctx = ctx
        self.meeting = meetings[0] if meetings else None
        self.periods = Periods(ctx, self.meeting)
        self.scope: str | None = None
        self.sentence_scope: str | None = None
        self.drafts: list[Draft] = []
        self.last_indicator = ""
        self.target_mode = False
        self.article = article_scope(ctx.text, main_ministry(ctx))
        self.local: ArticleScope | None = None
        self.drafting = False  # the paragraph drafts a plan: its figures ahead are targets

    # -- sentences and clauses -------------------------------------------------------
    def sentence(self, s: Span) -> None:
        self.sentence_scope = None
        field_lead = _FIELD_LEAD.match(s.text) or _FIELD_HEADER.search(s.text)
        if field_lead:
            self.scope = field_lead.group(1)
        if self._heading(s):
            return
        paragraph = s.start == 0 or self.ctx.text[s.start - 1] == "\n"
        self.periods.sentence(s.text, paragraph)
        if paragraph:
            self.local = None
            self.drafting = False
            if not self.periods.horizon(self.periods.future):
                self.target_mode = False  # goals for the next months end with their paragraph
        local = _LOCAL.match(s.text)
        if local:  # "Đối với Thái Nguyên, …": the province's own figures, to the paragraph's end
            self.local = ArticleScope(self.article.ministry, local.group(1))
        self.drafting = self.drafting or bool(DRAFTING.search(s.text))
        target_sentence = sets_goals(s.text)
        if target_sentence:
            self.target_mode = True
        elif re.match(r"\s*(?:Năm|Trong năm|Trong \d+ tháng)", s.text) and not self.periods.ahead(
                leading_period(s.text)):
            self.target_mode = False
        goals = False  # a goal word governs its clause and the clauses after it, not before
        for clause in split_spans(s.text, s.start, _CLAUSE):
            goals = goals or sets_goals(clause.text)
            self.clause(clause, goals)

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
        period = cumulative(c.text, self.periods.clause(c.text, figures, self.target_mode))
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
                owner[-1].compared = self.periods.compared(c.text[pos + 9:], owner[-1].period)
        planned = self.drafting or bool(PLANNED.search(self.ctx.sentence_at(c.start).text))
        future = self.periods.future
        for d in drafts:
            past = re.search(r"\bđã\b", self.ctx.text[c.start:d.end])
            ahead = self.periods.ahead(d.period) or bool(
                d.period and future and d.period.end == future.end)
            d.target = d.target or target_sentence or PLAN_VALUE.match(d.indicator) or (
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
                and PLAN_RATE.search(before):
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
            current.compared = self.periods.compared(comparison(before, after), current.period)
            current.end = c.start + fig.end
        elif fig.role == "plan":
            if current is not None and current.plan_pct is not None:
                # "đạt 41% kế hoạch giao và đạt 39% kế hoạch HĐND giao": one record per plan
                current = replace(current, extra=[])
                drafts.append(current)
            if current is not None:
                current.plan_pct = fig.value
                current.plan_period = self.periods.plan_period(after, current.period)
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
            d.compared = self.periods.move_compared(after, d.period)
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
        period = self.periods.written(period, before, c.text[fig.end:], in_list=bool(drafts),
                                      trailing=rule in ("figure", "change-only") and unit != "lần")
        stock = is_stock(indicator, unit, before)
        flow = not stock and is_flow(indicator, unit, before)
        period = self.periods.measured(lead, period, stock, flow)
        d = Draft(value, unit, qualifier, indicator, c.start + fig.start - len(before),
                  c.start + fig.end, period, f"figure:{rule}")
        d.level = stock
        d.local = self.local
        d.depth = _depth(c.text[:fig.start])
        if sets_goals(before) or (rule.startswith("rank") and "ít nhất" in before) \
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
                     self.periods.stock(lead, period, ratio=True), "figure:ratio")

    def _indicator(self, before: str, unit: str, after: str) -> str:
        text = name_indicator(before, unit, after, self.scope, self.last_indicator)
        self.last_indicator = text
        return text

    # -- results -----------------------------------------------------------------------
    def results(self) -> tuple[list[Observation], list[Target]]:
        return facts_of(self.drafts, self.ctx, self.meeting, self.article)


def _depth(text: str) -> int:
    """Brackets open at the end of ``text``."""
    return max(text.count("(") - text.count(")"), 0)


def _owner(drafts: list[Draft], depth: int) -> Draft | None:
    """The figure a change or plan share belongs to: the last one not in a closed bracket."""
    return next((d for d in reversed(drafts) if d.depth <= depth), None)


def _as_growth(d: Draft) -> None:
    """A growth rate read as a level becomes the change it is, against the year before."""
    if d.unit == "%" and d.value is not None and d.change is None and _GROWTH.match(d.indicator):
        d.value, d.change, d.unit = None, d.value, ""
        if not d.target and d.period:
            d.compared = shift_year(d.period, -1)


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
