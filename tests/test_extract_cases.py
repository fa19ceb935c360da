"""The kinds of case real reports of many ministries and provinces contain, each in a sentence
written for this test (names, figures and dates invented)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.extract.series import ArticleScope, series_of
from kg.sources import Article


def read(text: str, name: str = "bai.txt"):
    return extract(Article(name, text))


def figure(facts, value: str, kind: str = "observations"):
    found = [f for f in getattr(facts, kind) if f.value == Decimal(value)]
    assert found, f"no {kind} of {value}: {getattr(facts, kind)}"
    return found[0]


def change(facts, pct: str, kind: str = "observations"):
    found = [f for f in getattr(facts, kind) if f.change_pct == Decimal(pct) and f.value is None]
    assert found, f"no change-only {kind} of {pct}%: {getattr(facts, kind)}"
    return found[0]


def span(period):
    return (period.start, period.end) if period else None


# -- indicator names -------------------------------------------------------------------------

@pytest.mark.parametrize("text,value,name", [
    ("(ABC) - Doanh thu lĩnh vực bưu chính tháng 5/2031 ước đạt 4,2 nghìn tỷ đồng.",
     "4.2", "Doanh thu lĩnh vực bưu chính"),
    ("Theo Bộ Công Thương, kim ngạch xuất khẩu năm 2031 đạt 512 tỷ USD.",
     "512", "kim ngạch xuất khẩu"),
    ("Dù vậy, tổng doanh thu toàn ngành năm 2031 ước đạt 3,1 triệu tỷ đồng.",
     "3.1", "tổng doanh thu toàn ngành"),
    ("Doanh thu toàn ngành ước đạt xấp xỉ 2,8 triệu tỷ đồng trong năm 2031.",
     "2.8", "Doanh thu toàn ngành"),
    ("Trong giai đoạn 2026-2030, tổng nộp ngân sách nhà nước đã đạt 95.000 tỷ đồng.",
     "95000", "tổng nộp ngân sách nhà nước"),
])
def test_names_are_the_noun_phrase(text, value, name):
    assert figure(read(text), value).indicator == name


def test_a_rank_is_named_by_its_ranking_not_the_country():
    facts = read("Năm 2031, Việt Nam xếp thứ 61/193 quốc gia về Chính phủ điện tử (EGDI), "
                 "tăng 4 bậc so với năm 2029.")
    assert "Chính phủ điện tử" in figure(facts, "61").indicator
    assert "Chính phủ điện tử" in figure(facts, "4").indicator


def test_a_province_rank_in_its_region_and_in_the_country_are_two_series():
    facts = read("Năm 2031, tốc độ tăng trưởng kinh tế của tỉnh đạt 7,1%, xếp thứ 8 trong vùng "
                 "Tây Nguyên, xếp thứ 21 so với cả nước. Khu vực dịch vụ tăng trưởng 6,2%, "
                 "xếp thứ 8 trong vùng Tây Nguyên, xếp thứ 30 so với cả nước.")
    ranks = [f for f in facts.observations if f.unit == "hạng"]
    assert sorted(f.value for f in ranks) == [8, 8, 21, 30]  # the second 8 is not a restatement
    region, country = figure(facts, "8"), figure(facts, "21")
    assert region.indicator.startswith("xếp hạng") and "trong vùng Tây Nguyên" in region.indicator
    assert "so với cả nước" in country.indicator
    assert len({f.concept for f in ranks}) == 4
    assert change(facts, "7.1").concept not in {f.concept for f in ranks}
    assert figure(facts, "30").indicator.startswith("xếp hạng khu vực dịch vụ")


def test_a_share_is_named_as_a_share():
    facts = read("Năm 2031, công nghiệp chế biến, chế tạo thu hút 14,5 tỷ USD, "
                 "chiếm 51,2% tổng vốn đăng ký.")
    assert figure(facts, "51.2").indicator.startswith("tỷ trọng")


# -- series ----------------------------------------------------------------------------------

def test_one_quantity_in_two_articles_is_one_series():
    a = read("Năm 2031, doanh thu toàn ngành Thông tin và Truyền thông đạt 4 triệu tỷ đồng.")
    b = read("Tổng doanh thu toàn ngành TT&TT năm 2032 ước đạt 4,4 triệu tỷ đồng.")
    assert figure(a, "4").concept == figure(b, "4.4").concept


def test_scopes_keep_series_apart():
    facts = read("Năm 2031, doanh thu toàn ngành TT&TT đạt 4 triệu tỷ đồng, doanh thu lĩnh vực "
                 "bưu chính đạt 61 nghìn tỷ đồng. Kim ngạch xuất khẩu cả nước đạt 500 tỷ USD, "
                 "kim ngạch xuất khẩu điện thoại và linh kiện đạt 60 tỷ USD.")
    concepts = {figure(facts, v).concept for v in ("4", "61", "500", "60")}
    assert len(concepts) == 4


def test_a_province_has_its_own_series():
    national = read("Năm 2031, tăng trưởng GDP cả nước đạt 6,8%.")
    provincial = read("Sáng 20/12, UBND tỉnh Bình Định tổ chức phiên họp thường kỳ. "
                      "Năm 2031, tốc độ tăng trưởng GRDP của tỉnh ước đạt 7,2%.")
    assert change(national, "6.8").concept != change(provincial, "7.2").concept
    assert "binh-dinh" in change(provincial, "7.2").concept


def test_a_series_links_to_the_scheme():
    facts = read("Năm 2031, chỉ số giá tiêu dùng (CPI) bình quân tăng 3,1% so với năm 2030.")
    series = change(facts, "3.1").series
    assert series.quantity == "chi-so-gia-tieu-dung" and series.scope == "cả nước"


# -- meetings --------------------------------------------------------------------------------

def test_a_day_with_a_hyphen_and_a_quoted_title():
    facts = read("Ngày 22-12, tại Hà Nội, Bộ Công Thương tổ chức hội nghị “Tổng kết công tác "
                 "năm 2031, triển khai nhiệm vụ năm 2032”.\n\nNăm 2031, kim ngạch xuất khẩu "
                 "đạt 520 tỷ USD.")
    meeting = facts.meetings[0]
    assert meeting.date == "2031-12-22"
    assert meeting.label == "Hội nghị Tổng kết công tác năm 2031, triển khai nhiệm vụ năm 2032"


def test_a_provincial_committee_meeting_chaired_by_a_body():
    facts = read("Chiều 18/12/2031, cuộc họp UBND tỉnh Phú Yên do Sở Kế hoạch và Đầu tư chủ trì "
                 "đánh giá tình hình kinh tế - xã hội năm 2031.")
    meeting = facts.meetings[0]
    assert meeting.date == "2031-12-18"
    assert meeting.chairs == ()
    assert meeting.organizer and meeting.organizer.startswith("Sở Kế hoạch và Đầu tư")


def test_an_online_conference():
    facts = read("Sáng 5/1/2032, Bộ Y tế tổ chức Hội nghị trực tuyến toàn quốc tổng kết công tác "
                 "năm 2031.")
    assert facts.meetings[0].format == "online"


# -- figures ---------------------------------------------------------------------------------

def test_a_growth_only_figure_has_no_value():
    facts = read("Năm 2031, giá trị tăng thêm ngành công nghiệp ước tăng 4,12% so với năm 2030.")
    fact = change(facts, "4.12")
    assert fact.value is None and span(fact.compared) == ("2030-01-01", "2030-12-31")


def test_a_growth_rate_written_as_a_level_is_a_change():
    fact = change(read("Năm 2031, tốc độ tăng trưởng của ngành xây dựng ước đạt 7,5%."), "7.5")
    assert fact.unit == ""


def test_month_on_month_and_year_to_date():
    facts = read("Chỉ số sản xuất công nghiệp tháng 3/2031 ước tăng 2,4% so với tháng trước; "
                 "tính chung quý I/2031 tăng 6,1% so với cùng kỳ năm trước.")
    month = change(facts, "2.4")
    assert span(month.period) == ("2031-03-01", "2031-03-31")
    assert span(month.compared) == ("2031-02-01", "2031-02-28")
    quarter = change(facts, "6.1")
    assert span(quarter.period) == ("2031-01-01", "2031-03-31")


def test_counts_out_of_a_total_multiples_and_absolute_changes():
    facts = read("Năm 2031, tỉnh hoàn thành 14/16 chỉ tiêu chủ yếu. Số thẻ bảo hiểm y tế điện tử "
                 "đạt 2,6 triệu thẻ, gấp 1,8 lần năm 2030. Lực lượng lao động đạt 53,1 triệu "
                 "người, tăng 410 nghìn người so với năm 2030.")
    assert figure(facts, "14").unit == "chỉ tiêu"
    assert not [f for f in facts.observations if f.value == Decimal("1.8")]  # rule 19
    assert not [f for f in facts.observations if f.value == Decimal("410")]


def test_a_ratio_to_an_earlier_period_is_no_figure():
    facts = read("Tính đến 22/11/2031, vốn FDI đăng ký đạt 27,5 tỷ USD, bằng 91,2% so với cùng "
                 "kỳ năm 2030.")
    assert not [f for f in facts.observations if f.value == Decimal("91.2")]
    assert span(figure(facts, "27.5").period) == ("2031-01-01", "2031-11-22")


def test_a_level_is_measured_at_the_end_of_the_period():
    fact = figure(read("Sáu tháng đầu năm 2031, số thuê bao di động đạt 128 triệu thuê bao."),
                  "128")
    assert span(fact.period) == (None, "2031-06-30")


def test_figures_of_a_period_still_ahead_are_targets():
    facts = read("Ngày 5/11/2031, Bộ Tài chính dự kiến tổng thu ngân sách nhà nước năm 2032 "
                 "khoảng 2,1 triệu tỷ đồng.")
    fact = figure(facts, "2.1", "targets")
    assert span(fact.period) == ("2032-01-01", "2032-12-31")


def test_goals_of_a_strategy_take_its_horizon():
    facts = read("Quyết định phê duyệt Chiến lược phát triển giáo dục đến năm 2040. Chiến lược "
                 "nêu mục tiêu cụ thể đến năm 2040. Ví dụ, tỷ lệ trẻ em mẫu giáo đến trường "
                 "đạt 98%.", "chien-luoc.txt")
    assert span(figure(facts, "98", "targets").period) == ("2040-01-01", "2040-12-31")


# -- organizations and people ---------------------------------------------------------------

def test_provincial_bodies_and_a_city():
    facts = read("Ông Lê Văn Tâm, Chủ tịch UBND thành phố Cần Thơ, và bà Trần Thị Hoa, "
                 "Phó Chủ tịch HĐND tỉnh Hậu Giang, dự hội nghị.")
    roles = {p.name: p.roles[0] for p in facts.people}
    assert roles["Lê Văn Tâm"].organization == "UBND thành phố Cần Thơ"
    assert roles["Trần Thị Hoa"].organization == "HĐND tỉnh Hậu Giang"


def test_officials_listed_with_a_dash():
    facts = read("Dự hội nghị có các đồng chí: Phan Văn Minh - Thứ trưởng Bộ Công an; "
                 "Đỗ Thị Lan - Chủ nhiệm Ủy ban Kinh tế của Quốc hội.")
    roles = {p.name: p.roles[0] for p in facts.people}
    assert (roles["Phan Văn Minh"].title, roles["Phan Văn Minh"].organization) == (
        "Thứ trưởng", "Bộ Công an")
    assert roles["Đỗ Thị Lan"].organization == "Ủy ban Kinh tế của Quốc hội"


def test_an_organization_named_by_its_abbreviation_only():
    facts = read("Theo Bộ LĐTB&XH, năm 2031 có 130.000 lao động đi làm việc ở nước ngoài.")
    assert "Bộ Lao động - Thương binh và Xã hội" in {o.name for o in facts.organizations}


def test_goals_for_the_next_months_end_with_their_paragraph():
    facts = read("Ngày 15/7/2031, Bộ X tổ chức hội nghị sơ kết 6 tháng đầu năm 2031.\n\n"
                 "Trong 6 tháng cuối năm 2031, ngành phấn đấu đạt doanh thu 152 tỷ USD.\n\n"
                 "Theo báo cáo, doanh thu lĩnh vực phần mềm đạt khoảng 6,2 tỷ USD.")
    assert figure(facts, "152", "targets")
    assert figure(facts, "6.2").period.end == "2031-06-30"


def test_a_province_figures_appended_to_a_national_report():
    facts = read("Năm 2031, tổng mức bán lẻ hàng hóa cả nước tăng 9,1%.\n\nĐối với Thái Nguyên, "
                 "năm 2031 tổng mức bán lẻ hàng hóa tăng 10,4%.")
    assert change(facts, "9.1").concept != change(facts, "10.4").concept
    assert "thai-nguyen" in change(facts, "10.4").concept


def test_a_day_written_with_a_dot_after_tinh_den():
    facts = read("Năm 2031, tính đến 12.6 thu tiền sử dụng đất đạt 41,3 nghìn tỷ đồng.")
    assert span(figure(facts, "41.3").period) == ("2031-01-01", "2031-06-12")


def test_results_reached_against_goals_are_observations():
    facts = read("Năm 2031, ngành đã vượt mức kế hoạch trên hầu hết các chỉ tiêu được giao "
                 "(chỉ số sản xuất công nghiệp ước tăng 8,2%, kế hoạch là 6,5-7%).")
    assert change(facts, "8.2").indicator.startswith("chỉ số sản xuất công nghiệp")
    planned = change(facts, "6.5", "targets")
    assert planned.indicator == change(facts, "8.2").indicator


def test_a_meeting_early_in_a_year_reviews_the_year_before():
    facts = read("Chiều 20/1/2031, Sở Thông tin và Truyền thông tỉnh Phú Yên tổ chức hội nghị cán "
                 "bộ, công chức năm 2031.\n\nMật độ điện thoại/100 dân đạt 131 thuê bao.")
    assert span(facts.meetings[0].reviews) == ("2030-01-01", "2030-12-31")
    assert figure(facts, "131").unit == "thuê bao/100 dân"


def test_chairs_of_the_meeting_not_of_a_connection_point():
    facts = read("Sáng 25/4/2031, Bộ trưởng Bộ Y tế Lê Minh An cùng các Thứ trưởng chủ trì Hội "
                 "nghị tổng kết công tác năm 2030. Phó Chủ tịch UBND tỉnh Trần Văn Hải chủ trì tại "
                 "điểm cầu Quảng Ngãi. Phó Thống đốc Ngân hàng Nhà nước Đỗ Văn Lợi dự hội nghị.")
    meeting = facts.meetings[0]
    assert meeting.chairs == ("Lê Minh An",)
    assert "Trần Văn Hải" in meeting.attendees
    assert {p.name: p.roles[0].title for p in facts.people}["Đỗ Văn Lợi"] == "Phó Thống đốc"


def test_a_list_that_drops_its_shared_head():
    facts = read("Năm 2031, tỷ lệ hoàn thành cấp tiểu học đạt 98,1%, trung học cơ sở đạt 93,4% "
                 "và cấp trung học phổ thông đạt 88,2%.")
    assert figure(facts, "93.4").indicator == "tỷ lệ hoàn thành cấp trung học cơ sở"
    assert figure(facts, "88.2").indicator == "tỷ lệ hoàn thành cấp trung học phổ thông"


def test_a_density_per_100_inhabitants_of_what_the_clause_counts():
    facts = read("Năm 2031, số thuê bao băng rộng di động tăng 7,3% so với năm 2030, đạt trung "
                 "bình 93,2 trên 100 dân.")
    density = figure(facts, "93.2")
    assert density.unit == "thuê bao/100 dân"
    assert density.concept != change(facts, "7.3").concept
    assert not [f for f in facts.observations if f.value == Decimal("100")]


def test_a_name_that_begins_like_a_lead_word():
    """"Doanh thu" starts with the letters of the lead word "Do": only a whole word leads."""
    facts = read("Theo báo cáo, doanh thu từ lĩnh vực công nghiệp phần cứng, điện tử năm 2031 "
                 "đạt khoảng 61,4 tỷ USD.")
    assert figure(facts, "61.4").indicator.startswith("doanh thu từ lĩnh vực công nghiệp")


def test_a_field_that_reaches_a_revenue_and_a_bare_total():
    facts = read("Năm 2031, toàn ngành có tổng số hơn 1.610.000 lao động, tăng 2,1%. Trong đó, "
                 "lĩnh vực công nghiệp ICT đạt doanh thu khoảng 2.150.000 tỷ đồng.")
    assert figure(facts, "1610000").indicator == "tổng số lao động toàn ngành"
    assert figure(facts, "2150000").indicator == "doanh thu lĩnh vực công nghiệp ICT"


def test_an_abbreviation_is_a_whole_name_written_in_full():
    facts = read("Tính chung 9 tháng năm 2031, GDP tăng 6,1% so với cùng kỳ năm trước.")
    fact = change(facts, "6.1")
    assert fact.indicator == "tổng sản phẩm trong nước (GDP)"
    assert fact.series.quantity == "tang-truong-gdp"


def test_a_session_on_whose_agenda_a_bill_is_put_is_no_meeting_reported():
    facts = read("Ngày 6/10/2031, Chính phủ bổ sung dự án Luật Dữ liệu mở vào chương trình Kỳ họp "
                 "thứ 12, Quốc hội khóa XVI.")
    assert not [m for m in facts.meetings if m.kind == "legislative-session"]


def test_two_goals_of_one_value_are_two_facts():
    facts = read("Quyết định nêu mục tiêu đến năm 2040, tỷ lệ dân số trưởng thành có điện thoại "
                 "thông minh đạt 90%; tỷ lệ hộ gia đình được phủ mạng băng rộng cáp quang đạt 90%.")
    assert len([t for t in facts.targets if t.value == Decimal("90")]) == 2


def test_a_multiple_that_qualifies_a_figure_is_no_figure_of_its_own():
    facts = read("Năm 2031, số hồ sơ trực tuyến đạt 1,4 triệu hồ sơ, gấp 2,2 lần năm 2030. Kinh "
                 "tế số luôn có tốc độ tăng trưởng cao hơn tăng trưởng GDP khoảng 2 lần.")
    assert not [f for f in facts.observations if f.value == Decimal("2.2")]
    assert figure(facts, "2").unit == "lần"


def test_a_rate_of_an_earlier_year_compared_in_passing():
    facts = read("GDP quý IV/2031 ước tính tăng 6,2% so với cùng kỳ năm trước, cao hơn tốc độ tăng "
                 "4,9% của năm 2030.")
    earlier = change(facts, "4.9")
    assert earlier.indicator == "tổng sản phẩm trong nước (GDP)"
    assert span(earlier.period) == ("2030-01-01", "2030-12-31")


def test_quarters_listed_in_brackets():
    facts = read("Ước tính GDP năm 2031 tăng 2,9% (quý I tăng 4,1%; quý II tăng 6,3%) so với năm "
                 "2030.")
    assert span(change(facts, "4.1").period) == ("2031-01-01", "2031-03-31")
    assert span(change(facts, "6.3").period) == ("2031-04-01", "2031-06-30")


def test_bodies_inside_party_titles_and_counts_are_no_organizations():
    facts = read("Dự hội nghị có đồng chí Lê Văn Tâm, Ủy viên Ban Chấp hành Trung ương Đảng, Bộ "
                 "trưởng Bộ Y tế. Năm 2031, UBND tỉnh 32 văn bản được ban hành.")
    names = {o.name for o in facts.organizations}
    assert "Ban Chấp hành Trung ương" not in names and "Đảng Cộng sản Việt Nam" not in names
    assert not [n for n in names if n.startswith("UBND tỉnh 32")]


def test_laws_named_with_commas_and_laws_being_implemented():
    facts = read("Năm 2031, Bộ triển khai đồng bộ Luật Văn hóa, Thể thao và Du lịch cộng đồng, "
                 "Luật Năng lượng nguyên tử (sửa đổi). Bộ đang xây dựng Luật Dữ liệu mở.")
    status = {d.name: d.status for d in facts.legal_documents}
    assert status["Luật Văn hóa, Thể thao và Du lịch cộng đồng"] == "in-force"
    assert status["Luật Năng lượng nguyên tử (sửa đổi)"] == "in-force"
    assert status["Luật Dữ liệu mở"] == "draft"


def test_a_plan_with_its_span_in_brackets_and_a_strategy_that_only_states():
    facts = read("Năm 2031, tỉnh thực hiện Kế hoạch phát triển kinh tế - xã hội 5 năm (2026 - "
                 "2030). Chiến lược nêu mục tiêu cụ thể đến năm 2030.")
    horizons = {s.name: s.horizon for s in facts.strategies}
    assert horizons == {"Kế hoạch phát triển kinh tế - xã hội 5 năm": 2030}


def test_a_share_of_the_entities_named_after_it():
    facts = read("Năm 2031, toàn ngành đã đơn giản hóa 82,4% thủ tục hành chính; phấn đấu có trên "
                 "70% trường mầm non đạt chuẩn quốc gia.")
    assert figure(facts, "82.4").indicator == "tỷ lệ thủ tục hành chính"
    assert figure(facts, "70", "targets").indicator == "tỷ lệ trường mầm non đạt chuẩn quốc gia"


def test_a_chair_of_the_meeting_at_one_connection_point_attends():
    facts = read("Sáng 25/4/2031, Thủ tướng Chính phủ Lê Minh An chủ trì phiên họp thứ ba của Ủy "
                 "ban Quốc gia về chuyển đổi số.\nPhó Chủ tịch UBND tỉnh Trần Văn Hải chủ trì "
                 "phiên họp tại điểm cầu Quảng Ngãi.")
    assert facts.meetings[0].chairs == ("Lê Minh An",)


def test_a_structure_is_a_share():
    facts = read("Năm 2031, cơ cấu giá trị góp vốn trong tổng vốn đầu tư nước ngoài đạt 26,3%.")
    assert figure(facts, "26.3").indicator.startswith("tỷ trọng giá trị góp vốn trong")


def test_a_share_of_plan_written_with_a_doubled_comparison():
    facts = read("Năm 2031, nộp ngân sách ước đạt 16.100 tỷ đồng và đạt 15,9% so với so với kế "
                 "hoạch năm.")
    assert figure(facts, "16100").plan_pct == Decimal("15.9")


def test_a_document_dated_with_dots_or_hyphens():
    facts = read("Thủ tướng ban hành Quyết định số 1805/QĐ-TTg ngày 30.12.2031 và Thông tư số "
                 "41/2026/TT-BTTTT ngày 18-11-2026.")
    dates = {d.number: d.date for d in facts.legal_documents}
    assert dates == {"1805/QĐ-TTg": "2031-12-30", "41/2026/TT-BTTTT": "2026-11-18"}


def test_a_valuation_at_current_prices_is_the_same_quantity():
    facts = read("Năm 2031, quy mô GDP theo giá hiện hành ước đạt 13.500.000 tỷ đồng.")
    assert figure(facts, "13500000").series.quantity == "tang-truong-gdp"


def test_a_name_cut_before_what_the_figure_brings_in():
    facts = read("Năm 2031, xuất khẩu gạo thu về 5,6 tỷ USD; tính đến hết năm, xuất khẩu cà phê có "
                 "thể đạt trên 6 tỷ USD.")
    assert figure(facts, "5.6").indicator == "xuất khẩu gạo"
    assert figure(facts, "6").indicator == "xuất khẩu cà phê"



def test_a_cumulative_clause_after_a_month_runs_from_january():
    facts = read("Doanh thu dịch vụ tháng 8/2031 ước đạt 1.240 tỉ đồng, tăng 3% so với tháng "
                 "trước; lũy kế ước đạt 9.875 tỉ đồng, tăng 12% so với cùng kỳ.")
    total = figure(facts, "9875")
    assert span(total.period) == ("2031-01-01", "2031-08-31")
    assert span(total.compared) == ("2030-01-01", "2030-08-31")
    assert span(figure(facts, "1240").period) == ("2031-08-01", "2031-08-31")


def test_a_count_since_an_earlier_year_until_now_stands_at_now():
    facts = read("Năm 2031, Sở đã nghiệm thu 12 đề tài. Các dự án đang triển khai từ năm 2028 "
                 "đến nay là 31 dự án.")
    assert span(figure(facts, "31").period) == (None, "2031-12-31")


def test_a_share_of_plan_after_a_breakdown_in_brackets_is_the_total_s():
    facts = read("Năm 2031, Sở triển khai 40 đề tài, dự án (trong đó: 31 đề tài cấp tỉnh, 09 đề "
                 "tài cấp cơ sở), đạt 95,24% kế hoạch năm (42 đề tài).")
    assert figure(facts, "40").plan_pct == Decimal("95.24")
    assert figure(facts, "9").plan_pct is None
    assert figure(facts, "42", "targets").indicator == figure(facts, "40").indicator


def test_a_breakdown_in_brackets_right_after_a_level_is_not_its_owner():
    facts = read("Năm 2031, số lao động đi làm việc ở nước ngoài là 98.400 lao động (31.200 lao "
                 "động nữ) đạt 102,5% kế hoạch năm.")
    assert figure(facts, "98400").plan_pct == Decimal("102.5")


def test_a_change_averaged_over_the_period_is_a_change():
    facts = read("Năm 2031, chỉ số giá nguyên liệu tăng bình quân 3,2% so với năm trước.")
    assert change(facts, "3.2").indicator == "chỉ số giá nguyên liệu"


def test_a_change_with_its_own_subject_after_a_level_is_its_own_figure():
    facts = read("Năm 2031, dự toán xây dựng trên cơ sở dự kiến tăng trưởng kinh tế 6,8%, giá "
                 "nhiên liệu tăng bình quân 2,5%, nhập khẩu tăng 7,1%.")
    assert change(facts, "6.8").indicator == "tăng trưởng kinh tế"
    assert change(facts, "2.5").indicator == "giá nhiên liệu"
    assert change(facts, "7.1").indicator == "nhập khẩu"


def test_a_speaker_after_a_lead_in_is_not_part_of_the_name():
    facts = read("Từ đó, Bộ Kế hoạch dự kiến tổng thu ngân sách năm 2031 khoảng 2,9 triệu tỷ "
                 "đồng.")
    assert figure(facts, "2.9").indicator == "tổng thu ngân sách"


def test_a_draft_plan_governs_the_figures_ahead_in_its_paragraph():
    facts = read("Theo ước thực hiện năm 2030, thu ngân sách đạt 1,9 triệu tỷ đồng.\n"
                 "Bộ Tài chính dự kiến, năm 2031, tổng chi ngân sách khoảng 3,1 triệu tỷ đồng. "
                 "Đến cuối năm 2031, nợ công khoảng 41,5% GDP.")
    assert figure(facts, "41.5", "targets")
    assert figure(facts, "1.9")


def test_a_level_restated_with_its_change_is_one_fact():
    facts = read("Năm 2031, doanh thu ngành đạt 3,7 triệu tỷ đồng. Theo báo cáo, doanh thu ngành "
                 "đạt 3,7 triệu tỷ đồng, tăng 8,2% so với năm 2030.")
    found = [f for f in facts.observations if f.value == Decimal("3.7")]
    assert [f.change_pct for f in found] == [Decimal("8.2")]


def test_two_rates_of_one_value_that_share_only_their_head_are_two_facts():
    facts = read("Đến năm 2031, tỷ lệ đi học đúng độ tuổi cấp tiểu học đạt 98,5%; tỷ lệ chuyển "
                 "cấp từ tiểu học lên trung học cơ sở đạt 98,5%.")
    assert len([f for f in facts.observations if f.value == Decimal("98.5")]) == 2


def test_a_provincial_paper_s_tag_names_the_province_its_bodies_leave_unnamed():
    facts = read("BNA - Sáng nay, UBND tỉnh tổ chức phiên họp thường kỳ. Năm 2031, tốc độ tăng "
                 "trưởng kinh tế ước đạt 6,9%.")
    assert change(facts, "6.9").series.key.endswith("tinh-nghe-an")


def test_a_paper_s_tag_two_provinces_share_names_none():
    facts = read("BHG - Sáng nay, UBND tỉnh tổ chức phiên họp thường kỳ. Năm 2031, tốc độ tăng "
                 "trưởng kinh tế ước đạt 6,9%.")
    assert "tinh" not in change(facts, "6.9").series.key


def test_a_count_its_total_and_its_plan_are_one_series():
    facts = read("Năm 2031, tổng số học viên được đào tạo ở nước ngoài theo học bổng là 4.120 "
                 "học viên. Cùng kỳ năm 2030, số học viên được đào tạo ở nước ngoài là 3.950 "
                 "học viên.")
    assert figure(facts, "4120").concept == figure(facts, "3950").concept
    plan = series_of("kế hoạch đưa học viên được đào tạo ở nước ngoài theo", None,
                     ArticleScope())
    assert plan.key == figure(facts, "3950").concept


def test_a_contribution_after_a_sector_s_growth_is_that_sector_s():
    facts = read("Trong mức tăng chung của toàn nền kinh tế, khu vực dịch vụ tăng 5,12%, đóng "
                 "góp 61,3%; khu vực công nghiệp tăng 3,4%, đóng góp 30,1%.")
    assert change(facts, "5.12").indicator == "khu vực dịch vụ"
    assert figure(facts, "61.3").indicator == "đóng góp của khu vực dịch vụ"
    assert figure(facts, "30.1").concept != figure(facts, "61.3").concept


def test_a_quarter_listed_first_after_a_comparison_with_earlier_years():
    facts = read("Năm 2031, GDP quý III tăng 6,1%. Mức tăng này cao hơn cùng kỳ các năm 2029 và "
                 "2030 (quý I tăng 4,2%, quý II tăng 5,3%).")
    assert span(change(facts, "4.2").period) == ("2031-01-01", "2031-03-31")


def test_the_gdp_index_is_gdp():
    facts = read("Trong quý II/2031, chỉ số GDP tăng 6,4%.")
    assert change(facts, "6.4").series.quantity == "tang-truong-gdp"


def test_a_sub_field_header_ending_in_a_colon_scopes_what_follows():
    facts = read("Năm 2031, doanh thu toàn ngành đạt 3,1 triệu tỷ đồng. Trong đó, ngành ghi nhận "
                 "kết quả nổi bật của lĩnh vực công nghệ số: Lũy kế doanh thu năm 2031 đạt 2,6 "
                 "triệu tỷ đồng.")
    digital = figure(facts, "2.6")
    assert digital.indicator == "doanh thu"
    assert digital.series.key == "doanh-thu-cong-nghiep-ict"


def test_a_name_completed_by_its_field():
    facts = read("Về lĩnh vực bưu chính, doanh thu dịch vụ năm 2031 ước đạt 41.200 tỷ đồng.")
    assert figure(facts, "41200").series.key == "doanh-thu-buu-chinh"


def test_a_department_s_report_is_scoped_to_the_one_province_its_text_names():
    facts = read("Chiều 12/1, Sở TT&TT tổ chức hội nghị tổng kết năm 2031. Về lĩnh vực bưu chính, "
                 "doanh thu dịch vụ đạt 1.250 tỷ đồng. Sở sẽ quảng bá hình ảnh Ninh Thuận.")
    key = figure(facts, "1250").series.key
    assert key == "doanh-thu-buu-chinh-tinh-ninh-thuan"


def test_a_ministry_report_naming_a_province_s_official_is_not_the_province_s():
    facts = read("Ngày 14-7, Bộ trưởng Bộ Công Thương chủ trì hội nghị. Dự tại điểm cầu Ninh Thuận "
                 "có Phó Chủ tịch UBND tỉnh. Năm 2031, chỉ số sản xuất công nghiệp tăng 8,1%.")
    assert "tinh" not in change(facts, "8.1").series.key


def test_a_share_of_gdp_after_chiem_names_gdp_as_the_whole():
    fact = figure(read("Năm 2031, kinh tế số chiếm 18,2% GDP."), "18.2")
    assert (fact.indicator, fact.unit) == ("tỷ trọng kinh tế số trong GDP", "%")


def test_a_counted_name_stops_at_a_colon():
    facts = read("Năm 2031, Bộ đang chỉ đạo phát triển 3 trợ lý ảo chính: trợ lý cho cán bộ, trợ "
                 "lý cho doanh nghiệp.")
    assert figure(facts, "3").indicator == "số trợ lý ảo chính"


def test_an_as_of_day_in_brackets_after_a_stock_with_hyphens():
    facts = read("Trong quý I-2031, tổng số tên miền quốc gia “.vn” được cấp đạt 710.420 (tính đến "
                 "ngày 15-2-2031), tăng 4,1% so với cùng kỳ năm trước.")
    fact = figure(facts, "710420")
    assert span(fact.period) == (None, "2031-02-15")
    assert fact.unit == "tên miền"
    assert fact.series.quantity == "ten-mien-quoc-gia"


def test_a_date_written_with_hyphens_is_no_figure():
    facts = read("Năm 2031, số tên miền giảm 1,2% so với cuối năm 2030 (ngày 31-12-2030 - tương "
                 "ứng 5.120 tên miền).")
    assert not [f for f in facts.observations if f.value == Decimal("31")]


def test_an_implied_unit_comes_from_the_figure_s_own_name_first():
    facts = read("Năm 2031, số lượng thành viên địa chỉ Internet đạt 1.020, tăng 9%. Tổng số tên "
                 "miền đạt 650.000, tăng 4%.")
    assert figure(facts, "650000").unit == "tên miền"


def test_a_paragraph_counted_to_a_month_dates_its_later_stocks():
    facts = read("Về lĩnh vực viễn thông, tính đến tháng 2/2031, tỷ lệ hộ gia đình "
                 "sử dụng cáp quang đạt 84,2%. Số thuê bao điện thoại thông minh đạt 104,3 triệu "
                 "thuê bao, tăng 1,5% so với cùng kỳ năm trước.")
    smart = figure(facts, "104.3")
    assert span(smart.period) == (None, "2031-02-28")
    assert span(smart.compared) == (None, "2030-02-28")


def test_addresses_are_counted():
    fact = figure(read("Năm 2031, số lượng địa chỉ Internet IPv4 đạt 17,2 triệu địa chỉ."), "17.2")
    assert fact.unit == "triệu địa chỉ"


def test_months_of_a_report_counted_to_a_day_end_on_that_day():
    facts = read("Theo Bộ Tài chính, tính đến 18/10, thu ngân sách đạt 1,2 triệu tỷ đồng. Tỷ trọng "
                 "thu nội địa giảm từ 82,1% trong 10 tháng năm 2030 xuống 80,4% trong 10 tháng năm "
                 "2031.")
    assert span(figure(facts, "80.4").period) == ("2031-01-01", "2031-10-18")
    assert span(figure(facts, "82.1").period) == ("2030-01-01", "2030-10-18")


def test_a_range_of_shares_of_gdp_keeps_gdp_in_its_unit():
    fact = figure(read("Đến cuối năm 2031, nợ công khoảng 38 - 39% GDP."), "38")
    assert (fact.unit, fact.qualifier) == ("% GDP", "at-least")


def test_a_sum_restated_in_another_currency_in_brackets_is_one_figure():
    facts = read("Trong 2 tháng đầu năm 2031, tổng doanh thu công nghiệp công nghệ thông tin ước "
                 "đạt khoảng 612 nghìn tỷ đồng (khoảng 25,1 tỷ USD), tăng 21% so với cùng kỳ.")
    assert [f.value for f in facts.observations] == [Decimal("612")]


def test_a_sector_that_strives_for_a_quantity_owns_it():
    facts = read("Trong 6 tháng cuối năm 2031, ngành công nghiệp ICT phấn đấu đạt doanh thu 150 tỷ "
                 "USD.")
    fact = figure(facts, "150", "targets")
    assert fact.indicator == "doanh thu ngành công nghiệp ICT"
    assert fact.series.key == "doanh-thu-cong-nghiep-ict"


def test_exports_of_products_of_a_sector_are_the_sector_s_exports():
    facts = read("Năm 2031, giá trị xuất khẩu sản phẩm phần cứng, điện tử đạt 131 tỷ USD. Năm "
                 "2030, kim ngạch xuất khẩu phần cứng, điện tử đạt 124 tỷ USD.")
    assert figure(facts, "131").concept == figure(facts, "124").concept


def test_a_lead_in_about_a_field_and_a_glued_photo_credit_are_not_the_name():
    facts = read("Năm 2031, doanh thu bưu chính đạt 20 nghìn tỷ đồng. Ảnh: P.VLiên quan đến lĩnh "
                 "vực công nghiệp CNTT, tổng doanh thu công nghiệp CNTT, công nghiệp điện tử, viễn "
                 "thông (nội địa, FDI) ước tính 61 tỷ USD.")
    fact = figure(facts, "61")
    assert fact.indicator.startswith("tổng doanh thu công nghiệp CNTT")
    assert fact.series.key == "doanh-thu-cong-nghiep-ict"


def test_a_part_named_after_trong_do_keeps_the_and_in_its_name():
    facts = read("Năm 2031, giá trị xuất khẩu phần cứng, điện tử ước đạt 52 tỷ USD tăng 5% trong "
                 "đó giá trị xuất khẩu điện thoại và linh kiện ước đạt 26,1 tỷ USD.")
    assert figure(facts, "26.1").indicator == "giá trị xuất khẩu điện thoại và linh kiện"


def test_a_quantity_named_after_voi_is_the_figure_s_name():
    facts = read("Năm 2031, xuất khẩu phần mềm đạt 9 tỷ USD, chiếm 4% giá trị xuất khẩu của cả "
                 "nước với giá trị xuất siêu ước đạt gần 2,1 tỷ USD.")
    assert figure(facts, "2.1").indicator == "giá trị xuất siêu"


def test_a_subject_that_leads_with_a_quantity_owns_it():
    facts = read("Năm 2031, xét về đối tác đầu tư, Nhật Bản đang dẫn đầu với tổng vốn đầu tư gần "
                 "6,4 tỷ USD.")
    assert figure(facts, "6.4").indicator == "vốn đầu tư của Nhật Bản"


def test_a_comparison_written_before_its_change():
    facts = read("Trong tháng 9/2031, chỉ số giá tiêu dùng (CPI) tăng 0,47% so với tháng trước. "
                 "So với tháng 12/2030, CPI tháng 9 tăng 2,71% và so với cùng kỳ năm trước tăng "
                 "3,05%.")
    assert span(change(facts, "2.71").compared) == ("2030-12-01", "2030-12-31")
    assert span(change(facts, "3.05").compared) == ("2030-09-01", "2030-09-30")


def test_an_age_is_a_unit_but_an_age_bound_is_no_figure():
    facts = read("Năm 2031, tuổi thọ trung bình đạt 75,1 tuổi; tỷ lệ trẻ em dưới 5 tuổi suy dinh "
                 "dưỡng còn 16,9%.")
    assert figure(facts, "75.1").unit == "tuổi"
    assert not [f for f in facts.observations if f.value == Decimal("5")]


def test_a_counted_name_stops_before_what_the_count_consists_of():
    facts = read("Năm 2031, ngành đạt 10 chỉ tiêu, trong đó 6 chỉ tiêu vượt gồm: số giường bệnh, "
                 "số bác sĩ.")
    assert figure(facts, "6").indicator == "số chỉ tiêu vượt"


def test_a_goal_growth_in_brackets_after_a_result_is_the_same_indicator_s_target():
    facts = read("Tổng bán lẻ hàng hóa năm 2031 ước tăng 11,3% so với năm 2030, vượt mục tiêu kế "
                 "hoạch của ngành (mục tiêu tăng 10-10,5%).")
    goal = change(facts, "10", "targets")
    assert goal.indicator == change(facts, "11.3").indicator


def test_a_share_named_as_such_of_gdp_is_in_percent():
    fact = figure(read("Đến năm 2031, phấn đấu đưa tỷ trọng kinh tế số đạt 33% GDP."), "33",
                  "targets")
    assert (fact.indicator, fact.unit) == ("tỷ trọng kinh tế số trong GDP", "%")


def test_a_sum_disbursed_up_to_a_day_runs_from_january():
    facts = read("Năm 2031, kết quả giải ngân đến ngày 18-11 hơn 12.400 tỉ đồng. Tính tới hết năm "
                 "2031, Bộ giải ngân vốn đầu tư công đạt hơn 51.200 tỷ đồng (đã đạt 88% vốn kế "
                 "hoạch).")
    first = figure(facts, "12400")
    assert first.indicator == "giải ngân"
    assert span(first.period) == ("2031-01-01", "2031-11-18")
    second = figure(facts, "51200")
    assert span(second.period) == ("2031-01-01", "2031-12-31")
    assert second.plan_pct == Decimal("88")


def test_a_figure_measured_against_two_plans_is_two_records():
    facts = read("Năm 2031, giải ngân vốn đầu tư công đạt 12.400 tỉ đồng, đạt 43,1% kế hoạch giao "
                 "và đạt 40,2% kế hoạch HĐND giao.")
    plans = sorted(f.plan_pct for f in facts.observations if f.value == Decimal("12400"))
    assert plans == [Decimal("40.2"), Decimal("43.1")]


def test_a_price_now_in_a_review_meeting_is_the_meeting_day_s():
    facts = read("Sáng 5/7/2031, Bộ tổ chức họp báo sơ kết 6 tháng đầu năm 2031. Hiện giá lợn hơi "
                 "tăng lên trên 62.000 đồng/kg.")
    assert span(figure(facts, "62000").period) == (None, "2031-07-05")


def test_a_level_restated_with_its_change_and_plan_share_is_one_fact():
    facts = read("Năm 2031, giá trị đóng góp vào GDP của ngành ước đạt 1.210.400 tỷ đồng, tăng 31% "
                 "so với năm 2030. Đặc biệt, giá trị đóng góp vào GDP của ngành ước đạt 1.210.400 "
                 "tỷ đồng, tăng 31% so với năm 2030 và đạt 128% so với kế hoạch năm 2031.")
    found = [f for f in facts.observations if f.value == Decimal("1210400")]
    assert [f.plan_pct for f in found] == [Decimal("128")]


def test_the_sector_as_the_subject_of_its_quantity_is_no_part_of_the_name():
    facts = read("Năm 2031, Ngành nộp ngân sách nhà nước ước đạt 61,2 nghìn tỷ đồng.")
    assert figure(facts, "61.2").indicator == "nộp ngân sách nhà nước"


def test_a_share_written_chiem_ty_le_is_named_after_its_subject():
    facts = read("Năm 2031, doanh thu từ khối FDI đạt 61 tỷ USD chiếm tỷ lệ 94% tổng doanh thu.")
    assert figure(facts, "94").indicator == "tỷ trọng doanh thu từ khối FDI trong tổng doanh thu"


def test_positions_after_a_move_and_in_regions_are_their_own_rankings():
    facts = read("Tháng 10/2031, Liên minh Viễn thông quốc tế (ITU) đã công bố Chỉ số an toàn "
                 "thông tin mạng toàn cầu năm 2031 (GCI), theo đó, Việt Nam đã tăng 6 bậc so với "
                 "kỳ trước, vươn lên vị trí thứ 21/190 quốc gia, đứng thứ 5 ở khu vực châu Á - "
                 "Thái Bình Dương và thứ 2 trong các nước ASEAN.")
    assert figure(facts, "21").indicator == "xếp hạng an toàn thông tin mạng toàn cầu"
    assert figure(facts, "5").indicator.endswith("khu vực châu Á - Thái Bình Dương")
    assert figure(facts, "2").indicator.endswith("trong các nước ASEAN")


def test_a_rank_among_the_asean_countries_named_in_full():
    facts = read("Năm 2031, Việt Nam xếp hạng Chính phủ điện tử tăng 3 bậc, vươn lên vị trí thứ "
                 "52/193 quốc gia, đứng thứ 6 ở khu vực châu Á và thứ 4 trong số các nước thuộc "
                 "Hiệp hội các quốc gia Đông Nam Á.")
    assert figure(facts, "4").concept != figure(facts, "6").concept


def test_each_household_is_the_households_of_a_coverage():
    facts = read("Năm 2031, độ phủ cáp quang đến từng hộ gia đình đạt 86%.")
    assert figure(facts, "86").series.quantity == "ty-le-ho-gia-dinh-cap-quang"


def test_a_count_with_its_parts_counted_after_voi():
    facts = read("Hiện nay, cả nước có 180 khách sạn 5 sao với 60.120 buồng, 310 khách sạn 4 sao "
                 "với 41.200 buồng.")
    assert figure(facts, "180").indicator == "số khách sạn 5 sao"
    assert figure(facts, "60120").indicator == "số buồng khách sạn 5 sao"
    assert figure(facts, "41200").concept != figure(facts, "60120").concept
