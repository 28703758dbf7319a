"""How bulletins list communes (issue 11, third session): lists qualified by a dash, lists after a bare colon or
in brackets, counts of communes in words, names ending in a number, bodies and frames that are not units."""

from __future__ import annotations

from ntm.ingest.extract import extract


def _units(text: str) -> list[tuple[str, str, int | None, int | None]]:
    return [(u["name"], u["level"], u["criteria_met"], u["criteria_total"]) for u in extract(text)["units"]]


def test_a_list_qualified_by_dashes_goes_on_after_each_district():
    text = ("Đến nay đã có 6 xã được công nhận đạt chuẩn, gồm xã Tân Đồng, Báo Đáp - huyện Trấn Yên; "
            "Tuy Lộc - thành phố Yên Bái; Liễu Đô - huyện Lục Yên; Đại Phác, Yên Hưng - Văn Yên.")
    assert [name for name, *_ in _units(text)] == ["Tân Đồng", "Báo Đáp", "Tuy Lộc", "Liễu Đô", "Đại Phác", "Yên Hưng"]


def test_a_colon_or_a_bracket_after_a_count_of_communes_opens_a_list_only_of_names():
    text = ("Công nhận 3 xã cơ bản đạt chuẩn nông thôn mới: Mường Luân (Điện Biên Đông); Quài Nưa (Tuần Giáo). "
            "Huyện có 6/8 xã đạt 75% (Long Khánh, Long Phước và Tiên Thuận).")
    assert [name for name, *_ in _units(text)] == ["Mường Luân", "Quài Nưa", "Long Khánh", "Long Phước", "Tiên Thuận"]
    assert _units("Kế hoạch đưa 19 xã đạt chuẩn NTM năm 2020: Khó về đích đúng hẹn") == []


def test_a_count_of_communes_in_words_belongs_to_the_commune_named_and_not_to_the_document():
    got = extract("Cụ thể, có một xã đạt 19/19 tiêu chí (xã Song Mai - TP Bắc Giang đã được công nhận); "
                  "25 xã đạt từ 15-18 tiêu chí.")
    assert got["assessments"] == []
    assert [(u["name"], u["criteria_met"], u["criteria_total"]) for u in got["units"]] == [("Song Mai", 19, 19)]


def test_a_name_ending_in_a_number_keeps_it_and_a_count_after_a_name_is_not_part_of_it():
    text = ("Tỉnh có thêm 2 xã đạt chuẩn nông thôn mới gồm: xã Tân Lập 1, huyện Tân Phước và xã Long Hưng, "
            "huyện Châu Thành. Xã Tân Lập 2 đạt 17/19 tiêu chí.")
    assert sorted((n, m or 0, t or 0) for n, _, m, t in _units(text)) == [
        ("Long Hưng", 0, 0), ("Tân Lập 1", 0, 0), ("Tân Lập 2", 17, 19)]


def test_a_town_after_a_commune_ends_the_list_and_is_its_place():
    text = "Đủ điều kiện công nhận đạt chuẩn gồm xã Tân Lộc, huyện Tam Bình và xã Thuận An, Thị xã Bình Minh."
    assert [name for name, *_ in _units(text)] == ["Tân Lộc", "Thuận An"]


def test_a_body_that_acts_and_a_district_that_frames_a_count_are_not_units():
    text = ("Chủ tịch UBND tỉnh công nhận các xã: Tơ Tung, Kông Pla (huyện Kbang) đạt chuẩn nông thôn mới. "
            "Giao UBND huyện Kbang chủ trì tổ chức công bố Quyết định công nhận xã đạt chuẩn nông thôn mới. "
            "Đến nay, huyện Kbang có 4 xã nông thôn mới gồm: Đak Hlơ, Nghĩa An, Tơ Tung và Kông Pla.")
    assert [(n, level) for n, level, *_ in _units(text)] == [
        ("Tơ Tung", "commune"), ("Kông Pla", "commune"), ("Đak Hlơ", "commune"), ("Nghĩa An", "commune")]


def test_a_district_after_a_comma_that_follows_no_unit_is_a_unit_with_its_own_count():
    text = ("Đến nay, huyện Bến Cầu đã đạt 144/152 tiêu chí (đạt 94,7%), bình quân đạt 18 tiêu chí/xã; "
            "2 xã An Thạnh và Long Giang đạt 15/19 tiêu chí.")
    assert _units(text) == [("Bến Cầu", "district", 144, 152), ("An Thạnh", "commune", 15, 19),
                            ("Long Giang", "commune", 15, 19)]


def test_a_figure_right_after_a_name_reports_the_unit_and_is_its_count_only_when_whole_and_not_an_average():
    averages = ("Bình quân toàn tỉnh đạt 16,3 tiêu chí, trong đó: TP. Tây Ninh 17,7/19 TC; thị xã Hòa Thành "
                "19/19 TC; huyện Tân Biên 16,8/17,4 TC.")
    assert _units(averages) == [("Tây Ninh", "district", None, None), ("Hòa Thành", "district", None, None),
                                ("Tân Biên", "district", None, None)]
    assert _units("Kết quả: xã Hòa An 15/19 TC, xã Hòa Bình 17/19 tiêu chí.") == [
        ("Hòa An", "commune", 15, 19), ("Hòa Bình", "commune", 17, 19)]


def test_a_count_after_a_semicolon_belongs_to_the_names_after_it_only():
    text = "Huyện có 2 xã đạt chuẩn là Tân Hòa và Tân Phú; xã Tân An đạt 15/19 TC, xã Tân Bình đạt 14/19 TC."
    assert sorted((n, m or 0) for n, _, m, _ in _units(text)) == [
        ("Tân An", 15), ("Tân Bình", 14), ("Tân Hòa", 0), ("Tân Phú", 0)]


def test_bodies_of_several_districts_and_a_district_framing_its_total_do_not_make_a_one_commune_text_multi_unit():
    text = ("Xã Thạch Khoán, huyện Thanh Sơn vừa được UBND tỉnh công nhận xã đạt chuẩn nông thôn mới. Đến thời điểm "
            "hiện tại, huyện Thanh Sơn có tổng số 7/22 xã, thị trấn đạt chuẩn nông thôn mới. Theo báo cáo đánh giá, "
            "xã Thạch Khoán đạt 19/19 tiêu chí. UBND tỉnh giao UBND các huyện Thanh Sơn, Tân Sơn và Yên Lập tổ "
            "chức công bố.")
    got = extract(text)
    assert got["units"] == []
    assert [(a["criteria_met"], a["criteria_total"]) for a in got["assessments"]] == [(19, 19)]


def test_a_count_said_of_a_number_of_villages_is_nobodys_assessment():
    got = extract("Xã Tân Phương đạt chuẩn nông thôn mới. Đến nay toàn xã có 3 khu dân cư đạt 13/13 tiêu chí.")
    assert got["assessments"] == []


def test_a_bulletin_titled_thong_bao_gives_its_period_and_one_row_per_commune():
    facts = extract("UBND HUYỆN NGỌC LẶC\n\nTHÔNG BÁO\nKết quả thực hiện Chương trình MTQG xây dựng nông thôn mới "
                    "quý I năm 2024\n\nĐến hết quý I năm 2024: xã Cao Ngọc đạt 16/19 tiêu chí; xã Minh Sơn đạt "
                    "19/19 tiêu chí; xã Ngọc Liên đạt 17/19 tiêu chí.\n")
    assert facts["document"]["period"] == "2024-Q1" and facts["document"]["type"] == "other"
    assert [(u["name"], u["criteria_met"]) for u in facts["units"]] == [
        ("Cao Ngọc", 16), ("Minh Sơn", 19), ("Ngọc Liên", 17)]
    assert facts["assessments"] == []
