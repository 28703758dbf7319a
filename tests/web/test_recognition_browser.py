"""In a real browser, at phone width: a village dossier from registration to decision, each step by its role.

The village board registers, uploads, self-assesses, records the consultation and submits; it is offered
no appraisal or decision. The commune official appraises and decides; the register then lists the village.
"""

from __future__ import annotations

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401 - fixtures used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_village_dossier_from_registration_to_decision(browser, site):  # noqa: F811
    from ntm.geo.models import Unit

    village = Unit.objects.get(level="village", name="Song Nga")
    board = sign_in(browser, site, "thon_song_nga", width=360)
    board.goto(f"{site}/don-vi/{village.key}/ho-so/")
    board.get_by_label("Loại công nhận").select_option("thon_ntm_kieu_mau")
    board.get_by_label("Năm đăng ký").fill("2024")
    board.get_by_role("button", name="Đăng ký").click()
    board.wait_for_load_state()
    assert board.locator("#dossier-state").inner_text() == "Đã đăng ký"
    dossier_url = board.url
    for index in range(4):  # the four required documents of a model-village dossier
        form = board.locator(".upload-form").nth(index)
        form.locator("input[type=file]").set_input_files(
            {"name": f"tai-lieu-{index}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 test"})
        form.get_by_role("button", name="Tải lên").click()
        board.wait_for_load_state()
    assert board.locator("#checklist .badge.not_met").count() == 0
    board.locator("#step-assess button").click()
    board.wait_for_load_state()
    board.get_by_label("Số ý kiến đồng ý").fill("152")
    board.get_by_label("Tổng số ý kiến").fill("160")
    board.locator("#step-consult button").click()
    board.wait_for_load_state()
    assert "152/160" in board.locator("#consultation").inner_text()
    board.locator("#step-submit button").click()
    board.wait_for_load_state()
    assert board.locator("#dossier-state").inner_text() == "Đã trình thẩm định"
    assert board.locator("#step-appraise").count() == 0 and board.locator("#step-decide").count() == 0
    assert board.locator(".step-refused[data-step=appraise]").count() == 1
    assert no_sideways_scroll(board)
    board.screenshot(path=str(SHOTS / "dossier-phone.png"), full_page=True)

    official = sign_in(browser, site, "xa_cam_ngoc", width=360)
    official.goto(dossier_url)
    for select in official.locator("#step-appraise select").all():
        select.select_option("1")
    official.locator("#step-appraise button").click()
    official.wait_for_load_state()
    assert official.locator("#dossier-state").inner_text() == "Đã thẩm định"

    board.goto(dossier_url)  # after the appraisal, the board still cannot decide
    assert board.locator("#step-decide").count() == 0
    assert board.locator(".step-refused[data-step=decide]").count() == 1

    official.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    official.get_by_label("Ngày ký").fill("2024-12-20")
    official.get_by_label("Người ký").fill("Chủ tịch UBND xã Cẩm Ngọc")
    official.locator("#step-decide button").click()
    official.wait_for_load_state()
    assert official.locator("#dossier-state").inner_text() == "Đã công nhận"
    assert "45/QĐ-UBND" in official.locator("#decision").inner_text()
    official.goto(f"{site}/so-cong-nhan/?nam=2024")
    assert "Song Nga" in official.locator("#register").inner_text()
    assert no_sideways_scroll(official)
    official.screenshot(path=str(SHOTS / "register-phone.png"), full_page=True)
