"""In a real Chromium: the commune official drafts the quarter's báo cáo, rewrites a drafted sentence, exports
the DOCX, and the downloaded file holds the edit; at 1366 px and 360 px, without sideways scroll."""

import docx
import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"
EDIT = "1. Tồn tại, hạn chế: tất cả các thôn không chấp hành việc báo cáo nên ảnh hưởng đến công tác chỉ đạo."


def _fits(page, name: str, width: int) -> None:
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate(SIDEWAYS)
    assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"


@pytest.mark.parametrize("width", [1366, 360])
def test_official_edits_a_drafted_sentence_and_the_docx_holds_it(browser, site, width, tmp_path):  # noqa: F811
    page = sign_in(browser, site, "xa_cao_ngoc", width=width)
    try:
        page.goto(f"{site}/don-vi/legacy:15079/van-ban/")
        _fits(page, "documents-list", width)
        page.get_by_label("Kỳ (ví dụ 2024-Q1, 2024)").fill("2024-Q1")
        page.get_by_role("button", name="Soạn dự thảo từ số liệu").click()
        page.wait_for_load_state()
        criteria = page.locator("#section-criteria").input_value()
        assert "Đến tháng 3/2024 xã đã đạt 16/19 tiêu chí, cụ thể:" in criteria
        _fits(page, "document-draft", width)

        limitations = page.locator("#section-limitations")
        drafted = limitations.input_value().splitlines()
        limitations.fill("\n".join([EDIT, *drafted[1:]]))
        page.locator("#save").click()
        page.wait_for_load_state()
        assert page.locator("#section-limitations").input_value().startswith(EDIT)

        with page.expect_download() as download:
            page.locator("#export-docx").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        paragraphs = [p.text for p in docx.Document(str(saved)).paragraphs]
        assert EDIT in paragraphs and "2. Nguyên nhân: …" in paragraphs
        assert "1. Tồn tại, hạn chế: …" not in paragraphs
        assert "Đến tháng 3/2024 xã đã đạt 16/19 tiêu chí, cụ thể:" in paragraphs  # the rest as drafted
    finally:
        page.close()
