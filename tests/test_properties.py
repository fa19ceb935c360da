"""Property-based tests: the text parsers and extraction never raise on any text, evidence
offsets always match their quotes, and numbers round-trip.

Example counts are kept modest so the suite stays fast (see ``EXAMPLES``).
"""

from __future__ import annotations

import calendar
import codecs
import os
import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import SourceError
from kg.extract import extract
from kg.extract.meetings import _occurrences
from kg.facts import Period
from kg.html_text import read_page
from kg.sources import Article, decode
from kg.text.numbers import NUMBER_RE, format_decimal, is_ambiguous, parse_number
from kg.text.periods import DATE_RE, find_periods, parse_date, shift_year, with_year
from kg.text.slugs import fold, slugify

# Modest example counts keep the suite fast; set HYPOTHESIS_EXAMPLES=2000 to dig deeper.
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
fast = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
SEED_WORDS = sorted(set(re.findall(r"\w+|[^\w\s]", SEED_TEXT)))
SEED_SENTENCES = sorted({s.strip() for s in re.split(r"(?<=[.;])\s+|\n", SEED_TEXT) if s.strip()})
PHRASES = [
    "6 tháng đầu năm", "6 tháng cuối năm 2024", "quý I/2024", "quý IV năm 2023",
    "tính đến tháng 6/2023", "đến hết ngày 31/12/2024", "đến cuối năm", "năm 2025",
    "so với cùng kỳ năm trước", "so với cùng kỳ", "tăng 27%", "giảm 8,66%", "ước đạt",
    "khoảng", "hơn", "tỷ đồng", "triệu tỷ đồng", "tỷ USD", "lao động", "bậc", "Bộ trưởng",
    "Thủ tướng Chính phủ", "Bộ TT&TT", "Hội nghị", "phiên họp", "chủ trì", "Nghị quyết số 52-NQ/TW",
    "Quyết định số 749/QĐ-TTg ngày 3/6/2020", "Chiến lược", "tầm nhìn đến năm 2030",
    "ngày 29/12/2023", "29/7", "kế hoạch năm 2024", "mục tiêu", "phấn đấu", "đạt 50% kế hoạch",
    "(QNP) -", "Theo https://mic.gov.vn", "10:28, 30/12/2023", "date 2021-07", "", "\n\n",
]


def vietnamese(value: Decimal) -> str:
    """``value`` as a Vietnamese report writes it: 2.067.389 and 1,6."""
    whole, _, frac = format_decimal(value).partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{frac}" if frac else grouped


amounts = st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False,
                      allow_infinity=False)
numbers_as_written = st.one_of(amounts.map(vietnamese), st.integers(0, 2100).map(str),
                               st.from_regex(r"\A[0-9][0-9.,/]{0,8}\Z"))
tokens = st.one_of(st.sampled_from(SEED_WORDS), st.sampled_from(PHRASES), numbers_as_written,
                   st.text(max_size=4))
separators = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "; ", " - ", "\u00a0"])
random_articles = st.one_of(
    st.lists(st.tuples(tokens, separators), max_size=60).map(
        lambda pairs: "".join(t + s for t, s in pairs)),
    st.lists(st.sampled_from(SEED_SENTENCES), max_size=8).map(" ".join),
    st.text(max_size=200),
)


# --- numbers ----------------------------------------------------------------------------------

@fast
@given(st.text(max_size=30))
def test_parse_number_never_raises(text):
    value = parse_number(text)
    assert value is None or isinstance(value, Decimal)
    is_ambiguous(text)


@fast
@given(amounts)
@example(Decimal("2067389"))
@example(Decimal("1.6"))
@example(Decimal("0.05"))
def test_vietnamese_notation_round_trips(value):
    written = vietnamese(value)
    assert parse_number(written) == value
    assert NUMBER_RE.fullmatch(written)
    assert [m.group() for m in NUMBER_RE.finditer(f"đạt {written} tỷ đồng")] == [written]


@fast
@given(st.decimals(allow_nan=False, allow_infinity=False))
@example(Decimal("-0"))
@example(Decimal("1E+3"))
@example(Decimal("6.70"))
def test_format_decimal_is_plain_and_lossless(value):
    text = format_decimal(value)
    assert re.fullmatch(r"-?\d+(?:\.\d*[1-9])?", text), text
    assert Decimal(text) == value


@fast
@given(st.lists(st.one_of(numbers_as_written, st.sampled_from([" ", "/", "-", "%", "x"])),
                max_size=12).map("".join))
def test_every_number_the_pattern_finds_parses_and_round_trips(text):
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group())
        assert value is not None, m.group()
        assert Decimal(format_decimal(value)) == value


# --- dates and periods ------------------------------------------------------------------------

@fast
@given(st.dates(date(1900, 1, 1), date(2099, 12, 31)), st.booleans())
def test_written_dates_parse_back(day, with_year_):
    written = f"{day.day}/{day.month}" + (f"/{day.year}" if with_year_ else "")
    m = DATE_RE.search(f"Ngày {written}, Bộ tổ chức")
    assert m is not None
    parsed, inferred = parse_date(*m.groups(), context_year=day.year)
    assert parsed == day.isoformat() and inferred is not with_year_


@fast
@given(st.integers(0, 99).map(str), st.integers(0, 99).map(str),
       st.one_of(st.none(), st.integers(1900, 2099).map(str)),
       st.one_of(st.none(), st.integers(1, 9999)))
def test_parse_date_never_raises(day, month, year, context_year):
    parsed, _ = parse_date(day, month, year, context_year)
    assert parsed is None or date.fromisoformat(parsed)


@fast
@given(st.sampled_from(["I", "II", "III", "IV"]), st.integers(1990, 2099))
def test_quarters_round_trip(roman, year):
    [mention] = find_periods(f"trong quý {roman}/{year}, doanh thu")
    period = mention.resolve(None)
    q = ["I", "II", "III", "IV"].index(roman) + 1
    last = 3 * q
    assert period.start == f"{year}-{last - 2:02d}-01"
    assert period.end == f"{year}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}"


@fast
@given(st.integers(1, 12), st.integers(1990, 2099), st.booleans())
def test_first_and_last_months_round_trip(n, year, first):
    which = "đầu" if first else "cuối"
    [mention] = find_periods(f"{n} tháng {which} năm {year}")
    period = mention.resolve(None)
    assert date.fromisoformat(period.start) <= date.fromisoformat(period.end)
    months = (date.fromisoformat(period.end) + timedelta(days=1)).month - \
        date.fromisoformat(period.start).month
    assert months % 12 == n % 12


@fast
@given(random_articles, st.one_of(st.none(), st.integers(1900, 2099)))
def test_find_periods_never_raises_and_spans_are_ordered(text, context_year):
    mentions = find_periods(text)
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        period = mention.resolve(context_year)
        if period is not None and period.start and period.end:
            assert date.fromisoformat(period.start) <= date.fromisoformat(period.end)


@fast
@given(st.dates(date(1950, 1, 1), date(2090, 12, 31)), st.integers(-30, 30))
def test_shifting_a_period_keeps_valid_dates(day, years):
    period = Period(None, day.isoformat())
    assert date.fromisoformat(shift_year(period, years).end)
    assert with_year(period, day.year) == Period(None, day.isoformat(), "", False)


# --- extraction over random text --------------------------------------------------------------

def evidence_of(facts):
    for fact in facts.all_facts():
        yield fact, fact.evidence


@settings(fast, max_examples=max(EXAMPLES * 2 // 3, 1))
@given(random_articles)
def test_extraction_never_raises_and_quotes_match_offsets(text):
    facts = extract(Article("random.txt", text))
    assert facts.text == text
    for fact, ev in evidence_of(facts):
        assert 0 <= ev.start <= ev.end <= len(text), fact
        assert text[ev.start:ev.end] == ev.quote, fact
        value = getattr(fact, "value", None)
        if value is not None:
            assert Decimal(format_decimal(value)) == value


def test_evidence_matches_on_every_seed():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for fact, ev in evidence_of(extract(Article(path.name, text))):
            assert text[ev.start:ev.end] == ev.quote, (path.name, fact)


# --- decoding, HTML, slugs --------------------------------------------------------------------

@fast
@given(st.binary(max_size=400))
def test_decode_raises_only_source_errors(raw):
    try:
        text = decode(raw, "x.txt")
    except SourceError as exc:
        assert str(exc).startswith("x.txt: ") and "\n" not in str(exc)
    else:
        assert "\r" not in text


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\r\t"),
                   max_size=300)


@fast
@given(printable, st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "utf-32"]))
def test_decode_round_trips_text(text, encoding):
    raw = text.encode(encoding)
    if encoding == "utf-8" and raw.startswith(codecs.BOM_UTF8):
        text = text[1:]  # a leading U+FEFF in UTF-8 is read as a byte order mark
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decode(raw, "x.txt") == unicodedata.normalize("NFC", expected)


html_fragments = st.lists(st.one_of(
    st.sampled_from(["<p>", "</p>", "<div class='detail-content'>", "</div>", "<article>",
                     "</article>", "<script>", "</script>", "<br>", "<h1>", "</h1>", "<nav>",
                     "<!--", "-->", "&amp;", "&nbsp;", "<", ">", "<td>", "</tr>", "<p/>"]),
    st.sampled_from(SEED_WORDS), st.text(max_size=6)), max_size=60).map("".join)


@fast
@given(html_fragments)
def test_reading_a_page_never_raises_on_any_html(page):
    text = read_page(page).text
    assert all(line == line.strip() and line for line in text.splitlines())


@fast
@given(st.text(max_size=100))
def test_slugs_are_iri_safe(text):
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slugify(text))


# --- regressions: bugs the properties above found in kg/text/periods.py ---------------------

@pytest.mark.parametrize("text", ["Phấn đấu đến cuối năm, doanh thu đạt 100 tỷ đồng.",
                                  "Tính đến hết năm, có 1.000 doanh nghiệp."])
def test_year_end_without_a_year(text):
    """Was: TypeError, int(None), for "đến cuối năm" with no year after it."""
    facts = extract(Article("year-end.txt", text))
    assert facts.text == text


@pytest.mark.parametrize("text", ["13 tháng đầu năm 2024", "0 tháng đầu năm 2024",
                                  "tính đến tháng 13/2024", "15 tháng cuối năm 2023"])
def test_month_out_of_range_is_not_a_period(text):
    """Was: calendar.IllegalMonthError, or an invalid date like "2023--2-01"."""
    for mention in find_periods(text):
        period = mention.resolve(2024)
        assert period is None or all(date.fromisoformat(d) for d in (period.start, period.end)
                                     if d)


@pytest.mark.parametrize("years", [0, -4, 4])
def test_leap_day_survives_a_leap_shift(years):
    """Was: 29 February always became the 28th, even in a leap year."""
    assert shift_year(Period("2020-01-01", "2020-02-29"), years).end == f"{2020 + years}-02-29"


def test_extraction_with_a_month_out_of_range():
    text = "Doanh thu 13 tháng đầu năm 2024 đạt 5 tỷ đồng, tăng 3% so với cùng kỳ."
    assert extract(Article("month.txt", text)).text == text


@pytest.mark.parametrize("text", ["", " ", "\n\n", "năm", "0", "..,,//"])
def test_extraction_of_tiny_texts(text):
    assert extract(Article("tiny.txt", text)).text == text


@fast
@given(st.text(max_size=40) | st.sampled_from(SEED_SENTENCES))
def test_fold_drops_every_combining_mark_and_lowers(text):
    """``fold`` takes a shortcut for ASCII and drops marks by table: it gives what the plain
    definition gives."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    assert fold(text) == "".join(c for c in plain if not unicodedata.combining(c)).lower()


@fast
@given(st.sampled_from(SEED_SENTENCES), st.text("aăâb ", min_size=1, max_size=3))
def test_a_name_is_found_where_a_regex_finds_it(text, word):
    """A person's mentions are found by ``str.find``, not by a regex compiled per name."""
    text = f"{word}{word}{text}{word}"
    assert list(_occurrences(text, word)) == [m.start() for m in re.finditer(re.escape(word),
                                                                              text)]


def test_the_control_characters_are_those_of_unicode():
    """The reader counts control characters with one regex: every code point it counts is
    Unicode's category Cc, and every Cc but tab and the line breaks is counted."""
    from kg.text.decoding import _CONTROLS

    counted = {chr(c) for c in range(0x110000) if _CONTROLS.match(chr(c))}
    controls = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"}
    assert counted == controls - set("\t\n\v\f\r")
