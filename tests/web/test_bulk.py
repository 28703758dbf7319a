"""The exchange page: download a template, upload it filled; errors named by sheet, row and column; scoped."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ntm.monitoring.models import Observation

pytestmark = pytest.mark.django_db
PAGE = "/don-vi/legacy:15169/trao-doi/"


@pytest.fixture
def villages(unit):
    """Two of Cẩm Ngọc's villages (the whole demo is not needed here)."""
    from ntm.geo.services import create_village

    return [create_village(actor=None, commune=unit("legacy:15169"), name=n) for n in ("Song Nga", "Sành")]


def xlsx(book) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("mau.xlsx", buffer.getvalue())


def download(client, query="loai=so-lieu&ky=2024-Q1", page=PAGE):
    response = client.get(f"{page}mau/?{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def fill(book, values: dict[str, object]):
    sheet = book["Số liệu"]
    rows = {(r[0].value, r[3].value): r[0].row for r in sheet.iter_rows(min_row=2)}
    numbers = {}
    for code, value in values.items():
        numbers[code] = rows[("legacy:15169", code)]
        sheet[f"G{numbers[code]}"] = value
    return numbers


def test_the_page_offers_the_four_templates_and_the_upload(villages, signed_in, commune_official):
    html = signed_in(commune_official).get(PAGE).content.decode()
    for label in ("Số liệu chỉ tiêu của kỳ", "Nguồn vốn", "Công trình", "Đóng góp của các thôn",
                  "Lưu các dòng hợp lệ, bỏ qua dòng lỗi"):
        assert label in html


def test_upload_with_one_bad_row_names_it_and_saves_nothing(villages, signed_in, commune_official):
    client = signed_in(commune_official)
    book = download(client)
    rows = fill(book, {"15.1": 85, "2.1": "abc"})
    response = client.post(PAGE, {"tep": xlsx(book)})
    html = response.content.decode()
    assert response.status_code == 422
    assert f"Trang «Số liệu», dòng {rows['2.1']}, cột G (Giá trị): «abc» không phải là số" in html
    assert "Chưa lưu dòng nào" in html
    assert not Observation.objects.filter(unit__code="15169", period_key="2024-Q1", indicator="15.1").exists()


def test_keeping_the_valid_rows_saves_them_and_lists_the_rest(villages, signed_in, commune_official):
    client = signed_in(commune_official)
    book = download(client)
    rows = fill(book, {"15.1": 85, "2.1": "abc"})
    response = client.post(PAGE, {"tep": xlsx(book), "bo_qua_loi": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "đã lưu 1 dòng" in html and f"dòng {rows['2.1']}, cột G" in html
    assert Observation.objects.get(unit__code="15169", period_key="2024-Q1", indicator="15.1").value == 85


def test_a_file_that_is_not_excel_is_refused(villages, signed_in, commune_official):
    response = signed_in(commune_official).post(PAGE, {"tep": SimpleUploadedFile("a.xlsx", b"hello")})
    assert response.status_code == 422 and "không phải là tệp Excel" in response.content.decode()


def test_funding_template_has_the_source_labels_as_a_drop_down(villages, signed_in, commune_official):
    book = download(signed_in(commune_official), "loai=nguon-von&ky=2024")
    assert book["Nguồn vốn"]["B1"].value == "Nguồn vốn"
    assert book["Danh mục"]["A1"].value == "Ngân sách Trung ương" and book["Danh mục"].sheet_state == "hidden"
    assert "Hướng dẫn" in book.sheetnames


def test_outsiders_and_readers_get_404_a_village_board_its_village_only(villages, signed_in, outsider, province_office,
                                                                         make_user, unit):
    from ntm.geo.models import Unit

    for actor in (outsider, province_office):
        assert signed_in(actor).get(PAGE).status_code == 404
        assert signed_in(actor).get(f"{PAGE}mau/?loai=so-lieu&ky=2024-Q1").status_code == 404
    song_nga = Unit.objects.get(level="village", name="Song Nga", parent__code="15169")
    board = make_user("ban_song_nga", song_nga, "village_board")
    client = signed_in(board)
    assert client.get(PAGE).status_code == 404
    own = f"/don-vi/{song_nga.key}/trao-doi/"
    html = client.get(own).content.decode()
    assert "Nguồn vốn" not in html and "Đóng góp của các thôn" in html
    book = download(client, page=own)
    assert {r[0] for r in book["Số liệu"].iter_rows(min_row=2, values_only=True)} == {song_nga.key}
