"""The period of each figure, the period it is compared with, and the day a stock is counted to.

    Trong 9 tháng năm 2030, doanh thu đạt …           -> the clause's period, the paragraph's too
    Tính đến ngày 15/5/2031, …                        -> the paragraph's stocks are at that day
    tăng 12% so với cùng kỳ năm 2029                  -> compared with the same span of 2029
    IIP tháng 11 tăng 5%; lũy kế tăng 10%             -> the second runs from January
    đến nay, hiện có 80 triệu thuê bao                -> a stock at the meeting's date
    mục tiêu đến năm 2030                             -> the goals' year, ahead of the review
A figure without a period takes the sentence's, else the paragraph's, else the meeting's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..facts import Meeting, Period
from ..text.periods import (
    DATE_RE,
    find_periods,
    parse_date,
    previous_span,
    shift_year,
    with_year,
    year_span,
)
from .context import ArticleContext
from .figure_goals import TARGET_WORDS
from .quantities import Figure

PARAGRAPH_KINDS = {"first_months", "last_months", "quarter", "year"}
# "… công tác 6 tháng đầu năm vẫn đạt kết quả …": a part of the year names the paragraph's span
_PART_OF_YEAR = {"first_months", "last_months", "quarter"}
_FORECAST = re.compile(r"dự báo|dự kiến|có thể")
_AS_OF = re.compile(r"(?:đến nay|[Hh]iện nay|[Hh]iện có|(?:^|[,;]\s*)[Hh]iện\b|đang xây dựng|"
                    r"đang chỉ đạo)")
_PRICE_NOW = re.compile(r"\b[Hh]iện(?: nay)?,? giá\b")
_EVERY_YEAR = re.compile(r"hàng năm|hằng năm|mỗi năm")
_LISTED_PERIOD = re.compile(r"[(,]\s*(?:quý|tháng)\s+[IV\d]+(?:/\d{4})?\s+(?:ước\s+)?(?:tăng|giảm)"
                            r"\s*$")
_AS_OF_LEAD = re.compile(r"[^.;0-9]{0,40}?(?=[Tt]ính đến (?:hết )?(?:ngày|tháng))")
_SINCE = re.compile(r"\b(?:từ|kể từ)\s*$")
_UNTIL_NOW = re.compile(r"\s*(?:đến|tới) (?:nay|hiện nay|thời điểm này)\b")
# "IIP tháng 11 tăng 5%; lũy kế tăng 10%": the total since the start of the month's year
_CUMULATIVE = re.compile(r"\s*(?:[Ll]ũy kế|[Ll]uỹ kế|[Cc]ộng dồn)\b(?! tính đến)")


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


def leading_period(text: str) -> Period | None:
    """A period with its year written at the start of ``text``."""
    for mention in find_periods(text[:40]):
        if mention.year:
            return mention.resolve(None)
    return None


def cumulative(text: str, period: Period | None) -> Period | None:
    """A cumulative clause after a month's figure runs from January to that month's end."""
    if period is None or not period.start or not period.end or not _CUMULATIVE.match(text):
        return period
    if period.start[:4] != period.end[:4] or period.start[5:7] != period.end[5:7]:
        return period
    return Period(f"{period.end[:4]}-01-01", period.end, period.label, period.inferred)


def explicit_span(text: str) -> bool:
    """A period shorter or other than a whole year is written in ``text``."""
    return any(m.kind != "year" for m in find_periods(text))


def comparison(before: str, after: str) -> str:
    """What a change is compared with: written after it, else before it ("So với tháng
    12/2030, CPI tháng 9 tăng 3,1%", "và so với cùng kỳ năm trước tăng 3,7%")."""
    ahead = list(re.finditer(r"(?i)\bso với ([^,;]{3,30}?)(?=,|\s+(?:\S+\s+){0,3}(?:tăng|giảm))",
                             before))
    if re.match(r"\s*so với", after) or not ahead:
        return after
    return f" so với {ahead[-1].group(1)}"


class Periods:
    """The periods one article's figures are read in, as its sentences go by."""

    def __init__(self, ctx: ArticleContext, meeting: Meeting | None):
        self.year = ctx.year
        self.reviewed = meeting.reviews if meeting else None
        # the paragraph's period, else the one the meeting reviews, else the article's year
        self.period = self.reviewed or (year_span(ctx.year) if ctx.year else None)
        self.reference = reference_date(ctx, meeting)
        self.future: Period | None = None  # the goals' period, after the one reviewed
        self.sentence_period: Period | None = None
        self.as_of: Period | None = None
        self.cut_off: str | None = None  # the day a report counts to ("tính đến 25/10")

    # -- sentences and clauses -------------------------------------------------------
    def sentence(self, text: str, paragraph: bool) -> None:
        """A new sentence, the first of its paragraph or not."""
        self.sentence_period = None
        if paragraph:
            self.as_of = None
        self.as_of = self._as_of(text) or self.as_of

    def _as_of(self, text: str) -> Period | None:
        """"Tính đến ngày 15/5/2031, …", "Về viễn thông, tính đến tháng 2/2031, …": the day
        the paragraph's stocks are counted to."""
        lead = _AS_OF_LEAD.match(text)
        day = lead and find_periods(text[lead.end():lead.end() + 40])
        if day and day[0].start == 0 and day[0].kind in ("as_of_day", "as_of_month"):
            return day[0].resolve(self.year)
        return None

    def clause(self, text: str, figures: list[Figure], target_mode: bool) -> Period | None:
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
            context = int(self.period.end[:4]) if self.period and self.period.end else self.year
            period = mention.resolve(context)
            if period and mention.kind == "as_of_month" and "đến hết" in text[:limit] \
                    and "kế hoạch" in text:
                # a flow counted "to the end of June" against a yearly plan is year-to-date
                period = replace(period, start=f"{period.end[:4]}-01-01")
            if period:
                paragraph = mention.kind in PARAGRAPH_KINDS and (mention.year and (
                    figures or mention.start < 4) or mention.kind in _PART_OF_YEAR)
                goal_year = TARGET_WORDS.search(text) and re.search(
                    r"(?:đến|tới) (?:hết )?$", text[:mention.start])
                if mention.year and (self.ahead(period) or goal_year) and (
                        paragraph or TARGET_WORDS.search(text)):
                    self.future = period  # "mục tiêu cụ thể đến năm 2030": the goals' year
                elif paragraph and not self.ahead(period) \
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
        if target_mode and self.future and not re.search(r"\bđã\b", text):
            return self.future
        return self.period

    # -- one figure ------------------------------------------------------------------
    def written(self, period: Period | None, before: str, after: str, in_list: bool,
                trailing: bool) -> Period | None:
        """The period written with the figure, else the clause's, up to the report's cut-off."""
        if in_list:  # "…, riêng trong tháng 7/2030 đạt …": a later figure's own period
            period = self._own_period(before) or period
        elif _LISTED_PERIOD.search(before):  # "(quý I tăng 3%, …": the period it is listed by
            period = self._own_period(re.split(r"[(,]", before)[-1]) or period
        if trailing:
            period = self._trailing_period(after) or period
        return self._to_cut_off(period)

    def measured(self, lead: str, period: Period | None, level: bool,
                 flow: bool) -> Period | None:
        """A figure "hàng năm" has no one period; any other is a stock or a flow in it."""
        return None if _EVERY_YEAR.search(lead) else self.stock(lead, period, level, flow)

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
        context = int(self.period.end[:4]) if self.period and self.period.end else self.year
        for mention in reversed(find_periods(before)):
            if not re.search(r"(?:so với|cùng kỳ|kế hoạch)(?:[^()]*\()?\s*$",
                             before[:mention.start], re.I):
                return mention.resolve(context)
        return None

    def _before_review(self, period: Period) -> bool:
        """A year before the one under review speaks for its own sentence only."""
        return bool(self.reviewed and self.reviewed.start and period.end
                    and period.end < self.reviewed.start)

    def stock(self, before: str, period: Period | None, level: bool = False,
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

    # -- what a figure is compared with ------------------------------------------------
    def compared(self, after: str, period: Period | None) -> Period | None:
        """The period a change is measured against: "so với cùng kỳ", "so với năm 2029", …"""
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

    def move_compared(self, after: str, period: Period | None = None) -> Period | None:
        """The period a rank move or a multiple is measured against."""
        same = re.match(r"\s*(?:so với\s+)?cùng kỳ(?:\s+năm\s+(\d{4}))?", after)
        if same and period:
            year = same.group(1)
            return with_year(period, int(year)) if year else shift_year(period, -1)
        m = re.match(r"\s*(?:(?:so với|kể từ)[^,.;]*?)?năm\s+(\d{4})", after)
        return year_span(int(m.group(1))) if m else None

    def plan_period(self, after: str, period: Period | None) -> Period | None:
        """The plan a share is of: "kế hoạch năm 2031", else the figure's year."""
        m = re.match(r"\s*(?:so với\s+)*(?:kế hoạch|KH|chỉ tiêu)(?:\s+năm)?\s*(\d{4})?", after)
        if m and m.group(1):
            return year_span(int(m.group(1)))
        if period and period.end:
            return year_span(int(period.end[:4]))
        return None

    # -- ahead of now ------------------------------------------------------------------
    def horizon(self, period: Period | None) -> bool:
        """A goal year at least two years ahead ("đến năm 2030"): a strategy's, not a plan's."""
        now = self.reference or (f"{self.year}-12-31" if self.year else None)
        return bool(period and period.end and now and int(period.end[:4]) >= int(now[:4]) + 2)

    def ahead(self, period: Period | None) -> bool:
        """After the period under review, else after the article's own date."""
        now = self.reviewed.end if self.reviewed and self.reviewed.end else self.reference
        if period is None or now is None:
            return False
        return (period.start or period.end) > now
