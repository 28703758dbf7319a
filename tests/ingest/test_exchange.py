"""Bulk exchange of a period's values: download the template, fill it in, upload it; all or nothing by default."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ntm.common.audit import AuditEntry
from ntm.common.errors import BadInput
from ntm.ingest.exchange.apply import upload_exchange
from ntm.ingest.exchange.sheets import Kind
from ntm.ingest.exchange.templates import build_template
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit

pytestmark = pytest.mark.django_db
Q1 = Period.parse("2024-Q1")


@pytest.fixture
def cam_ngoc(unit):
    """Xã Cẩm Ngọc (th-32-2022 in force for 2024) with two of its villages."""
    from ntm.geo.services import create_village

    commune = unit("legacy:15169")
    for name in ("Song Nga", "Sành"):
        create_village(actor=None, commune=commune, name=name)
    return commune


def village(commune, name):
    return commune.children.get(name=name)


def sheet_of(content: bytes, title: str = "Số liệu"):
    book = load_workbook(io.BytesIO(content))
    return book, book[title]


def row_of(sheet, unit_key: str, code: str) -> int:
    for (number, cells) in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if cells[0] == unit_key and cells[3] == code:
            return number
    raise AssertionError(f"no row for {unit_key} {code}")


def filled(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template(actor, unit, kind=Kind.OBSERVATIONS, period=Q1):
    return sheet_of(build_template(actor=actor, unit=unit, kind=kind, period=period).content,
                    {Kind.OBSERVATIONS: "Số liệu", Kind.FUNDING: "Nguồn vốn", Kind.WORKS: "Công trình",
                     Kind.CONTRIBUTIONS: "Đóng góp"}[kind])


def put(sheet, unit_key, code, column, value) -> int:
    number = row_of(sheet, unit_key, code)
    sheet[f"{column}{number}"] = value
    return number


def saved(commune, code):
    return Observation.objects.filter(unit=commune, indicator=code, period_key="2024-Q1").first()


def test_round_trip_saves_the_values_and_the_scorecard_evaluates_them(cam_ngoc, commune_official):
    book, sheet = template(commune_official, cam_ngoc)
    put(sheet, cam_ngoc.key, "15.1", "G", 79.9)          # a number cell, as Excel keeps it
    put(sheet, cam_ngoc.key, "10", "G", "1.234,5")       # text typed the Vietnamese way
    put(sheet, cam_ngoc.key, "1.1", "G", "Đạt")
    number = row_of(sheet, cam_ngoc.key, "2.1")
    sheet[f"H{number}"], sheet[f"I{number}"], sheet[f"J{number}"] = 45, 50, "Biên bản kiểm tra"
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert (report.errors, report.saved) == ([], 4)
    assert saved(cam_ngoc, "15.1").value == Decimal("79.9") and saved(cam_ngoc, "15.1").source == "imported"
    assert saved(cam_ngoc, "10").value == Decimal("1234.5")
    assert saved(cam_ngoc, "2.1").numerator == 45 and saved(cam_ngoc, "2.1").evidence_note == "Biên bản kiểm tra"
    result = evaluate_unit(actor=commune_official, unit=cam_ngoc, period=Q1).evaluation
    statuses = {r.code: r.status.value for c in result.criteria for r in c.indicators}
    assert statuses["1.1"] == "met" and statuses["15.1"] == "not_met"  # 79,9% is under the 90% of QĐ 318
    assert AuditEntry.objects.filter(action="monitoring.observation.saved").count() == 4


def test_the_template_is_prefilled_and_a_second_upload_changes_nothing(cam_ngoc, commune_official):
    book, sheet = template(commune_official, cam_ngoc)
    put(sheet, cam_ngoc.key, "15.1", "G", 85)
    upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    book, sheet = template(commune_official, cam_ngoc)
    assert sheet[f"G{row_of(sheet, cam_ngoc.key, '15.1')}"].value == 85
    assert sheet[f"K{row_of(sheet, cam_ngoc.key, '15.1')}"].value == 1  # the version, hidden
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert (report.saved, report.unchanged, report.errors) == (0, 1, [])
    assert saved(cam_ngoc, "15.1").version == 1


def test_the_template_covers_the_commune_and_its_villages_with_their_own_set(cam_ngoc, commune_official):
    _, sheet = template(commune_official, cam_ngoc)
    keys = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert keys == {cam_ngoc.key, village(cam_ngoc, "Song Nga").key, village(cam_ngoc, "Sành").key}
    assert sheet.freeze_panes == "A2" and sheet["G1"].value == "Giá trị" and sheet["A1"].font.bold
    assert sheet.column_dimensions["K"].hidden


@pytest.mark.parametrize(("column", "value", "message"), [
    ("G", "abc", "cột G (Giá trị): «abc» không phải là số"),
    ("G", 120, "cột G (Giá trị): tỷ lệ 120% vượt quá 100%"),
    ("G", -5, "cột G (Giá trị): không được âm"),
    ("A", "legacy:99999", "cột A (Mã đơn vị): không có đơn vị «legacy:99999»"),
    ("A", "legacy:15079", "cột A (Mã đơn vị): đơn vị «legacy:15079» không thuộc phạm vi"),
    ("D", "15.9", "cột D (Mã chỉ tiêu): bộ QĐ"),
    ("I", 0, "cột I (Mẫu số): tử số không âm và mẫu số phải lớn hơn 0"),
])
def test_each_bad_cell_is_named_by_sheet_row_and_column(cam_ngoc, commune_official, column, value, message):
    book, sheet = template(commune_official, cam_ngoc)
    number = row_of(sheet, cam_ngoc.key, "15.1")
    if column == "I":
        sheet[f"H{number}"] = 5
    sheet[f"{column}{number}"] = value
    if column in "AD":
        sheet[f"G{number}"] = 50
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert report.rejected and len(report.errors) == 1
    assert report.errors[0].vi.startswith(f"Trang «Số liệu», dòng {number}, {message}"), report.errors[0].vi
    assert report.errors[0].en.startswith(f"Sheet 'Số liệu', row {number}, column {column} (")


def test_the_example_of_the_brief_reads_as_written(cam_ngoc, commune_official):
    book, sheet = template(commune_official, cam_ngoc)
    sheet["G7"] = "abc"
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert report.errors[0].vi == "Trang «Số liệu», dòng 7, cột G (Giá trị): «abc» không phải là số"


def test_one_bad_row_saves_nothing(cam_ngoc, commune_official):
    book, sheet = template(commune_official, cam_ngoc)
    put(sheet, cam_ngoc.key, "15.1", "G", 85)
    put(sheet, cam_ngoc.key, "17.1", "G", "nhiều")
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert report.rejected and report.saved == 0
    assert not Observation.objects.filter(unit=cam_ngoc).exists()
    assert not AuditEntry.objects.filter(action="monitoring.observation.saved").exists()


def test_keep_valid_saves_the_valid_rows_and_lists_the_others(cam_ngoc, commune_official):
    book, sheet = template(commune_official, cam_ngoc)
    put(sheet, cam_ngoc.key, "15.1", "G", 85)
    bad = put(sheet, cam_ngoc.key, "17.1", "G", "nhiều")
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book), keep_valid=True)
    assert not report.rejected and report.saved == 1 and [e.row for e in report.errors] == [bad]
    assert saved(cam_ngoc, "15.1").value == 85 and saved(cam_ngoc, "17.1") is None


def test_a_value_changed_after_the_download_is_a_stale_edit(cam_ngoc, commune_official):
    from ntm.monitoring.services import Target, record_observation

    book, sheet = template(commune_official, cam_ngoc)
    record_observation(actor=commune_official, unit=cam_ngoc, target=Target("th-32-2022", indicator="15.1"),
                       period=Q1, raw="88")
    number = put(sheet, cam_ngoc.key, "15.1", "G", 70)
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert report.errors[0].vi.startswith(f"Trang «Số liệu», dòng {number}, cột G (Giá trị): giá trị đã được")
    assert saved(cam_ngoc, "15.1").value == 88


def test_a_locked_period_is_refused_row_by_row(cam_ngoc, commune_official, make_user):
    from ntm.criteria.catalog import family_of, get_set
    from ntm.monitoring.models import PeriodReview

    book, sheet = template(commune_official, cam_ngoc)
    number = put(sheet, cam_ngoc.key, "15.1", "G", 70)
    PeriodReview.objects.create(unit=cam_ngoc, set_family=family_of(get_set("th-32-2022")), period_key="2024-Q1",
                                state="submitted", period_start=Q1.start, period_end=Q1.end)
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert report.errors[0].vi.startswith(f"Trang «Số liệu», dòng {number}: số liệu quý 1 năm 2024 đang chờ duyệt")


def test_a_village_board_uploads_only_its_village(cam_ngoc, make_user):
    song_nga, sanh = village(cam_ngoc, "Song Nga"), village(cam_ngoc, "Sành")
    board = make_user("ban_song_nga", song_nga, "village_board")
    book, sheet = template(board, song_nga)
    keys = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert keys == {song_nga.key}
    code = sheet["D2"].value
    sheet["G2"] = "Đạt" if sheet["F2"].value in (None, "") else 90
    sheet.append([sanh.key, "Sành", None, code, None, None, sheet["G2"].value])
    report = upload_exchange(actor=board, unit=song_nga, content=filled(book))
    assert [e.row for e in report.errors] == [3] and "không thuộc phạm vi" in report.errors[0].vi
    with pytest.raises(Exception) as refused:
        build_template(actor=board, unit=cam_ngoc, kind=Kind.OBSERVATIONS, period=Q1)
        upload_exchange(actor=board, unit=cam_ngoc, content=filled(book))
    assert getattr(refused.value, "http_status", None) == 404


def test_an_outsider_cannot_upload(cam_ngoc, commune_official, outsider):
    from ntm.common.errors import OutOfScope

    book, _ = template(commune_official, cam_ngoc)
    with pytest.raises(OutOfScope):
        upload_exchange(actor=outsider, unit=cam_ngoc, content=filled(book))


def test_a_file_that_is_not_a_template_is_refused_whole(cam_ngoc, commune_official):
    with pytest.raises(BadInput, match="không phải là tệp Excel"):
        upload_exchange(actor=commune_official, unit=cam_ngoc, content=b"not a zip")
    book, sheet = template(commune_official, cam_ngoc)
    sheet["G1"] = "Số"
    with pytest.raises(BadInput, match="dòng tiêu đề"):
        upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))


def test_exported_text_cannot_run_as_a_formula(cam_ngoc, commune_official):
    from ntm.monitoring.services import Target, record_observation

    record_observation(actor=commune_official, unit=cam_ngoc, target=Target("th-32-2022", indicator="15.1"),
                       period=Q1, raw="88", evidence_note='=HYPERLINK("http://x","y")')
    book, sheet = template(commune_official, cam_ngoc)
    cell = sheet[f"J{row_of(sheet, cam_ngoc.key, '15.1')}"]
    assert cell.value == "'=HYPERLINK(\"http://x\",\"y\")" and cell.data_type == "s"
    report = upload_exchange(actor=commune_official, unit=cam_ngoc, content=filled(book))
    assert (report.errors, report.unchanged) == ([], 1)  # the apostrophe is taken off again on upload


def test_a_template_of_another_unit_or_a_kind_the_unit_lacks_is_refused(cam_ngoc, commune_official):
    book, _ = template(commune_official, cam_ngoc)
    song_nga = village(cam_ngoc, "Song Nga")
    with pytest.raises(BadInput, match="tệp là mẫu của «Xã Cẩm Ngọc», không phải của Song Nga"):
        upload_exchange(actor=commune_official, unit=song_nga, content=filled(book))
    with pytest.raises(BadInput, match="mẫu này không dùng cho"):
        build_template(actor=commune_official, unit=song_nga, kind=Kind.FUNDING, period=Q1)
