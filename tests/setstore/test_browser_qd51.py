"""In Chromium: the Thanh Hóa office completes QĐ 51/2025 criterion 1 in its variant at 1366 px (an indicator under
the placeholder, its threshold by commune group and its source; the placeholder removed); another officer
publishes; the scorecard judges the new indicator. The editor's pages do not scroll sideways at 360 px."""

from decimal import Decimal

import pytest
from tests.setstore.test_browser import (  # noqa: F401 - shared fixture
    create_variant,
    no_sideways_scroll,
    publish_as_second_officer,
    second_officer,
)
from tests.web.test_browser import browser, sign_in, site  # noqa: F401 - fixtures shared with the web tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.setstore.urls")]


def add_indicator_1_1(page):
    form = page.locator("#add-indicator")
    form.locator("select[name=tieu-chi]").select_option("1")
    form.locator("input[name=code]").fill("1.1")
    form.get_by_role("button", name="Thêm").click()
    page.wait_for_load_state()
    page.fill("#name", "Chỉ tiêu thử 1.1")
    page.fill("#unit", "%")
    page.select_option("#value_type", "percent")
    page.select_option("#comparator", ">=")
    page.fill("#threshold", '{by: group, values: {"1": 95, "2": 90, "3": 80}, default: 90}')
    page.select_option("#status", "confirmed")
    page.fill("#source", "QĐ thử, Phụ lục I, tiêu chí 1, dòng 1.1")
    page.fill("#decision_number", "51/2025/QĐ-TTg")
    page.fill("#article", "Phụ lục I, dòng 1.1")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()


def test_an_office_completes_qd51_criterion_1_and_the_scorecard_judges_it(browser, site, second_officer):  # noqa: F811
    page = sign_in(browser, site, "tinh_thanh_hoa", width=1366)
    create_variant(page, site, parent="qd51-2025", set_id="th-51", title="Bộ tiêu chí xã NTM Thanh Hóa 2026–2030")
    add_indicator_1_1(page)
    assert page.locator("#ct-1\\.1").count() == 1, page.locator("main").inner_text()
    assert "51/2025/QĐ-TTg" in page.locator("#ct-1\\.1").inner_text()
    page.locator("#ct-1").get_by_role("button", name="Bỏ").click()  # the whole-criterion placeholder
    page.wait_for_load_state()
    assert page.locator("#ct-1").count() == 0 and page.locator("#ct-1\\.1").count() == 1
    assert no_sideways_scroll(page)
    page.close()

    other = publish_as_second_officer(browser, site, "th-51", 1366)

    from ntm.common.scope import get_unit_in_scope
    from ntm.monitoring.periods import Period
    from ntm.monitoring.services import Target, record_observation

    commune = get_unit_in_scope(None, "2025:15127")
    record_observation(actor=None, unit=commune, target=Target("th-51", "1.1"), period=Period.parse("2026-Q2"),
                       raw=Decimal("92"))
    other.goto(f"{site}/don-vi/2025:15127/?ky=2026-Q2")
    html = other.content()
    assert "th-51" in html or "Thanh Hóa 2026–2030" in html
    assert "1.1" in other.locator("main").inner_text()
    assert "Ngưỡng áp dụng cho các chỉ tiêu: 1 đã xác nhận" in other.locator("#resting-on").inner_text()
    other.close()


def test_the_editor_pages_do_not_scroll_sideways_at_360_px(browser, site):  # noqa: F811
    page = sign_in(browser, site, "tinh_thanh_hoa", width=360)
    create_variant(page, site, parent="qd51-2025", set_id="th-51", title="Bộ tiêu chí xã NTM Thanh Hóa 2026–2030")
    for path in ("/bo-tieu-chi/", "/bo-tieu-chi/th-51/", "/bo-tieu-chi/th-51/chi-tieu/1/",
                 "/bo-tieu-chi/th-51/chi-tieu/1.1/?tieu-chi=1", "/bo-tieu-chi/th-51/noi-dung/",
                 "/bo-tieu-chi/th-51/thu-truoc/?tinh=2025:province:38&ky=2026-Q1",
                 "/bo-tieu-chi/qd318-2022/", "/bo-tieu-chi/th-41-2022-thon-kieu-mau/"):
        response = page.goto(f"{site}{path}")
        assert response.status == 200, path
        assert no_sideways_scroll(page), path
    page.close()
