"""Bulk exchange of funding, works and contributions: labels in, codes stored; money checked; scope per village."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.ingest.test_exchange import cam_ngoc, filled, template, village  # noqa: F401  (fixture)

from ntm.common.audit import AuditEntry
from ntm.finance.models import Contribution, Funding, Work
from ntm.ingest.exchange.apply import upload_exchange
from ntm.ingest.exchange.sheets import Kind
from ntm.monitoring.periods import Period

pytestmark = pytest.mark.django_db
YEAR = Period.parse("2024")


def upload(actor, unit, book, **options):
    return upload_exchange(actor=actor, unit=unit, content=filled(book), **options)


def test_funding_round_trip_reads_labels_and_vietnamese_amounts(cam_ngoc, commune_official):  # noqa: F811
    book, sheet = template(commune_official, cam_ngoc, Kind.FUNDING, YEAR)
    sheet.append([2024, "Ngân sách Trung ương", "14.808.000.000", 3_000_000_000, None])
    sheet.append([2024, "Nhân dân đóng góp", 217_000_000, None, "109.000.000"])
    report = upload(commune_official, cam_ngoc, book)
    assert (report.errors, report.saved) == ([], 2)
    central = Funding.objects.get(unit=cam_ngoc, year=2024, source_kind="central")
    assert (central.planned, central.allocated, central.source) == (14_808_000_000, 3_000_000_000, "imported")
    assert AuditEntry.objects.filter(action="finance.funding.created").count() == 2
    book, sheet = template(commune_official, cam_ngoc, Kind.FUNDING, YEAR)
    labels = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert labels == {"Ngân sách Trung ương", "Nhân dân đóng góp"}
    assert sheet.data_validations.dataValidation[0].formula1 == "'Danh mục'!$A$1:$A$10"
    sheet["C2"] = 15_000_000_000
    report = upload(commune_official, cam_ngoc, book)
    assert (report.saved, report.unchanged) == (1, 1)
    assert Funding.objects.get(pk=central.pk).revision == 2


@pytest.mark.parametrize(("cells", "message"), [
    ([2024, "Ngân sách Trung ương", -5], "cột C (Kế hoạch (đồng)): số tiền «-5» là số âm"),
    ([2024, "Ngân sách thôn", 5], "cột B (Nguồn vốn): «Ngân sách thôn» không có trong danh sách"),
    ([1990, "Ngân sách xã", 5], "cột A (Năm): năm «1990» không hợp lệ"),
    ([2024, "Ngân sách xã", "12,5"], "cột C (Kế hoạch (đồng)): số tiền «12,5» phải là số đồng nguyên"),
    ([2024, "Ngân sách xã", 5, None, None, "Đường không có"], "cột F (Tên công trình (nếu có)): Xã Cẩm Ngọc không có"),
])
def test_funding_errors_are_named(cam_ngoc, commune_official, cells, message):  # noqa: F811
    book, sheet = template(commune_official, cam_ngoc, Kind.FUNDING, YEAR)
    sheet.append(cells)
    report = upload(commune_official, cam_ngoc, book)
    assert report.rejected and report.errors[0].vi.startswith(f"Trang «Nguồn vốn», dòng 2, {message}"), report.errors
    assert not Funding.objects.exists()


def test_a_funding_row_twice_in_the_file_is_named(cam_ngoc, commune_official):  # noqa: F811
    book, sheet = template(commune_official, cam_ngoc, Kind.FUNDING, YEAR)
    sheet.append([2024, "Ngân sách xã", 5])
    sheet.append([2024, "ngân sách xã", 6])
    report = upload(commune_official, cam_ngoc, book)
    assert report.errors[0].vi == "Trang «Nguồn vốn», dòng 3, cột B (Nguồn vốn): trùng với dòng 2"


def test_works_round_trip_with_village_dates_and_progress(cam_ngoc, commune_official):  # noqa: F811
    book, sheet = template(commune_official, cam_ngoc, Kind.WORKS, YEAR)
    assert {r[0] for r in book["Danh mục"].iter_rows(values_only=True, max_col=1)} - {None} == {"Song Nga", "Sành"}
    assert {r.formula1 for r in sheet.data_validations.dataValidation} == {"'Danh mục'!$A$1:$A$2",
                                                                           "'Danh mục'!$B$1:$B$4"}
    sheet.append(["Đường bê tông thôn Song Nga", "Song Nga", 2, 2024, "Đang thi công", "45,5", "14/3/2024",
                  dt.datetime(2024, 9, 30)])
    report = upload(commune_official, cam_ngoc, book)
    assert (report.errors, report.saved) == ([], 1)
    work = Work.objects.get(unit=cam_ngoc)
    assert (work.village.name, work.status, work.progress_pct, work.start, work.end) == (
        "Song Nga", "in_progress", Decimal("45.5"), dt.date(2024, 3, 14), dt.date(2024, 9, 30))
    book, sheet = template(commune_official, cam_ngoc, Kind.WORKS, YEAR)
    sheet["F2"] = 120
    sheet["B2"] = "Thôn Không Có"
    report = upload(commune_official, cam_ngoc, book)
    assert [e.column for e in report.errors] == ["F"] and "tỷ lệ «120» phải từ 0 đến 100" in report.errors[0].vi
    sheet["F2"] = 100  # a row's own cells are checked first, then what it names
    report = upload(commune_official, cam_ngoc, book)
    assert report.errors[0].vi == "Trang «Công trình», dòng 2, cột B (Thôn): Xã Cẩm Ngọc không có thôn «Thôn Không Có»"
    sheet["B2"] = "Song Nga"
    sheet["E2"] = "Hoàn thành"
    assert upload(commune_official, cam_ngoc, book).saved == 1
    assert Work.objects.get(pk=work.pk).status == "done"


def test_a_work_changed_by_someone_else_meanwhile_is_a_stale_edit(cam_ngoc, commune_official):  # noqa: F811
    from ntm.finance.services import update_work

    book, sheet = template(commune_official, cam_ngoc, Kind.WORKS, YEAR)
    sheet.append(["Nhà văn hóa", None, 6, 2024, "Chuẩn bị đầu tư"])
    upload(commune_official, cam_ngoc, book)
    book, sheet = template(commune_official, cam_ngoc, Kind.WORKS, YEAR)
    work = Work.objects.get(unit=cam_ngoc)
    update_work(actor=commune_official, work=work, values={"progress_pct": 10}, expected_revision=work.revision)
    sheet["F2"] = 30
    report = upload(commune_official, cam_ngoc, book)
    assert report.errors[0].vi.startswith("Trang «Công trình», dòng 2: mục này vừa được người khác sửa")
    assert Work.objects.get(pk=work.pk).progress_pct == 10


def test_contributions_of_a_village_board_only_for_its_village(cam_ngoc, make_user):  # noqa: F811
    song_nga = village(cam_ngoc, "Song Nga")
    board = make_user("ban_song_nga", song_nga, "village_board")
    book, sheet = template(board, song_nga, Kind.CONTRIBUTIONS, YEAR)
    sheet.append(["Song Nga", 2024, "Ra quân làm đường", "Hiến đất", "đất làm đường", "1.250,5", "m2"])
    sheet.append(["Sành", 2024, None, "Ngày công", "làm đường", 40, "ngày công"])
    report = upload(board, song_nga, book, keep_valid=True)
    assert report.saved == 1 and report.errors[0].vi == (
        "Trang «Đóng góp», dòng 3, cột A (Thôn): thôn «Sành» không thuộc phạm vi của anh/chị")
    given = Contribution.objects.get()
    assert (given.village, given.kind, given.quantity, given.measure_unit) == (song_nga, "land", Decimal("1250.5"),
                                                                                "m²")
