"""Abstention: a count is put on a unit only when its clause says whose it is; else nobody's (issue 11)."""

from ntm.ingest.extract import extract
from ntm.ingest.facts.context import PREFILL_THRESHOLD


def _own(text: str) -> list[tuple[int, int]]:
    return [(a["criteria_met"], a["criteria_total"]) for a in extract(text)["assessments"]]


def _units(text: str) -> dict[str, tuple[int | None, int | None]]:
    return {u["name"]: (u["criteria_met"], u["criteria_total"]) for u in extract(text)["units"]}


def test_a_count_without_a_name_after_a_list_of_communes_is_nobodys():
    text = ("Huyện Thanh Sơn có 3 xã được đề nghị công nhận: xã Tân Lập, xã Khả Cửu và xã Thượng Cửu. "
            "Đạt 18/19 tiêu chí, 48/49 chỉ tiêu.")
    assert _own(text) == []
    assert set(_units(text).values()) == {(None, None)}


def test_a_named_units_count_is_not_the_documents_when_its_own_unit_is_unknown():
    text = "Đến nay, huyện Chợ Lách đạt 9/9 tiêu chí huyện nông thôn mới; TP. Bến Tre có 6/6 xã đạt chuẩn."
    assert _own(text) == []
    assert _units(text)["Chợ Lách"] == (9, 9)


def test_a_count_said_of_the_district_by_its_level_word_is_not_the_communes():
    text = "Tuy nhiên, xã Minh Hòa mới đạt 14/19 tiêu chí, trong khi huyện đã đạt 8/9 tiêu chí huyện nông thôn mới."
    assert _own(text) == [(14, 19)]
    text = ("Huyện Cẩm Thủy có 17 xã. Trong đó, xã Cẩm Ngọc, Cẩm Long đạt 19/19 tiêu chí, xã Cẩm Tâm đạt 15/19 "
            "tiêu chí. Huyện đạt 7/9 tiêu chí huyện nông thôn mới.")
    assert _own(text) == []
    assert _units(text)["Cẩm Tâm"] == (15, 19)


def test_a_count_after_another_units_name_across_a_semicolon_is_nobodys():
    text = "Đến nay, xã Tân Lập đạt 19/19 tiêu chí; xã Khả Cửu đạt 17/19 tiêu chí; còn lại đạt 15/19 tiêu chí."
    assert _own(text) == []
    assert _units(text) == {"Tân Lập": (19, 19), "Khả Cửu": (17, 19)}


def test_villages_counted_after_another_communes_name_are_not_the_documents():
    text = ("Các xã Tân Hòa, Krông Na đạt chuẩn nông thôn mới. Riêng xã Ea Huar đạt 16/19 tiêu chí, chưa đạt "
            "tiêu chí 10 và 13. Xã có 9 buôn, trong đó 4/4 buôn đồng bào dân tộc thiểu số đạt chuẩn.")
    assert extract(text)["villages"]["total"] is None


def test_a_group_count_whose_list_has_more_names_than_it_says_is_put_on_none_of_them():
    text = "Năm 2023, tỉnh có thêm 3 xã đạt 19/19 tiêu chí gồm: Tân Hòa, Tân Lợi, Tân Phú và Tân Định."
    units = _units(text)
    assert len(units) == 4 and set(units.values()) == {(None, None)}
    text = "Năm 2023, tỉnh có thêm 4 xã đạt 19/19 tiêu chí gồm: Tân Hòa, Tân Lợi, Tân Phú và Tân Định."
    assert set(_units(text).values()) == {(19, 19)}


def test_the_own_unit_keeps_its_count_when_it_is_the_unit_named_last():
    text = ("Xã Tân Lập 1, huyện Tân Phước, tỉnh Tiền Giang đã có nhiều nỗ lực. Hiện nay, xã đã đạt 19/19 "
            "tiêu chí. Huyện Tân Phước có 7/12 xã đạt chuẩn.")
    assert _own(text) == [(19, 19)]


def test_a_groups_count_put_on_communes_of_the_next_sentence_is_shown_but_not_prefilled():
    text = "Năm nay huyện có thêm 2 xã đạt đủ 19 tiêu chí. Đó là xã Hồng Phúc và xã Ninh Hải."
    got = extract(text)
    assert {u["name"]: u["criteria_met"] for u in got["units"]} == {"Hồng Phúc": 19, "Ninh Hải": 19}
    cited = [e for e in got["evidence"] if e["path"].startswith("units[")]
    assert cited and all(e["confidence"] < PREFILL_THRESHOLD for e in cited)
