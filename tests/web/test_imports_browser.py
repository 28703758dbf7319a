"""The import pages in a real Chromium at a phone's 360 px and a laptop's 1366 px: nothing scrolls sideways.

Screenshots go to var/screenshots/imports-*.png (ignored by git).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def upload_two_reports(page, site_url, tmp_path):
    """Ngọc Phụng's report, and Cao Ngọc's typed without diacritics (a proposal whose name differs)."""
    unmarked = tmp_path / "bao-cao-khong-dau.txt"
    unmarked.write_text((SEEDS / "000_029306e97db87dbe.txt").read_text(encoding="utf-8")
                        .replace("Cao Ngọc", "Cao Ngoc").replace("CAO NGỌC", "CAO NGOC"), encoding="utf-8")
    page.goto(f"{site_url}/nhap-bao-cao/")
    page.set_input_files("#files", [str(SEEDS / "004_44ef3ee715d4a130.txt"), str(unmarked)])
    page.locator("#upload").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [360, 1366])
def test_import_pages_fit_the_screen_and_show_a_differing_unit(browser, site, tmp_path, width):  # noqa: F811
    page = sign_in(browser, site, "xa_cao_ngoc", width=width)
    upload_two_reports(page, site, tmp_path)
    assert "«Xã Cao Ngoc» ≠ «Xã Cao Ngọc»" in page.locator("#pending").inner_text()
    assert page.evaluate(SIDEWAYS) <= 0
    page.screenshot(path=str(SHOTS / f"imports-upload-{width}.png"), full_page=True)
    page.locator("#pending tr", has_text="004_").get_by_role("link", name="Xem và sửa").click()
    page.wait_for_load_state()
    assert "«Xã Ngọc Phụng»" in page.locator("#unit-mismatch").inner_text()  # warned before any choice
    page.locator("#unit").fill("legacy:15079")
    page.locator("#confirm").click()
    page.wait_for_load_state()
    assert "«Xã Ngọc Phụng» ≠ «Xã Cao Ngọc»" in page.locator("label[for=khac_ten]").inner_text()
    assert page.evaluate(SIDEWAYS) <= 0
    page.screenshot(path=str(SHOTS / f"imports-review-{width}.png"), full_page=True)
    page.close()
