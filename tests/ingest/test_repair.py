"""Text repair: glyph fixes, NFC, tone folding, broken lines, legacy fonts, damaged lines."""

from __future__ import annotations

import unicodedata

from ntm.common.text import name_key as fold
from ntm.ingest.repair import convert_run, join_lines, legacy_encoding, normalize, repair


def test_pdf_glyph_u_with_hook_becomes_u_horn() -> None:
    assert normalize("Chƣơng trình xây dựng, ƢU TIÊN") == "Chương trình xây dựng, ƯU TIÊN"


def test_decomposed_text_is_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Thạch Cẩm")
    assert normalize(decomposed) == "Thạch Cẩm"
    assert len(normalize(decomposed)) == len("Thạch Cẩm")


def test_old_and_new_tone_placement_fold_to_the_same_key() -> None:
    assert fold("Thanh Hoá") == fold("Thanh Hóa")
    assert fold("Cẩm Thuỷ") == fold("CẨM THỦY")
    assert fold("Hoà Lâm") == fold("hòa lâm")


def test_folding_keeps_letters_that_differ_apart() -> None:
    assert fold("Cẩm") != fold("Cam")
    assert fold("Đồng") != fold("Dong")


def test_line_broken_mid_sentence_is_joined() -> None:
    text = "Chỉ đạo các thôn làng tiếp tục khắc \n\nphục các tiêu chí nhằm đạt chuẩn năm 2024. \n"
    assert join_lines(text) == "Chỉ đạo các thôn làng tiếp tục khắc phục các tiêu chí nhằm đạt chuẩn năm 2024."


def test_hyphen_at_line_end_joins_without_a_space() -> None:
    assert join_lines("giai đoạn 2021-\n 2025 thực hiện") == "giai đoạn 2021-2025 thực hiện"
    assert join_lines("nông nghi\u00ad\nệp sạch") == "nông nghiệp sạch"


def test_list_items_and_headings_stay_on_their_own_lines() -> None:
    text = "Đến tháng 3/2024 xã đã đạt 16/19 tiêu chí, cụ thể:\n- Tiêu chí số 1 - Quy hoạch\n2. Nguyên nhân"
    assert join_lines(text).split("\n") == text.split("\n")


def test_amount_on_the_line_after_a_colon_is_joined() -> None:
    assert join_lines("bồn hoa các tuyến đường là: \n\n288.276.000đồng") == \
        "bồn hoa các tuyến đường là: 288.276.000đồng"


def test_line_with_missing_letters_is_kept_and_flagged(seed_text) -> None:  # type: ignore[no-untyped-def]
    repaired = repair(seed_text("004"))
    assert "C c nhà trường" in repaired.text
    flagged = [w.text for w in repaired.warnings]
    assert any("C c nhà trường" in text for text in flagged)
    assert any("C c th n" in text for text in flagged)


def test_clean_seeds_raise_no_damage_warning(seed_text) -> None:  # type: ignore[no-untyped-def]
    for number in ("000", "001", "002", "003"):
        assert repair(seed_text(number)).warnings == []


def test_units_and_abbreviations_are_not_taken_for_damage() -> None:
    assert repair("trồng được 9784 m hàng rào; VPĐP NTM huyện (b/c); a) Nguyên nhân").warnings == []


def test_legacy_fonts_are_recognised_by_name() -> None:
    assert legacy_encoding(".VnTime") == "tcvn3"
    assert legacy_encoding("ABCDEF+.VnArialH") == "tcvn3"
    assert legacy_encoding("VNI-Times") == "vni"
    assert legacy_encoding("Times New Roman") is None


def test_tcvn3_and_vni_runs_are_converted() -> None:
    assert convert_run("®¹t 16/19 tiªu chÝ", ".VnTime") == "đạt 16/19 tiêu chí"
    assert convert_run("B¸O C¸O", ".VnTimeH") == "BÁO CÁO"
    assert convert_run("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "VNI-Times") == \
        "Cộng hòa xã hội chủ nghĩa Việt Nam"


def test_unicode_runs_in_ordinary_fonts_are_left_alone() -> None:
    assert convert_run("Báo cáo ®¹t", "Times New Roman") == "Báo cáo ®¹t"
