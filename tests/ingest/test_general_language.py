"""General rules on invented reports (other provinces' phrasing), not on the seeds."""

from __future__ import annotations

from ntm.ingest.extract import extract

OTHER_PROVINCE = """ỦY BAN NHÂN DÂN
XÃ HƯƠNG XUÂN
Số: 45/BC-UBND
Hương Xuân, ngày 02 tháng 7 năm 2024
BÁO CÁO
Kết quả xây dựng nông thôn mới 6 tháng đầu năm 2024
I. KẾT QUẢ
1. Kết quả thực hiện bộ tiêu chí
Tính đến tháng 6/2024, xã đạt 18/20 tiêu chí theo Bộ tiêu chí của tỉnh, với 60/64 chỉ tiêu.
Các tiêu chí chưa đạt gồm: tiêu chí số 8 và tiêu chí số 13 (chỉ tiêu 13.2).
Toàn xã có 12/14 thôn đạt chuẩn NTM; xã có 14 thôn, trong đó có 3 thôn đã được công nhận
thôn NTM kiểu mẫu (bản Nà Lòa, bản Pá Khoang, bản Huổi Lóng).
2. Nguồn lực
Tổng nguồn vốn huy động 6 tháng là 8,5 tỷ đồng, trong đó:
- Ngân sách Trung ương: 3 tỷ đồng;
- Ngân sách tỉnh: 1,5 tỷ đồng;
- Vốn tín dụng: 2 tỷ đồng;
- Nhân dân đóng góp: 2 tỷ đồng.
- Thôn Nà Lòa: làm mới 1,2 km đường bê tông, kinh phí 850 triệu đồng, đạt 60% khối lượng.
II. PHƯƠNG HƯỚNG 6 THÁNG CUỐI NĂM
Phấn đấu đến tháng 11/2024 hoàn thành tiêu chí số 8 về Thông tin và truyền thông.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lò Văn Pánh
"""

NEWS_ITEM = """Sáng 12/3, UBND xã Tân Lập tổ chức hội nghị triển khai nhiệm vụ xây dựng nông thôn mới.
Tại hội nghị, các đại biểu đã thảo luận nhiều ý kiến tâm huyết. Đồng chí Chủ tịch UBND xã
phát biểu chỉ đạo, đề nghị các thôn tích cực vào cuộc. Hội nghị kết thúc cùng ngày."""

HEADER_ONLY = """ỦY BAN NHÂN DÂN
XÃ AN PHÚ
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Phú, ngày 20 tháng 1 năm 2025
KẾ HOẠCH
"""


def test_other_province_report_gives_its_facts() -> None:
    facts = extract(OTHER_PROVINCE)
    assert facts["unit"]["name"] == "Hương Xuân" and facts["unit"]["level"] == "commune"
    assert facts["document"] == {"type": "bao_cao", "number": "45/BC-UBND", "date": "2024-07-02",
                                 "period": "2024-H1"}
    first = facts["assessments"][0]
    assert (first["criteria_met"], first["criteria_total"]) == (18, 20)
    assert (first["indicators_met"], first["indicators_total"]) == (60, 64)
    assert first["as_of"] == "2024-06"
    assert first["unmet_criteria"] == [8, 13] and first["unmet_indicators"] == ["13.2"]


def test_other_province_villages_and_money() -> None:
    facts = extract(OTHER_PROVINCE)
    assert facts["villages"]["total"] == 14 and facts["villages"]["ntm"] == 12
    assert facts["villages"]["model"] == 3
    assert {"Nà Lòa", "Pá Khoang", "Huổi Lóng"} <= set(facts["villages"]["names"])
    funding = facts["funding"][0]
    assert funding["total_vnd"] == 8_500_000_000
    assert funding["by_source"]["central_province"] == 4_500_000_000
    assert funding["by_source"]["credit"] == 2_000_000_000 and funding["by_source"]["people"] == 2_000_000_000
    work = facts["works"][0]
    assert (work["village"], work["cost_vnd"], work["progress_pct"]) == ("Nà Lòa", 850_000_000, 60)


def test_other_province_target_and_signer() -> None:
    facts = extract(OTHER_PROVINCE)
    assert [(t["criterion"], t["deadline"]) for t in facts["targets"]] == [(8, "2024-11")]
    assert facts["signer"] == {"name": "Lò Văn Pánh", "title": "CHỦ TỊCH"}


def test_a_goal_is_not_taken_for_a_result() -> None:
    facts = extract("Mục tiêu năm 2025: phấn đấu xã đạt 19/19 tiêu chí nông thôn mới.")
    assert facts["assessments"] == []
    assert facts["targets"][0]["deadline"] == "2025"


def test_a_negated_result_is_not_an_assessment() -> None:
    facts = extract("Thôn Song Nga không còn giữ vững đạt 14/14 tiêu chí thôn NTM kiểu mẫu.")
    assert facts["assessments"] == []


def test_advanced_and_model_sets_are_told_apart() -> None:
    facts = extract("Đối với xã NTM nâng cao, xã đã đạt được 12/19 tiêu chí, với 58/74 chỉ tiêu.\n"
                    "Đối với xã NTM kiểu mẫu, xã đã đạt 2/4 tiêu chí.")
    assert [a["set"] for a in facts["assessments"]] == ["xa_ntm_nang_cao", "xa_ntm_kieu_mau"]


def test_short_news_item_comes_out_mostly_null() -> None:
    facts = extract(NEWS_ITEM)
    assert facts["assessments"] == [] and facts["funding"] == [] and facts["works"] == []
    assert facts["targets"] == [] and facts["indicator_values"] == []
    assert facts["signer"] == {"name": None, "title": None}
    assert facts["document"]["date"] is None and facts["document"]["number"] is None


def test_header_only_page_gives_the_header_and_nothing_else() -> None:
    facts = extract(HEADER_ONLY)
    assert facts["unit"]["name"] == "An Phú"
    assert facts["document"]["type"] == "ke_hoach" and facts["document"]["number"] == "12/KH-UBND"
    assert facts["document"]["date"] == "2025-01-20"
    assert facts["assessments"] == [] and facts["works"] == [] and facts["targets"] == []
    assert facts["villages"] == {"total": None, "ntm": None, "model": None, "names": []}


def test_empty_text_gives_an_all_null_contract() -> None:
    facts = extract("")
    assert facts["unit"] == {"name": None, "level": None, "district": None, "province": None}
    assert facts["document"]["type"] == "other"
