"""The extractor on articles written for this test: new ministries, names, figures, documents.

Every figure below is made up; none is a fact of seeds/. Each expectation is one test so a
failure names the article, the fact and the field (expected vs got).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.build import extract_text
from kg.facts import ArticleFacts, Period

MOIT = """Bộ Công Thương tổng kết công tác năm 2024, triển khai nhiệm vụ năm 2025

Ngày 15/1/2025, Bộ trưởng Bộ Công Thương Lưu Văn An chủ trì Hội nghị tổng kết công tác năm 2024 \
và triển khai nhiệm vụ năm 2025 theo hình thức trực tiếp kết hợp trực tuyến tới 63 điểm cầu.

Theo báo cáo tại Hội nghị, năm 2024, kim ngạch xuất khẩu hàng hóa ước đạt 405,5 tỷ USD, tăng \
14,3% so với năm 2023. Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng đạt 6.125 nghìn \
tỷ đồng, tăng 8,7% so với năm trước.

Năm 2025, ngành Công Thương phấn đấu kim ngạch xuất khẩu hàng hóa đạt 450 tỷ USD, tăng 11% so \
với năm 2024.

Về hoàn thiện thể chế, Bộ Công Thương đã trình Chính phủ ban hành Nghị định số 12/2024/NĐ-CP \
ngày 5/2/2024 sửa đổi, bổ sung một số điều về quản lý hoạt động thương mại điện tử.

Bộ cũng đang hoàn thiện Chiến lược phát triển ngành công nghiệp hóa chất Việt Nam đến năm 2030, \
tầm nhìn đến năm 2045 để trình Thủ tướng Chính phủ phê duyệt.
"""

MOST = """Sáng 10/7/2024, tại Hà Nội, Bộ Khoa học và Công nghệ tổ chức Hội nghị sơ kết công tác \
6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2024 theo hình thức trực tuyến. Thứ \
trưởng Bộ Khoa học và Công nghệ Tạ Quang Vinh chủ trì Hội nghị.

Theo báo cáo, trong 6 tháng đầu năm 2024, số doanh nghiệp khoa học và công nghệ được cấp giấy \
chứng nhận đạt hơn 1.350 doanh nghiệp, tăng 4,2% so với cùng kỳ năm 2023.

Doanh thu từ hoạt động chuyển giao công nghệ ước đạt 2.150 tỷ đồng, giảm 3,5% so với cùng kỳ \
năm trước, đạt 48,5% kế hoạch năm 2024.

Phát biểu tại Hội nghị, ông Đỗ Thanh Bình, Chánh Văn phòng Bộ KH&CN, cho biết trong 6 tháng \
đầu năm, Bộ đã ban hành Thông tư số 05/2024/TT-BKHCN quy định về quản lý nhiệm vụ khoa học và \
công nghệ cấp quốc gia; đồng thời tham mưu Thủ tướng Chính phủ ban hành Quyết định số \
847/QĐ-TTg ngày 25/6/2024 phê duyệt danh mục công nghệ ưu tiên.

6 tháng cuối năm 2024, Bộ tiếp tục triển khai Chương trình đổi mới công nghệ quốc gia đến năm 2030.
"""

MOF = """Chiều 4/10/2024, Bộ Tài chính tổ chức họp báo thường kỳ quý III/2024 theo hình thức \
trực tiếp tại Trụ sở Bộ Tài chính. Thứ trưởng Bộ Tài chính Cao Minh Tuấn chủ trì họp báo.

Theo Thứ trưởng Cao Minh Tuấn, trong quý III/2024, thu ngân sách nhà nước ước đạt gần 512 nghìn \
tỷ đồng, tăng 12,4% so với cùng kỳ năm 2023.

Luật Quản lý thuế (sửa đổi) số 56/2024/QH15 đã được Quốc hội thông qua tại Kỳ họp thứ 8.
"""

MOST_Q1 = """Bộ KH&CN sơ kết công tác quý I/2025

08:30 | 21/03/2025

Sáng 20/3, Bộ Khoa học và Công nghệ tổ chức Hội nghị sơ kết công tác quý I và triển khai nhiệm \
vụ quý II năm 2025 theo hình thức trực tiếp kết hợp trực tuyến với 34 điểm cầu. Bộ trưởng Bộ \
Khoa học và Công nghệ Vương Đình Khải và Thứ trưởng Thường trực Bộ Khoa học và Công nghệ Trịnh \
Văn Sáu đồng chủ trì Hội nghị. Điểm cầu Nghệ An do Phó Chủ tịch UBND tỉnh Nghệ An Bùi Thanh Hà \
chủ trì.

Theo báo cáo, tính đến ngày 15/3/2025, cả nước có 5.120 doanh nghiệp khoa học và công nghệ.

Trong quý I/2025, doanh thu từ các nhiệm vụ khoa học và công nghệ đạt 1,2 nghìn tỷ đồng, giảm \
2,4% so với cùng kỳ năm 2024.

Chỉ số Đổi mới sáng tạo toàn cầu (GII) năm 2024 của Việt Nam xếp thứ 44/133 quốc gia và nền \
kinh tế, tăng 2 bậc so với năm 2023.

Phấn đấu đến hết năm 2025, cả nước có trên 6.000 doanh nghiệp khoa học và công nghệ.

Bộ trưởng Vương Đình Khải đề nghị các đơn vị khẩn trương triển khai Chỉ thị số 07/CT-TTg ngày \
14/3/2025 của Thủ tướng Chính phủ và Đề án phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo \
quốc gia đến năm 2030.
"""

MOH = """Ngày 8/1/2025, tại Hà Nội, Bộ Y tế tổ chức Hội nghị tổng kết công tác y tế năm 2024 và \
triển khai nhiệm vụ năm 2025. Phó Thủ tướng Chính phủ Mạc Văn Tùng dự và chỉ đạo Hội nghị. Bộ \
trưởng Bộ Y tế Ninh Thị Lan chủ trì Hội nghị.

Năm 2024, số thẻ bảo hiểm y tế điện tử được kích hoạt đạt 3,2 triệu thẻ, gấp 1,5 lần năm 2023. \
Tỷ lệ bao phủ bảo hiểm y tế đạt 94,2% dân số.

Năm 2025, ngành Y tế phấn đấu tỷ lệ bao phủ bảo hiểm y tế đạt trên 95% dân số.

Bộ trưởng Ninh Thị Lan đề nghị các đơn vị triển khai nghiêm Quyết định số 1520/QĐ-BYT ngày \
20/5/2024 của Bộ Y tế và Nghị quyết số 35/NQ-CP ngày 12/3/2024 của Chính phủ.
"""

ARTICLES = {
    "moit": ("bo_cong_thuong_tong_ket_2024.txt", MOIT),
    "most": ("bo_khcn_so_ket_6_thang_2024.txt", MOST),
    "mof": ("bo_tai_chinh_hop_bao_quy_3_2024.txt", MOF),
    "most_q1": ("bo_khcn_so_ket_quy_1_2025.txt", MOST_Q1),
    "moh": ("bo_y_te_tong_ket_2024.txt", MOH),
}
YEAR_2023 = ("2023-01-01", "2023-12-31")
YEAR_2024 = ("2024-01-01", "2024-12-31")
YEAR_2025 = ("2025-01-01", "2025-12-31")
H1_2023 = ("2023-01-01", "2023-06-30")
H1_2024 = ("2024-01-01", "2024-06-30")
H2_2024 = ("2024-07-01", "2024-12-31")
Q3_2023 = ("2023-07-01", "2023-09-30")
Q3_2024 = ("2024-07-01", "2024-09-30")
Q1_2024 = ("2024-01-01", "2024-03-31")
Q1_2025 = ("2025-01-01", "2025-03-31")
Q2_2025 = ("2025-04-01", "2025-06-30")
MOIT_MEETING = "Hội nghị tổng kết công tác năm 2024"
MOST_MEETING = "Hội nghị sơ kết công tác 6 tháng đầu năm"
MOF_MEETING = "Họp báo thường kỳ quý III/2024"
MOST_Q1_MEETING = "Hội nghị sơ kết công tác quý I"
MOH_MEETING = "Hội nghị tổng kết công tác y tế năm 2024"


@pytest.fixture(scope="module")
def facts() -> dict[str, ArticleFacts]:
    return {key: extract_text(name, text) for key, (name, text) in ARTICLES.items()}


def plain(value):
    """Periods compare as (start, end); everything else as it is."""
    return (value.start, value.end) if isinstance(value, Period) else value


def meeting_named(article: ArticleFacts, prefix: str):
    found = [m for m in article.meetings if m.label.lower().startswith(prefix.lower())]
    assert found, f"no meeting labelled {prefix!r}; got {[m.label for m in article.meetings]}"
    return found[0]


def figure(items, value: str, what: str):
    found = [x for x in items if x.value == Decimal(value)]
    got = [(x.indicator, str(x.value), x.unit) for x in items]
    assert len(found) == 1, f"expected one {what} of {value}; got {got}"
    return found[0]


# --- meetings ---------------------------------------------------------------------------------

MEETINGS = [
    ("moit", MOIT_MEETING, "kind", "conference"),
    ("moit", MOIT_MEETING, "date", "2025-01-15"),
    ("moit", MOIT_MEETING, "format", "hybrid"),
    ("moit", MOIT_MEETING, "connection_points", 63),
    ("moit", MOIT_MEETING, "chairs", ("Lưu Văn An",)),
    ("moit", MOIT_MEETING, "organizer", "Bộ Công Thương"),
    ("moit", MOIT_MEETING, "reviews", YEAR_2024),
    ("moit", MOIT_MEETING, "plans", YEAR_2025),
    ("most", MOST_MEETING, "kind", "conference"),
    ("most", MOST_MEETING, "date", "2024-07-10"),
    ("most", MOST_MEETING, "location", "Hà Nội"),
    ("most", MOST_MEETING, "format", "online"),
    ("most", MOST_MEETING, "connection_points", None),
    ("most", MOST_MEETING, "chairs", ("Tạ Quang Vinh",)),
    ("most", MOST_MEETING, "organizer", "Bộ Khoa học và Công nghệ"),
    ("most", MOST_MEETING, "reviews", H1_2024),
    ("most", MOST_MEETING, "plans", H2_2024),
    ("mof", MOF_MEETING, "kind", "press-conference"),
    ("mof", MOF_MEETING, "date", "2024-10-04"),
    ("mof", MOF_MEETING, "format", "in-person"),
    ("mof", MOF_MEETING, "location", "Trụ sở Bộ Tài chính"),
    ("mof", MOF_MEETING, "chairs", ("Cao Minh Tuấn",)),
    ("mof", MOF_MEETING, "organizer", "Bộ Tài chính"),
    ("most_q1", MOST_Q1_MEETING, "kind", "conference"),
    ("most_q1", MOST_Q1_MEETING, "date", "2025-03-20"),
    ("most_q1", MOST_Q1_MEETING, "format", "hybrid"),
    ("most_q1", MOST_Q1_MEETING, "connection_points", 34),
    ("most_q1", MOST_Q1_MEETING, "chairs", ("Vương Đình Khải", "Trịnh Văn Sáu")),
    ("most_q1", MOST_Q1_MEETING, "organizer", "Bộ Khoa học và Công nghệ"),
    ("most_q1", MOST_Q1_MEETING, "reviews", Q1_2025),
    ("most_q1", MOST_Q1_MEETING, "plans", Q2_2025),
    ("moh", MOH_MEETING, "date", "2025-01-08"),
    ("moh", MOH_MEETING, "location", "Hà Nội"),
    ("moh", MOH_MEETING, "chairs", ("Ninh Thị Lan",)),
    ("moh", MOH_MEETING, "attendees", ("Mạc Văn Tùng",)),
    ("moh", MOH_MEETING, "organizer", "Bộ Y tế"),
    ("moh", MOH_MEETING, "reviews", YEAR_2024),
    ("moh", MOH_MEETING, "plans", YEAR_2025),
]


@pytest.mark.parametrize("article,label,field,expected", MEETINGS,
                         ids=[f"{a}-{f}" for a, _, f, _ in MEETINGS])
def test_meeting(facts, article, label, field, expected):
    meeting = meeting_named(facts[article], label)
    assert plain(getattr(meeting, field)) == expected


def test_connection_point_chair_is_an_attendee(facts):
    """Who leads only a provincial connection point attends; the conference's chairs chair."""
    meeting = meeting_named(facts["most_q1"], MOST_Q1_MEETING)
    assert "Bùi Thanh Hà" not in meeting.chairs
    assert "Bùi Thanh Hà" in meeting.attendees


def test_publication_date_from_the_time_stamp(facts):
    assert facts["most_q1"].meta.published == "2025-03-21"


# --- people and organizations -----------------------------------------------------------------

PEOPLE = [
    ("moit", "Lưu Văn An", (("Bộ trưởng", "Bộ Công Thương"),)),
    ("most", "Tạ Quang Vinh", (("Thứ trưởng", "Bộ Khoa học và Công nghệ"),)),
    ("most", "Đỗ Thanh Bình", (("Chánh Văn phòng", "Bộ Khoa học và Công nghệ"),)),
    ("mof", "Cao Minh Tuấn", (("Thứ trưởng", "Bộ Tài chính"),)),
    ("most_q1", "Vương Đình Khải", (("Bộ trưởng", "Bộ Khoa học và Công nghệ"),)),
    ("most_q1", "Trịnh Văn Sáu", (("Thứ trưởng Thường trực", "Bộ Khoa học và Công nghệ"),)),
    ("most_q1", "Bùi Thanh Hà", (("Phó Chủ tịch", "UBND tỉnh Nghệ An"),)),
    ("moh", "Mạc Văn Tùng", (("Phó Thủ tướng", "Chính phủ"),)),
    ("moh", "Ninh Thị Lan", (("Bộ trưởng", "Bộ Y tế"),)),
]


@pytest.mark.parametrize("article,name,roles", PEOPLE, ids=[p[1] for p in PEOPLE])
def test_person_with_title_and_organization(facts, article, name, roles):
    people = {p.name: p for p in facts[article].people}
    assert name in people, f"got people {sorted(people)}"
    assert tuple((r.title, r.organization) for r in people[name].roles) == roles


ORGANIZATIONS = [
    ("moit", "Bộ Công Thương", "ministry"),
    ("moit", "Chính phủ", "government"),
    ("most", "Bộ Khoa học và Công nghệ", "ministry"),
    ("mof", "Bộ Tài chính", "ministry"),
    ("mof", "Quốc hội", "legislature"),
    ("most_q1", "Bộ Khoa học và Công nghệ", "ministry"),
    ("most_q1", "UBND tỉnh Nghệ An", "provincial"),
]


@pytest.mark.parametrize("article,name,kind", ORGANIZATIONS,
                         ids=[f"{a}-{n}" for a, n, _ in ORGANIZATIONS])
def test_organization(facts, article, name, kind):
    orgs = {o.name: o.kind for o in facts[article].organizations}
    assert orgs.get(name) == kind, f"got {orgs}"


def test_abbreviation_is_an_alias_of_the_ministry(facts):
    orgs = {o.name: o for o in facts["most"].organizations}
    assert "Bộ KH&CN" not in orgs
    assert "Bộ KH&CN" in orgs["Bộ Khoa học và Công nghệ"].aliases


# --- observations and targets -----------------------------------------------------------------

OBSERVATIONS = [
    ("moit", "405.5", "unit", "tỷ USD"),
    ("moit", "405.5", "qualifier", "estimate"),
    ("moit", "405.5", "period", YEAR_2024),
    ("moit", "405.5", "change_pct", Decimal("14.3")),
    ("moit", "405.5", "compared", YEAR_2023),
    ("moit", "405.5", "meeting", MOIT_MEETING),
    ("moit", "6125", "unit", "nghìn tỷ đồng"),
    ("moit", "6125", "qualifier", "exact"),
    ("moit", "6125", "period", YEAR_2024),
    ("moit", "6125", "change_pct", Decimal("8.7")),
    ("moit", "6125", "compared", YEAR_2023),
    ("most", "1350", "unit", "doanh nghiệp"),
    ("most", "1350", "qualifier", "at-least"),
    ("most", "1350", "period", H1_2024),
    ("most", "1350", "change_pct", Decimal("4.2")),
    ("most", "1350", "compared", H1_2023),
    ("most", "1350", "meeting", MOST_MEETING),
    ("most", "2150", "unit", "tỷ đồng"),
    ("most", "2150", "qualifier", "estimate"),
    ("most", "2150", "period", H1_2024),
    ("most", "2150", "change_pct", Decimal("-3.5")),
    ("most", "2150", "compared", H1_2023),
    ("most", "2150", "plan_pct", Decimal("48.5")),
    ("most", "2150", "plan_period", YEAR_2024),
    ("mof", "512", "unit", "nghìn tỷ đồng"),
    ("mof", "512", "qualifier", "at-most"),
    ("mof", "512", "period", Q3_2024),
    ("mof", "512", "change_pct", Decimal("12.4")),
    ("mof", "512", "compared", Q3_2023),
    ("most_q1", "5120", "unit", "doanh nghiệp"),
    ("most_q1", "5120", "qualifier", "exact"),
    ("most_q1", "5120", "period", (None, "2025-03-15")),
    ("most_q1", "5120", "change_pct", None),
    ("most_q1", "1.2", "unit", "nghìn tỷ đồng"),
    ("most_q1", "1.2", "period", Q1_2025),
    ("most_q1", "1.2", "change_pct", Decimal("-2.4")),
    ("most_q1", "1.2", "compared", Q1_2024),
    ("most_q1", "1.2", "meeting", MOST_Q1_MEETING),
    ("most_q1", "44", "unit", "hạng"),
    ("most_q1", "44", "period", YEAR_2024),
    ("most_q1", "2", "unit", "bậc"),
    ("most_q1", "2", "period", YEAR_2024),
    ("most_q1", "2", "compared", YEAR_2023),
    ("moh", "3.2", "unit", "triệu thẻ"),
    ("moh", "3.2", "period", YEAR_2024),
    ("moh", "94.2", "unit", "%"),
    ("moh", "94.2", "period", (None, "2024-12-31")),  # a coverage rate is a level at the end
]


def check_figure(article: ArticleFacts, fact, field: str, expected) -> None:
    got = plain(getattr(fact, field))
    if field == "meeting":
        got = next((m.label for m in article.meetings if m.key == fact.meeting), None)
        assert got is not None and got.lower().startswith(expected.lower()), f"got {got!r}"
    else:
        assert got == expected


@pytest.mark.parametrize("article,value,field,expected", OBSERVATIONS,
                         ids=[f"{a}-{v}-{f}" for a, v, f, _ in OBSERVATIONS])
def test_observation(facts, article, value, field, expected):
    obs = figure(facts[article].observations, value, "observation")
    check_figure(facts[article], obs, field, expected)


INDICATORS = [
    ("moit", "405.5", "xuất khẩu hàng hóa"),
    ("moit", "6125", "bán lẻ hàng hóa"),
    ("most", "1350", "doanh nghiệp khoa học và công nghệ"),
    ("most", "2150", "chuyển giao công nghệ"),
    ("mof", "512", "thu ngân sách nhà nước"),
    ("most_q1", "5120", "doanh nghiệp khoa học và công nghệ"),
    ("most_q1", "1.2", "nhiệm vụ khoa học và công nghệ"),
    ("most_q1", "44", "đổi mới sáng tạo"),
    ("most_q1", "2", "đổi mới sáng tạo"),
    ("moh", "3.2", "thẻ bảo hiểm y tế"),
    ("moh", "94.2", "bao phủ bảo hiểm y tế"),
]


@pytest.mark.parametrize("article,value,words", INDICATORS,
                         ids=[f"{a}-{v}" for a, v, _ in INDICATORS])
def test_observation_indicator(facts, article, value, words):
    obs = figure(facts[article].observations, value, "observation")
    assert words in obs.indicator.lower()
    assert obs.concept


ALL_OBSERVED = {
    "moit": {Decimal("405.5"), Decimal("6125")},
    "most": {Decimal("1350"), Decimal("2150")},
    "mof": {Decimal("512")},
    "most_q1": {Decimal("5120"), Decimal("1.2"), Decimal("44"), Decimal("2")},
    "moh": {Decimal("3.2"), Decimal("94.2")},  # "gấp 1,5 lần" qualifies 3,2 triệu (rule 19)
}


@pytest.mark.parametrize("article", sorted(ALL_OBSERVED))
def test_no_other_observations(facts, article):
    """Years, document numbers, dates and connection points are not reported figures."""
    got = [(o.indicator, str(o.value), o.unit) for o in facts[article].observations]
    assert {o.value for o in facts[article].observations} == ALL_OBSERVED[article], got


TARGETS = [
    ("moit", "450", "unit", "tỷ USD"),
    ("moit", "450", "qualifier", "exact"),
    ("moit", "450", "period", YEAR_2025),
    ("moit", "450", "change_pct", Decimal("11")),
    ("moit", "450", "meeting", MOIT_MEETING),
    ("most_q1", "6000", "unit", "doanh nghiệp"),
    ("most_q1", "6000", "qualifier", "at-least"),
    ("most_q1", "6000", "period", (None, "2025-12-31")),
    ("most_q1", "6000", "meeting", MOST_Q1_MEETING),
    ("moh", "95", "unit", "%"),
    ("moh", "95", "qualifier", "at-least"),
    ("moh", "95", "period", YEAR_2025),
    ("moh", "95", "meeting", MOH_MEETING),
]


@pytest.mark.parametrize("article,value,field,expected", TARGETS,
                         ids=[f"{a}-{v}-{f}" for a, v, f, _ in TARGETS])
def test_target(facts, article, value, field, expected):
    target = figure(facts[article].targets, value, "target")
    check_figure(facts[article], target, field, expected)


def test_target_shares_the_indicator_of_the_observation(facts):
    """Exports reported for 2024 and targeted for 2025 are one series."""
    target = figure(facts["moit"].targets, "450", "target")
    obs = figure(facts["moit"].observations, "405.5", "observation")
    assert target.indicator.lower().startswith("kim ngạch xuất khẩu"), target.indicator
    assert target.concept == obs.concept


@pytest.mark.parametrize("article", sorted(ARTICLES))
def test_only_goals_are_targets(facts, article):
    goals = {"moit": {Decimal("450")}, "most_q1": {Decimal("6000")}, "moh": {Decimal("95")}}
    expected = goals.get(article, set())
    got = [(t.indicator, str(t.value), t.unit) for t in facts[article].targets]
    assert {t.value for t in facts[article].targets} == expected, got


# --- legal documents and strategies -----------------------------------------------------------

LEGAL = [
    ("moit", "12/2024/NĐ-CP", "kind", "decree"),
    ("moit", "12/2024/NĐ-CP", "issuer", "Chính phủ"),
    ("moit", "12/2024/NĐ-CP", "date", "2024-02-05"),
    ("most", "05/2024/TT-BKHCN", "kind", "circular"),
    ("most", "05/2024/TT-BKHCN", "issuer", "Bộ Khoa học và Công nghệ"),
    ("most", "847/QĐ-TTg", "kind", "decision"),
    ("most", "847/QĐ-TTg", "issuer", "Chính phủ"),
    ("most", "847/QĐ-TTg", "date", "2024-06-25"),
    ("mof", "56/2024/QH15", "kind", "law"),
    ("mof", "56/2024/QH15", "issuer", "Quốc hội"),
    ("mof", "56/2024/QH15", "status", "passed"),
    ("most_q1", "07/CT-TTg", "kind", "directive"),
    ("most_q1", "07/CT-TTg", "issuer", "Chính phủ"),
    ("most_q1", "07/CT-TTg", "date", "2025-03-14"),
    ("moh", "1520/QĐ-BYT", "kind", "decision"),
    ("moh", "1520/QĐ-BYT", "issuer", "Bộ Y tế"),
    ("moh", "1520/QĐ-BYT", "date", "2024-05-20"),
    ("moh", "35/NQ-CP", "kind", "resolution"),
    ("moh", "35/NQ-CP", "issuer", "Chính phủ"),
    ("moh", "35/NQ-CP", "date", "2024-03-12"),
]


def document(article: ArticleFacts, number: str):
    found = [d for d in article.legal_documents if d.number == number]
    got = [(d.name, d.number) for d in article.legal_documents]
    assert len(found) == 1, f"expected one document numbered {number}; got {got}"
    return found[0]


@pytest.mark.parametrize("article,number,field,expected", LEGAL,
                         ids=[f"{n}-{f}" for _, n, f, _ in LEGAL])
def test_legal_document(facts, article, number, field, expected):
    assert getattr(document(facts[article], number), field) == expected


def test_legal_document_name(facts):
    assert document(facts["mof"], "56/2024/QH15").name.startswith("Luật Quản lý thuế")
    assert document(facts["moit"], "12/2024/NĐ-CP").name.startswith("Nghị định")


STRATEGIES = [
    ("moit", "Chiến lược phát triển ngành công nghiệp hóa chất", "kind", "strategy"),
    ("moit", "Chiến lược phát triển ngành công nghiệp hóa chất", "horizon", 2030),
    ("moit", "Chiến lược phát triển ngành công nghiệp hóa chất", "vision", 2045),
    ("most", "Chương trình đổi mới công nghệ quốc gia", "kind", "programme"),
    ("most", "Chương trình đổi mới công nghệ quốc gia", "horizon", 2030),
    ("most", "Chương trình đổi mới công nghệ quốc gia", "vision", None),
    ("most_q1", "Đề án phát triển hệ sinh thái khởi nghiệp", "kind", "scheme"),
    ("most_q1", "Đề án phát triển hệ sinh thái khởi nghiệp", "horizon", 2030),
    ("most_q1", "Đề án phát triển hệ sinh thái khởi nghiệp", "vision", None),
]


@pytest.mark.parametrize("article,prefix,field,expected", STRATEGIES,
                         ids=[f"{a}-{f}" for a, _, f, _ in STRATEGIES])
def test_strategy(facts, article, prefix, field, expected):
    found = [s for s in facts[article].strategies if s.name.startswith(prefix)]
    assert found, f"no {prefix!r}; got {[s.name for s in facts[article].strategies]}"
    assert getattr(found[0], field) == expected


# --- evidence ---------------------------------------------------------------------------------

@pytest.mark.parametrize("article", sorted(ARTICLES))
def test_every_fact_quotes_its_article(facts, article):
    text = ARTICLES[article][1]
    found = list(facts[article].all_facts())
    assert found
    for fact in found:
        ev = fact.evidence
        assert ev.quote.strip() and ev.quote == text[ev.start:ev.end], (fact, ev)
