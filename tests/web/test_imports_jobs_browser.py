"""The import page at 360 and 1366 px: a refused batch offers to keep the valid files; running upload
jobs are listed with their progress; nothing scrolls sideways. Screenshots in var/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def running_job(username: str) -> int:
    from django.contrib.auth import get_user_model

    from ntm.common.models import Job, JobState

    user = get_user_model().objects.get(username=username)
    job = Job.objects.create(kind="ingest.upload", unit=user.memberships.first().unit, created_by=user,
                             params={"files": ["imports/queued/x/bao-cao-rat-dai-cua-xa-cao-ngoc-nam-2024.txt"]},
                             state=JobState.RUNNING, total=3, done=2)
    return job.pk


@pytest.mark.parametrize("width", [360, 1366])
def test_a_refused_batch_then_keeping_the_valid_file_with_a_job_listed(browser, site, tmp_path, width):  # noqa: F811
    job = running_job("xa_cao_ngoc")
    bad = tmp_path / "bien-ban-hong-khong-doc-duoc.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    page = sign_in(browser, site, "xa_cao_ngoc", width=width)
    page.goto(f"{site}/nhap-bao-cao/")
    assert "đã đọc 2/3 tệp" in page.locator("#upload-jobs").inner_text()
    assert page.locator(f'#upload-jobs a[href="/nhap-bao-cao/?viec={job}"]').count() == 1
    page.set_input_files("#files", [str(SEEDS / "000_029306e97db87dbe.txt"), str(bad)])
    page.locator("#upload").click()
    page.wait_for_load_state()
    assert "«bien-ban-hong-khong-doc-duoc.pdf»: không đọc được tệp PDF" in page.locator("#upload-errors").inner_text()
    assert page.evaluate(SIDEWAYS) <= 0
    page.screenshot(path=str(SHOTS / f"imports-refused-{width}.png"), full_page=True)
    page.set_input_files("#files", [str(SEEDS / "000_029306e97db87dbe.txt"), str(bad)])
    page.get_by_label("Lưu các tệp hợp lệ, bỏ tệp lỗi").check()
    page.locator("#upload").click()
    page.wait_for_load_state()
    assert "000_029306e97db87dbe.txt" in page.locator("#pending").inner_text()
    assert "Đã bỏ tệp lỗi «bien-ban-hong-khong-doc-duoc.pdf»" in page.locator("main").inner_text()
    assert page.evaluate(SIDEWAYS) <= 0
    page.screenshot(path=str(SHOTS / f"imports-kept-valid-{width}.png"), full_page=True)
    page.close()
