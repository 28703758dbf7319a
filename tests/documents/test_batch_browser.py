"""In Chromium: the province office starts a batch; the worker runs it; htmx brings the bar to 100% and the ZIP link.

Screenshots at 1366 and 360 px go to var/screenshots/ (ignored by git).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401 - browser and site are fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_communes(monkeypatch):
    """Three seed communes, Cao Ngọc failing; a stand-in builder keeps the test about the page."""
    from ntm.common.errors import BadInput
    from ntm.common.scope import parse_unit_key
    from ntm.geo.models import Unit

    def builder(commune, period_key, *, kind, fmt):
        if commune.code == "15079":
            raise BadInput("chưa có số liệu kỳ này", "no data for this period")
        return b"docx"

    keys = ("legacy:15169", "legacy:15079", "legacy:15205")
    monkeypatch.setattr("ntm.documents.batch.batch_communes",
                        lambda actor, province, period: [Unit.objects.get(**parse_unit_key(k)) for k in keys])
    monkeypatch.setattr("ntm.documents.batch._render_document", lambda: builder)
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Worker.configure_signals", lambda self: None)


def test_the_bar_reaches_the_end_in_the_page_and_offers_the_zip(browser, site, settings, tmp_path,  # noqa: F811
                                                                  three_communes):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = sign_in(browser, site, "tinh_thanh_hoa", width=1366)
    page.goto(f"{site}/tinh/legacy:province:38/van-ban-hang-loat/")
    page.get_by_label("Kỳ báo cáo").select_option("2024-Q4")
    page.get_by_role("button", name="Tạo báo cáo các xã").click()
    page.wait_for_load_state()
    assert "Đang chờ" in page.locator("#job-state").inner_text()

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    page.locator("#job-download").wait_for()  # htmx polls every 2 s and swaps the block in
    assert page.locator(".progress").get_attribute("aria-valuenow") == "100"
    assert "Xã Cao Ngọc" in page.locator("#job-failures").inner_text()
    page.screenshot(path=str(SHOTS / "documents-batch-1366.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#job-download").click()
    assert download.value.suggested_filename == "bao-cao-thanh-hoa-2024-Q4.zip"
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SHOTS / "documents-batch-360.png"), full_page=True)
