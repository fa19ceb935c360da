"""The extractor on the genres of the scored set, written for this test (tests/articles/).

Ten invented articles, 2020-2025: review conferences, a monthly briefing, a quarterly press
conference, a session of the Ủy ban Quốc gia về chuyển đổi số, a strategy decision, monthly
trade figures, and one event retold by a second outlet in other words. They start with a
headline and a "HH:MM | DD/MM/YYYY" stamp or a "date YYYY-MM" line, write "tỉ" as well as
"tỷ", and some stop mid-sentence. Every figure and name is made up; none is a seed fact.

Each expectation is the fact a careful reader takes per /work/shared/gold/SCHEMA.md, one test
per field, so a failure names article, fact, field, expected and got. Where SCHEMA.md or the
gold README admit two readings (a "hiện" stock dated at the meeting or at the end of the
reviewed period; "tỉ"/"tỷ"; a decision's issuer "Chính phủ"/"Thủ tướng Chính phủ"), the test
accepts exactly those readings and nothing else.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import extract_text
from kg.facts import ArticleFacts, Period

ARTICLE_DIR = Path(__file__).resolve().parent / "articles"
ARTICLES = {
    "mic_2022": "mic_tong_ket_2022.txt",
    "mic_2022_05": "mic_giao_ban_thang_5_2022.txt",
    "ncdt_5": "ncdt_phien_hop_thu_5_2023.txt",
    "tmdt": "chien_luoc_tmdt_2023.txt",
    "moit_q3": "moit_hop_bao_quy_3_2023.txt",
    "most_h1_2021": "most_so_ket_6_thang_2021.txt",
    "mic_h1_2020": "mic_so_ket_6_thang_2020.txt",
    "mic_2022_retold": "mic_tong_ket_2022_tuong_thuat.txt",
    "moit_05_2024": "moit_xuat_khau_thang_5_2024.txt",
    "most_2024": "most_tong_ket_2024.txt",
}

MIC = "Bộ Thông tin và Truyền thông"
MOST = "Bộ Khoa học và Công nghệ"
MOIT = "Bộ Công Thương"
GOV = "Chính phủ"
NCDT = "Ủy ban Quốc gia về chuyển đổi số"


# --- matchers and periods ---------------------------------------------------------------------

class OneOf:
    """Any of the readings SCHEMA.md and the gold README allow."""

    def __init__(self, *options):
        self.options = options

    def __eq__(self, other):
        return other in self.options

    def __hash__(self):
        return hash(self.options)

    def __repr__(self):
        return f"one of {self.options!r}"


class Mentions:
    """A text that contains one of these words (case-insensitive)."""

    def __init__(self, *words: str):
        self.words = words

    def __eq__(self, other):
        return isinstance(other, str) and any(w.lower() in other.lower() for w in self.words)

    def __hash__(self):
        return hash(self.words)

    def __repr__(self):
        return f"text mentioning one of {self.words!r}"


class Indicator(Mentions):
    """An indicator as a careful reader names it: the words, without lead-ins, periods, verbs."""

    STRAY = re.compile(r"\d|[.,:;]$|^(?:cả|đưa)\s|\scả$|\btriệu\b|Thông tin tại|Mặc dù|"
                       r"Như vậy|lũy kế|tính đến|đã tiếp nhận|ghi nhận", re.I)

    def __eq__(self, other):
        return super().__eq__(other) and not self.STRAY.search(other)

    __hash__ = Mentions.__hash__

    def __repr__(self):
        return f"indicator naming one of {self.words!r}, without lead-ins, numbers or periods"


def year(y: int) -> tuple[str, str]:
    return (f"{y}-01-01", f"{y}-12-31")


def first_months(n: int, y: int) -> tuple[str, str]:
    ends = {5: "05-31", 6: "06-30", 9: "09-30"}
    return (f"{y}-01-01", f"{y}-{ends[n]}")


def h2(y: int) -> tuple[str, str]:
    return (f"{y}-07-01", f"{y}-12-31")


def quarter(q: int, y: int) -> tuple[str, str]:
    return {2: (f"{y}-04-01", f"{y}-06-30"), 3: (f"{y}-07-01", f"{y}-09-30")}[q]


def month(m: int, y: int) -> tuple[str, str]:
    ends = {4: 30, 5: 31}
    return (f"{y}-{m:02d}-01", f"{y}-{m:02d}-{ends[m]}")


def stock(end: str) -> tuple[None, str]:
    return (None, end)


TI_DONG = OneOf("tỷ đồng", "tỉ đồng")
TRIEU_TI_DONG = OneOf("triệu tỷ đồng", "triệu tỉ đồng")
NGHIN_TI_DONG = OneOf("nghìn tỷ đồng", "nghìn tỉ đồng")
TTG_ISSUER = OneOf("Chính phủ", "Thủ tướng Chính phủ")


# --- fixtures and lookups ---------------------------------------------------------------------

def text_of(key: str) -> str:
    return (ARTICLE_DIR / ARTICLES[key]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def facts() -> dict[str, ArticleFacts]:
    return {key: extract_text(name, text_of(key)) for key, name in ARTICLES.items()}


def plain(value):
    """Periods compare as (start, end), collections as sets; everything else as it is."""
    if isinstance(value, Period):
        return (value.start, value.end)
    if isinstance(value, tuple | list):
        return frozenset(value)
    return value


def meeting_named(article: ArticleFacts, prefix: str):
    found = [m for m in article.meetings if m.label.lower().startswith(prefix.lower())]
    got = [m.label for m in article.meetings]
    assert found, f"meeting {prefix!r}: not found; got meetings {got}"
    return found[0]


def pick(items, selector: str, what: str):
    """"3680200": the fact of that value; "Δ0.3": a change without a level; "~20": either."""
    if selector.startswith("Δ"):
        change = Decimal(selector[1:])
        found = [x for x in items if x.value is None and x.change_pct == change]
    elif selector.startswith("~"):
        number = Decimal(selector[1:])
        found = [x for x in items if number in (x.value, x.change_pct)]
    else:
        found = [x for x in items if x.value == Decimal(selector)]
    got = [(x.indicator, x.value, x.unit, x.change_pct) for x in items]
    assert len(found) == 1, (
        f"{what} {selector}: expected exactly one, found {len(found)}; got {got}")
    return found[0]


def field_of(article: ArticleFacts, fact, field: str):
    if field == "meeting":
        return next((m.label for m in article.meetings if m.key == fact.meeting), None)
    if field in ("period_start", "period_end"):
        period = fact.period
        return None if period is None else getattr(period, field.split("_")[1])
    return plain(getattr(fact, field))


def check(what: str, field: str, expected, got) -> None:
    assert expected == got, f"{what}.{field}: expected {expected!r}, got {got!r}"


# --- no crash, publication date, evidence -----------------------------------------------------

@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_extracts_without_error(key):
    extract_text(ARTICLES[key], text_of(key))


PUBLISHED = [
    ("mic_2022", "2023-01-06"),
    ("mic_2022_05", "2022-06"),
    ("ncdt_5", "2023-05-18"),
    ("tmdt", "2023-11-21"),
    ("most_h1_2021", "2021-07"),
    ("mic_2022_retold", "2023-01"),
    ("moit_05_2024", "2024-06-08"),
    ("most_2024", "2025-01-10"),
]


@pytest.mark.parametrize("key,expected", PUBLISHED, ids=[k for k, _ in PUBLISHED])
def test_published(facts, key, expected):
    check(f"{key} meta", "published", expected, facts[key].meta.published)


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_every_evidence_quotes_its_span(facts, key):
    text = text_of(key)
    found = list(facts[key].all_facts())
    assert found, f"{key}: no facts at all"
    for fact in found:
        ev = fact.evidence
        assert ev.quote.strip(), f"{key} {type(fact).__name__}: empty evidence {ev}"
        assert ev.quote == text[ev.start:ev.end], (
            f"{key} {type(fact).__name__} evidence: expected text[{ev.start}:{ev.end}] = "
            f"{text[ev.start:ev.end]!r}, got quote {ev.quote!r}")


# --- meetings ---------------------------------------------------------------------------------

MEETING_COUNT = {
    "mic_2022": 1, "mic_2022_05": 1, "ncdt_5": 1, "tmdt": 0, "moit_q3": 1, "most_h1_2021": 1,
    "mic_h1_2020": 1, "mic_2022_retold": 1, "moit_05_2024": 0, "most_2024": 1,
}


@pytest.mark.parametrize("key", sorted(MEETING_COUNT))
def test_meeting_count(facts, key):
    got = [m.label for m in facts[key].meetings]
    assert len(got) == MEETING_COUNT[key], (
        f"{key} meetings: expected {MEETING_COUNT[key]}, got {len(got)}: {got}")


A_M = "Hội nghị tổng kết công tác năm 2022"
B_M = "Hội nghị giao ban quản lý nhà nước tháng 5/2022"
C_M = "Phiên họp thứ 5"
E_M = "Họp báo thường kỳ quý III/2023"
F_M = "Hội nghị sơ kết công tác 6 tháng đầu năm"
G_M = "Hội nghị sơ kết công tác 6 tháng đầu năm"
H_M = "Hội nghị tổng kết năm 2022"
J_M = "Hội nghị tổng kết công tác năm 2024"

MEETINGS = [
    ("mic_2022", A_M, "kind", "conference"),
    ("mic_2022", A_M, "date", "2023-01-05"),
    ("mic_2022", A_M, "format", "hybrid"),
    ("mic_2022", A_M, "connection_points", 63),
    ("mic_2022", A_M, "location", None),
    ("mic_2022", A_M, "organizer", MIC),
    ("mic_2022", A_M, "chairs", frozenset({"Đinh Quang Trí"})),
    ("mic_2022", A_M, "attendees", frozenset({"Phan Đức Khiêm", "Lê Thị Hằng"})),
    ("mic_2022", A_M, "reviews", year(2022)),
    ("mic_2022", A_M, "plans", year(2023)),
    ("mic_2022_05", B_M, "kind", "conference"),
    ("mic_2022_05", B_M, "date", "2022-06-03"),
    ("mic_2022_05", B_M, "format", "online"),
    ("mic_2022_05", B_M, "connection_points", None),
    ("mic_2022_05", B_M, "organizer", MIC),
    ("mic_2022_05", B_M, "chairs", frozenset({"Hoàng Minh Tuệ"})),
    ("mic_2022_05", B_M, "attendees", frozenset()),
    ("mic_2022_05", B_M, "reviews", month(5, 2022)),
    ("ncdt_5", C_M, "kind", "committee-session"),
    ("ncdt_5", C_M, "label", Mentions(NCDT)),
    ("ncdt_5", C_M, "date", "2023-05-18"),
    ("ncdt_5", C_M, "location", OneOf("trụ sở Chính phủ", "Trụ sở Chính phủ")),
    ("ncdt_5", C_M, "format", "hybrid"),
    ("ncdt_5", C_M, "organizer", NCDT),
    ("ncdt_5", C_M, "chairs", frozenset({"Vũ Quang Hiển"})),
    ("ncdt_5", C_M, "attendees", frozenset({"Đoàn Minh Đức", "Đinh Quang Trí"})),
    ("ncdt_5", C_M, "reviews", None),
    ("ncdt_5", C_M, "plans", None),
    ("moit_q3", E_M, "kind", "press-conference"),
    ("moit_q3", E_M, "date", "2023-10-12"),
    ("moit_q3", E_M, "format", "hybrid"),
    ("moit_q3", E_M, "organizer", MOIT),
    ("moit_q3", E_M, "chairs", frozenset({"Phùng Văn Quế"})),
    ("moit_q3", E_M, "reviews", quarter(3, 2023)),
    ("most_h1_2021", F_M, "kind", "conference"),
    ("most_h1_2021", F_M, "date", "2021-07-09"),
    ("most_h1_2021", F_M, "format", "online"),
    ("most_h1_2021", F_M, "connection_points", 65),
    ("most_h1_2021", F_M, "organizer", MOST),
    ("most_h1_2021", F_M, "chairs", frozenset({"Tô Hoài Nam"})),
    ("most_h1_2021", F_M, "reviews", first_months(6, 2021)),
    ("most_h1_2021", F_M, "plans", h2(2021)),
    ("mic_h1_2020", G_M, "kind", "conference"),
    ("mic_h1_2020", G_M, "date", "2020-07-14"),
    ("mic_h1_2020", G_M, "format", "online"),
    ("mic_h1_2020", G_M, "connection_points", 63),
    ("mic_h1_2020", G_M, "organizer", MIC),
    ("mic_h1_2020", G_M, "chairs", frozenset({"Đinh Quang Trí"})),
    ("mic_h1_2020", G_M, "attendees", frozenset()),
    ("mic_h1_2020", G_M, "reviews", first_months(6, 2020)),
    ("mic_h1_2020", G_M, "plans", h2(2020)),
    ("mic_2022_retold", H_M, "kind", "conference"),
    ("mic_2022_retold", H_M, "date", "2023-01-05"),
    ("mic_2022_retold", H_M, "location", "Hà Nội"),
    ("mic_2022_retold", H_M, "format", "hybrid"),
    ("mic_2022_retold", H_M, "connection_points", 63),
    ("mic_2022_retold", H_M, "organizer", MIC),
    ("mic_2022_retold", H_M, "chairs", frozenset({"Đinh Quang Trí"})),
    ("mic_2022_retold", H_M, "attendees", frozenset({"Phan Đức Khiêm"})),
    ("mic_2022_retold", H_M, "reviews", year(2022)),
    ("most_2024", J_M, "kind", "conference"),
    ("most_2024", J_M, "date", "2025-01-09"),
    ("most_2024", J_M, "location", "Hà Nội"),
    ("most_2024", J_M, "format", None),
    ("most_2024", J_M, "organizer", MOST),
    ("most_2024", J_M, "chairs", frozenset({"Tô Hoài Nam"})),
    ("most_2024", J_M, "attendees", frozenset({"Đoàn Minh Đức"})),
    ("most_2024", J_M, "reviews", year(2024)),
    ("most_2024", J_M, "plans", year(2025)),
]


@pytest.mark.parametrize("key,label,field,expected", MEETINGS,
                         ids=[f"{k}-{f}" for k, _, f, _ in MEETINGS])
def test_meeting(facts, key, label, field, expected):
    meeting = meeting_named(facts[key], label)
    check(f"{key} meeting {label!r}", field, expected, plain(getattr(meeting, field)))


# --- people and organizations -----------------------------------------------------------------

PEOPLE = [
    ("mic_2022", "Phan Đức Khiêm", "Phó Thủ tướng", GOV),
    ("mic_2022", "Đinh Quang Trí", "Bộ trưởng", MIC),
    ("mic_2022", "Lê Thị Hằng", "Phó Chủ tịch", OneOf("UBND tỉnh Thanh Hóa", "Thanh Hóa")),
    ("mic_2022_05", "Hoàng Minh Tuệ", "Thứ trưởng", MIC),
    ("ncdt_5", "Vũ Quang Hiển", "Thủ tướng", GOV),
    ("ncdt_5", "Vũ Quang Hiển", "Chủ tịch", NCDT),
    ("ncdt_5", "Đoàn Minh Đức", "Phó Thủ tướng", GOV),
    ("ncdt_5", "Đinh Quang Trí", "Bộ trưởng", MIC),
    ("tmdt", "Đoàn Minh Đức", "Phó Thủ tướng", GOV),
    ("moit_q3", "Phùng Văn Quế", "Thứ trưởng", MOIT),
    ("most_h1_2021", "Tô Hoài Nam", "Bộ trưởng", MOST),
    ("mic_h1_2020", "Đinh Quang Trí", "Bộ trưởng", MIC),
    ("mic_2022_retold", "Đinh Quang Trí", "Bộ trưởng", MIC),
    ("mic_2022_retold", "Phan Đức Khiêm", "Phó Thủ tướng", GOV),
    ("moit_05_2024", "Lưu Đức Kiên", "Bộ trưởng", MOIT),
    ("most_2024", "Tô Hoài Nam", "Bộ trưởng", MOST),
    ("most_2024", "Đoàn Minh Đức", "Phó Thủ tướng", GOV),
]


@pytest.mark.parametrize("key,name,title,org", PEOPLE,
                         ids=[f"{k}-{n}-{t}" for k, n, t, _ in PEOPLE])
def test_person_role(facts, key, name, title, org):
    people = {p.name: p for p in facts[key].people}
    assert name in people, f"{key} person {name!r}: not found; got people {sorted(people)}"
    roles = [(r.title, r.organization) for r in people[name].roles]
    assert any(t == title and org == o for t, o in roles), (
        f"{key} person {name!r}.roles: expected ({title!r}, {org!r}), got {roles}")


ORGANIZATIONS = [
    ("mic_2022", MIC, "ministry", "Bộ TT&TT"),
    ("mic_2022", GOV, "government", None),
    ("mic_2022", "UBND tỉnh Thanh Hóa", "provincial", None),
    ("mic_2022_05", MIC, "ministry", "Bộ TT&TT"),
    ("mic_2022_05", "Trung tâm Giám sát an toàn không gian mạng quốc gia", "agency", None),
    ("ncdt_5", NCDT, "committee", None),
    ("ncdt_5", GOV, "government", None),
    ("ncdt_5", MIC, "ministry", "Bộ TT&TT"),
    ("tmdt", MOIT, "ministry", None),
    ("tmdt", GOV, "government", None),
    ("moit_q3", MOIT, "ministry", None),
    ("most_h1_2021", MOST, "ministry", "Bộ KH&CN"),
    ("most_h1_2021", "Cục Sở hữu trí tuệ", "agency", None),
    ("mic_h1_2020", MIC, "ministry", "Bộ TT&TT"),
    ("moit_05_2024", MOIT, "ministry", None),
    ("moit_05_2024", GOV, "government", None),
    ("most_2024", MOST, "ministry", "Bộ KH&CN"),
    ("most_2024", GOV, "government", None),
]


@pytest.mark.parametrize("key,name,kind,alias", ORGANIZATIONS,
                         ids=[f"{k}-{n}" for k, n, _, _ in ORGANIZATIONS])
def test_organization(facts, key, name, kind, alias):
    orgs = facts[key].organizations
    found = [o for o in orgs if name == o.name]
    assert found, f"{key} organization {name!r}: not found; got {[o.name for o in orgs]}"
    check(f"{key} organization {name!r}", "kind", kind, found[0].kind)
    if alias:
        assert alias in found[0].aliases, (
            f"{key} organization {name!r}.aliases: expected to contain {alias!r}, "
            f"got {found[0].aliases}")


# --- observations -----------------------------------------------------------------------------

OBSERVATIONS = [
    # mic_2022: annual review conference
    ("mic_2022", "3680200", "unit", "tỷ đồng"),
    ("mic_2022", "3680200", "qualifier", "estimate"),
    ("mic_2022", "3680200", "period", year(2022)),
    ("mic_2022", "3680200", "change_pct", Decimal("9.8")),
    ("mic_2022", "3680200", "compared", year(2021)),
    ("mic_2022", "3680200", "plan_pct", Decimal("102")),
    ("mic_2022", "3680200", "plan_period", year(2022)),
    ("mic_2022", "3680200", "meeting", Mentions(A_M)),
    ("mic_2022", "3680200", "indicator", Indicator("doanh thu toàn ngành")),
    ("mic_2022", "96410", "unit", "tỷ đồng"),
    ("mic_2022", "96410", "qualifier", "estimate"),
    ("mic_2022", "96410", "period", year(2022)),
    ("mic_2022", "96410", "change_pct", Decimal("3.2")),
    ("mic_2022", "96410", "compared", year(2021)),
    ("mic_2022", "96410", "indicator", Indicator("ngân sách")),
    ("mic_2022", "71500", "unit", "doanh nghiệp"),
    ("mic_2022", "71500", "qualifier", "exact"),
    ("mic_2022", "71500", "period", stock("2022-12-31")),
    ("mic_2022", "71500", "change_pct", Decimal("5.4")),
    ("mic_2022", "71500", "compared", stock("2021-12-31")),
    ("mic_2022", "71500", "indicator", Indicator("doanh nghiệp công nghệ số")),
    # mic_2022_05: monthly briefing
    ("mic_2022_05", "291500", "unit", "tỷ đồng"),
    ("mic_2022_05", "291500", "qualifier", "estimate"),
    ("mic_2022_05", "291500", "period", month(5, 2022)),
    ("mic_2022_05", "291500", "change_pct", Decimal("2.1")),
    ("mic_2022_05", "291500", "compared", month(4, 2022)),
    ("mic_2022_05", "291500", "meeting", Mentions(B_M)),
    ("mic_2022_05", "291500", "indicator", Indicator("doanh thu toàn ngành")),
    ("mic_2022_05", "1402300", "unit", "tỷ đồng"),
    ("mic_2022_05", "1402300", "qualifier", "estimate"),
    ("mic_2022_05", "1402300", "period", first_months(5, 2022)),
    ("mic_2022_05", "1402300", "change_pct", Decimal("11.2")),
    ("mic_2022_05", "1402300", "compared", first_months(5, 2021)),
    ("mic_2022_05", "1402300", "plan_pct", Decimal("39.5")),
    ("mic_2022_05", "1402300", "plan_period", year(2022)),
    ("mic_2022_05", "1146", "unit", "cuộc tấn công mạng"),
    ("mic_2022_05", "1146", "qualifier", "exact"),
    ("mic_2022_05", "1146", "period", month(5, 2022)),
    ("mic_2022_05", "1146", "change_pct", Decimal("-18.7")),
    ("mic_2022_05", "1146", "compared", month(4, 2022)),
    ("mic_2022_05", "1146", "indicator", Indicator("tấn công mạng")),
    ("mic_2022_05", "21.3", "unit", "triệu thuê bao"),
    ("mic_2022_05", "21.3", "period", stock("2022-05-31")),
    ("mic_2022_05", "21.3", "indicator", Indicator("băng rộng cố định")),
    # ncdt_5: National Committee session
    ("ncdt_5", "14.3", "unit", "%"),  # "chiếm 14,3% GDP": a share in GDP
    ("ncdt_5", "14.3", "qualifier", "estimate"),
    ("ncdt_5", "14.3", "period", year(2022)),
    ("ncdt_5", "14.3", "indicator", Indicator("kinh tế số")),
    ("ncdt_5", "14.3", "meeting", Mentions(C_M)),
    ("ncdt_5", "8.2", "unit", "triệu tài khoản"),
    ("ncdt_5", "8.2", "qualifier", "at-least"),
    ("ncdt_5", "8.2", "period", stock("2023-05-15")),
    ("ncdt_5", "8.2", "change_pct", Decimal("35")),
    ("ncdt_5", "8.2", "compared", stock("2022-12-31")),
    ("ncdt_5", "8.2", "indicator", Indicator("tài khoản")),
    ("ncdt_5", "58", "unit", "tỉnh, thành phố"),
    ("ncdt_5", "58", "period", stock("2023-05-18")),
    ("ncdt_5", "58", "indicator", Indicator("nghị quyết chuyên đề")),
    ("ncdt_5", "84", "unit", "hạng"),
    ("ncdt_5", "84", "period", year(2022)),
    ("ncdt_5", "84", "indicator", Indicator("Chính phủ điện tử", "EGDI")),
    ("ncdt_5", "4", "unit", "bậc"),
    ("ncdt_5", "4", "period", year(2022)),
    ("ncdt_5", "4", "compared", year(2020)),
    # tmdt: strategy decision
    ("tmdt", "16.4", "unit", "tỷ USD"),
    ("tmdt", "16.4", "qualifier", "exact"),
    ("tmdt", "16.4", "period", year(2022)),
    ("tmdt", "16.4", "change_pct", Decimal("20")),
    ("tmdt", "16.4", "compared", year(2021)),
    ("tmdt", "16.4", "meeting", None),
    ("tmdt", "16.4", "indicator", Indicator("thương mại điện tử bán lẻ")),
    # moit_q3: quarterly press conference
    ("moit_q3", "259.7", "unit", "tỷ USD"),
    ("moit_q3", "259.7", "qualifier", "estimate"),
    ("moit_q3", "259.7", "period", first_months(9, 2023)),
    ("moit_q3", "259.7", "change_pct", Decimal("-8.2")),
    ("moit_q3", "259.7", "compared", first_months(9, 2022)),
    ("moit_q3", "259.7", "meeting", Mentions(E_M)),
    ("moit_q3", "259.7", "indicator", Indicator("xuất khẩu")),
    ("moit_q3", "93.1", "unit", "tỷ USD"),
    ("moit_q3", "93.1", "qualifier", "estimate"),
    ("moit_q3", "93.1", "period", quarter(3, 2023)),
    ("moit_q3", "93.1", "change_pct", Decimal("7.6")),
    ("moit_q3", "93.1", "compared", quarter(2, 2023)),
    ("moit_q3", "Δ0.3", "qualifier", "estimate"),
    ("moit_q3", "Δ0.3", "period", first_months(9, 2023)),
    ("moit_q3", "Δ0.3", "compared", first_months(9, 2022)),
    ("moit_q3", "Δ0.3", "indicator", Indicator("IIP", "sản xuất")),
    ("moit_q3", "4576", "unit", NGHIN_TI_DONG),
    ("moit_q3", "4576", "qualifier", "estimate"),
    ("moit_q3", "4576", "period", first_months(9, 2023)),
    ("moit_q3", "4576", "change_pct", Decimal("10.1")),
    ("moit_q3", "4576", "compared", first_months(9, 2022)),
    ("moit_q3", "4576", "indicator", Indicator("bán lẻ")),
    ("moit_q3", "16", "unit", Mentions("hiệp định")),
    ("moit_q3", "16", "period", stock("2023-09-30")),
    # most_h1_2021: half-year review, "date 2021-07"
    ("most_h1_2021", "63550", "unit", "đơn"),
    ("most_h1_2021", "63550", "qualifier", "exact"),
    ("most_h1_2021", "63550", "period", first_months(6, 2021)),
    ("most_h1_2021", "63550", "change_pct", Decimal("7.2")),
    ("most_h1_2021", "63550", "compared", first_months(6, 2020)),
    ("most_h1_2021", "63550", "indicator", Indicator("sở hữu công nghiệp")),
    ("most_h1_2021", "712", "unit", "doanh nghiệp"),
    ("most_h1_2021", "712", "period", stock("2021-06-30")),
    ("most_h1_2021", "712", "indicator", Indicator("doanh nghiệp khoa học và công nghệ")),
    ("most_h1_2021", "3210", "unit", TI_DONG),
    ("most_h1_2021", "3210", "qualifier", "estimate"),
    ("most_h1_2021", "3210", "period", first_months(6, 2021)),
    ("most_h1_2021", "3210", "plan_pct", Decimal("46")),
    ("most_h1_2021", "3210", "plan_period", year(2021)),
    ("most_h1_2021", "3210", "meeting", Mentions(F_M)),
    ("most_h1_2021", "3210", "indicator", Indicator("đổi mới công nghệ")),
    # mic_h1_2020: half-year review
    ("mic_h1_2020", "1.57", "unit", "triệu tỷ đồng"),
    ("mic_h1_2020", "1.57", "qualifier", "at-most"),
    ("mic_h1_2020", "1.57", "period", first_months(6, 2020)),
    ("mic_h1_2020", "1.57", "change_pct", Decimal("3.1")),
    ("mic_h1_2020", "1.57", "compared", first_months(6, 2019)),
    ("mic_h1_2020", "1.57", "indicator", Indicator("doanh thu toàn ngành")),
    ("mic_h1_2020", "Δ8", "qualifier", "at-least"),
    ("mic_h1_2020", "Δ8", "period", first_months(6, 2020)),
    ("mic_h1_2020", "Δ8", "compared", first_months(6, 2019)),
    ("mic_h1_2020", "Δ8", "indicator", Indicator("bưu chính")),
    ("mic_h1_2020", "1.2", "unit", "triệu hồ sơ"),
    ("mic_h1_2020", "1.2", "period", first_months(6, 2020)),
    ("mic_h1_2020", "1.2", "indicator", Indicator("hồ sơ")),
    ("mic_h1_2020", "58000", "unit", "doanh nghiệp"),
    ("mic_h1_2020", "58000", "qualifier", "at-least"),
    ("mic_h1_2020", "58000", "period_start", None),
    ("mic_h1_2020", "58000", "period_end", OneOf("2020-06-30", "2020-07-14")),
    # mic_2022_retold: the mic_2022 conference told by another outlet, with "tỉ"
    ("mic_2022_retold", "3.68", "unit", TRIEU_TI_DONG),
    ("mic_2022_retold", "3.68", "qualifier", "estimate"),
    ("mic_2022_retold", "3.68", "period", year(2022)),
    ("mic_2022_retold", "3.68", "change_pct", Decimal("9.8")),
    ("mic_2022_retold", "3.68", "compared", year(2021)),
    ("mic_2022_retold", "3.68", "meeting", Mentions(H_M)),
    ("mic_2022_retold", "3.68", "indicator", Indicator("doanh thu toàn ngành")),
    ("mic_2022_retold", "96400", "unit", TI_DONG),
    ("mic_2022_retold", "96400", "qualifier", "at-least"),
    ("mic_2022_retold", "96400", "period", year(2022)),
    ("mic_2022_retold", "96400", "indicator", Indicator("ngân sách")),
    ("mic_2022_retold", "71500", "unit", "doanh nghiệp"),
    ("mic_2022_retold", "71500", "qualifier", "estimate"),
    ("mic_2022_retold", "71500", "period_start", None),
    ("mic_2022_retold", "71500", "period_end", OneOf("2022-12-31", "2023-01-05")),
    # moit_05_2024: monthly trade figures, no meeting
    ("moit_05_2024", "33.4", "unit", "tỷ USD"),
    ("moit_05_2024", "33.4", "qualifier", "estimate"),
    ("moit_05_2024", "33.4", "period", month(5, 2024)),
    ("moit_05_2024", "33.4", "change_pct", Decimal("4.8")),
    ("moit_05_2024", "33.4", "compared", month(4, 2024)),
    ("moit_05_2024", "33.4", "meeting", None),
    ("moit_05_2024", "33.4", "indicator", Indicator("xuất khẩu")),
    ("moit_05_2024", "156.3", "unit", "tỷ USD"),
    ("moit_05_2024", "156.3", "qualifier", "estimate"),
    ("moit_05_2024", "156.3", "period", first_months(5, 2024)),
    ("moit_05_2024", "156.3", "change_pct", Decimal("15.1")),
    ("moit_05_2024", "156.3", "compared", first_months(5, 2023)),
    ("moit_05_2024", "156.3", "indicator", Indicator("xuất khẩu")),
    ("moit_05_2024", "34.2", "unit", "tỷ USD"),
    ("moit_05_2024", "34.2", "qualifier", "estimate"),
    ("moit_05_2024", "34.2", "period", month(5, 2024)),
    ("moit_05_2024", "34.2", "change_pct", Decimal("1.9")),
    ("moit_05_2024", "34.2", "compared", month(4, 2024)),
    ("moit_05_2024", "34.2", "indicator", Indicator("nhập khẩu")),
    ("moit_05_2024", "0.8", "unit", "tỷ USD"),
    ("moit_05_2024", "0.8", "period", month(5, 2024)),
    ("moit_05_2024", "0.8", "indicator", Indicator("nhập siêu", "cán cân")),
    ("moit_05_2024", "8.4", "unit", "tỷ USD"),
    ("moit_05_2024", "8.4", "period", first_months(5, 2024)),
    ("moit_05_2024", "8.4", "indicator", Indicator("xuất siêu", "cán cân")),
    ("moit_05_2024", "Δ2.1", "qualifier", "estimate"),
    ("moit_05_2024", "Δ2.1", "period", month(5, 2024)),
    ("moit_05_2024", "Δ2.1", "compared", month(4, 2024)),
    ("moit_05_2024", "Δ2.1", "indicator", Indicator("IIP", "sản xuất")),
    # most_2024: annual review, inverted "Chủ trì Hội nghị có ..." wording
    ("most_2024", "46", "unit", "hạng"),
    ("most_2024", "46", "period", year(2024)),
    ("most_2024", "46", "indicator", Indicator("GII", "đổi mới sáng tạo")),
    ("most_2024", "2", "unit", "bậc"),
    ("most_2024", "2", "period", year(2024)),
    ("most_2024", "2", "compared", year(2023)),
    ("most_2024", "10280", "unit", "đơn"),
    ("most_2024", "10280", "qualifier", "exact"),
    ("most_2024", "10280", "period", year(2024)),
    ("most_2024", "10280", "change_pct", Decimal("9.5")),
    ("most_2024", "10280", "compared", year(2023)),
    ("most_2024", "10280", "indicator", Indicator("sáng chế")),
    ("most_2024", "905", "unit", "doanh nghiệp"),
    ("most_2024", "905", "period", stock("2024-12-31")),
    ("most_2024", "905", "meeting", Mentions(J_M)),
    ("most_2024", "905", "indicator", Indicator("doanh nghiệp khoa học và công nghệ")),
    ("most_2024", "3", "unit", "Nghị định"),
    ("most_2024", "3", "period", year(2024)),
    ("most_2024", "11", "unit", "Thông tư"),
    ("most_2024", "11", "period", year(2024)),
]


@pytest.mark.parametrize("key,selector,field,expected", OBSERVATIONS,
                         ids=[f"{k}-{s}-{f}" for k, s, f, _ in OBSERVATIONS])
def test_observation(facts, key, selector, field, expected):
    obs = pick(facts[key].observations, selector, f"{key} observation")
    check(f"{key} observation {selector}", field, expected, field_of(facts[key], obs, field))


ALL_OBSERVED = {
    "mic_2022": {"3680200", "96410", "71500"},
    "mic_2022_05": {"291500", "1402300", "1146", "21.3"},
    "ncdt_5": {"14.3", "8.2", "58", "84", "4"},
    "tmdt": {"16.4"},
    "moit_q3": {"259.7", "93.1", "4576", "16"},
    "most_h1_2021": {"63550", "712", "3210"},
    "mic_h1_2020": {"1.57", "1.2", "58000"},  # "gấp 2,5 lần" qualifies 1,2 triệu (rule 19)
    "mic_2022_retold": {"3.68", "96400", "71500"},
    "moit_05_2024": {"33.4", "156.3", "34.2", "0.8", "8.4"},
    "most_2024": {"46", "2", "10280", "905", "3", "11"},
}


@pytest.mark.parametrize("key", sorted(ALL_OBSERVED))
def test_no_other_observed_levels(facts, key):
    """Years, dates, document numbers, connection points and targets are not observed levels."""
    expected = {Decimal(v) for v in ALL_OBSERVED[key]}
    got = [(o.indicator, o.value, o.unit) for o in facts[key].observations if o.value is not None]
    check(f"{key} observations", "values", expected, {v for _, v, _ in got})


# --- targets ----------------------------------------------------------------------------------

TARGETS = [
    ("mic_2022", "4010000", "unit", "tỷ đồng"),
    ("mic_2022", "4010000", "qualifier", "exact"),
    ("mic_2022", "4010000", "period", year(2023)),
    ("mic_2022", "4010000", "change_pct", Decimal("9")),
    ("mic_2022", "4010000", "meeting", Mentions(A_M)),
    ("mic_2022", "4010000", "indicator", Indicator("doanh thu toàn ngành")),
    ("mic_2022", "101000", "unit", "tỷ đồng"),
    ("mic_2022", "101000", "qualifier", "exact"),
    ("mic_2022", "101000", "period", year(2023)),
    ("mic_2022", "101000", "meeting", Mentions(A_M)),
    ("mic_2022", "101000", "indicator", Indicator("ngân sách")),
    ("ncdt_5", "50", "unit", "%"),
    ("ncdt_5", "50", "qualifier", "at-least"),
    ("ncdt_5", "50", "period_end", "2023-12-31"),
    ("ncdt_5", "50", "meeting", Mentions(C_M)),
    ("ncdt_5", "50", "indicator", Indicator("toàn trình")),
    ("tmdt", "35", "unit", "tỷ USD"),
    ("tmdt", "35", "qualifier", "exact"),
    ("tmdt", "35", "period", year(2025)),
    ("tmdt", "35", "meeting", None),
    ("tmdt", "35", "document", Mentions("1382/QĐ-TTg", "Chiến lược phát triển thương mại điện tử")),
    ("tmdt", "35", "indicator", Indicator("thương mại điện tử bán lẻ")),
    ("tmdt", "10", "unit", "%"),
    ("tmdt", "10", "period", year(2025)),
    ("tmdt", "10", "meeting", None),
    ("tmdt", "~20", "qualifier", "at-least"),
    ("tmdt", "~20", "meeting", None),
    ("tmdt", "~20", "indicator", Indicator("thương mại điện tử bán lẻ")),
    ("tmdt", "70", "unit", "%"),
    ("tmdt", "70", "qualifier", "at-least"),
    ("tmdt", "70", "period_end", "2030-12-31"),
    ("tmdt", "70", "meeting", None),
    ("tmdt", "70", "indicator", Indicator("mua sắm trực tuyến")),
    ("moit_q3", "355", "unit", "tỷ USD"),
    ("moit_q3", "355", "qualifier", "estimate"),
    ("moit_q3", "355", "period", year(2023)),
    ("moit_q3", "355", "meeting", Mentions(E_M)),
    ("moit_q3", "355", "indicator", Indicator("xuất khẩu")),
    ("most_h1_2021", "800", "unit", "doanh nghiệp"),
    ("most_h1_2021", "800", "qualifier", "at-least"),
    ("most_h1_2021", "800", "period", stock("2021-12-31")),
    ("most_h1_2021", "800", "meeting", Mentions(F_M)),
    ("mic_h1_2020", "3.4", "unit", "triệu tỷ đồng"),
    ("mic_h1_2020", "3.4", "qualifier", "estimate"),
    ("mic_h1_2020", "3.4", "period", year(2020)),
    ("mic_h1_2020", "3.4", "meeting", Mentions(G_M)),
    ("mic_h1_2020", "3.4", "indicator", Indicator("doanh thu toàn ngành")),
    ("mic_2022_retold", "4", "unit", TRIEU_TI_DONG),
    ("mic_2022_retold", "4", "qualifier", "estimate"),
    ("mic_2022_retold", "4", "period", year(2023)),
    ("mic_2022_retold", "4", "change_pct", Decimal("9")),
    ("mic_2022_retold", "4", "meeting", Mentions(H_M)),
    ("moit_05_2024", "~6", "qualifier", "estimate"),
    ("moit_05_2024", "~6", "period", year(2024)),
    ("moit_05_2024", "~6", "meeting", None),
    ("moit_05_2024", "~6", "indicator", Indicator("xuất khẩu")),
    ("most_2024", "3", "unit", "bậc"),
    ("most_2024", "3", "qualifier", "at-least"),
    ("most_2024", "3", "period", year(2025)),
    ("most_2024", "3", "meeting", Mentions(J_M)),
    ("most_2024", "3", "indicator", Indicator("GII", "đổi mới sáng tạo")),
    ("most_2024", "1000", "unit", "doanh nghiệp"),
    ("most_2024", "1000", "qualifier", "at-least"),
    ("most_2024", "1000", "period_end", "2025-12-31"),
    ("most_2024", "1000", "meeting", Mentions(J_M)),
]


@pytest.mark.parametrize("key,selector,field,expected", TARGETS,
                         ids=[f"{k}-{s}-{f}" for k, s, f, _ in TARGETS])
def test_target(facts, key, selector, field, expected):
    target = pick(facts[key].targets, selector, f"{key} target")
    check(f"{key} target {selector}", field, expected, field_of(facts[key], target, field))


# Goals only; "~N" goals (a growth rate) may be recorded as a value or a change, so N is allowed.
ALL_TARGETS = {
    "mic_2022": ({"4010000", "101000"}, set()),
    "mic_2022_05": (set(), set()),
    "ncdt_5": ({"50"}, set()),
    "tmdt": ({"35", "10", "70"}, {"20"}),
    "moit_q3": ({"355"}, set()),
    "most_h1_2021": ({"800"}, set()),
    "mic_h1_2020": ({"3.4"}, set()),
    "mic_2022_retold": ({"4"}, set()),
    "moit_05_2024": (set(), {"6"}),
    "most_2024": ({"3", "1000"}, set()),
}


@pytest.mark.parametrize("key", sorted(ALL_TARGETS))
def test_only_goals_are_targets(facts, key):
    required, optional = ({Decimal(v) for v in s} for s in ALL_TARGETS[key])
    got = {t.value for t in facts[key].targets if t.value is not None} - optional
    check(f"{key} targets", "values", required, got)


SAME_SERIES = [
    ("moit_q3", "exports", [("observation", "259.7"), ("observation", "93.1"), ("target", "355")]),
    ("moit_05_2024", "exports", [("observation", "33.4"), ("observation", "156.3")]),
    ("most_2024", "KH&CN enterprises", [("observation", "905"), ("target", "1000")]),
]


@pytest.mark.parametrize("key,series,members", SAME_SERIES,
                         ids=[f"{k}-{s}" for k, s, _ in SAME_SERIES])
def test_one_series_is_one_concept(facts, key, series, members):
    """A monthly figure, the year-to-date figure and the goal of one indicator share a concept."""
    groups = {"observation": facts[key].observations, "target": facts[key].targets}
    concepts = {f"{kind} {sel}": pick(groups[kind], sel, f"{key} {kind}").concept
                for kind, sel in members}
    assert len(set(concepts.values())) == 1, (
        f"{key} {series}.concept: expected one concept for {sorted(concepts)}, got {concepts}")


def test_retold_conference_names_the_same_revenue_concept(facts):
    """Two outlets' wordings of one indicator are one concept, and so are its goal and result."""
    a = pick(facts["mic_2022"].observations, "3680200", "mic_2022 observation")
    b = pick(facts["mic_2022_retold"].observations, "3.68", "mic_2022_retold observation")
    goal = pick(facts["mic_2022_retold"].targets, "4", "mic_2022_retold target")
    check("mic_2022_retold observation 3.68", "concept", a.concept, b.concept)
    check("mic_2022_retold target 4", "concept", b.concept, goal.concept)


# --- legal documents --------------------------------------------------------------------------

LEGAL = [
    ("mic_2022", "71/2022/NĐ-CP", "name", "Nghị định số 71/2022/NĐ-CP"),
    ("mic_2022", "71/2022/NĐ-CP", "kind", "decree"),
    ("mic_2022", "71/2022/NĐ-CP", "issuer", GOV),
    ("mic_2022", "71/2022/NĐ-CP", "date", "2022-10-03"),
    ("mic_2022", "71/2022/NĐ-CP", "status", "in-force"),
    ("mic_2022", "Luật Viễn thông (sửa đổi)", "kind", "law"),
    ("mic_2022", "Luật Viễn thông (sửa đổi)", "number", None),
    ("mic_2022", "Luật Viễn thông (sửa đổi)", "status", "draft"),
    ("mic_2022_05", "72/2013/NĐ-CP", "kind", "decree"),
    ("mic_2022_05", "72/2013/NĐ-CP", "issuer", GOV),
    ("mic_2022_05", "72/2013/NĐ-CP", "status", "in-force"),
    ("ncdt_5", "412/QĐ-TTg", "kind", "decision"),
    ("ncdt_5", "412/QĐ-TTg", "issuer", TTG_ISSUER),
    ("ncdt_5", "412/QĐ-TTg", "date", "2023-04-10"),
    ("tmdt", "1382/QĐ-TTg", "kind", "decision"),
    ("tmdt", "1382/QĐ-TTg", "issuer", TTG_ISSUER),
    ("tmdt", "1382/QĐ-TTg", "date", "2023-11-17"),
    ("tmdt", "1382/QĐ-TTg", "status", "in-force"),
    ("moit_q3", "18/2023/TT-BCT", "kind", "circular"),
    ("moit_q3", "18/2023/TT-BCT", "issuer", MOIT),
    ("moit_q3", "18/2023/TT-BCT", "date", "2023-09-20"),
    ("most_h1_2021", "03/2021/TT-BKHCN", "kind", "circular"),
    ("most_h1_2021", "03/2021/TT-BKHCN", "issuer", MOST),
    ("mic_h1_2020", "812/QĐ-TTg", "kind", "decision"),
    ("mic_h1_2020", "812/QĐ-TTg", "issuer", TTG_ISSUER),
    ("mic_h1_2020", "812/QĐ-TTg", "date", "2020-06-24"),
    ("mic_2022_retold", "Luật Viễn thông (sửa đổi)", "kind", "law"),
    ("mic_2022_retold", "Luật Viễn thông (sửa đổi)", "status", "draft"),
    ("moit_05_2024", "46/2024/NĐ-CP", "kind", "decree"),
    ("moit_05_2024", "46/2024/NĐ-CP", "issuer", GOV),
    ("moit_05_2024", "46/2024/NĐ-CP", "date", "2024-04-28"),
    ("most_2024", "Luật Khoa học, công nghệ và đổi mới sáng tạo", "kind", "law"),
    ("most_2024", "Luật Khoa học, công nghệ và đổi mới sáng tạo", "number", None),
    ("most_2024", "Luật Khoa học, công nghệ và đổi mới sáng tạo", "status", "draft"),
]


def document(article: ArticleFacts, key: str, what: str):
    found = [d for d in article.legal_documents if key in (d.number, d.name)]
    got = [(d.name, d.number) for d in article.legal_documents]
    assert len(found) == 1, f"{what} {key!r}: expected exactly one, found {len(found)}; got {got}"
    return found[0]


@pytest.mark.parametrize("key,doc,field,expected", LEGAL,
                         ids=[f"{k}-{d}-{f}" for k, d, f, _ in LEGAL])
def test_legal_document(facts, key, doc, field, expected):
    found = document(facts[key], doc, f"{key} legal document")
    check(f"{key} legal document {doc!r}", field, expected, getattr(found, field))


LEGAL_COUNT = {
    "mic_2022": 2, "mic_2022_05": 1, "ncdt_5": 1, "tmdt": 1, "moit_q3": 1, "most_h1_2021": 1,
    "mic_h1_2020": 1, "mic_2022_retold": 1, "moit_05_2024": 1, "most_2024": 1,
}


@pytest.mark.parametrize("key", sorted(LEGAL_COUNT))
def test_legal_document_count(facts, key):
    """Counts of unnamed documents ("3 Nghị định") are not documents."""
    got = [d.name for d in facts[key].legal_documents]
    check(f"{key} legal documents", "count", LEGAL_COUNT[key], len(got))


# --- strategies -------------------------------------------------------------------------------

STRATEGIES = [
    ("mic_2022", "Chiến lược phát triển hạ tầng số quốc gia đến năm 2025, định hướng đến năm 2030",
     "strategy", 2025, 2030),
    ("tmdt",
     "Chiến lược phát triển thương mại điện tử quốc gia đến năm 2030, tầm nhìn đến năm 2045",
     "strategy", 2030, 2045),
    ("moit_q3", "Chương trình Thương hiệu quốc gia Việt Nam đến năm 2030", "programme", 2030, None),
    ("most_h1_2021", "Chiến lược phát triển khoa học, công nghệ và đổi mới sáng tạo đến năm 2030",
     "strategy", 2030, None),
    ("mic_h1_2020",
     "Chương trình phát triển thị trường bưu chính đến năm 2025, định hướng đến năm 2030",
     "programme", 2025, 2030),
    ("most_2024", "Chương trình phát triển tài sản trí tuệ đến năm 2030", "programme", 2030, None),
]
STRATEGY_FIELDS = [(key, name, field, expected)
                   for key, name, kind, horizon, vision in STRATEGIES
                   for field, expected in (("name", name), ("kind", kind), ("horizon", horizon),
                                           ("vision", vision))]


@pytest.mark.parametrize("key,name,field,expected", STRATEGY_FIELDS,
                         ids=[f"{k}-{n[:40]}-{f}" for k, n, f, _ in STRATEGY_FIELDS])
def test_strategy(facts, key, name, field, expected):
    head = " ".join(name.split()[:4])
    found = [s for s in facts[key].strategies if s.name.startswith(head)]
    got = [s.name for s in facts[key].strategies]
    assert len(found) == 1, f"{key} strategy {name!r}: expected one starting {head!r}; got {got}"
    check(f"{key} strategy {name!r}", field, expected, getattr(found[0], field))


STRATEGY_COUNT = {"mic_2022": 1, "mic_2022_05": 0, "tmdt": 1, "moit_q3": 1, "most_h1_2021": 1,
                  "mic_h1_2020": 1, "mic_2022_retold": 0, "moit_05_2024": 0, "most_2024": 1}


@pytest.mark.parametrize("key", sorted(STRATEGY_COUNT))
def test_strategy_count(facts, key):
    """A strategy named in the headline and the body is one strategy."""
    got = [s.name for s in facts[key].strategies]
    assert len(got) == STRATEGY_COUNT[key], (
        f"{key} strategies.count: expected {STRATEGY_COUNT[key]}, got {len(got)}: {got}")
