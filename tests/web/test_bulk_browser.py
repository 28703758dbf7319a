"""In a real Chromium at a phone's 360 px: download the template, upload it with one bad row; the page names
the row and nothing is saved. Screenshot: var/screenshots/bulk-errors-360.png."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def values_of_the_period():
    from ntm.monitoring.models import Observation

    return sorted(Observation.objects.filter(unit__code="15169", unit__scheme="legacy", period_key="2024-Q1")
                  .values_list("indicator", "criterion", "value", "value_bool", "version"))


def test_upload_with_one_bad_row_names_the_row_and_saves_nothing(browser, site, tmp_path):  # noqa: F811
    page = sign_in(browser, site, "xa_cam_ngoc", width=360)
    page.goto(f"{site}/don-vi/legacy:15169/trao-doi/")
    page.locator("#loai").select_option("so-lieu")
    page.locator("#ky").select_option("2024-Q1")
    with page.expect_download() as info:
        page.locator("#download").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))  # a temp file without .xlsx
    sheet = book["Số liệu"]
    rows = {(r[0].value, r[3].value): r[0].row for r in sheet.iter_rows(min_row=2)}
    good, bad = rows[("legacy:15169", "15.1")], rows[("legacy:15169", "17.1")]
    sheet[f"G{good}"], sheet[f"G{bad}"] = 91, "abc"
    filled = tmp_path / "mau-da-dien.xlsx"
    book.save(filled)
    before = values_of_the_period()
    page.set_input_files("#tep", str(filled))
    page.locator("#upload").click()
    page.wait_for_load_state()
    named = f"Trang «Số liệu», dòng {bad}, cột G (Giá trị): «abc» không phải là số"
    assert named in page.locator("#errors").inner_text()
    assert "Chưa lưu dòng nào" in page.locator("#result").inner_text()
    assert page.evaluate(SIDEWAYS) <= 0
    page.screenshot(path=str(SHOTS / "bulk-errors-360.png"), full_page=True)
    assert values_of_the_period() == before  # row 15.1 was valid, yet nothing was written
    page.close()
