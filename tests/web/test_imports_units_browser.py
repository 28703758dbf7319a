"""A district bulletin imports as one row per commune in a real Chromium (360 px and 1366 px): rows confirmed
or dropped, nothing scrolls sideways. Screenshots go to var/screenshots/imports-units-*.png."""

from __future__ import annotations

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)
from tests.web.test_imports_units import BULLETIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [360, 1366])
def test_a_bulletin_is_reviewed_row_by_row_and_the_ticked_rows_are_saved(browser, site, tmp_path, width):  # noqa: F811
    bulletin = tmp_path / "ban-tin-huyen.txt"
    bulletin.write_text(BULLETIN, encoding="utf-8")
    page = sign_in(browser, site, "quantri", width=width)  # edits every unit
    page.goto(f"{site}/nhap-bao-cao/")
    page.set_input_files("#files", [str(bulletin)])
    page.locator("#upload").click()
    page.wait_for_load_state()
    page.locator("#pending tr", has_text="ban-tin-huyen").get_by_role("link", name="Xem và sửa").click()
    page.wait_for_load_state()
    assert page.locator("#unit-rows tbody tr").count() == 4
    assert page.evaluate(SIDEWAYS) <= 0
    page.screenshot(path=str(SHOTS / f"imports-units-{width}.png"), full_page=True)
    page.locator("#units-period").fill("2023")  # the bulletin names no period of its own
    match = page.locator("#unit-choices-0 option").first.get_attribute("value")  # Cao Ngọc in the register
    page.locator("#unit-0").fill(match)
    page.locator("#chon-don-vi-0").check()
    page.locator("#chon-don-vi-1").uncheck()    # drop Cẩm Ngọc
    page.locator("#confirm-units").click()
    page.wait_for_load_state()
    error = page.locator("#import-error")
    assert error.count() == 0, error.inner_text()
    assert "Đã lưu kết quả của 1 đơn vị" in page.content()
    page.close()
